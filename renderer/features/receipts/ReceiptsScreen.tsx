// Find a receipt by its number, the account or the day; print a DUPLICATE; void one with a
// supervisor's PIN and a reason (both journaled; the original number stays used).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatINR, type Paise } from '../../../shared/money.js';
import { formatDmy, istTime } from '../../../shared/dates.js';
import type { AppError } from '../../../shared/errors.js';
import { missingField } from '../../app/required-fields.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { DateField } from '../../app/date-field/DateField.js';
import { useTerminal } from '../../app/terminal-store.js';
import { useSession } from '../session/store.js';
import { useReceipts, type ReceiptRow } from './store.js';

function VoidDialog({ row, onClose }: { row: ReceiptRow; onClose: () => void }) {
  const t = useT();
  const session = useSession((s) => s.session)!;
  const lang = useLang((s) => s.lang);
  const voidReceipt = useReceipts((s) => s.void);
  const voidError = useReceipts((s) => s.voidError);
  const [user, setUser] = useState('');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    useReceipts.getState().clearVoidError();
    first.current?.focus();
  }, []);
  const [missing, setMissing] = useState<AppError | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const empty = missingField(e.currentTarget);
    setMissing(empty);
    if (empty) return;
    if (await voidReceipt(session, row.receiptNo, { user, pin }, reason)) onClose();
    else setPin('');
  };
  // A modal over the list, so every field and its error are in view at 768 px (issue 16 #11).
  return (
    <div className="modal-backdrop">
    <form className="card stack dialog modal" role="dialog" aria-modal="true" aria-labelledby="void-title" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h2 id="void-title">{t('voidTitle', { receiptNo: row.receiptNo })}</h2>
      <p>{formatINR(row.amountPaise as Paise)} · {row.accountNo} · {row.consumerName ?? ''}</p>
      <div className="row">
        <label>{t('supervisor')}<input ref={first} name="supervisor" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" required /></label>
        <label>{t('supervisorPin')}<input name="supervisor-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} required /></label>
      </div>
      <label>{t('reason')}<input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} required /></label>
      {(missing ?? voidError) && <p className="error" role="alert" data-testid="void-error">{errorIn((missing ?? voidError)!, lang)}</p>}
      <div className="actions">
        <button type="button" onClick={onClose}>{t('back')} <kbd>Esc</kbd></button>
        <button type="submit" className="primary danger">{t('voidReceipt')} <kbd>Enter</kbd></button>
      </div>
    </form>
    </div>
  );
}

export function ReceiptsScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const { query, date, rows, searched, selected, error, done, set, find, reprint } = useReceipts();
  const today = useTerminal((s) => s.info?.businessDate);
  const [voiding, setVoiding] = useState<ReceiptRow | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  // Each time F3 opens: the business day's receipts, and no notice from an earlier visit.
  useEffect(() => {
    if (today) void useReceipts.getState().open(today);
  }, [today]);
  const chosen = rows.find((r) => r.receiptNo === selected) ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void find();
  };
  return (
    <main className="screen stack" aria-labelledby="receipts-title">
      <h1 id="receipts-title">{t('navReceipts')}</h1>
      <form className="row" onSubmit={submit} role="search" noValidate>
        <label>{t('findReceipt')}<input ref={input} name="receipt-query" value={query} onChange={(e) => set({ query: e.target.value })} autoComplete="off" /></label>
        <DateField name="receipt-date" label={t('date')} value={date} max={today} onChange={(d) => set({ date: d })} />
        <button type="submit" className="primary find">{t('find')} <kbd>Enter</kbd></button>
      </form>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {done && (
        <p className="notice" role="status">
          {done.kind === 'reprinted' ? t('reprinted', { n: done.n }) : t('voided', { receiptNo: done.receiptNo })}
        </p>
      )}
      {searched && rows.length === 0 && <p role="status">{t('noReceipts')}</p>}
      {rows.length > 0 && (
        <table className="receipts">
          <thead>
            <tr>
              <th scope="col">{t('receiptNo')}</th><th scope="col">{t('time')}</th><th scope="col">{t('accountNo')}</th><th scope="col">{t('consumer')}</th>
              <th scope="col">{t('amount')}</th><th scope="col">{t('mode')}</th><th scope="col">{t('cashier')}</th><th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.receiptNo} className={r.receiptNo === selected ? 'active' : ''} aria-selected={r.receiptNo === selected} onClick={() => set({ selected: r.receiptNo })}>
                <td className="acct">{r.receiptNo}</td>
                <td>{formatDmy(r.businessDate)} {istTime(new Date(r.recordedAt))}</td>
                <td>{r.accountNo}</td>
                <td>{lang === 'hi' ? (r.consumerNameHi ?? r.consumerName ?? '') : (r.consumerName ?? '')}</td>
                <td className="amount">{formatINR(r.amountPaise as Paise)}</td>
                <td>{t(r.mode)}</td>
                <td>{r.cashier}</td>
                <td>{r.voided ? <strong className="bad-text">{t('cancelled')}</strong> : t('valid')}{r.reprints > 0 ? ` · ${t('duplicates')} ${r.reprints}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && !voiding && (
        <div className="actions">
          <button type="button" onClick={() => void reprint(session, chosen.receiptNo)}>{t('reprint')} <kbd>Alt+R</kbd></button>
          {!chosen.voided && <button type="button" className="danger" onClick={() => setVoiding(chosen)}>{t('voidReceipt')} <kbd>Alt+V</kbd></button>}
        </div>
      )}
      {voiding && <VoidDialog row={voiding} onClose={() => setVoiding(null)} />}
      <ReceiptKeys onVoid={() => chosen && !chosen.voided && setVoiding(chosen)} onReprint={() => chosen && void reprint(session, chosen.receiptNo)} />
    </main>
  );
}

function ReceiptKeys({ onVoid, onReprint }: { onVoid: () => void; onReprint: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useReceipts.getState();
      const i = s.rows.findIndex((r) => r.receiptNo === s.selected);
      if (e.altKey && (e.key === 'v' || e.key === 'V')) {
        e.preventDefault();
        onVoid();
      } else if (e.altKey && (e.key === 'r' || e.key === 'R')) {
        e.preventDefault();
        onReprint();
      } else if (e.key === 'ArrowDown' && i < s.rows.length - 1) {
        s.set({ selected: s.rows[i + 1]!.receiptNo });
      } else if (e.key === 'ArrowUp' && i > 0) {
        s.set({ selected: s.rows[i - 1]!.receiptNo });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onVoid, onReprint]);
  return null;
}
