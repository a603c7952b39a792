// Sign-in: name, password, and the authenticator code (always shown, needed for administrators).
// A refusal is said from its code; the notice above says why the user is here (session ended …).
import { useState, type FormEvent } from 'react';
import { TotpCode } from '../../../shared/console-api.js';
import { api, type ApiError } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

export function SignInScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { notice, endedIdleMinutes, signedIn } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<ApiError | 'badCode' | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const code = totp.trim();
    if (code !== '' && !TotpCode.safeParse(code).success) return setError('badCode');
    setBusy(true);
    const r = await api.login({ name: name.trim(), password, ...(code ? { totp: code } : {}) });
    setBusy(false);
    if (r.ok) return signedIn(r.value);
    setError(r.error);
    setPassword('');
    setTotp('');
  };

  const noticeText = notice === 'sessionEnded'
    ? endedIdleMinutes ? t('sessionEndedIdle', { minutes: endedIdleMinutes }) : t('sessionEndedUnknown')
    : notice === 'signedOut' ? t('signedOutNotice') : notice === 'setupDone' ? t('setupDoneNotice') : null;

  return (
    <form className="stack narrow" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title" noValidate>
      <h1 id="sign-in-title">{t('signInTitle')}</h1>
      {noticeText && <p className="notice" role="status" data-testid="sign-in-notice">{noticeText}</p>}
      <label>
        {t('userName')}
        <input name="name" autoComplete="username" autoCapitalize="none" spellCheck={false} value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <label>
        {t('totpCode')}
        <input name="totp" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={totp} onChange={(e) => setTotp(e.target.value)} aria-describedby="totp-hint" />
        <span id="totp-hint" className="hint">{t('totpHint')}</span>
      </label>
      <p className="error" role="alert" data-testid="sign-in-error">{error === 'badCode' ? t('codeNotSixDigits') : error ? errorIn(error, lang) : ''}</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('signingIn') : t('signIn')}</button>
      </div>
    </form>
  );
}
