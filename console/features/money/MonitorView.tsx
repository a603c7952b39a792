// The money monitor: every counter-day of a range as of a date — what was collected by mode, what the
// slips declared, what the bank credited, what the providers settled and kept as fees, the
// difference, what the counter still owes, how old the day is, and why it is not green — red first.
// Each row opens its counter-day (CounterDayPanel).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatDmy, parseDmy } from '../../../shared/dates.js';
import { MONEY_COLOURS, type CounterDayRow } from '../../../shared/money-monitor.js';
import { api, type ApiError } from '../../api/client.js';
import { Heads, num } from '../../app/table.js';
import { useT } from '../../i18n/lang.js';
import { Amount, Colour, DateField, inr, Problem, Reasons } from './money-parts.js';
import { useMoney } from './money-store.js';
import { modesOf, redFirst } from './money-view.js';

const dayKey = (r: { terminalId: string; businessDate: string }) => `money-row-${r.terminalId}-${r.businessDate}`;

function Row({ row, onOpen }: { row: CounterDayRow; onOpen: () => void }) {
  const t = useT();
  const place = `${row.substation} / ${row.counter}`;
  return (
    <tr data-testid={dayKey(row)} data-colour={row.colour}>
      <td><Colour colour={row.colour} /></td>
      <td className="nowrap">{formatDmy(row.businessDate)}</td>
      <th scope="row">
        <button type="button" className="small" onClick={onOpen} data-testid="open-day">
          {place}<span className="sr-only"> — {t('openCounterDay', { date: formatDmy(row.businessDate) })}</span>
        </button>
        <div className="mono sub">{row.terminalId}</div>
      </th>
      <td className="num">
        {inr(row.collectedPaise)}
        <ul className="plain sub">{modesOf(row.collected).map((m) => <li key={m.mode}>{t(`money_mode_${m.mode}`)} {inr(m.paise)}</li>)}</ul>
      </td>
      <Amount paise={row.declaredPaise} />
      <Amount paise={row.creditedPaise} />
      <Amount paise={row.settledPaise} />
      <Amount paise={row.feePaise} />
      <td className={`num${row.differencePaise < 0 ? ' short' : ''}`}>{inr(row.differencePaise)}</td>
      <Amount paise={row.owedPaise} />
      <td className="num">{t('ageDays', { days: row.ageDays })}</td>
      <td><Reasons row={row} /></td>
    </tr>
  );
}

export function MonitorView() {
  const t = useT();
  const { form, setForm, monitor, setMonitor, openDay, lastOpened } = useMoney();
  const [problem, setProblem] = useState<'badDate' | ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    const q = { from: parseDmy(form.from), to: parseDmy(form.to), asOf: parseDmy(form.asOf) };
    if (!q.from || !q.to || !q.asOf) return setProblem('badDate');
    setBusy(true);
    const r = await api.money.monitor({ from: q.from, to: q.to, asOf: q.asOf, ...(form.colour ? { colour: form.colour } : {}) });
    setBusy(false);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    setMonitor(r.value);
  };
  const loaded = useRef(false);
  useEffect(() => {
    if (!monitor && !loaded.current) void load();
    loaded.current = true;
  }, []); // once, on arriving: the form's later edits wait for Show
  useEffect(() => {
    // Back from a counter-day: once its row is on screen again, its button has the focus.
    if (!monitor || !lastOpened) return;
    document.querySelector<HTMLButtonElement>(`[data-testid="${dayKey({ terminalId: lastOpened.terminalId, businessDate: lastOpened.date })}"] [data-testid="open-day"]`)?.focus();
    useMoney.setState({ lastOpened: null });
  }, [monitor, lastOpened]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };
  const rows = monitor ? redFirst(monitor.rows) : [];
  return (
    <div className="stack">
      <h2 id="monitor-title">{t('monitorTitle')}</h2>
      <p className="muted">{t('monitorIntro')}</p>
      <form className="card row align-end" onSubmit={submit} aria-labelledby="monitor-title" noValidate>
        <DateField label="dateFrom" name="money-from" value={form.from} onChange={(from) => setForm({ from })} />
        <DateField label="dateTo" name="money-to" value={form.to} onChange={(to) => setForm({ to })} />
        <DateField label="asOfDate" name="money-as-of" value={form.asOf} onChange={(asOf) => setForm({ asOf })} />
        <label>
          {t('colourFilter')}
          <select name="money-colour" value={form.colour} onChange={(e) => setForm({ colour: e.target.value as typeof form.colour })}>
            <option value="">{t('allColours')}</option>
            {MONEY_COLOURS.map((c) => <option key={c} value={c}>{t(`moneyColour_${c}`)}</option>)}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="monitor-show">{t('showReport')}</button>
        <div className="full"><Problem problem={problem} testId="monitor-problem" /></div>
      </form>
      {busy && <p role="status">{t('loading')}</p>}
      {monitor && (
        <>
          <p className="row" data-testid="money-counts">
            <span>{t('monitorAsOf', { asOf: formatDmy(monitor.asOf), from: formatDmy(monitor.from), to: formatDmy(monitor.to) })}</span>
            {(['red', 'yellow', 'green'] as const).map((c) => (
              <span key={c} className={`light light-${c}`} data-testid={`money-count-${c}`}>{t(`moneyCount_${c}`, { count: monitor.counts[c] })}</span>
            ))}
          </p>
          {rows.length === 0 ? <p data-testid="monitor-empty">{t('monitorEmpty')}</p> : (
            <div className="table-wrap">
              <table className="money" data-testid="monitor-table">
                <caption className="sr-only">{t('monitorCaption', { from: formatDmy(monitor.from), to: formatDmy(monitor.to), asOf: formatDmy(monitor.asOf) })}</caption>
                <Heads cols={['col_state', 'col_date', 'col_counterDay', num('col_collected'), num('col_declared'), num('col_credited'), num('col_settled'), num('col_fees'), num('col_difference'), num('col_owed'), num('col_age'), 'col_why']} />
                <tbody>
                  {rows.map((r) => (
                    <Row key={`${r.terminalId}/${r.businessDate}`} row={r} onOpen={() => openDay({ terminalId: r.terminalId, date: r.businessDate, asOf: monitor.asOf })} />
                  ))}
                </tbody>
                <tfoot>
                  <tr className="totals" data-testid="monitor-totals">
                    <th scope="row" colSpan={3}>{t('totalRow')}</th>
                    <Amount paise={monitor.totals.collectedPaise} />
                    <td />
                    <Amount paise={monitor.totals.creditedPaise} />
                    <Amount paise={monitor.totals.settledPaise} />
                    <Amount paise={monitor.totals.feePaise} />
                    <Amount paise={monitor.totals.differencePaise} />
                    <Amount paise={monitor.totals.owedPaise} />
                    <td colSpan={2} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
