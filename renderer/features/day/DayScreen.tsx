// Supervisor day view: a business day's collection on this terminal, by mode and by cashier, the
// cancelled receipts apart, the receipt range, and each shift's expected and counted cash.
// Exports (CSV, PDF) come with the reports feature; until then this says so instead of showing a
// button that does nothing.
import { useEffect, useRef, type FormEvent } from 'react';
import type { DaySummary } from '../../../shared/contract.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import { useTerminal } from '../../app/terminal-store.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { useDay } from './store.js';

const inr = (p: number) => formatINR(p as Paise);

function Totals({ d }: { d: DaySummary }) {
  const t = useT();
  const total = d.byMode.reduce((sum, m) => sum + m.totalPaise, 0);
  const count = d.byMode.reduce((sum, m) => sum + m.count, 0);
  return (
    <section className="card stack" aria-labelledby="by-mode-title">
      <h2 id="by-mode-title">{t('byMode')}</h2>
      <table data-testid="by-mode">
        <thead><tr><th scope="col">{t('mode')}</th><th scope="col">{t('receiptCount')}</th><th scope="col">{t('amount')}</th></tr></thead>
        <tbody>
          {d.byMode.map((m) => (
            <tr key={m.mode}><th scope="row">{t(m.mode)}</th><td>{m.count}</td><td className="amount">{inr(m.totalPaise)}</td></tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">{t('totalCollected')}</th><td>{count}</td><td className="amount" data-testid="day-total"><strong>{inr(total)}</strong></td></tr>
          <tr><th scope="row">{t('cancelledReceipts')}</th><td>{d.voids.count}</td><td className="amount">{inr(d.voids.totalPaise)} <span className="muted">({t('cancelledNotInTotal')})</span></td></tr>
        </tfoot>
      </table>
      <dl className="facts">
        <dt>{t('firstReceipt')}</dt><dd className="acct" data-testid="first-receipt">{d.firstReceipt ?? '—'}</dd>
        <dt>{t('lastReceipt')}</dt><dd className="acct">{d.lastReceipt ?? '—'}</dd>
      </dl>
    </section>
  );
}

function People({ d }: { d: DaySummary }) {
  const t = useT();
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="by-cashier-title">
        <h2 id="by-cashier-title">{t('byCashier')}</h2>
        <table data-testid="by-cashier">
          <thead><tr><th scope="col">{t('cashier')}</th><th scope="col">{t('receiptCount')}</th><th scope="col">{t('amount')}</th></tr></thead>
          <tbody>
            {d.byCashier.map((c) => (
              <tr key={c.cashier}><th scope="row">{c.cashier}</th><td>{c.count}</td><td className="amount">{inr(c.totalPaise)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card stack" aria-labelledby="shifts-title">
        <h2 id="shifts-title">{t('shifts')}</h2>
        {d.shifts.length === 0 ? <p>{t('noShiftsDay')}</p> : (
          <table data-testid="day-shifts">
            <thead>
              <tr><th scope="col">{t('shift')}</th><th scope="col">{t('cashier')}</th><th scope="col">{t('expected')}</th><th scope="col">{t('counted')}</th><th scope="col">{t('variance')}</th></tr>
            </thead>
            <tbody>
              {d.shifts.map((s) => {
                const variance = s.closed && s.expectedPaise !== null && s.countedPaise !== null ? s.countedPaise - s.expectedPaise : null;
                return (
                  <tr key={s.shiftId}>
                    <th scope="row">{s.shiftId}</th>
                    <td>{s.cashier}</td>
                    {s.closed ? (
                      <>
                        <td className="amount">{s.expectedPaise === null ? '—' : inr(s.expectedPaise)}</td>
                        <td className="amount">{s.countedPaise === null ? '—' : inr(s.countedPaise)}</td>
                        <td className={`amount ${variance === 0 ? 'good-text' : 'bad-text'}`}>{variance === null ? '—' : inr(variance)}</td>
                      </>
                    ) : (
                      <td colSpan={3}><strong>{t('shiftStillOpen')}</strong></td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export function DayScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session);
  const role = useSession((s) => s.role);
  const today = useTerminal((s) => s.info?.businessDate);
  const { date, summary, error, loading, setDate, load } = useDay();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!session || role !== 'supervisor') return;
    if (!useDay.getState().date && today) setDate(today);
    if (useDay.getState().date) void load(session);
    input.current?.focus();
  }, [session, role, today, setDate, load]);
  if (!session || role !== 'supervisor') return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(session);
  };
  const empty = summary !== null && summary.byMode.length === 0 && summary.voids.count === 0;
  return (
    <main className="screen stack compact" aria-labelledby="day-title">
      <h1 id="day-title">{t('navDay')}{summary && <span className="muted"> · {summary.substation} / {summary.counter} · {summary.date}</span>}</h1>
      <form className="row inline" onSubmit={submit} role="search" aria-label={t('navDay')}>
        <label>{t('date')}<input ref={input} name="day-date" type="date" value={date} max={today} onChange={(e) => setDate(e.target.value)} required /></label>
        <button type="submit" className="primary find" disabled={loading}>{t('show')} <kbd>Enter</kbd></button>
      </form>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {empty && <p role="status">{t('noPaymentsDay')}</p>}
      {summary && (
        <div className="columns">
          <Totals d={summary} />
          <People d={summary} />
        </div>
      )}
      <p className="notice" data-testid="exports-note">{t('exportsLater')}</p>
    </main>
  );
}
