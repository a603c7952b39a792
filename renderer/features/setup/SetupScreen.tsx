// First run: no terminal in the host's folder yet. The supervisor gives the substation and counter
// (they become part of every receipt number) and their own user and PIN; then the login screen.
import { useState, type FormEvent } from 'react';
import { call } from '../../api/client.js';
import { missingField } from '../../app/required-fields.js';
import { useTerminal } from '../../app/terminal-store.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';

export function SetupScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [form, setForm] = useState({ substation: '', counter: '', supervisor: '', pin: '', pin2: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const edit = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const empty = missingField(e.currentTarget);
    if (empty) return setError(errorIn(empty, lang));
    if (form.pin !== form.pin2) return setError(t('pinsDiffer'));
    setBusy(true);
    const r = await call('setup.init', { substation: form.substation, counter: form.counter, supervisor: form.supervisor.trim().toLowerCase(), pin: form.pin });
    setBusy(false);
    if (!r.ok) return setError(errorIn(r.error, lang));
    await useTerminal.getState().load();
  };
  return (
    <main className="screen narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setupTitle')}</h1>
      <p>{t('setupHint')}</p>
      <form onSubmit={submit} className="stack" noValidate>
        <div className="row">
          <label>{t('substation')}<input name="substation" autoFocus value={form.substation} onChange={edit('substation')} placeholder="SS042" required /></label>
          <label>{t('counterCode')}<input name="counter" value={form.counter} onChange={edit('counter')} placeholder="C1" required /></label>
        </div>
        <label>{t('supervisorUser')}<input name="supervisor" autoComplete="username" value={form.supervisor} onChange={edit('supervisor')} required /></label>
        <div className="row">
          <label>{t('pin')}<input name="pin" type="password" inputMode="numeric" autoComplete="new-password" value={form.pin} onChange={edit('pin')} required /></label>
          <label>{t('pinAgain')}<input name="pin2" type="password" inputMode="numeric" autoComplete="new-password" value={form.pin2} onChange={edit('pin2')} required /></label>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{t('setUp')} <kbd>Enter</kbd></button>
      </form>
    </main>
  );
}
