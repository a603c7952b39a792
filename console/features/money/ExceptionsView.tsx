// The morning's exceptions (money.read): as of a date, the red counter-days, the bank entries
// nothing explains, the provider lines that are not a clean match, and the cashiers who stand out.
// Exported as CSV, XLSX or PDF with the manifest the server signs, saved as two files that
// `counterfoil verify-export` checks (as the collections export is).
import { useEffect, useState, type FormEvent } from 'react';
import { formatDmy, parseDmy } from '../../../shared/dates.js';
import type { MoneyExceptions } from '../../../shared/money-monitor.js';
import { api, type ApiError } from '../../api/client.js';
import { fromBase64, saveFile } from '../../app/download.js';
import { Heads, num } from '../../app/table.js';
import { settlementStateIn } from '../../i18n/labels.js';
import { useLang, useT } from '../../i18n/lang.js';
import { Amount, DateField, inr, Problem, Reasons } from './money-parts.js';
import { useMoney } from './money-store.js';

const FORMATS = ['csv', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

function Tables({ x }: { x: MoneyExceptions }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const open = (terminalId: string, date: string) =>
    useMoney.setState({ view: 'monitor', open: { terminalId, date, asOf: x.asOf }, lastOpened: null });
  return (
    <>
      <h3 id="x-red-title">{t('xRedTitle', { count: x.redDays.length })}</h3>
      {x.redDays.length === 0 ? <p>{t('xRedNone')}</p> : (
        <div className="table-wrap">
          <table className="money" aria-labelledby="x-red-title" data-testid="x-red">
            <Heads cols={['col_counterDay', 'col_date', num('col_difference'), num('col_owed'), num('col_age'), 'col_why']} />
            <tbody>
              {x.redDays.map((r) => (
                <tr key={`${r.terminalId}/${r.businessDate}`} data-testid={`x-red-${r.terminalId}-${r.businessDate}`}>
                  <th scope="row">
                    <button type="button" className="small" onClick={() => open(r.terminalId, r.businessDate)}>
                      {`${r.substation} / ${r.counter}`}<span className="sr-only"> — {t('openCounterDay', { date: formatDmy(r.businessDate) })}</span>
                    </button>
                  </th>
                  <td>{formatDmy(r.businessDate)}</td>
                  <td className={`num${r.differencePaise < 0 ? ' short' : ''}`}>{inr(r.differencePaise)}</td>
                  <Amount paise={r.owedPaise} />
                  <td className="num">{t('ageDays', { days: r.ageDays })}</td>
                  <td><Reasons row={r} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 id="x-entries-title">{t('xEntriesTitle', { count: x.unexplained.length })}</h3>
      {x.unexplained.length === 0 ? <p>{t('xEntriesNone')}</p> : (
        <div className="table-wrap">
          <table className="money" aria-labelledby="x-entries-title" data-testid="x-entries">
            <Heads cols={['col_bookedOn', 'col_account', 'col_direction', num('col_amount'), 'col_narration', 'col_reference']} />
            <tbody>
              {x.unexplained.map((e) => (
                <tr key={e.lineId}>
                  <th scope="row">{formatDmy(e.bookedOn)}</th>
                  <td className="mono">{e.account}</td>
                  <td>{t(e.direction === 'credit' ? 'directionCredit' : 'directionDebit')}</td>
                  <Amount paise={e.amountPaise} />
                  <td lang="en">{e.narration}</td>
                  <td className="mono">{e.reference || t('none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 id="x-lines-title">{t('xLinesTitle', { count: x.settlement.length })}</h3>
      {x.settlement.length === 0 ? <p>{t('xLinesNone')}</p> : (
        <div className="table-wrap">
          <table className="money" aria-labelledby="x-lines-title" data-testid="x-lines">
            <Heads cols={['col_provider', 'col_batch', 'col_reference', num('col_amount'), 'col_settledOn', 'col_state', 'col_counterDay']} />
            <tbody>
              {x.settlement.map((l) => (
                <tr key={l.lineId}>
                  <th scope="row">{l.provider}</th>
                  <td className="mono">{l.batch}</td>
                  <td className="mono">{l.reference}</td>
                  <Amount paise={l.amountPaise} />
                  <td>{formatDmy(l.settledOn)}</td>
                  <td>{settlementStateIn(l.state, lang)}</td>
                  <td>{l.terminalId ? `${l.terminalId} · ${formatDmy(l.businessDate ?? '')}` : t('none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 id="x-cashiers-title">{t('xCashiersTitle', { count: x.flaggedCashiers.length })}</h3>
      {x.flaggedCashiers.length === 0 ? <p>{t('xCashiersNone')}</p> : (
        <ul aria-labelledby="x-cashiers-title" data-testid="x-cashiers">
          {x.flaggedCashiers.map((c) => (
            <li key={c.cashier}>
              <span className="light light-red">{t('flaggedCashier', { count: c.recentShortages })}</span>{' '}
              {t('flaggedLine', { cashier: c.cashier, shortages: c.shortages, short: inr(c.shortPaise), shifts: c.shifts })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ExceptionsView() {
  const t = useT();
  const monitorAsOf = useMoney((s) => s.form.asOf);
  const [asOf, setAsOf] = useState(monitorAsOf);
  const [x, setX] = useState<MoneyExceptions | null>(null);
  const [problem, setProblem] = useState<'badDate' | ApiError | null>(null);
  const [busy, setBusy] = useState<'show' | Format | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = async () => {
    setSaved(null);
    const day = parseDmy(asOf);
    if (!day) return setProblem('badDate');
    setBusy('show');
    const r = await api.money.exceptions(day);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    setX(r.value);
  };
  useEffect(() => {
    void load();
  }, []); // once, on arriving: later edits wait for Show

  const exportAs = async (format: Format) => {
    setSaved(null);
    const day = parseDmy(asOf);
    if (!day) return setProblem('badDate');
    setBusy(format);
    const r = await api.money.exportExceptions(day, format);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    saveFile(r.value.fileName, fromBase64(r.value.file), CONTENT_TYPES[format]);
    saveFile(`${r.value.fileName}.manifest.json`, JSON.stringify(r.value.manifest, null, 2), 'application/json');
    setSaved(r.value.fileName);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };

  return (
    <div className="stack">
      <h2 id="exceptions-title">{t('exceptionsTitle')}</h2>
      <p className="muted">{t('exceptionsIntro')}</p>
      <form className="card stack" onSubmit={submit} aria-labelledby="exceptions-title" noValidate>
        <div className="row align-end">
          <DateField label="asOfDate" name="exceptions-as-of" value={asOf} onChange={setAsOf} />
          <button type="submit" className="primary" disabled={busy !== null} data-testid="exceptions-show">{t('showReport')}</button>
          {FORMATS.map((f) => (
            <button key={f} type="button" disabled={busy !== null} onClick={() => void exportAs(f)} data-testid={`x-export-${f}`}>{t(`exportAs_${f}`)}</button>
          ))}
        </div>
        <p className="hint">{t('exportHint')} <code lang="en">counterfoil verify-export FILE --key centre.pem</code></p>
        <Problem problem={problem} testId="exceptions-problem" />
        <p role="status" className={saved || busy ? 'notice' : 'sr-only'} data-testid="exceptions-status">
          {busy && busy !== 'show' ? t('exporting') : busy === 'show' ? t('loading') : saved ? t('exportSaved', { file: saved }) : ''}
        </p>
      </form>
      {x && (
        <>
          <p data-testid="x-range">{t('xRange', { asOf: formatDmy(x.asOf), from: formatDmy(x.from), to: formatDmy(x.to) })}</p>
          <Tables x={x} />
        </>
      )}
    </div>
  );
}
