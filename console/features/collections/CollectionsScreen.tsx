// Collections (finance, auditors): what the signed journals held centrally say was collected over
// a range of business days, grouped by any of day × substation × counter × mode × cashier, voids
// apart and late entries counted, with a totals row. Exported as CSV or XLSX with the manifest the
// server signs, saved as two files that `counterfoil verify-export` checks.
import { useState, type FormEvent } from 'react';
import { COLLECTION_DIMENSIONS, type CollectionDimension, type CollectionsReport, type CollectionsRow } from '../../../shared/console-api.js';
import { businessDate, formatDmy, parseDmy } from '../../../shared/dates.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import { api, type ApiError, type CollectionsAsk } from '../../api/client.js';
import { fromBase64, saveFile } from '../../app/download.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT, type T } from '../../i18n/lang.js';

const inr = (paise: number) => formatINR(paise as Paise);
const MODES = ['cash', 'cheque', 'dd', 'upi', 'card'] as const;
const SUBSTATION = /^[A-Z0-9]{2,12}$/;
const CONTENT_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

function modeIn(mode: string, t: T): string {
  return (MODES as readonly string[]).includes(mode) ? t(`mode_${mode as (typeof MODES)[number]}`) : mode;
}

type Problem = 'badDate' | 'badSubstationOptional' | ApiError;

/** The dimension columns a report grouped `by` shows: counter brings its substation and terminal. */
function columnsOf(by: readonly CollectionDimension[], t: T): { key: string; head: string; cell: (r: CollectionsRow) => string; mono?: boolean }[] {
  const cols: { key: string; head: string; cell: (r: CollectionsRow) => string; mono?: boolean }[] = [];
  if (by.includes('day')) cols.push({ key: 'day', head: t('col_day'), cell: (r) => formatDmy(r.day ?? '') });
  if (by.includes('substation') || by.includes('counter')) cols.push({ key: 'substation', head: t('col_substation'), cell: (r) => r.substation ?? '' });
  if (by.includes('counter')) {
    cols.push({ key: 'counter', head: t('col_counter'), cell: (r) => r.counter ?? '' });
    cols.push({ key: 'terminal', head: t('col_terminal'), cell: (r) => r.terminalId ?? '', mono: true });
  }
  if (by.includes('mode')) cols.push({ key: 'mode', head: t('col_mode'), cell: (r) => modeIn(r.mode ?? '', t) });
  if (by.includes('cashier')) cols.push({ key: 'cashier', head: t('col_cashier'), cell: (r) => r.cashier ?? '' });
  return cols;
}

function ReportTable({ report }: { report: CollectionsReport }) {
  const t = useT();
  const cols = columnsOf(report.by, t);
  const figures = (r: CollectionsReport['totals']) => (
    <>
      <td className="num">{r.payments}</td>
      <td className="num">{inr(r.amountPaise)}</td>
      <td className="num">{r.voids}</td>
      <td className="num">{inr(r.voidedPaise)}</td>
      <td className="num">{r.late}</td>
    </>
  );
  const where = report.substation ? t('collectionsOneSubstation', { substation: report.substation }) : t('collectionsAllSubstations');
  return (
    <>
      {report.rows.length === 0 && <p data-testid="collections-empty">{t('collectionsEmpty')}</p>}
      <div className="table-wrap">
        <table data-testid="collections-table">
          <caption className="sr-only">{t('collectionsCaption', { from: formatDmy(report.from), to: formatDmy(report.to), where })}</caption>
          <thead>
            <tr>
              {cols.length === 0 && <th scope="col">{t('col_period')}</th>}
              {cols.map((c) => <th key={c.key} scope="col">{c.head}</th>)}
              <th scope="col" className="num">{t('col_payments')}</th>
              <th scope="col" className="num">{t('col_amount')}</th>
              <th scope="col" className="num">{t('col_voids')}</th>
              <th scope="col" className="num">{t('col_voidedAmount')}</th>
              <th scope="col" className="num">{t('col_late')}</th>
            </tr>
          </thead>
          {cols.length > 0 && (
            <tbody>
              {report.rows.map((r, i) => (
                <tr key={i} data-testid="collections-row">
                  {cols.map((c, j) => (j === 0
                    ? <th key={c.key} scope="row" className={c.mono ? 'mono' : undefined}>{c.cell(r)}</th>
                    : <td key={c.key} className={c.mono ? 'mono' : undefined}>{c.cell(r)}</td>))}
                  {figures(r)}
                </tr>
              ))}
            </tbody>
          )}
          <tfoot>
            <tr className="totals" data-testid="collections-totals">
              <th scope="row" colSpan={Math.max(cols.length, 1)}>
                {cols.length === 0 ? `${formatDmy(report.from)} – ${formatDmy(report.to)} · ${t('totalRow')}` : t('totalRow')}
              </th>
              {figures(report.totals)}
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

export function CollectionsScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const today = businessDate(new Date());
  const [from, setFrom] = useState(formatDmy(`${today.slice(0, 8)}01`));
  const [to, setTo] = useState(formatDmy(today));
  const [by, setBy] = useState<CollectionDimension[]>(['counter', 'mode']);
  const [substation, setSubstation] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [report, setReport] = useState<CollectionsReport | null>(null);
  const [busy, setBusy] = useState<'show' | 'csv' | 'xlsx' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  /** The form as a query, or the problem with it (said on the page; nothing is sent). */
  const ask = (): CollectionsAsk | null => {
    const q = { from: parseDmy(from), to: parseDmy(to) };
    if (!q.from || !q.to) {
      setProblem('badDate');
      return null;
    }
    const sub = substation.trim().toUpperCase();
    if (sub && !SUBSTATION.test(sub)) {
      setProblem('badSubstationOptional');
      return null;
    }
    // In the server's order, whatever order they were ticked in.
    return { from: q.from, to: q.to, by: COLLECTION_DIMENSIONS.filter((d) => by.includes(d)), ...(sub ? { substation: sub } : {}) };
  };

  const show = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const q = ask();
    if (!q) return;
    setBusy('show');
    const r = await api.collections(q);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    setReport(r.value);
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setSaved(null);
    const q = ask();
    if (!q) return;
    setBusy(format);
    const r = await api.exportCollections(q, format);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    saveFile(r.value.fileName, fromBase64(r.value.file), CONTENT_TYPES[format]);
    saveFile(`${r.value.fileName}.manifest.json`, JSON.stringify(r.value.manifest, null, 2), 'application/json');
    setSaved(r.value.fileName);
  };

  const toggle = (d: CollectionDimension, on: boolean) => setBy((now) => (on ? [...now.filter((x) => x !== d), d] : now.filter((x) => x !== d)));

  return (
    <section className="stack" aria-labelledby="collections-title">
      <h1 id="collections-title">{t('collectionsTitle')}</h1>
      <p className="muted">{t('collectionsIntro')}</p>
      <form className="card stack" onSubmit={(e) => void show(e)} aria-labelledby="collections-title" noValidate>
        <div className="row align-end">
          <label>{t('dateFrom')}<input name="collections-from" value={from} onChange={(e) => setFrom(e.target.value)} inputMode="numeric" /></label>
          <label>{t('dateTo')}<input name="collections-to" value={to} onChange={(e) => setTo(e.target.value)} inputMode="numeric" /></label>
          <label>{t('substationOptional')}<input name="collections-substation" value={substation} onChange={(e) => setSubstation(e.target.value)} /></label>
        </div>
        <fieldset className="dims">
          <legend>{t('groupBy')}</legend>
          {COLLECTION_DIMENSIONS.map((d) => (
            <label key={d} className="check">
              <input type="checkbox" name={`by-${d}`} checked={by.includes(d)} onChange={(e) => toggle(d, e.target.checked)} />
              {t(`dim_${d}`)}
            </label>
          ))}
        </fieldset>
        <div className="row align-end">
          <button type="submit" className="primary" disabled={busy !== null} data-testid="collections-show">{t('showReport')}</button>
          <button type="button" disabled={busy !== null} onClick={() => void exportAs('csv')} data-testid="export-csv">{t('exportCsv')}</button>
          <button type="button" disabled={busy !== null} onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">{t('exportXlsx')}</button>
        </div>
        <p className="hint">{t('exportHint')} <code lang="en">counterfoil verify-export FILE --key centre.pem</code></p>
        <p className="error" role="alert" data-testid="collections-problem">{problem === null ? '' : typeof problem === 'string' ? t(problem) : errorIn(problem, lang)}</p>
        <p role="status" className={saved || busy ? 'notice' : 'sr-only'} data-testid="collections-status">
          {busy === 'csv' || busy === 'xlsx' ? t('exporting') : busy === 'show' ? t('loading') : saved ? t('exportSaved', { file: saved }) : ''}
        </p>
      </form>
      {report && <ReportTable report={report} />}
    </section>
  );
}
