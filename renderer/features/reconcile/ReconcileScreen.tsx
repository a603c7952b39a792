// Supervisor reconciliation (F9, मिलान): each business day's cash and cheques held against the bank
// deposit slips recorded for it (with a form to record one), a UPI/card provider's settlement file
// imported and matched with the receipts (the column mapping asked for the first time and saved
// per source), and a cheque or DD the bank returned unpaid, marked after a confirmation in the page.
import { useEffect, useRef, type FormEvent, type RefObject } from 'react';
import { formatDmy } from '../../../shared/dates.js';
import { formatINR, parseAmount, type Paise } from '../../../shared/money.js';
import type { DepositDay, SettlementReport } from '../../../shared/reconciliation.js';
import { useConfirmDialog } from '../../app/confirm-dialog.js';
import { DateField } from '../../app/date-field/DateField.js';
import { useTerminal } from '../../app/terminal-store.js';
import type { StringKey } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import {
  AMOUNT_UNITS, DATE_FORMAT_EXAMPLE, DATE_FORMATS, MATCH_ORDER, MATCH_STATE_WORDS, problemText, type ImportForm, type Problem, type ReturnRequest,
} from './reconcile-form.js';
import { slipDayOf, useReconcile } from './store.js';
import './reconcile.css';

const inr = (p: number) => formatINR(p as Paise);
/** A difference with its sign: +₹10.00, -₹10.00, ₹0.00. */
const signed = (p: number) => (p > 0 ? `+${inr(p)}` : inr(p));

/**
 * The screen's keys (Alt+letter by the key's place, e.code, so a Hindi layout works too). Each
 * takes the focus to its part of the screen; Enter then does that part's action. None is one of the
 * app's (Alt+L, Alt+Q), Chromium's (Alt+D, E, F) or another screen's (Alt+C, X, P, R, Z, T, V, 1–5).
 */
export const KEYS = { deposits: 'S', slip: 'B', settlement: 'I', file: 'O', cheque: 'U' } as const;

const DEPOSIT_STATE: Record<DepositDay['state'], StringKey> = {
  ok: 'recStateOk', 'not-deposited': 'recStateNotDeposited', short: 'recStateShort', excess: 'recStateExcess',
};

function ProblemLine({ problem, testId }: { problem: Problem | null; testId: string }) {
  const lang = useLang((s) => s.lang);
  return <p className="error" role="alert" data-testid={testId}>{problem ? problemText(problem, lang) : ''}</p>;
}

/** Focuses the field a problem is about, each time there is a new one. */
function useFocusProblem(form: RefObject<HTMLFormElement | null>, field: string | null, problem: unknown) {
  useEffect(() => {
    if (!field || !problem) return;
    (form.current?.querySelector(`[data-field="${field}"]`) as HTMLElement | null)?.focus();
  }, [form, field, problem]);
}

// ---- bank deposits ----

function DepositTable({ days }: { days: DepositDay[] }) {
  const t = useT();
  return (
    <div className="table-box" role="region" aria-labelledby="deposits-title" tabIndex={0}>
      <table data-testid="deposit-days" className="deposit-days">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>{t('recBusinessDate')}</th>
            <th scope="colgroup" colSpan={4} className="group">{t('cash')}</th>
            <th scope="colgroup" colSpan={3} className="group">{t('recChequesDds')}</th>
            <th scope="col" rowSpan={2}>{t('recState')}</th>
          </tr>
          <tr>
            <th scope="col">{t('recLedger')}</th><th scope="col">{t('recCounted')}</th><th scope="col">{t('recDeposited')}</th><th scope="col">{t('recDifference')}</th>
            <th scope="col">{t('recLedger')}</th><th scope="col">{t('recDeposited')}</th><th scope="col">{t('recDifference')}</th>
          </tr>
        </thead>
        {days.map((d) => (
          <tbody key={d.date} className={`day state-${d.state}`} data-testid={`deposit-${d.date}`}>
            <tr>
              <th scope="row">{formatDmy(d.date)}</th>
              <td className="amount">{inr(d.ledgerCashPaise)}</td>
              <td className="amount">{d.countedCashPaise === null ? <em>{t('recShiftsOpen')}</em> : inr(d.countedCashPaise)}</td>
              <td className="amount">{inr(d.depositedCashPaise)}</td>
              <td className={`amount ${d.cashDifferencePaise === 0 ? '' : 'bad-text'}`}>{signed(d.cashDifferencePaise)}</td>
              <td className="amount">{inr(d.ledgerChequePaise)}</td>
              <td className="amount">{inr(d.depositedChequePaise)}</td>
              <td className={`amount ${d.chequeDifferencePaise === 0 ? '' : 'bad-text'}`}>{signed(d.chequeDifferencePaise)}</td>
              <td className="state" data-testid="deposit-state"><span className={`state-word ${d.state}`}>{t(DEPOSIT_STATE[d.state])}</span></td>
            </tr>
            {d.slips.length > 0 && (
              <tr className="slips">
                <th scope="row" className="muted">{t('recSlips')}</th>
                <td colSpan={8}>
                  <ul data-testid="deposit-slips">
                    {d.slips.map((s) => (
                      <li key={s.seq}>
                        {t('recSlipLine', { bank: s.bank, slipNo: s.slipNo, on: formatDmy(s.depositedOn), cash: inr(s.cashPaise), cheque: inr(s.chequePaise) })}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            )}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function Deposits({ session, fromInput }: { session: string; fromInput: RefObject<HTMLInputElement | null> }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { today, from, to, days, shown, depositsError, badRange, loading, setRange, loadDeposits } = useReconcile();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void loadDeposits(session);
  };
  return (
    <section className="card stack" aria-labelledby="deposits-title">
      <h2 id="deposits-title">{t('recDeposits')} <kbd>Alt+{KEYS.deposits}</kbd></h2>
      <form className="row inline" onSubmit={submit} role="search" aria-label={t('recDeposits')} noValidate>
        <DateField name="deposits-from" label={t('fromDate')} inputRef={fromInput} value={from} max={today} required onChange={(d) => setRange({ from: d })} />
        <DateField name="deposits-to" label={t('recTo')} value={to} max={today} onChange={(d) => setRange({ to: d })} invalid={badRange} describedBy={badRange ? 'deposits-range-error' : undefined} />
        <button type="submit" className="primary find" disabled={loading}>{t('show')} <kbd>Enter</kbd></button>
      </form>
      {badRange && <p id="deposits-range-error" className="error" role="alert" data-testid="deposits-range-error">{t('badRange')}</p>}
      {depositsError && <p className="error" role="alert" data-testid="deposits-error">{problemText({ error: depositsError }, lang)}</p>}
      {days && shown && (days.length === 0
        ? <p role="status" data-testid="deposits-none">{t('recNoDays')}</p>
        : <DepositTable days={days} />)}
    </section>
  );
}

/**
 * What the slip's day has to deposit, beside what is typed: the day's cash collections (counted at
 * shift close, floats taken off; the float stays in the drawer) and its cheques/DDs, less what
 * earlier slips took to the bank (issue 16 #7).
 */
function SlipExpected({ day, cash, cheque }: { day: DepositDay | null; cash: string; cheque: string }) {
  const t = useT();
  if (!day) return null;
  const dayCash = day.countedCashPaise ?? day.ledgerCashPaise;
  const still = { cash: dayCash - day.depositedCashPaise, cheque: day.ledgerChequePaise - day.depositedChequePaise };
  const versus = (typed: string, owed: number, id: string) => {
    const a = parseAmount(typed.trim() || '0');
    if (!a.ok) return null;
    const diff = a.paise - owed;
    const text = diff === 0 ? t('recSlipMatches') : diff < 0 ? t('recSlipShortBy', { amount: inr(-diff) }) : t('recSlipOverBy', { amount: inr(diff) });
    return <span className={diff === 0 ? 'good-text' : 'bad-text'} data-testid={id}>{text}</span>;
  };
  return (
    <section className="slip-expected" aria-labelledby="slip-expected-title" data-testid="slip-expected">
      <h3 id="slip-expected-title">{t('recSlipExpectedTitle', { date: formatDmy(day.date) })}</h3>
      <p className="muted">{t('recSlipFloatNote')}</p>
      <dl className="facts">
        <dt>{t('recCashRs')}</dt>
        <dd><span className="amount" data-testid="slip-expected-cash">{inr(still.cash)}</span> <span className="muted">{t('recSlipOfDay', { total: inr(dayCash), done: inr(day.depositedCashPaise) })}</span> {versus(cash, still.cash, 'slip-cash-vs')}</dd>
        <dt>{t('recChequesRs')}</dt>
        <dd><span className="amount" data-testid="slip-expected-cheque">{inr(still.cheque)}</span> <span className="muted">{t('recSlipOfDay', { total: inr(day.ledgerChequePaise), done: inr(day.depositedChequePaise) })}</span> {versus(cheque, still.cheque, 'slip-cheque-vs')}</dd>
      </dl>
    </section>
  );
}

function SlipFormCard({ session, first }: { session: string; first: RefObject<HTMLInputElement | null> }) {
  const t = useT();
  const { today, shown, slip, slipProblem, slipField, slipBusy, slipDone, editSlip, recordSlip, loadSlipDay } = useReconcile();
  const slipDay = useReconcile(slipDayOf);
  useEffect(() => void loadSlipDay(session), [session, slip.businessDate, shown, loadSlipDay]);
  const form = useRef<HTMLFormElement>(null);
  useFocusProblem(form, slipField, slipProblem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void recordSlip(session);
  };
  const invalid = (f: typeof slipField) => slipField === f;
  return (
    <form ref={form} className="card stack" aria-labelledby="slip-title" onSubmit={submit} noValidate>
      <h2 id="slip-title">{t('recRecordSlip')} <kbd>Alt+{KEYS.slip}</kbd></h2>
      <div className="row">
        <DateField name="slip-business-date" dataField="businessDate" label={t('recBusinessDate')} inputRef={first} value={slip.businessDate} max={today} required
          onChange={(d) => editSlip({ businessDate: d })} invalid={invalid('businessDate')} describedBy="slip-error" />
        <DateField name="slip-deposited-on" dataField="depositedOn" label={t('recDepositedOn')} value={slip.depositedOn} min={slip.businessDate || undefined} max={today} required
          onChange={(d) => editSlip({ depositedOn: d })} invalid={invalid('depositedOn')} describedBy="slip-error" />
      </div>
      <div className="row">
        <label>{t('bank')}
          <input name="slip-bank" data-field="bank" value={slip.bank} maxLength={60} autoComplete="off" required
            onChange={(e) => editSlip({ bank: e.target.value })} aria-invalid={invalid('bank')} aria-describedby="slip-error" />
        </label>
        <label>{t('recSlipNo')}
          <input name="slip-no" data-field="slipNo" value={slip.slipNo} maxLength={30} autoComplete="off" spellCheck={false} required
            onChange={(e) => editSlip({ slipNo: e.target.value })} aria-invalid={invalid('slipNo')} aria-describedby="slip-error" />
        </label>
      </div>
      <div className="row">
        <label>{t('recCashRs')}
          <input name="slip-cash" data-field="cash" inputMode="decimal" value={slip.cash} autoComplete="off" placeholder="0"
            onChange={(e) => editSlip({ cash: e.target.value })} aria-invalid={invalid('cash')} aria-describedby="slip-error" />
        </label>
        <label>{t('recChequesRs')}
          <input name="slip-cheque" data-field="cheque" inputMode="decimal" value={slip.cheque} autoComplete="off" placeholder="0"
            onChange={(e) => editSlip({ cheque: e.target.value })} aria-invalid={invalid('cheque')} aria-describedby="slip-error" />
        </label>
      </div>
      <SlipExpected day={slipDay} cash={slip.cash} cheque={slip.cheque} />
      <div id="slip-error"><ProblemLine problem={slipProblem} testId="slip-error" /></div>
      <div className="actions">
        <p role="status" className="spacer outcome" data-testid="slip-done">
          {slipDone && t('recSlipRecorded', { bank: slipDone.bank, slipNo: slipDone.slipNo, date: formatDmy(slipDone.date) })}
        </p>
        <button type="submit" className="primary" disabled={slipBusy} aria-busy={slipBusy}>{t('recRecordSlipButton')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

// ---- settlement import ----

function Counts({ r }: { r: SettlementReport }) {
  const t = useT();
  return (
    <dl className="match-counts" data-testid="match-counts">
      {MATCH_ORDER.map((s) => (
        <div key={s} className={`tile ${s}${s !== 'matched' && r.counts[s] > 0 ? ' attention' : ''}`} data-testid={`count-${s}`}>
          <dt>{t(MATCH_STATE_WORDS[s])}</dt>
          <dd>
            <span className="n">{r.counts[s]}</span>
            {s === 'matched' && <span className="amount" data-testid="matched-total"> · {inr(r.matchedPaise)}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Report({ r }: { r: SettlementReport }) {
  const t = useT();
  return (
    <section className="stack report" aria-labelledby="report-title" data-testid="settlement-report">
      <h3 id="report-title">{t('recReport', { source: r.source, dates: r.to === r.from ? formatDmy(r.from) : `${formatDmy(r.from)} – ${formatDmy(r.to)}` })}</h3>
      {r.repeated && <p className="notice" data-testid="report-repeated">{t('recRepeated')}</p>}
      <Counts r={r} />
      <p className="muted hint">{t('recFileHash')}: <span className="acct" lang="en">{r.fileSha256.slice(0, 16)}…</span></p>
      <h4 id="exceptions-title">{t('recExceptions')}</h4>
      {r.exceptions.length === 0 ? <p data-testid="no-exceptions">{t('recNoExceptions')}</p> : (
        <div className="table-box" role="region" aria-labelledby="exceptions-title" tabIndex={0}>
          <table data-testid="exceptions" className="exceptions">
            <thead>
              <tr>
                <th scope="col">{t('recState')}</th><th scope="col">{t('recLine')}</th><th scope="col">{t('recReference')}</th>
                <th scope="col">{t('recSettledAmount')}</th><th scope="col">{t('recSettledOn')}</th><th scope="col">{t('receiptNo')}</th>
                <th scope="col">{t('recLedgerAmount')}</th><th scope="col">{t('recMode')}</th><th scope="col">{t('recBusinessDate')}</th>
              </tr>
            </thead>
            <tbody>
              {r.exceptions.map((x, i) => (
                <tr key={`${x.state}-${x.line ?? 'l'}-${x.receiptNo ?? ''}-${i}`} className={x.state}>
                  <th scope="row" className="state">{t(MATCH_STATE_WORDS[x.state])}</th>
                  <td className="amount">{x.line ?? '—'}</td>
                  <td className="acct">{x.reference || '—'}</td>
                  <td className="amount">{x.settledPaise === null ? '—' : inr(x.settledPaise)}</td>
                  <td>{x.settledOn ? formatDmy(x.settledOn) : '—'}</td>
                  <td className="acct">{x.receiptNo ?? '—'}</td>
                  <td className="amount">{x.ledgerPaise === null ? '—' : inr(x.ledgerPaise)}</td>
                  <td>{x.mode ? t(x.mode) : '—'}</td>
                  <td>{x.businessDate ? formatDmy(x.businessDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Settlement({ session, first, file }: { session: string; first: RefObject<HTMLInputElement | null>; file: RefObject<HTMLButtonElement | null> }) {
  const t = useT();
  const { today, sources, imp, importProblem, importField, columns, importBusy, report, editImport, chooseFile, runImport } = useReconcile();
  const form = useRef<HTMLFormElement>(null);
  useFocusProblem(form, importField, importProblem);
  // The browser's file input speaks the browser's language ("Choose File"): it stays hidden behind
  // the app's own button and the chosen name (issue 16 #10). It cannot be set from the store:
  // emptied here when the store forgets the file.
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (imp.fileName === null && picker.current) picker.current.value = '';
  }, [imp.fileName]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void runImport(session);
  };
  const invalid = (f: keyof ImportForm) => importField === f;
  const asked = importProblem !== null && 'error' in importProblem && importProblem.error.code === 'SETTLEMENT_MAPPING_REQUIRED';
  const column = (f: 'reference' | 'amount' | 'date', label: StringKey) => (
    <label>{t(label)}
      <input name={`map-${f}`} data-field={f} value={imp[f]} maxLength={80} autoComplete="off" spellCheck={false} list={columns.length ? 'file-columns' : undefined}
        onChange={(e) => editImport({ [f]: e.target.value })} aria-invalid={invalid(f) || (asked && !imp[f].trim())} aria-describedby="import-error" />
    </label>
  );
  return (
    <section className="card stack" aria-labelledby="settlement-title">
      <h2 id="settlement-title">{t('recSettlement')} <kbd>Alt+{KEYS.settlement}</kbd></h2>
      <form ref={form} className="stack" onSubmit={submit} aria-labelledby="settlement-title" noValidate>
        <div className="row">
          <label>{t('recSource')}
            <input ref={first} name="settlement-source" data-field="source" value={imp.source} maxLength={60} autoComplete="off" list="settlement-sources"
              onChange={(e) => editImport({ source: e.target.value })} aria-invalid={invalid('source')} aria-describedby="import-error source-hint" />
          </label>
          <div className="file-choice">
            <span id="settlement-file-label">{t('recFile')} <kbd>Alt+{KEYS.file}</kbd></span>
            <input ref={picker} name="settlement-file" type="file" accept=".csv,text/csv" hidden tabIndex={-1}
              onChange={(e) => void chooseFile(e.target.files?.[0] ?? null)} />
            <span className="row">
              <button ref={file} id="settlement-file-choose" type="button" data-field="fileName" onClick={() => picker.current?.click()}
                aria-labelledby="settlement-file-choose settlement-file-label settlement-file-name" aria-invalid={invalid('fileName')} aria-describedby="import-error">
                {t('chooseFile')}
              </button>
              <span id="settlement-file-name" className={imp.fileName ? '' : 'muted'} data-testid="settlement-file-name">{imp.fileName ?? t('noFileChosen')}</span>
            </span>
          </div>
          <DateField name="settlement-from" dataField="from" label={t('recFileFrom')} value={imp.from} max={today} required
            onChange={(d) => editImport({ from: d })} invalid={invalid('from')} describedBy="import-error" />
          <DateField name="settlement-to" dataField="to" label={t('recTo')} value={imp.to} max={today}
            onChange={(d) => editImport({ to: d })} invalid={invalid('to')} describedBy="import-error" />
        </div>
        <datalist id="settlement-sources">
          {sources.map((s) => <option key={s.name} value={s.name} />)}
        </datalist>
        <p id="source-hint" className="muted hint">{t(sources.length ? 'recSourceHintKnown' : 'recSourceHint')}</p>
        <fieldset className="mapping">
          <legend>{t('recMapping')}</legend>
          <div className="row">
            {column('reference', 'recRefColumn')}
            {column('amount', 'recAmountColumn')}
            {column('date', 'recDateColumn')}
            <label>{t('recDateFormat')}
              <select name="map-date-format" data-field="dateFormat" value={imp.dateFormat} onChange={(e) => editImport({ dateFormat: e.target.value as ImportForm['dateFormat'] })}>
                {DATE_FORMATS.map((f) => <option key={f} value={f}>{DATE_FORMAT_EXAMPLE[f]}</option>)}
              </select>
            </label>
            <label>{t('recAmountUnit')}
              <select name="map-amount-unit" data-field="amountUnit" value={imp.amountUnit} onChange={(e) => editImport({ amountUnit: e.target.value as ImportForm['amountUnit'] })}>
                {AMOUNT_UNITS.map((u) => <option key={u} value={u}>{t(u === 'rupees' ? 'recRupees' : 'recPaise')}</option>)}
              </select>
            </label>
          </div>
          <datalist id="file-columns">
            {columns.map((c) => <option key={c} value={c} />)}
          </datalist>
          <p className="muted hint">{t('recMappingHint')}</p>
        </fieldset>
        <div id="import-error"><ProblemLine problem={importProblem} testId="import-error" /></div>
        <div className="actions">
          <p role="status" className="spacer outcome" data-testid="import-busy">{importBusy ? t('recMatching') : ''}</p>
          <button type="submit" className="primary" disabled={importBusy} aria-busy={importBusy}>{t('recImport')} <kbd>Enter</kbd></button>
        </div>
      </form>
      {report && <Report r={report} />}
    </section>
  );
}

// ---- returned cheque ----

/**
 * The confirmation before a cheque is marked returned: Enter confirms (on the confirm button,
 * anywhere in the confirmation but its Back button, or with the focus lost), Escape goes back.
 */
function ReturnConfirm({ request, onConfirm, onCancel }: { request: ReturnRequest; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const { form, back, confirm, submit } = useConfirmDialog(onConfirm, onCancel);
  return (
    <form ref={form} className="stack dialog inset" role="alertdialog" aria-labelledby="return-confirm-title" aria-describedby="return-confirm-warning" onSubmit={submit} data-testid="return-confirm">
      <h3 id="return-confirm-title">{t('recReturnTitle', { receiptNo: request.receiptNo })}</h3>
      <p id="return-confirm-warning">
        {t('recReturnFacts', { date: formatDmy(request.returnedOn), reason: request.reason })} {t('recReturnWarning')}
      </p>
      <div className="actions">
        <button ref={back} type="button" onClick={onCancel}>{t('back')} <kbd>Esc</kbd></button>
        <button ref={confirm} type="submit" className="primary danger">{t('recConfirmReturn')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function ChequeReturn({ session, first }: { session: string; first: RefObject<HTMLInputElement | null> }) {
  const t = useT();
  const { today, ret, returnProblem, returnField, confirming, returnBusy, returned, editReturn, askReturn, cancelReturn, confirmReturn } = useReconcile();
  const form = useRef<HTMLFormElement>(null);
  const mark = useRef<HTMLButtonElement>(null);
  useFocusProblem(form, returnField, returnProblem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!confirming) askReturn();
  };
  const cancel = () => {
    cancelReturn();
    mark.current?.focus();
  };
  const confirm = () => {
    void confirmReturn(session).then(() => first.current?.focus());
  };
  const invalid = (f: typeof returnField) => returnField === f;
  return (
    <section className="card stack" aria-labelledby="cheque-title">
      <h2 id="cheque-title">{t('recChequeReturn')} <kbd>Alt+{KEYS.cheque}</kbd></h2>
      <form ref={form} className="stack" onSubmit={submit} aria-labelledby="cheque-title" noValidate>
        <label>{t('receiptNo')}
          <input ref={first} name="return-receipt-no" data-field="receiptNo" value={ret.receiptNo} maxLength={40} autoComplete="off" spellCheck={false}
            placeholder="SS042-C1-2627-000001" onChange={(e) => editReturn({ receiptNo: e.target.value })} aria-invalid={invalid('receiptNo')} aria-describedby="return-error" />
        </label>
        <div className="row">
          <DateField name="return-date" dataField="returnedOn" label={t('recReturnedOn')} value={ret.returnedOn} max={today} required
            onChange={(d) => editReturn({ returnedOn: d })} invalid={invalid('returnedOn')} describedBy="return-error" />
          <label>{t('reason')}
            <input name="return-reason" data-field="reason" value={ret.reason} maxLength={200} autoComplete="off" placeholder={t('recReasonExample')}
              onChange={(e) => editReturn({ reason: e.target.value })} aria-invalid={invalid('reason')} aria-describedby="return-error" />
          </label>
        </div>
        <div id="return-error"><ProblemLine problem={returnProblem} testId="return-error" /></div>
        <div className="actions">
          <p role="status" className="spacer outcome" data-testid="return-done">
            {returnBusy ? t('recording') : returned && t('recReturned', { receiptNo: returned.receiptNo, date: formatDmy(returned.date) })}
          </p>
          <button ref={mark} type="submit" className="danger" disabled={returnBusy}>{t('recMarkReturned')} <kbd>Enter</kbd></button>
        </div>
      </form>
      {confirming && <ReturnConfirm request={confirming} onConfirm={confirm} onCancel={cancel} />}
    </section>
  );
}

export function ReconcileScreen() {
  const t = useT();
  const session = useSession((s) => s.session);
  const role = useSession((s) => s.role);
  const today = useTerminal((s) => s.info?.businessDate);
  const depositsFrom = useRef<HTMLInputElement>(null);
  const slipFirst = useRef<HTMLInputElement>(null);
  const settlementFirst = useRef<HTMLInputElement>(null);
  const file = useRef<HTMLButtonElement>(null);
  const chequeFirst = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!session || role !== 'supervisor' || !today) return;
    const s = useReconcile.getState();
    s.open(session, today);
    void s.loadDeposits(session);
    void s.loadSources(session);
    depositsFrom.current?.focus();
  }, [session, role, today]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // By the key's place (KeyB) so a Hindi keyboard layout works too; by its letter otherwise.
      const letter = (e.code.startsWith('Key') ? e.code.slice(3) : e.key).toUpperCase();
      const target = letter === KEYS.deposits ? depositsFrom : letter === KEYS.slip ? slipFirst : letter === KEYS.settlement ? settlementFirst
        : letter === KEYS.file ? file : letter === KEYS.cheque ? chequeFirst : null;
      if (!target?.current) return;
      e.preventDefault();
      target.current.focus();
      if (letter === KEYS.file) target.current.click(); // the app's button opens the file chooser
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!session || role !== 'supervisor') return null;
  return (
    <main className="screen stack compact reconcile" aria-labelledby="reconcile-title">
      <h1 id="reconcile-title">{t('navReconcile')}</h1>
      <Deposits session={session} fromInput={depositsFrom} />
      <div className="columns">
        <SlipFormCard session={session} first={slipFirst} />
        <ChequeReturn session={session} first={chequeFirst} />
      </div>
      <Settlement session={session} first={settlementFirst} file={file} />
    </main>
  );
}
