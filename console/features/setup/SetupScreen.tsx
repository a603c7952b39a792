// The one-time set-up link (#setup=TOKEN): whose it is, for an administrator the authenticator
// app's secret (QR of the otpauth URI, and the secret as text), a password typed twice, and for an
// administrator the app's current code, which proves the app holds the secret. Then to sign-in.
import { useEffect, useState, type FormEvent } from 'react';
import { PASSWORD_MIN, TotpCode, type SetupOffer } from '../../../shared/console-api.js';
import { api, type ApiError } from '../../api/client.js';
import { Qr } from '../../app/Qr.js';
import { useSession } from '../../app/session.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';
import type { StringKey } from '../../i18n/strings.js';

export function SetupScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { setupToken, setupFinished } = useSession();
  const [offer, setOffer] = useState<SetupOffer | null>(null);
  const [failed, setFailed] = useState<ApiError | null>(null);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [totp, setTotp] = useState('');
  const [problem, setProblem] = useState<StringKey | ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!setupToken) return;
    void api.setupBegin(setupToken).then((r) => (r.ok ? setOffer(r.value) : setFailed(r.error)));
  }, [setupToken]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!offer || !setupToken) return;
    if (password.length < PASSWORD_MIN) return setProblem('passwordTooShort');
    if (password !== again) return setProblem('passwordsDiffer');
    if (offer.totp && !TotpCode.safeParse(totp.trim()).success) return setProblem('codeNotSixDigits');
    setBusy(true);
    const r = await api.setupFinish({ token: setupToken, password, ...(offer.totp ? { totp: totp.trim() } : {}) });
    setBusy(false);
    if (r.ok) return setupFinished();
    setProblem(r.error);
  };

  const problemText = problem === null ? '' : typeof problem === 'string' ? t(problem, { min: PASSWORD_MIN }) : errorIn(problem, lang);

  return (
    <div className="stack narrow-wide">
      <h1>{t('setupTitle')}</h1>
      {failed && (
        <>
          <p className="error" role="alert" data-testid="setup-error">{errorIn(failed, lang)}</p>
          <p><button type="button" onClick={setupFinished}>{t('goToSignIn')}</button></p>
        </>
      )}
      {!failed && !offer && <p>{t('loading')}</p>}
      {offer && (
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          <p data-testid="setup-for">{t('setupFor', { name: offer.name, role: t(`role_${offer.role}`) })}</p>
          {offer.totp && (
            <section className="card totp" aria-labelledby="totp-title">
              <h2 id="totp-title">{t('setupTotpQr')}</h2>
              <p>{t('setupTotpIntro')}</p>
              <div className="row">
                <Qr text={offer.totp.uri} label={t('setupTotpQr')} size={180} />
                <dl className="facts">
                  <dt>{t('setupSecret')}</dt>
                  <dd><code className="secret" data-testid="totp-secret">{offer.totp.secret}</code></dd>
                </dl>
              </div>
            </section>
          )}
          <label>
            {t('newPassword', { min: PASSWORD_MIN })}
            <input name="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <label>
            {t('newPasswordAgain')}
            <input name="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
          </label>
          {offer.totp && (
            <label>
              {t('setupCode')}
              <input name="totp" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={totp} onChange={(e) => setTotp(e.target.value)} required />
            </label>
          )}
          <p className="error" role="alert" data-testid="setup-problem">{problemText}</p>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>{t('setupFinish')}</button>
          </div>
        </form>
      )}
    </div>
  );
}
