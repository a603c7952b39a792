import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors.js';
import { missingField } from '../../app/required-fields.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from './store.js';

export function LoginScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { login, busy, error: refused, lockedForIdle } = useSession();
  const [user, setUser] = useState('');
  const [pin, setPin] = useState('');
  const [missing, setMissing] = useState<AppError | null>(null);
  const error = missing ?? refused;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const empty = missingField(e.currentTarget);
    setMissing(empty);
    if (empty) return;
    if (!(await login(user, pin))) setPin('');
  };
  return (
    <main className="screen narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('appTitle')}</h1>
      {lockedForIdle && <p className="notice" role="status">{t('lockedIdle')}</p>}
      <form onSubmit={submit} className="stack" noValidate>
        <label>
          {t('user')}
          <input name="user" autoFocus autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required />
        </label>
        <label>
          {t('pin')}
          <input name="pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} required />
        </label>
        {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {t('login')} <kbd>Enter</kbd>
        </button>
      </form>
    </main>
  );
}
