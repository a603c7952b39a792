// Supervisor day view (F7): a business day's (or a range's) collection on this terminal from the
// day summary (shared/day-summary.ts): totals by mode and by cashier with the cancelled receipts
// apart, the receipt series, each shift's float and cash expected and counted, the cancelled
// receipts, the cheques and DDs for the bank deposit slip, how much the centre holds, and whether
// the day is closed. From here a supervisor exports it (CSV, Excel, PDF, each with its signed
// manifest), prints the day report and closes the day.
import { Fragment, useEffect, useRef, type FormEvent } from 'react';
import type { DaySummary } from '../../../shared/contract.js';
import { financialYearLabel, formatDmy, istDateTime } from '../../../shared/dates.js';
import type { ExportFormat } from '../../../shared/export-manifest.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import { useConfirmDialog } from '../../app/confirm-dialog.js';
import { DateField } from '../../app/date-field/DateField.js';
import { useTerminal } from '../../app/terminal-store.js';
import type { StringKey } from '../../i18n/strings.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { useStatus } from '../status/store.js';
import { singleDay, useDay, type ClosedDay, type DayDone } from './store.js';
import './day.css';

const inr = (p: number) => formatINR(p as Paise);
const when = (iso: string) => istDateTime(new Date(iso));

/** The day view's actions and their keys (Alt+letter; F-keys, Alt+L and Alt+Q are the app's). */
const EXPORTS: readonly { format: ExportFormat; label: StringKey; key: string }[] = [
  { format: 'csv', label: 'exportCsv', key: 'C' },
  { format: 'xlsx', label: 'exportXlsx', key: 'X' },
  { format: 'pdf', label: 'exportPdf', key: 'P' },
];
const PRINT_KEY = 'R';
const CLOSE_KEY = 'Z';

function Totals({ d }: { d: DaySummary }) {
  const t = useT();
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
          <tr><th scope="row">{t('totalCollected')}</th><td>{d.totals.count}</td><td className="amount" data-testid="day-total"><strong>{inr(d.totals.totalPaise)}</strong></td></tr>
          <tr><th scope="row">{t('cancelledReceipts')}</th><td>{d.voids.count}</td><td className="amount">{inr(d.voids.totalPaise)} <span className="muted">({t('cancelledNotInTotal')})</span></td></tr>
        </tfoot>
      </table>
      <dl className="facts">
        {d.series.length === 0 && (
          <><dt>{t('firstReceipt')}</dt><dd className="acct" data-testid="first-receipt">—</dd></>
        )}
        {d.series.map((s, i) => (
          <Fragment key={s.fy}>
            {d.series.length > 1 && <><dt>{t('receiptSeries', { fy: financialYearLabel(s.fy) })}</dt><dd>{s.count}</dd></>}
            <dt>{t('firstReceipt')}</dt><dd className="acct" data-testid={i === 0 ? 'first-receipt' : undefined}>{s.first}</dd>
            <dt>{t('lastReceipt')}</dt><dd className="acct">{s.last}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

function DayFacts({ d, closed }: { d: DaySummary; closed: ClosedDay | null }) {
  const t = useT();
  const day = singleDay(d);
  const { payments, centrallyHeld, notYetPaise } = d.sync;
  return (
    <section className="card stack" aria-labelledby="day-facts-title">
      <h2 id="day-facts-title">{t('status')}</h2>
      <dl className="facts">
        {day && (
          <>
            <dt>{t('theDay')}</dt>
            <dd data-testid="day-state" className={closed ? 'good-text' : undefined}>
              {closed ? t('dayClosedBy', { by: closed.closedBy, when: when(closed.closedAt) }) : t('dayOpen')}
            </dd>
          </>
        )}
        <dt>{t('syncCoverage')}</dt>
        <dd data-testid="day-sync" className={notYetPaise > 0 || centrallyHeld < payments ? 'bad-text' : payments > 0 ? 'good-text' : undefined}>
          {payments > 0 && centrallyHeld >= payments
            ? t('syncAllHeld', { payments })
            : t('syncHeld', { held: centrallyHeld, payments, amount: inr(notYetPaise) })}
        </dd>
      </dl>
    </section>
  );
}

function ByCashier({ d }: { d: DaySummary }) {
  const t = useT();
  return (
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
  );
}

function Shifts({ d }: { d: DaySummary }) {
  const t = useT();
  const range = singleDay(d) === null;
  return (
    <section className="card stack" aria-labelledby="shifts-title">
      <h2 id="shifts-title">{t('shifts')}</h2>
      {d.shifts.length === 0 ? <p>{t('noShiftsDay')}</p> : (
        <table data-testid="day-shifts">
          <thead>
            <tr>
              <th scope="col">{t('shift')}</th><th scope="col">{t('cashier')}</th>{range && <th scope="col">{t('date')}</th>}
              <th scope="col">{t('float')}</th><th scope="col">{t('expected')}</th><th scope="col">{t('counted')}</th><th scope="col">{t('variance')}</th>
            </tr>
          </thead>
          <tbody>
            {d.shifts.map((s) => (
              <tr key={s.shiftId}>
                <th scope="row">{s.shiftId}</th>
                <td>{s.cashier}</td>
                {range && <td>{formatDmy(s.businessDate)}</td>}
                <td className="amount">{inr(s.openingFloatPaise)}</td>
                {s.closedAt !== null ? (
                  <>
                    <td className="amount">{s.expectedPaise === null ? '—' : inr(s.expectedPaise)}</td>
                    <td className="amount">{s.countedPaise === null ? '—' : inr(s.countedPaise)}</td>
                    <td className={`amount ${s.variancePaise === 0 ? 'good-text' : 'bad-text'}`}>{s.variancePaise === null ? '—' : inr(s.variancePaise)}</td>
                  </>
                ) : (
                  <td colSpan={3}><strong>{t('shiftStillOpen')}</strong></td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Voids({ d }: { d: DaySummary }) {
  const t = useT();
  return (
    <section className="card stack" aria-labelledby="voids-title">
      <h2 id="voids-title">{t('cancelledReceipts')}</h2>
      {d.voids.list.length === 0 ? <p>{t('noVoids')}</p> : (
        <table data-testid="day-voids">
          <thead>
            <tr>
              <th scope="col">{t('receiptNo')}</th><th scope="col">{t('amount')}</th><th scope="col">{t('requestedBy')}</th>
              <th scope="col">{t('approvedBy')}</th><th scope="col">{t('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {d.voids.list.map((v) => (
              <tr key={v.receiptNo}>
                <th scope="row" className="acct">{v.receiptNo}</th>
                <td className="amount">{inr(v.amountPaise)}</td>
                <td>{v.requestedBy}</td>
                <td>{v.approvedBy}</td>
                <td className="reason">{v.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DepositSlip({ d }: { d: DaySummary }) {
  const t = useT();
  const total = d.instruments.reduce((sum, i) => sum + i.amountPaise, 0);
  return (
    <section className="card stack" aria-labelledby="deposit-title">
      <h2 id="deposit-title">{t('depositSlip')}</h2>
      {d.instruments.length === 0 ? <p>{t('noInstruments')}</p> : (
        <table data-testid="deposit-slip">
          <thead>
            <tr>
              <th scope="col">{t('receiptNo')}</th><th scope="col">{t('mode')}</th><th scope="col">{t('instrumentNo')}</th><th scope="col">{t('bank')}</th>
              <th scope="col">{t('instrumentDate')}</th><th scope="col">{t('accountNo')}</th><th scope="col">{t('amount')}</th>
            </tr>
          </thead>
          <tbody>
            {d.instruments.map((i) => (
              <tr key={i.receiptNo}>
                <th scope="row" className="acct">{i.receiptNo}</th>
                <td>{t(i.mode)}</td>
                <td className="acct">{i.number}</td>
                <td>{i.bank}</td>
                <td>{formatDmy(i.date)}</td>
                <td>{i.accountNo}</td>
                <td className="amount">{inr(i.amountPaise)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={6}>{t('depositTotal')} ({d.instruments.length})</th>
              <td className="amount" data-testid="deposit-total"><strong>{inr(total)}</strong></td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

/**
 * The confirmation before a day is closed: Enter closes it (on the confirm button, anywhere in the
 * confirmation but its Back button, or with the focus lost), Escape goes back.
 */
function CloseConfirm({ date, onConfirm, onCancel }: { date: string; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const { form, back, confirm, submit } = useConfirmDialog(onConfirm, onCancel);
  return (
    <form ref={form} className="card stack dialog" role="alertdialog" aria-labelledby="close-day-title" aria-describedby="close-day-warning" onSubmit={submit} data-testid="close-day-confirm">
      <h2 id="close-day-title">{t('closeDayTitle', { date: formatDmy(date) })}</h2>
      <p id="close-day-warning">{t('closeDayWarning', { date: formatDmy(date) })}</p>
      <div className="actions">
        <button ref={back} type="button" onClick={onCancel}>{t('back')} <kbd>Esc</kbd></button>
        <button ref={confirm} type="submit" className="primary danger">{t('closeDay')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function Outcome({ done }: { done: DayDone }) {
  const t = useT();
  const line =
    done.kind === 'exported' ? t('exported', { fileName: done.fileName, hash: done.sha256.slice(0, 16) })
    : done.kind === 'printed' ? t('reportQueued', { kind: done.report })
    : t('dayClosedDone', { date: formatDmy(done.date) });
  return <p className="notice" data-testid="day-done">{line}</p>;
}

export function DayScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session);
  const role = useSession((s) => s.role);
  const today = useTerminal((s) => s.info?.businessDate);
  const { date, toDate, summary, closed, error, badRange, loading, busy, done, confirming, setDate, setToDate, load, exportAs, printReport, askClose, cancelClose, closeDay } = useDay();
  const input = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!session || role !== 'supervisor') return;
    if (!useDay.getState().date && today) setDate(today);
    if (useDay.getState().date) void load(session);
    input.current?.focus();
  }, [session, role, today, setDate, load]);
  // The centre acknowledging more (the status bar's poll) changes "held centrally": ask again.
  const acked = useStatus((s) => s.sync?.ackedSeq);
  const ackedBefore = useRef(acked);
  useEffect(() => {
    if (ackedBefore.current !== undefined && acked !== undefined && acked !== ackedBefore.current && session) void useDay.getState().refresh(session);
    ackedBefore.current = acked;
  }, [acked, session]);
  useEffect(() => {
    if (!session) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // By the key's place (KeyC) so a Hindi keyboard layout works too; by its letter otherwise.
      const letter = (e.code.startsWith('Key') ? e.code.slice(3) : e.key).toUpperCase();
      const s = useDay.getState();
      const format = EXPORTS.find((x) => x.key === letter)?.format;
      if (format) {
        e.preventDefault();
        void s.exportAs(session, format);
      } else if (letter === PRINT_KEY) {
        e.preventDefault();
        void s.printReport(session);
      } else if (letter === CLOSE_KEY) {
        e.preventDefault();
        s.askClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
  if (!session || role !== 'supervisor') return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(session);
  };
  const day = singleDay(summary);
  const empty = summary !== null && summary.totals.count === 0 && summary.voids.count === 0;
  const cancel = () => {
    cancelClose();
    closeButton.current?.focus();
  };
  return (
    <main className="screen stack compact day-view" aria-labelledby="day-title">
      <h1 id="day-title">
        {t('navDay')}
        {summary && <span className="muted"> · {summary.substation} / {summary.counter} · {day ? formatDmy(day) : `${formatDmy(summary.from)} – ${formatDmy(summary.to)}`}</span>}
      </h1>
      <div className="day-bar">
        <form className="row inline" onSubmit={submit} role="search" aria-label={t('navDay')} noValidate>
          <DateField name="day-date" label={t('fromDate')} inputRef={input} value={date} max={today} onChange={setDate} required />
          <DateField name="day-to-date" label={t('toDate')} value={toDate} max={today} onChange={setToDate} invalid={badRange} describedBy={badRange ? 'day-range-error' : undefined} />
          <button type="submit" className="primary find" disabled={loading}>{t('show')} <kbd>Enter</kbd></button>
        </form>
        {summary && (
          <div className="actions day-actions" role="group" aria-label={t('dayActions')}>
            {EXPORTS.map((x) => (
              <button key={x.format} type="button" disabled={busy !== null} aria-busy={busy === x.format} onClick={() => void exportAs(session, x.format)}>
                {t(x.label)} <kbd>Alt+{x.key}</kbd>
              </button>
            ))}
            {day && (
              <button type="button" disabled={busy !== null} aria-busy={busy === 'print'} onClick={() => void printReport(session)}>
                {t('printDayReport')} <kbd>Alt+{PRINT_KEY}</kbd>
              </button>
            )}
            {day && !closed && (
              <button ref={closeButton} type="button" className="danger" disabled={busy !== null} onClick={askClose}>
                {t('closeDay')} <kbd>Alt+{CLOSE_KEY}</kbd>
              </button>
            )}
          </div>
        )}
      </div>
      {summary && !day && <p className="muted hint">{t('oneDayOnly')}</p>}
      {badRange && <p id="day-range-error" className="error" role="alert" data-testid="day-range-error">{t('badRange')}</p>}
      {error && <p className="error" role="alert" data-testid="day-error">{errorIn(error, lang)}</p>}
      <div role="status" className="day-status">
        {busy ? <p data-testid="day-busy">{t('preparing')}</p> : done && <Outcome done={done} />}
      </div>
      {confirming && day && <CloseConfirm date={day} onConfirm={() => void closeDay(session)} onCancel={cancel} />}
      {empty && <p role="status">{t(day ? 'noPaymentsDay' : 'noPaymentsRange')}</p>}
      {summary && (
        <>
          <div className="columns">
            <Totals d={summary} />
            <div className="stack">
              <ByCashier d={summary} />
              <DayFacts d={summary} closed={day ? closed : null} />
            </div>
          </div>
          <Shifts d={summary} />
          <Voids d={summary} />
          <DepositSlip d={summary} />
        </>
      )}
    </main>
  );
}
