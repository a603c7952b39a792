// The day summary over this terminal's ledger (shared/day-summary.ts): every figure is one SQL
// aggregate over the payments projection on the (business_date, seq) index, so a day of
// thousands of payments is summed in milliseconds. The Z report, the day view and each export
// are made from this one model, never from their own queries.
import { addDays, isIsoDate } from '../../shared/dates.js';
import { SUMMARY_FORMAT, SUMMARY_MAX_DAYS, type DaySummary, type PaymentLine } from '../../shared/day-summary.js';
import { CounterfoilError } from '../../shared/errors.js';
import { stmt } from '../db/statements.js';
import { syncStatus } from '../sync/state.js';
import type { Terminal } from '../terminal/terminal.js';

export interface DateRange {
  from: string;
  to: string;
}

/** A checked range: both dates real, from ≤ to, at most SUMMARY_MAX_DAYS days. */
export function dateRange(from: string, to: string = from): DateRange {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new CounterfoilError('INVALID_INPUT', { detail: 'a day is YYYY-MM-DD' });
  if (to < from) throw new CounterfoilError('INVALID_INPUT', { detail: `the range ends (${to}) before it starts (${from})` });
  if (addDays(from, SUMMARY_MAX_DAYS - 1) < to) throw new CounterfoilError('INVALID_INPUT', { detail: `a range is at most ${SUMMARY_MAX_DAYS} days` });
  return { from, to };
}

const IN_RANGE = 'business_date BETWEEN ? AND ?';
const LIVE = `${IN_RANGE} AND void_seq IS NULL`;
/** recorded_at is a UTC instant; India is +05:30 all year. */
const IST_HOUR = "CAST(strftime('%H', recorded_at, '+330 minutes') AS INTEGER)";

export function daySummary(t: Terminal, range: DateRange): DaySummary {
  const { db } = t;
  const r = [range.from, range.to];
  const acked = syncStatus(t).ackedSeq;
  const totals = stmt(db, `SELECT COUNT(*) AS count, COALESCE(SUM(amount_paise), 0) AS totalPaise FROM payments WHERE ${LIVE}`).get(...r) as DaySummary['totals'];
  const shifts = stmt(
    db,
    `SELECT s.id AS shiftId, u.name AS cashier, s.business_date AS businessDate, s.opened_at AS openedAt, s.closed_at AS closedAt,
            s.opening_float_paise AS openingFloatPaise,
            COUNT(p.id) AS count, COALESCE(SUM(p.amount_paise), 0) AS totalPaise,
            COALESCE(SUM(CASE WHEN p.mode = 'cash' THEN p.amount_paise END), 0) AS cashPaise,
            s.expected_paise AS expectedPaise, s.counted_paise AS countedPaise,
            s.counted_paise - s.expected_paise AS variancePaise
       FROM shifts s JOIN users u ON u.id = s.user_id
       LEFT JOIN payments p ON p.shift_id = s.id AND p.void_seq IS NULL
      WHERE s.business_date BETWEEN ? AND ?
      GROUP BY s.id ORDER BY s.id`,
  ).all(...r) as DaySummary['shifts'];
  const voidList = stmt(
    db,
    `SELECT p.receipt_no AS receiptNo, p.business_date AS businessDate, p.account_no AS accountNo, p.mode, p.amount_paise AS amountPaise,
            json_extract(j.body, '$.at') AS voidedAt, json_extract(j.body, '$.data.requestedBy') AS requestedBy,
            json_extract(j.body, '$.data.approvedBy') AS approvedBy, json_extract(j.body, '$.data.reason') AS reason
       FROM payments p JOIN journal j ON j.seq = p.void_seq
      WHERE p.${IN_RANGE} AND p.void_seq IS NOT NULL ORDER BY p.seq`,
  ).all(...r) as DaySummary['voids']['list'];
  const instruments = (stmt(
    db,
    `SELECT receipt_no AS receiptNo, business_date AS businessDate, mode, instrument_json AS instrument, account_no AS accountNo, amount_paise AS amountPaise
       FROM payments WHERE ${LIVE} AND mode IN ('cheque', 'dd') ORDER BY seq`,
  ).all(...r) as { receiptNo: string; businessDate: string; mode: 'cheque' | 'dd'; instrument: string; accountNo: string; amountPaise: number }[]).map(
    ({ instrument, ...p }) => {
      const i = JSON.parse(instrument) as { number: string; bank: string; date: string };
      return { receiptNo: p.receiptNo, businessDate: p.businessDate, mode: p.mode, number: i.number, bank: i.bank, date: i.date, accountNo: p.accountNo, amountPaise: p.amountPaise };
    },
  );
  const sync = stmt(
    db,
    `SELECT COUNT(*) AS payments, COALESCE(SUM(seq <= ?), 0) AS centrallyHeld,
            COALESCE(SUM(CASE WHEN seq > ? AND void_seq IS NULL THEN amount_paise END), 0) AS notYetPaise
       FROM payments WHERE ${IN_RANGE}`,
  ).get(acked, acked, ...r) as DaySummary['sync'];
  return {
    format: SUMMARY_FORMAT,
    terminalId: t.id,
    substation: t.substation,
    counter: t.counter,
    from: range.from,
    to: range.to,
    totals,
    byMode: stmt(db, `SELECT mode, COUNT(*) AS count, SUM(amount_paise) AS totalPaise FROM payments WHERE ${LIVE} GROUP BY mode ORDER BY mode`).all(...r) as DaySummary['byMode'],
    byCashier: stmt(db, `SELECT cashier, COUNT(*) AS count, SUM(amount_paise) AS totalPaise FROM payments WHERE ${LIVE} GROUP BY cashier ORDER BY cashier`).all(...r) as DaySummary['byCashier'],
    byDate: stmt(db, `SELECT business_date AS date, COUNT(*) AS count, SUM(amount_paise) AS totalPaise FROM payments WHERE ${LIVE} GROUP BY business_date ORDER BY business_date`).all(...r) as DaySummary['byDate'],
    byHour: stmt(
      db,
      `SELECT business_date AS date, ${IST_HOUR} AS hour, COUNT(*) AS count, SUM(amount_paise) AS totalPaise
         FROM payments WHERE ${LIVE} GROUP BY business_date, hour ORDER BY business_date, hour`,
    ).all(...r) as DaySummary['byHour'],
    shifts,
    voids: { count: voidList.length, totalPaise: voidList.reduce((s, v) => s + v.amountPaise, 0), list: voidList },
    series: stmt(
      db,
      `SELECT fy, MIN(receipt_no) AS first, MAX(receipt_no) AS last, COUNT(*) AS count
         FROM payments WHERE ${IN_RANGE} GROUP BY fy ORDER BY fy`,
    ).all(...r) as DaySummary['series'],
    instruments,
    sync,
  };
}

/** Each payment of the range in receipt order, with the consumer's names where the terminal knows them. */
export function paymentLines(t: Terminal, range: DateRange): PaymentLine[] {
  const acked = syncStatus(t).ackedSeq;
  // Formatted in SQL: 60,000 lines are read in one pass without a JSON.parse or a Date each.
  const rows = stmt(
    t.db,
    `SELECT p.receipt_no AS receiptNo, p.business_date AS businessDate, p.recorded_at AS recordedAt,
            strftime('%Y-%m-%d %H:%M', p.recorded_at, '+330 minutes') AS recordedAtIst, p.shift_id AS shiftId, p.cashier,
            p.account_no AS accountNo, COALESCE(c.name, '') AS nameEn, COALESCE(c.name_hi, '') AS nameHi, p.mode,
            CASE p.mode
              WHEN 'cash' THEN ''
              WHEN 'upi' THEN 'UTR ' || (p.instrument_json ->> '$.utr')
              WHEN 'card' THEN 'XXXX' || (p.instrument_json ->> '$.last4') || ' ' || (p.instrument_json ->> '$.approval')
              ELSE (p.instrument_json ->> '$.number') || ' ' || (p.instrument_json ->> '$.bank') || ' ' || (p.instrument_json ->> '$.date')
            END AS instrument,
            p.amount_paise AS amountPaise, p.void_seq IS NOT NULL AS voided, p.seq, p.seq <= ? AS centrallyHeld
       FROM payments p LEFT JOIN consumers c ON c.account_no = p.account_no
      WHERE p.${IN_RANGE} ORDER BY p.seq`,
  ).all(acked, range.from, range.to) as (Omit<PaymentLine, 'voided' | 'centrallyHeld'> & { voided: number; centrallyHeld: number })[];
  for (const r of rows) {
    (r as unknown as PaymentLine).voided = r.voided === 1;
    (r as unknown as PaymentLine).centrallyHeld = r.centrallyHeld === 1;
  }
  return rows as unknown as PaymentLine[];
}
