// Shift close, in two steps (issue 16 #5). First the count, blind: the drawer by denomination, and
// nothing of what the ledger expects. Enter shows the expected cash (float + cash receipts not
// cancelled) against the count and the variance; a variance beyond the terminal's tolerance needs
// a remark and another supervisor's approval before Enter closes (both journaled). The figures are
// read afresh (shift.current) each time the screen opens: the ones loaded at log-in predate the
// shift's payments and voids.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Output } from '../../../shared/contract.js';
import { formatINR, parseAmount, type Paise } from '../../../shared/money.js';
import { countedCash, NOTE_DENOMINATIONS, type CashCount } from '../../../shared/payment-rules.js';
import { call } from '../../api/client.js';
import { useArmed } from '../../app/fresh-press.js';
import { useTerminal } from '../../app/terminal-store.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { useShift } from './store.js';

type Closed = Output<'shift.close'>;

const WHOLE = /^\d{0,6}$/;

/**
 * Closes the shift: focused when the review opens, and taking only an Enter pressed on the review
 * (not the count's Enter held or pressed twice), as the counter's confirm step does.
 */
function CloseButton({ label }: { label: string }) {
  const armed = useArmed();
  return (
    <button type="submit" className="primary" autoFocus data-testid="close-shift" data-armed={armed} onClick={(e) => { if (!armed) e.preventDefault(); }}>
      {label} <kbd>Enter</kbd>
    </button>
  );
}

export function ShiftCloseScreen({ onClosed }: { onClosed: (c: Closed) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const shift = useShift((s) => s.shift);
  const loadError = useShift((s) => s.error);
  const tolerance = useTerminal((s) => s.limits.shiftVarianceTolerancePaise);
  const [fresh, setFresh] = useState(false);
  const [step, setStep] = useState<'count' | 'review'>('count');
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [coins, setCoins] = useState('0');
  const [remark, setRemark] = useState('');
  const [approver, setApprover] = useState('');
  const [approverPin, setApproverPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** Enter on the count before the fresh figures were in: the review opens once they are. */
  const [wantReview, setWantReview] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (step === 'count') first.current?.focus();
  }, [step]);
  useEffect(() => {
    let live = true;
    void useShift.getState().refresh(session).then(() => live && setFresh(true));
    return () => {
      live = false;
    };
  }, [session]);
  const figures = fresh && !loadError;
  useEffect(() => {
    if (wantReview && figures) {
      setWantReview(false);
      setStep('review');
    }
  }, [wantReview, figures]);
  if (!shift) return null;
  // Until the fresh figures are in (or if they could not be read), no expected cash or variance.
  const coinsAmount = parseAmount(coins.trim() || '0');
  const noteCount = (d: number) => (WHOLE.test(notes[`${d}`] ?? '') ? Number(notes[`${d}`] || 0) : null);
  const badNote = NOTE_DENOMINATIONS.some((d) => noteCount(d) === null);
  const count: CashCount = {
    notes: Object.fromEntries(NOTE_DENOMINATIONS.map((d) => [`${d}`, noteCount(d) ?? 0])) as CashCount['notes'],
    coinsPaise: (coinsAmount.ok ? coinsAmount.paise : 0) as Paise,
  };
  const expected = (shift.openingFloatPaise + shift.cashTakenPaise) as Paise;
  const counted = countedCash(count);
  const variance = (counted - expected) as Paise;
  const beyond = Math.abs(variance) > tolerance;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (badNote || !coinsAmount.ok) {
      setError(lang === 'hi' ? 'गिनती पूरे अंकों में और सिक्के राशि में लिखें' : 'write note counts as whole numbers and coins as an amount');
      return;
    }
    setError(null);
    if (step === 'count') {
      if (figures) setStep('review');
      else if (!loadError) setWantReview(true);
      return;
    }
    if (beyond && (remark.trim().length < 3 || !approver.trim() || !approverPin)) {
      setError(t('varianceNeedsApproval', { tolerance: formatINR(tolerance) }));
      return;
    }
    const approval = beyond ? { remark: remark.trim(), approval: { user: approver.trim(), pin: approverPin } } : {};
    const r = await call('shift.close', { session, count, ...approval });
    if (!r.ok) return setError(errorIn(r.error, lang));
    onClosed(r.value);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && step === 'review') {
      e.preventDefault();
      setError(null);
      setStep('count');
    }
  };
  const counting = step === 'count';
  return (
    <main className="screen stack" aria-labelledby="close-title">
      <h1 id="close-title">{t('navShiftClose')}</h1>
      <form onSubmit={submit} onKeyDown={onKey} className="stack">
        {counting && <p className="muted" data-testid="count-hint">{t('countBlindHint')}</p>}
        <table className="denominations">
          <thead><tr><th scope="col">{t('notes')}</th><th scope="col">{t('count')}</th><th scope="col">₹</th></tr></thead>
          <tbody>
            {NOTE_DENOMINATIONS.map((d, i) => {
              const n = noteCount(d);
              return (
                <tr key={d}>
                  <th scope="row"><label htmlFor={`note-${d}`}>₹{d}</label></th>
                  <td>
                    <input id={`note-${d}`} ref={i === 0 ? first : undefined} name={`note-${d}`} inputMode="numeric" readOnly={!counting} aria-invalid={n === null}
                      value={notes[`${d}`] ?? ''} onChange={(e) => setNotes({ ...notes, [`${d}`]: e.target.value })} />
                  </td>
                  <td className="amount" data-testid={`note-${d}-amount`}>{n === null ? '—' : formatINR((n * d * 100) as Paise)}</td>
                </tr>
              );
            })}
            <tr>
              <th scope="row"><label htmlFor="coins">{t('coins')}</label></th>
              <td><input id="coins" name="coins" inputMode="decimal" readOnly={!counting} aria-invalid={!coinsAmount.ok} value={coins} onChange={(e) => setCoins(e.target.value)} /></td>
              <td className="amount">{coinsAmount.ok ? formatINR(count.coinsPaise) : '—'}</td>
            </tr>
          </tbody>
        </table>
        <dl className="facts totals">
          <dt>{t('counted')}</dt>
          <dd className="amount" data-testid="counted">{badNote || !coinsAmount.ok ? '—' : formatINR(counted)}</dd>
          {!counting && (
            <>
              <dt>{t('expected')}</dt>
              <dd className="amount" data-testid="expected">
                {formatINR(expected)} <span className="muted">({t('floatAndTaken', { float: formatINR(shift.openingFloatPaise as Paise), taken: formatINR(shift.cashTakenPaise as Paise), payments: shift.payments })})</span>
              </dd>
              <dt>{t('variance')}</dt>
              <dd className={`amount ${variance === 0 ? 'good-text' : 'bad-text'}`} data-testid="variance">{formatINR(variance)}</dd>
            </>
          )}
        </dl>
        {!counting && beyond && (
          <fieldset className="stack variance-approval" data-testid="variance-approval">
            <legend>{t('varianceNeedsApproval', { tolerance: formatINR(tolerance) })}</legend>
            <label>{t('varianceRemark')}<input name="variance-remark" value={remark} maxLength={200} autoComplete="off" onChange={(e) => setRemark(e.target.value)} /></label>
            <div className="row">
              <label>{t('supervisor')}<input name="variance-supervisor" value={approver} autoComplete="off" onChange={(e) => setApprover(e.target.value)} /></label>
              <label>{t('supervisorPin')}<input name="variance-supervisor-pin" type="password" inputMode="numeric" value={approverPin} onChange={(e) => setApproverPin(e.target.value)} /></label>
            </div>
          </fieldset>
        )}
        {fresh && loadError && <p className="error" role="alert">{errorIn(loadError, lang)}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          {!counting && <button type="button" onClick={() => setStep('count')}>{t('recount')} <kbd>Esc</kbd></button>}
          {counting
            ? <button type="submit" className="primary" disabled={fresh && Boolean(loadError)}>{t('countDone')} <kbd>Enter</kbd></button>
            : <CloseButton label={t('closeShiftButton')} />}
        </div>
      </form>
    </main>
  );
}
