// Enrolling a terminal: a one-time code for one substation and counter, shown once, large, with a
// QR of the code's text for the terminal's set-up screen to read.
import { useState, type FormEvent } from 'react';
import { EnrollCodeRequest } from '../../../shared/console-api.js';
import { api, type ApiError } from '../../api/client.js';
import { Qr } from '../../app/Qr.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

export function EnrollScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [substation, setSubstation] = useState('');
  const [counter, setCounter] = useState('');
  const [replaces, setReplaces] = useState('');
  const [problem, setProblem] = useState<'badSubstation' | 'badCounter' | 'badReplaces' | ApiError | null>(null);
  const [issued, setIssued] = useState<{ code: string; substation: string; counter: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const old = replaces.trim().toUpperCase();
    const body = { substation: substation.trim().toUpperCase(), counter: counter.trim().toUpperCase(), ...(old ? { replaces: old } : {}) };
    const checked = EnrollCodeRequest.safeParse(body);
    if (!checked.success) {
      const field = checked.error.issues[0]?.path[0];
      return setProblem(field === 'counter' ? 'badCounter' : field === 'replaces' ? 'badReplaces' : 'badSubstation');
    }
    setProblem(null);
    const r = await api.enrollCode(body);
    if (r.ok) setIssued(r.value);
    else setProblem(r.error);
  };

  return (
    <section className="stack" aria-labelledby="enroll-title">
      <h1 id="enroll-title">{t('enrollTitle')}</h1>
      <p className="muted">{t('enrollIntro')}</p>
      {!issued && (
        <form className="card row align-end" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="enroll-title">
          <label>
            {t('substationCode')}
            <input name="substation" autoCapitalize="characters" spellCheck={false} value={substation} onChange={(e) => setSubstation(e.target.value)} aria-invalid={problem === 'badSubstation'} />
          </label>
          <label>
            {t('counterCode')}
            <input name="counter" autoCapitalize="characters" spellCheck={false} value={counter} onChange={(e) => setCounter(e.target.value)} aria-invalid={problem === 'badCounter'} />
          </label>
          <label>
            {t('replacesTerminal')}
            <input name="replaces" autoCapitalize="characters" spellCheck={false} value={replaces} onChange={(e) => setReplaces(e.target.value)} aria-invalid={problem === 'badReplaces'} />
          </label>
          <button type="submit" className="primary">{t('makeCode')}</button>
          <p className="error full" role="alert" data-testid="enroll-problem">{problem === null ? '' : typeof problem === 'string' ? t(problem) : errorIn(problem, lang)}</p>
        </form>
      )}
      {issued && (
        <div className="card stack issued" data-testid="enroll-issued">
          <h2>{t('enrollCodeFor', { substation: issued.substation, counter: issued.counter })}</h2>
          <div className="row">
            <p className="code-big mono" data-testid="enroll-code">{issued.code}</p>
            <Qr text={issued.code} label={t('enrollQr', { code: issued.code })} />
          </div>
          <p>{t('enrollCodeOnce')}</p>
          <div className="actions">
            <button type="button" onClick={() => { setIssued(null); setSubstation(''); setCounter(''); setReplaces(''); }}>{t('makeAnother')}</button>
          </div>
        </div>
      )}
    </section>
  );
}
