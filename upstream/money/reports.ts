// The money reports beside the monitor (docs/reconciliation.md § Reports): undeposited cash and
// cheques by age, per counter and per cashier; each cashier's shift variances over time, repeated
// shortages flagged; and the receivable of each counter — what it owes the utility, carried day by
// day so a balance never disappears between days.
import { addDays, businessDate, daysBetween } from '../../shared/dates.js';
import { AGE_BUCKETS, type AgeingRow, type MoneySettings, type OverShortRow, type ReceivableRow } from '../../shared/money-monitor.js';
import type { Sql } from '../store.js';
import { classifyCounterDay } from './counter-day.js';
import { counterDayFigures } from './monitor.js';

const bucketOf = (age: number): (typeof AGE_BUCKETS)[number] => (age <= 1 ? '0-1' : age <= 3 ? '2-3' : age <= 7 ? '4-7' : age <= 30 ? '8-30' : '31+');
const emptyBuckets = () => Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as AgeingRow['buckets'];

/** How far back the ageing looks. */
export const AGEING_DAYS = 400;

/**
 * Undeposited = a counter-day's cash and cheques (voids apart) less what its slips declare. A
 * cashier's share of a day is their part of its cash and cheques (largest remainder, so the shares
 * add up to the paisa).
 */
export async function undepositedAgeing(sql: Sql, asOf: string): Promise<{ asOf: string; counters: AgeingRow[]; cashiers: AgeingRow[] }> {
  const rows = await sql.query<{ terminal_id: string; substation: string; counter: string; day: string; cashier: string; amount: string; declared: string }>(
    `WITH banked AS (
       SELECT terminal_id, business_date, cashier, SUM(amount_paise) AS amount FROM collections_daily
        WHERE mode IN ('cash', 'cheque', 'dd') AND business_date BETWEEN $1::date AND $2::date GROUP BY terminal_id, business_date, cashier),
     dep AS (
       SELECT terminal_id, business_date, SUM(cash_paise + cheque_paise) AS declared FROM deposits
        WHERE business_date BETWEEN $1::date AND $2::date GROUP BY terminal_id, business_date),
     owing AS (
       SELECT b.terminal_id, b.business_date FROM banked b LEFT JOIN dep d USING (terminal_id, business_date)
        GROUP BY b.terminal_id, b.business_date HAVING SUM(b.amount) > MAX(COALESCE(d.declared, 0)))
     SELECT b.terminal_id, t.substation, t.counter, to_char(b.business_date, 'YYYY-MM-DD') AS day, b.cashier, b.amount, COALESCE(d.declared, 0) AS declared
       FROM owing o JOIN banked b USING (terminal_id, business_date) LEFT JOIN dep d USING (terminal_id, business_date)
       JOIN terminals t ON t.id = b.terminal_id
      ORDER BY b.terminal_id, b.business_date, b.cashier`,
    [addDays(asOf, -AGEING_DAYS), asOf],
  );
  const days = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = days.get(`${r.terminal_id}|${r.day}`);
    if (list) list.push(r);
    else days.set(`${r.terminal_id}|${r.day}`, [r]);
  }
  const counters = new Map<string, AgeingRow>();
  const cashiers = new Map<string, AgeingRow>();
  const into = (m: Map<string, AgeingRow>, k: string, base: Omit<AgeingRow, 'buckets' | 'totalPaise' | 'oldestDate'>, date: string, paise: number) => {
    let row = m.get(k);
    if (!row) m.set(k, (row = { ...base, buckets: emptyBuckets(), totalPaise: 0, oldestDate: date }));
    row.buckets[bucketOf(daysBetween(date, asOf))] += paise;
    row.totalPaise += paise;
    if (date < row.oldestDate) row.oldestDate = date;
  };
  for (const shares of days.values()) {
    const first = shares[0]!;
    const amounts = shares.map((r) => Number(r.amount));
    const total = amounts.reduce((a, b) => a + b, 0);
    const undeposited = total - Number(first.declared);
    const base = { terminalId: first.terminal_id, substation: first.substation, counter: first.counter };
    into(counters, first.terminal_id, { ...base, cashier: null }, first.day, undeposited);
    const exact = amounts.map((a) => (a * undeposited) / total);
    const floors = exact.map(Math.floor);
    let left = undeposited - floors.reduce((a, b) => a + b, 0);
    for (const i of exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i)) {
      if (left <= 0) break;
      floors[i]! += 1;
      left -= 1;
    }
    shares.forEach((r, i) => into(cashiers, `${r.terminal_id}|${r.cashier}`, { ...base, cashier: r.cashier }, r.day, floors[i]!));
  }
  const byTotal = (a: AgeingRow, b: AgeingRow) => b.totalPaise - a.totalPaise || a.terminalId.localeCompare(b.terminalId);
  return { asOf, counters: [...counters.values()].sort(byTotal), cashiers: [...cashiers.values()].sort(byTotal) };
}

/** Shift-close variances by cashier over [from, to] (business days in IST of each close). */
export async function overShort(sql: Sql, s: MoneySettings, from: string, to: string): Promise<OverShortRow[]> {
  const rows = await sql.query<{ closed_by: string; terminal_id: string; variance_paise: string; closed_at: Date | string }>(
    `SELECT closed_by, terminal_id, variance_paise, closed_at FROM shift_closes
      WHERE closed_at >= ($1::date - 1)::timestamptz AND closed_at < ($2::date + 2)::timestamptz ORDER BY closed_at`,
    [from, to],
  );
  const windowFrom = addDays(to, -(s.shortageDays - 1));
  const out = new Map<string, OverShortRow>();
  for (const r of rows) {
    const date = businessDate(new Date(r.closed_at));
    if (date < from || date > to) continue;
    const v = Number(r.variance_paise);
    let row = out.get(r.closed_by);
    if (!row) out.set(r.closed_by, (row = { cashier: r.closed_by, shifts: 0, shortages: 0, overages: 0, shortPaise: 0, overPaise: 0, recentShortages: 0, flagged: false, days: [] }));
    row.shifts += 1;
    if (v < 0) {
      row.shortages += 1;
      row.shortPaise += -v;
      if (date >= windowFrom) row.recentShortages += 1;
    } else if (v > 0) {
      row.overages += 1;
      row.overPaise += v;
    }
    if (v !== 0) row.days.push({ terminalId: r.terminal_id, date, variancePaise: v });
  }
  for (const row of out.values()) row.flagged = row.recentShortages >= s.shortageRepeat;
  return [...out.values()].sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.shortPaise - a.shortPaise || a.cashier.localeCompare(b.cashier));
}

/** What each counter owes over [from, asOf]: collected − credited − settled, with its days not yet green. */
export async function receivables(sql: Sql, s: MoneySettings, from: string, asOf: string): Promise<ReceivableRow[]> {
  const days = (await counterDayFigures(sql, { from, to: asOf, asOf })).map((f) => classifyCounterDay(f, s, asOf));
  const out = new Map<string, ReceivableRow>();
  for (const d of days.sort((a, b) => (a.businessDate < b.businessDate ? -1 : 1))) {
    let r = out.get(d.terminalId);
    if (!r) out.set(d.terminalId, (r = { terminalId: d.terminalId, substation: d.substation, counter: d.counter, collectedPaise: 0, creditedPaise: 0, settledPaise: 0, returnedPaise: 0, owedPaise: 0, openDays: [] }));
    r.collectedPaise += d.collectedPaise;
    r.creditedPaise += d.creditedPaise;
    r.settledPaise += d.settledPaise;
    r.returnedPaise += d.returnedPaise;
    r.owedPaise += d.owedPaise;
    if (d.colour !== 'green' && d.owedPaise !== 0) r.openDays.push({ date: d.businessDate, owedPaise: d.owedPaise, colour: d.colour });
  }
  return [...out.values()].sort((a, b) => b.owedPaise - a.owedPaise || a.terminalId.localeCompare(b.terminalId));
}
