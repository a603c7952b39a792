import { useState, type FormEvent } from 'react';
import { appError } from '../../../shared/errors.js';
import { parseAmount } from '../../../shared/money.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { useShift } from './store.js';

export function ShiftOpenScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const { open, error } = useShift();
  const supervisor = useSession((s) => s.role) === 'supervisor';
  const [float, setFloat] = useState('0');
  const [inline, setInline] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = parseAmount(float);
    if (!amount.ok) {
      setInline(errorIn(appError('INVALID_INPUT', { detail: lang === 'hi' ? 'राशि सही लिखें, जैसे 2,000' : 'write the amount like 2,000' }), lang));
      return;
    }
    setInline(null);
    await open(session, amount.paise);
  };
  return (
    <main className="screen narrow" aria-labelledby="shift-title">
      <h1 id="shift-title">{t('openShift')}</h1>
      <p>{t('shiftOpenHint')}</p>
      {supervisor && <p className="muted" data-testid="supervisor-shift-hint">{t('supervisorShiftHint')}</p>}
      <form onSubmit={submit} className="stack">
        <label>
          {t('openingFloat')}
          <input name="float" inputMode="decimal" autoFocus value={float} onChange={(e) => setFloat(e.target.value)} />
        </label>
        {(inline || error) && <p className="error" role="alert">{inline ?? errorIn(error!, lang)}</p>}
        <button type="submit" className="primary">
          {t('openShift')} <kbd>Enter</kbd>
        </button>
      </form>
    </main>
  );
}
