// Central users (admins): who there is, in which role and state; a new user gets a one-time set-up
// link, shown once; a role changed, a user disabled or enabled, or reset (a new link).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROLES, UserName, type Role, type UserSummary } from '../../../shared/console-api.js';
import { api, type ApiError, type SetupLinkWithUrl } from '../../api/client.js';
import { when } from '../../app/format.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT, type T } from '../../i18n/lang.js';
import { SetupLinkBox } from './SetupLinkBox.js';

function stateOf(u: UserSummary, t: T): string {
  if (u.disabled) return t('user_disabled');
  if (u.lockedUntil) return t('user_locked', { until: when(u.lockedUntil) });
  if (u.setupPending || !u.active) return t('user_pending');
  return t('user_active');
}

function UserRow({ u, onChange }: { u: UserSummary; onChange: (name: string, change: { role?: Role; disabled?: boolean; reset?: true }) => void }) {
  const t = useT();
  const [role, setRole] = useState<Role>(u.role);
  return (
    <tr data-testid={`user-${u.name}`}>
      <th scope="row">{u.name}</th>
      <td>{t(`role_${u.role}`)}</td>
      <td>{stateOf(u, t)}</td>
      <td>{when(u.createdAt)}</td>
      <td>
        <div className="row-actions">
          <select aria-label={t('roleOf', { name: u.name })} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role_${r}`)}</option>)}
          </select>
          <button type="button" className="small" disabled={role === u.role} aria-label={t('changeRoleOf', { name: u.name })} onClick={() => onChange(u.name, { role })}>{t('changeRole')}</button>
          <button type="button" className="small" aria-label={t(u.disabled ? 'enableUser' : 'disableUser', { name: u.name })} onClick={() => onChange(u.name, { disabled: !u.disabled })}>
            {t(u.disabled ? 'enable' : 'disable')}
          </button>
          <button type="button" className="small" aria-label={t('resetUser', { name: u.name })} onClick={() => onChange(u.name, { reset: true })}>{t('reset')}</button>
        </div>
      </td>
    </tr>
  );
}

export function UsersScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [badName, setBadName] = useState(false);
  const [link, setLink] = useState<SetupLinkWithUrl | null>(null);
  const [changed, setChanged] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.users();
    if (r.ok) setUsers(r.value.users);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setLink(null);
    setChanged(null);
    if (!UserName.safeParse(name.trim()).success) return setBadName(true);
    setBadName(false);
    const r = await api.createUser({ name: name.trim(), role });
    if (!r.ok) return setError(r.error);
    setError(null);
    setLink(r.value);
    setName('');
    void load();
  };

  const change = async (who: string, c: { role?: Role; disabled?: boolean; reset?: true }) => {
    setLink(null);
    setChanged(null);
    const r = await api.changeUser(who, c);
    if (!r.ok) return setError(r.error);
    setError(null);
    setChanged(who);
    if (r.value.setup) setLink(r.value.setup);
    void load();
  };

  return (
    <section className="stack" aria-labelledby="users-title">
      <h1 id="users-title">{t('usersTitle')}</h1>
      <form className="card row align-end" onSubmit={(e) => void create(e)} aria-labelledby="new-user-title" noValidate>
        <h2 id="new-user-title" className="full">{t('newUser')}</h2>
        <label>
          {t('newUserName')}
          <input name="new-user-name" autoCapitalize="none" spellCheck={false} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={badName} aria-describedby="new-user-problem" />
        </label>
        <label>
          {t('role')}
          <select name="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role_${r}`)}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">{t('createUser')}</button>
        <p id="new-user-problem" className="error full" role="alert">{badName ? t('badUserName') : ''}</p>
      </form>
      {error && <p className="error" role="alert" data-testid="users-error">{errorIn(error, lang)}</p>}
      {changed && !link && <p className="notice" role="status">{t('userChanged', { name: changed })}</p>}
      {link && <SetupLinkBox link={link} />}
      {!users && !error && <p>{t('loading')}</p>}
      {users && (
        <div className="table-wrap">
          <table aria-labelledby="users-title">
            <thead>
              <tr>
                <th scope="col">{t('col_name')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('col_state')}</th>
                <th scope="col">{t('col_created')}</th>
                <th scope="col">{t('col_actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => <UserRow key={`${u.name}-${u.role}`} u={u} onChange={(n, c) => void change(n, c)} />)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
