// The money monitor (docs/reconciliation.md § The monitor): one row per counter-day of a range, from
// the daily collections, the deposit slips and the bank entries matched with them, the returned
// cheques and the providers' settlement lines for the day's payments (counted as settled once their
// batch's net credit is found in the bank); coloured by classifyCounterDay. Read set-wise: a query
// per source, grouped by counter-day, so a month over a state's fleet is a handful of scans.
import type { CounterDayRow, ModeAmounts, MoneyMonitor, MoneySettings } from '../../shared/money-monitor.js';
import type { Sql } from '../store.js';
import { classifyCounterDay, type CounterDayFigures } from './counter-day.js';

export interface MonitorRange {
  from: string;
  to: string;
  asOf: string;
  terminal?: string;
}

const MODE_OF: Record<string, keyof ModeAmounts> = { cash: 'cash', cheque: 'cheque', dd: 'cheque', upi: 'upi', card: 'card' };
const dayKey = (terminal: string, date: string) => `${terminal}|${date}`;

/** The figures of every counter-day with any collection or slip in the range. */
export async function counterDayFigures(sql: Sql, r: MonitorRange): Promise<CounterDayFigures[]> {
  const p = [r.from, r.to, r.terminal ?? null];
  const where = (alias: string, date = 'business_date') => `${alias}.${date} BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR ${alias}.terminal_id = $3)`;
  const [collected, slips, returned, settled, accepted, terminals] = await Promise.all([
    sql.query<{ terminal_id: string; day: string; mode: string; amount: string; voided: string }>(
      `SELECT c.terminal_id, to_char(c.business_date, 'YYYY-MM-DD') AS day, c.mode, SUM(c.amount_paise) AS amount, SUM(c.voided_paise) AS voided
         FROM collections_daily c WHERE ${where('c')} GROUP BY c.terminal_id, c.business_date, c.mode`, p),
    sql.query<{ terminal_id: string; day: string; slips: string; declared: string; credited: string; not_credited: string; short: string; excess: string }>(
      `WITH slip AS (
         SELECT d.terminal_id, d.business_date, d.cash_paise + d.cheque_paise AS total,
                (SELECT SUM(l.amount_paise) FROM statement_matches m JOIN statement_lines l ON l.id = m.line_id
                  WHERE m.kind = 'deposit' AND m.terminal_id = d.terminal_id AND m.seq = d.seq) AS credited
           FROM deposits d WHERE ${where('d')})
       SELECT terminal_id, to_char(business_date, 'YYYY-MM-DD') AS day, COUNT(*) AS slips, SUM(total) AS declared,
              COALESCE(SUM(credited), 0) AS credited, COALESCE(SUM(total) FILTER (WHERE credited IS NULL), 0) AS not_credited,
              COALESCE(SUM(GREATEST(total - credited, 0)), 0) AS short, COALESCE(SUM(GREATEST(credited - total, 0)), 0) AS excess
         FROM slip GROUP BY terminal_id, business_date`, p),
    sql.query<{ terminal_id: string; day: string; amount: string }>(
      `SELECT p.terminal_id, to_char(p.business_date, 'YYYY-MM-DD') AS day, SUM(p.amount_paise) AS amount
         FROM cheque_returns c JOIN payments p ON p.terminal_id = c.terminal_id AND p.seq = c.payment_seq
        WHERE ${where('p')} GROUP BY p.terminal_id, p.business_date`, p),
    sql.query<{ terminal_id: string; day: string; mode: string; settled: string; fee: string; matched: string; mismatch: string }>(
      `WITH credited AS (SELECT DISTINCT provider, batch FROM statement_matches WHERE kind = 'batch')
       SELECT l.terminal_id, to_char(l.business_date, 'YYYY-MM-DD') AS day, l.mode,
              COALESCE(SUM(l.amount_paise) FILTER (WHERE b.batch IS NOT NULL), 0) AS settled,
              COALESCE(SUM(l.fee_paise) FILTER (WHERE b.batch IS NOT NULL), 0) AS fee,
              COALESCE(SUM(l.amount_paise) FILTER (WHERE b.batch IS NOT NULL AND l.state = 'matched'), 0) AS matched,
              COALESCE(SUM(l.amount_paise) FILTER (WHERE l.state <> 'matched'), 0) AS mismatch
         FROM settlement_lines l LEFT JOIN credited b ON b.provider = l.provider AND b.batch = l.batch
        WHERE l.payment_seq IS NOT NULL AND ${where('l')} GROUP BY l.terminal_id, l.business_date, l.mode`, p),
    sql.query<{ terminal_id: string; day: string; difference: string; note: string; by: string; at: string }>(
      `SELECT DISTINCT ON (a.terminal_id, a.business_date) a.terminal_id, to_char(a.business_date, 'YYYY-MM-DD') AS day, a.difference_paise AS difference,
              a.note, a.accepted_by AS by, to_char(a.accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
         FROM money_acceptances a WHERE ${where('a')} ORDER BY a.terminal_id, a.business_date, a.id DESC`, p),
    sql.query<{ id: string; substation: string; counter: string }>('SELECT id, substation, counter FROM terminals WHERE ($1::text IS NULL OR id = $1)', [r.terminal ?? null]),
  ]);
  const where_ = new Map(terminals.map((t) => [t.id, t]));
  const days = new Map<string, CounterDayFigures & { matchedElectronic: ModeAmounts }>();
  const day = (terminalId: string, businessDate: string) => {
    const k = dayKey(terminalId, businessDate);
    let f = days.get(k);
    if (!f) {
      const t = where_.get(terminalId);
      f = {
        terminalId, substation: t?.substation ?? '', counter: t?.counter ?? '', businessDate,
        collected: { cash: 0, cheque: 0, upi: 0, card: 0 }, voidedPaise: 0, declaredPaise: 0, slips: 0, notCreditedPaise: 0,
        creditShortPaise: 0, creditExcessPaise: 0, creditedPaise: 0, returnedPaise: 0, unsettled: { upi: 0, card: 0 },
        settledPaise: 0, feePaise: 0, settlementMismatchPaise: 0, accepted: null, matchedElectronic: { cash: 0, cheque: 0, upi: 0, card: 0 },
      };
      days.set(k, f);
    }
    return f;
  };
  for (const c of collected) {
    const f = day(c.terminal_id, c.day);
    f.collected[MODE_OF[c.mode] ?? 'cash'] += Number(c.amount);
    f.voidedPaise += Number(c.voided);
  }
  for (const x of slips) {
    const f = day(x.terminal_id, x.day);
    Object.assign(f, {
      slips: Number(x.slips), declaredPaise: Number(x.declared), creditedPaise: Number(x.credited), notCreditedPaise: Number(x.not_credited),
      creditShortPaise: Number(x.short), creditExcessPaise: Number(x.excess),
    });
  }
  for (const x of returned) day(x.terminal_id, x.day).returnedPaise = Number(x.amount);
  for (const x of settled) {
    const f = day(x.terminal_id, x.day);
    f.settledPaise += Number(x.settled);
    f.feePaise += Number(x.fee);
    f.settlementMismatchPaise += Number(x.mismatch);
    f.matchedElectronic[MODE_OF[x.mode] ?? 'upi'] += Number(x.matched);
  }
  for (const x of accepted) {
    const f = days.get(dayKey(x.terminal_id, x.day));
    if (f) f.accepted = { differencePaise: Number(x.difference), note: x.note, by: x.by, at: x.at };
  }
  return [...days.values()].map(({ matchedElectronic, ...f }) => ({
    ...f,
    unsettled: { upi: Math.max(0, f.collected.upi - matchedElectronic.upi), card: Math.max(0, f.collected.card - matchedElectronic.card) },
  }));
}

export async function moneyMonitor(sql: Sql, s: MoneySettings, r: MonitorRange, colour?: CounterDayRow['colour']): Promise<MoneyMonitor> {
  const all = (await counterDayFigures(sql, r)).map((f) => classifyCounterDay(f, s, r.asOf));
  // Red first, then yellow, oldest first, then by counter.
  const rank = { red: 0, yellow: 1, green: 2 } as const;
  all.sort((a, b) => rank[a.colour] - rank[b.colour] || (a.businessDate < b.businessDate ? -1 : a.businessDate > b.businessDate ? 1 : 0) || a.substation.localeCompare(b.substation) || a.counter.localeCompare(b.counter) || a.terminalId.localeCompare(b.terminalId));
  const rows = colour ? all.filter((x) => x.colour === colour) : all;
  const sum = (k: 'collectedPaise' | 'creditedPaise' | 'settledPaise' | 'feePaise' | 'differencePaise' | 'owedPaise') => all.reduce((n, x) => n + x[k], 0);
  return {
    asOf: r.asOf, from: r.from, to: r.to, rows,
    counts: { red: all.filter((x) => x.colour === 'red').length, yellow: all.filter((x) => x.colour === 'yellow').length, green: all.filter((x) => x.colour === 'green').length },
    totals: { collectedPaise: sum('collectedPaise'), creditedPaise: sum('creditedPaise'), settledPaise: sum('settledPaise'), feePaise: sum('feePaise'), differencePaise: sum('differencePaise'), owedPaise: sum('owedPaise') },
  };
}

