// Shift close: count the drawer by denomination; expected (float + cash taken) against counted,
// the variance in red or green; closing journals it and prints the shift report. The figures are
// read afresh (shift.current) each time the screen opens: the ones loaded at log-in predate the
// shift's payments and voids.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Output } from '../../../shared/contract.js';
import { formatINR, parseAmount, type Paise } from '../../../shared/money.js';
import { countedCash, NOTE_DENOMINATIONS, type CashCount } from '../../../shared/payment-rules.js';
import { call } from '../../api/client.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { useShift } from './store.js';

type Closed = Output<'shift.close'>;

export function ShiftCloseScreen({ onClosed }: { onClosed: (c: Closed) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const shift = useShift((s) => s.shift);
  const loadError = useShift((s) => s.error);
  const [fresh, setFresh] = useState(false);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [coins, setCoins] = useState('0');
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    let live = true;
    void useShift.getState().refresh(session).then(() => live && setFresh(true));
    return () => {
      live = false;
    };
  }, [session]);
  if (!shift) return null;
  // Until the fresh figures are in (or if they could not be read), no expected cash or variance.
  const figures = fresh && !loadError;
  const coinsAmount = parseAmount(coins || '0');
  const count: CashCount = {
    notes: Object.fromEntries(NOTE_DENOMINATIONS.map((d) => [`${d}`, Number(notes[`${d}`] || 0)])) as CashCount['notes'],
    coinsPaise: (coinsAmount.ok ? coinsAmount.paise : 0) as Paise,
  };
  const badNote = NOTE_DENOMINATIONS.find((d) => !/^\d{0,6}$/.test(notes[`${d}`] ?? ''));
  const expected = (shift.openingFloatPaise + shift.cashTakenPaise) as Paise;
  const counted = countedCash(count);
  const variance = (counted - expected) as Paise;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (badNote !== undefined || !coinsAmount.ok) {
      setError(lang === 'hi' ? 'गिनती पूरे अंकों में और सिक्के राशि में लिखें' : 'write note counts as whole numbers and coins as an amount');
      return;
    }
    const r = await call('shift.close', { session, count });
    if (!r.ok) return setError(errorIn(r.error, lang));
    onClosed(r.value);
  };
  return (
    <main className="screen stack" aria-labelledby="close-title">
      <h1 id="close-title">{t('navShiftClose')}</h1>
      <form onSubmit={submit} className="stack">
        <table className="denominations">
          <thead><tr><th scope="col">{t('notes')}</th><th scope="col">{t('count')}</th><th scope="col">₹</th></tr></thead>
          <tbody>
            {NOTE_DENOMINATIONS.map((d, i) => (
              <tr key={d}>
                <th scope="row"><label htmlFor={`note-${d}`}>₹{d}</label></th>
                <td><input id={`note-${d}`} ref={i === 0 ? first : undefined} name={`note-${d}`} inputMode="numeric" value={notes[`${d}`] ?? ''} onChange={(e) => setNotes({ ...notes, [`${d}`]: e.target.value })} /></td>
                <td className="amount">{formatINR((Number(notes[`${d}`] || 0) * d * 100) as Paise)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row"><label htmlFor="coins">{t('coins')}</label></th>
              <td><input id="coins" name="coins" inputMode="decimal" value={coins} onChange={(e) => setCoins(e.target.value)} /></td>
              <td className="amount">{formatINR(count.coinsPaise)}</td>
            </tr>
          </tbody>
        </table>
        <dl className="facts totals">
          <dt>{t('expected')}</dt>
          <dd className="amount" data-testid="expected">
            {figures ? <>{formatINR(expected)} <span className="muted">({t('floatAndTaken', { float: formatINR(shift.openingFloatPaise as Paise), taken: formatINR(shift.cashTakenPaise as Paise), payments: shift.payments })})</span></> : '…'}
          </dd>
          <dt>{t('counted')}</dt>
          <dd className="amount" data-testid="counted">{formatINR(counted)}</dd>
          <dt>{t('variance')}</dt>
          <dd className={`amount ${!figures ? '' : variance === 0 ? 'good-text' : 'bad-text'}`} data-testid="variance">{figures ? formatINR(variance) : '…'}</dd>
        </dl>
        {fresh && loadError && <p className="error" role="alert">{errorIn(loadError, lang)}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={!figures}>{t('closeShiftButton')} <kbd>Enter</kbd></button>
        </div>
      </form>
    </main>
  );
}
