// Reports (money.read): cash and cheques collected and not yet declared deposited, aged by counter
// and by cashier; each cashier's shift-close overs and shorts over a range (repeated shortages
// stand out, said in words); and what each counter owes the utility from a date, day by day.
import { useEffect, useState, type FormEvent } from 'react';
import { formatDmy, parseDmy } from '../../../shared/dates.js';
import { AGE_BUCKETS, type AgeingRow, type OverShortRow, type ReceivableRow } from '../../../shared/money-monitor.js';
import { api, type ApiError } from '../../api/client.js';
import { Heads, num } from '../../app/table.js';
import { useT } from '../../i18n/lang.js';
import { Amount, DateField, inr, Problem } from './money-parts.js';
import { useMoney } from './money-store.js';

interface Reports {
  ageing: { counters: AgeingRow[]; cashiers: AgeingRow[] };
  overShort: OverShortRow[];
  receivables: ReceivableRow[];
  asOf: string;
  from: string;
  to: string;
}

function AgeingTable({ id, rows, byCashier }: { id: string; rows: AgeingRow[]; byCashier: boolean }) {
  const t = useT();
  if (rows.length === 0) return <p data-testid={`${id}-none`}>{t('ageingNone')}</p>;
  return (
    <div className="table-wrap">
      <table className="money" aria-labelledby={`${id}-title`} data-testid={id}>
        <thead>
          <tr>
            {byCashier && <th scope="col">{t('col_cashier')}</th>}
            <th scope="col">{t('col_counterDay')}</th>
            {AGE_BUCKETS.map((b) => <th key={b} scope="col" className="num">{t('ageBucket', { days: b })}</th>)}
            <th scope="col" className="num">{t('totalRow')}</th>
            <th scope="col">{t('col_oldest')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const place = <>{`${r.substation} / ${r.counter}`} <span className="mono sub">{r.terminalId}</span></>;
            return (
              <tr key={`${r.terminalId}-${r.cashier ?? ''}`}>
                {byCashier ? <th scope="row">{r.cashier}</th> : null}
                {byCashier ? <td>{place}</td> : <th scope="row">{place}</th>}
                {AGE_BUCKETS.map((b) => <td key={b} className="num">{r.buckets[b] ? inr(r.buckets[b]) : t('none')}</td>)}
                <Amount paise={r.totalPaise} />
                <td>{formatDmy(r.oldestDate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function OverShortTable({ rows }: { rows: OverShortRow[] }) {
  const t = useT();
  if (rows.length === 0) return <p>{t('overShortNone')}</p>;
  return (
    <div className="table-wrap">
      <table className="money" aria-labelledby="over-short-title" data-testid="over-short">
        <Heads cols={['col_cashier', num('col_shifts'), num('col_shortages'), num('col_short'), num('col_overages'), num('col_over'), 'col_standsOut']} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.cashier} className={r.flagged ? 'flagged' : undefined} data-testid={`cashier-${r.cashier}`} data-flagged={r.flagged}>
              <th scope="row">{r.cashier}</th>
              <td className="num">{r.shifts}</td>
              <td className="num">{r.shortages}</td>
              <Amount paise={r.shortPaise} />
              <td className="num">{r.overages}</td>
              <Amount paise={r.overPaise} />
              <td>{r.flagged ? <span className="light light-red">{t('flaggedCashier', { count: r.recentShortages })}</span> : t('notFlagged')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReceivablesTable({ rows }: { rows: ReceivableRow[] }) {
  const t = useT();
  if (rows.length === 0) return <p>{t('receivablesNone')}</p>;
  return (
    <div className="table-wrap">
      <table className="money" aria-labelledby="receivables-title" data-testid="receivables">
        <Heads cols={['col_counterDay', num('col_collected'), num('col_credited'), num('col_settled'), num('col_returned'), num('col_owed'), 'col_openDays']} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.terminalId} data-testid={`receivable-${r.terminalId}`}>
              <th scope="row">{`${r.substation} / ${r.counter}`} <span className="mono sub">{r.terminalId}</span></th>
              <Amount paise={r.collectedPaise} />
              <Amount paise={r.creditedPaise} />
              <Amount paise={r.settledPaise} />
              <Amount paise={r.returnedPaise} />
              <td className={`num${r.owedPaise > 0 ? ' short' : ''}`}>{inr(r.owedPaise)}</td>
              <td>
                {r.openDays.length === 0 ? t('none') : (
                  <ul className="plain">
                    {r.openDays.map((d) => <li key={d.date}>{formatDmy(d.date)}: {inr(d.owedPaise)} ({t(`moneyColour_${d.colour}`)})</li>)}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportsView() {
  const t = useT();
  const monitorForm = useMoney((s) => s.form);
  const [form, setForm] = useState({ from: monitorForm.from, to: monitorForm.to, asOf: monitorForm.asOf });
  const [reports, setReports] = useState<Reports | null>(null);
  const [problem, setProblem] = useState<'badDate' | ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const q = { from: parseDmy(form.from), to: parseDmy(form.to), asOf: parseDmy(form.asOf) };
    if (!q.from || !q.to || !q.asOf) return setProblem('badDate');
    setBusy(true);
    const [a, o, r] = await Promise.all([api.money.ageing(q.asOf), api.money.overShort(q.from, q.to), api.money.receivables(q.from, q.asOf)]);
    setBusy(false);
    const failed = [a, o, r].find((x) => !x.ok);
    if (failed && !failed.ok) return setProblem(failed.error);
    if (!a.ok || !o.ok || !r.ok) return;
    setProblem(null);
    setReports({ ageing: a.value, overShort: o.value.cashiers, receivables: r.value.counters, asOf: q.asOf, from: q.from, to: q.to });
  };
  useEffect(() => {
    void load();
  }, []); // once, on arriving: later edits wait for Show
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };

  return (
    <div className="stack">
      <h2 id="reports-title">{t('reportsTitle')}</h2>
      <form className="card row align-end" onSubmit={submit} aria-labelledby="reports-title" noValidate>
        <DateField label="dateFrom" name="reports-from" value={form.from} onChange={(from) => setForm({ ...form, from })} />
        <DateField label="dateTo" name="reports-to" value={form.to} onChange={(to) => setForm({ ...form, to })} />
        <DateField label="asOfDate" name="reports-as-of" value={form.asOf} onChange={(asOf) => setForm({ ...form, asOf })} />
        <button type="submit" className="primary" disabled={busy} data-testid="reports-show">{t('showReport')}</button>
        <div className="full"><Problem problem={problem} testId="reports-problem" /></div>
      </form>
      {reports && (
        <>
          <h3 id="ageing-counters-title">{t('ageingCountersTitle', { asOf: formatDmy(reports.asOf) })}</h3>
          <AgeingTable id="ageing-counters" rows={reports.ageing.counters} byCashier={false} />
          <h3 id="ageing-cashiers-title">{t('ageingCashiersTitle', { asOf: formatDmy(reports.asOf) })}</h3>
          <AgeingTable id="ageing-cashiers" rows={reports.ageing.cashiers} byCashier />
          <h3 id="over-short-title">{t('overShortTitle', { from: formatDmy(reports.from), to: formatDmy(reports.to) })}</h3>
          <OverShortTable rows={reports.overShort} />
          <h3 id="receivables-title">{t('receivablesTitle', { from: formatDmy(reports.from), asOf: formatDmy(reports.asOf) })}</h3>
          <ReceivablesTable rows={reports.receivables} />
        </>
      )}
    </div>
  );
}
