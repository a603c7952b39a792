// Projections of the central journal: payments by terminal and day (with their instrument's
// reference, which a provider's settlement line names), voids, shift closes and day closes, returned
// cheques, deposit slips, the daily collections by terminal, day, mode and cashier (the reports
// read those), written in the same transaction as the event they come from, so a report or the verify
// page never disagrees with the journal it is read from. Other event types need no projection yet.
// Every row goes to PostgreSQL through `recordset`, which makes its text storable
// (upstream/storable-text.ts): a signed event's free text can hold U+0000.
import type { EventDataOf, ParsedEvent } from '../shared/journal-event.js';
import { raiseAlert } from './alerts.js';
import { linkArrivals } from './money/settlement-link.js';
import { appendPostings } from './postings/append.js';
import type { Sql } from './store.js';
import { storableJson } from './storable-text.js';

/** The one door from event data to a jsonb_to_recordset parameter. */
const recordset = (rows: unknown[]) => storableJson(rows);

/**
 * Projects one batch of checked events, in journal order: payments before the voids that name
 * them. A payment for a business day this terminal already reported closed (its day.closed held
 * at an earlier seq, in this batch or before) is marked late and raises a `late_entry` alert.
 */
export async function projectBatch(tx: Sql, terminalId: string, events: ParsedEvent[], source = 'local'): Promise<void> {
  const payments: { seq: number; receipt_no: string; account_no: string; amount_paise: number; mode: string; cashier: string; business_date: string; recorded_at: string; late: boolean; reference: string | null }[] = [];
  const voids = [];
  const closes = [];
  const dayCloses = [];
  const chequeReturns = [];
  const deposits = [];
  const closedDays = await closedDaysAmong(tx, terminalId, events);
  for (const ev of events) {
    if (ev.type === 'payment.recorded') {
      const d = ev.data as EventDataOf<'payment.recorded'>;
      payments.push({
        seq: ev.seq, receipt_no: d.receiptNo, account_no: d.account, amount_paise: d.amountPaise, mode: d.mode, cashier: d.cashier,
        business_date: d.businessDate, recorded_at: ev.at, late: closedDays.has(d.businessDate), reference: instrumentReference(d.instrument),
      });
    } else if (ev.type === 'payment.voided') {
      const d = ev.data as EventDataOf<'payment.voided'>;
      voids.push({ seq: ev.seq, payment_seq: d.paymentSeq, receipt_no: d.receiptNo, reason: d.reason, approved_by: d.approvedBy, voided_at: ev.at });
    } else if (ev.type === 'shift.closed') {
      const d = ev.data as EventDataOf<'shift.closed'>;
      closes.push({ seq: ev.seq, shift_id: d.shiftId, closed_by: d.user, expected_paise: d.expectedPaise, counted_paise: d.countedPaise, variance_paise: d.variancePaise, closed_at: ev.at });
    } else if (ev.type === 'cheque.returned') {
      const d = ev.data as EventDataOf<'cheque.returned'>;
      chequeReturns.push({ seq: ev.seq, payment_seq: d.paymentSeq, receipt_no: d.receiptNo, returned_on: d.returnedOn, reason: d.reason, recorded_by: d.recordedBy });
    } else if (ev.type === 'deposit.recorded') {
      const d = ev.data as EventDataOf<'deposit.recorded'>;
      deposits.push({ seq: ev.seq, business_date: d.businessDate, deposited_on: d.depositedOn, bank: d.bank, slip_no: d.slipNo, cash_paise: d.cashPaise, cheque_paise: d.chequePaise, recorded_by: d.recordedBy });
    } else if (ev.type === 'day.closed') {
      const d = ev.data as EventDataOf<'day.closed'>;
      dayCloses.push({ seq: ev.seq, business_date: d.businessDate, closed_at: ev.at });
      closedDays.add(d.businessDate); // payments after it in this batch are late
    }
  }
  if (payments.length) {
    await tx.query(
      `INSERT INTO payments (terminal_id, seq, receipt_no, account_no, amount_paise, mode, cashier, business_date, recorded_at, late, reference)
       SELECT $1, p.seq, p.receipt_no, p.account_no, p.amount_paise, p.mode, p.cashier, p.business_date, p.recorded_at, p.late, p.reference
       FROM jsonb_to_recordset($2::jsonb) AS p(seq bigint, receipt_no text, account_no text, amount_paise bigint, mode text, cashier text, business_date date, recorded_at timestamptz, late boolean, reference text)`,
      [terminalId, recordset(payments)],
    );
    await tx.query(
      `INSERT INTO collections_daily AS c (terminal_id, business_date, mode, cashier, payments, amount_paise, late)
       SELECT $1, p.business_date, p.mode, p.cashier, COUNT(*), SUM(p.amount_paise), COUNT(*) FILTER (WHERE p.late)
       FROM jsonb_to_recordset($2::jsonb) AS p(amount_paise bigint, mode text, cashier text, business_date date, late boolean)
       GROUP BY p.business_date, p.mode, p.cashier
       ON CONFLICT (terminal_id, business_date, mode, cashier) DO UPDATE
         SET payments = c.payments + EXCLUDED.payments, amount_paise = c.amount_paise + EXCLUDED.amount_paise, late = c.late + EXCLUDED.late`,
      [terminalId, recordset(payments)],
    );
  }
  if (voids.length) {
    await tx.query(
      `INSERT INTO voids (terminal_id, seq, payment_seq, receipt_no, reason, approved_by, voided_at)
       SELECT $1, v.seq, v.payment_seq, v.receipt_no, v.reason, v.approved_by, v.voided_at
       FROM jsonb_to_recordset($2::jsonb) AS v(seq bigint, payment_seq bigint, receipt_no text, reason text, approved_by text, voided_at timestamptz)`,
      [terminalId, recordset(voids)],
    );
    // The voided payments move from takings to voids in the daily collections, in one statement.
    await tx.query(
      `WITH voided AS (
         UPDATE payments p SET voided_seq = v.seq FROM jsonb_to_recordset($2::jsonb) AS v(seq bigint, payment_seq bigint)
         WHERE p.terminal_id = $1 AND p.seq = v.payment_seq AND p.voided_seq IS NULL
         RETURNING p.business_date, p.mode, p.cashier, p.amount_paise),
       moved AS (SELECT business_date, mode, cashier, COUNT(*) AS n, SUM(amount_paise) AS paise FROM voided GROUP BY business_date, mode, cashier)
       UPDATE collections_daily c SET payments = c.payments - m.n, amount_paise = c.amount_paise - m.paise, voids = c.voids + m.n, voided_paise = c.voided_paise + m.paise
       FROM moved m WHERE c.terminal_id = $1 AND c.business_date = m.business_date AND c.mode = m.mode AND c.cashier = m.cashier`,
      [terminalId, recordset(voids)],
    );
  }
  if (closes.length) {
    await tx.query(
      `INSERT INTO shift_closes (terminal_id, seq, shift_id, closed_by, expected_paise, counted_paise, variance_paise, closed_at)
       SELECT $1, c.seq, c.shift_id, c.closed_by, c.expected_paise, c.counted_paise, c.variance_paise, c.closed_at
       FROM jsonb_to_recordset($2::jsonb) AS c(seq bigint, shift_id int, closed_by text, expected_paise bigint, counted_paise bigint, variance_paise bigint, closed_at timestamptz)`,
      [terminalId, recordset(closes)],
    );
  }
  if (dayCloses.length) {
    await tx.query(
      `INSERT INTO day_closes (terminal_id, seq, business_date, closed_at)
       SELECT $1, d.seq, d.business_date, d.closed_at FROM jsonb_to_recordset($2::jsonb) AS d(seq bigint, business_date date, closed_at timestamptz)`,
      [terminalId, recordset(dayCloses)],
    );
  }
  if (chequeReturns.length) {
    await tx.query(
      `INSERT INTO cheque_returns (terminal_id, seq, payment_seq, receipt_no, returned_on, reason, recorded_by)
       SELECT $1, c.seq, c.payment_seq, c.receipt_no, c.returned_on, c.reason, c.recorded_by
       FROM jsonb_to_recordset($2::jsonb) AS c(seq bigint, payment_seq bigint, receipt_no text, returned_on date, reason text, recorded_by text)`,
      [terminalId, recordset(chequeReturns)],
    );
  }
  if (deposits.length) {
    await tx.query(
      `INSERT INTO deposits (terminal_id, seq, business_date, deposited_on, bank, slip_no, cash_paise, cheque_paise, recorded_by)
       SELECT $1, d.seq, d.business_date, d.deposited_on, d.bank, d.slip_no, d.cash_paise, d.cheque_paise, d.recorded_by
       FROM jsonb_to_recordset($2::jsonb) AS d(seq bigint, business_date date, deposited_on date, bank text, slip_no text, cash_paise bigint, cheque_paise bigint, recorded_by text)`,
      [terminalId, recordset(deposits)],
    );
  }
  // Provider lines that were waiting for these payments, or settled those now voided (issue 18).
  const references = payments.filter((p) => p.reference !== null && (p.mode === 'upi' || p.mode === 'card')).map((p) => p.reference!);
  await linkArrivals(tx, terminalId, references, voids.map((v) => v.payment_seq));
  await alertLateEntries(tx, terminalId, payments.filter((p) => p.late), source);
  // Last: the feed's cursor lock is held from here to the commit (upstream/postings/append.ts).
  await appendPostings(tx, terminalId, events);
}

/** The reference a payment's instrument carries (UTR, approval code, cheque or DD number), as settlement lines are compared: upper-cased, trimmed. */
export function instrumentReference(i: EventDataOf<'payment.recorded'>['instrument']): string | null {
  const r = ('utr' in i ? i.utr : 'approval' in i ? i.approval : 'number' in i ? i.number : '').trim().toUpperCase();
  return r || null;
}

/** The business days of this batch's payments that the centre already holds a day.closed for. */
async function closedDaysAmong(tx: Sql, terminalId: string, events: ParsedEvent[]): Promise<Set<string>> {
  const days = new Set<string>();
  for (const ev of events) if (ev.type === 'payment.recorded') days.add((ev.data as EventDataOf<'payment.recorded'>).businessDate);
  if (days.size === 0) return new Set();
  const rows = await tx.query<{ day: string }>(
    `SELECT DISTINCT to_char(business_date, 'YYYY-MM-DD') AS day FROM day_closes
     WHERE terminal_id = $1 AND business_date IN (SELECT value::date FROM jsonb_array_elements_text($2::jsonb))`,
    [terminalId, JSON.stringify([...days])],
  );
  return new Set(rows.map((r) => r.day));
}

/** One repeating `late_entry` alert per terminal and business day; its count is the late payments. */
async function alertLateEntries(tx: Sql, terminalId: string, late: { seq: number; receipt_no: string; business_date: string }[], source: string): Promise<void> {
  const byDay = new Map<string, typeof late>();
  for (const p of late) {
    const list = byDay.get(p.business_date);
    if (list) list.push(p);
    else byDay.set(p.business_date, [p]);
  }
  for (const [businessDate, ps] of byDay) {
    await raiseAlert(tx, {
      kind: 'late_entry', terminalId, source, subject: businessDate, times: ps.length,
      detail: { businessDate, seqs: ps.map((p) => p.seq), receipts: ps.map((p) => p.receipt_no), message: `payments for ${businessDate}, which this terminal had already reported closed` },
    });
  }
}

export interface DayCollection {
  terminalId: string;
  businessDate: string;
  mode: string;
  payments: number;
  amountPaise: number;
  voids: number;
  voidedPaise: number;
  /** Payments (voided or not) that arrived after the terminal had reported this day closed. */
  late: number;
}

/** Collections held centrally for one business day, by terminal and mode (voided payments apart). */
export async function dayCollections(sql: Sql, businessDate: string): Promise<DayCollection[]> {
  const rows = await sql.query<{ terminal_id: string; mode: string; n: string; amount: string; voids: string; voided: string; late: string }>(
    `SELECT terminal_id, mode,
            COUNT(*) FILTER (WHERE voided_seq IS NULL) AS n,
            COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NULL), 0) AS amount,
            COUNT(*) FILTER (WHERE voided_seq IS NOT NULL) AS voids,
            COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NOT NULL), 0) AS voided,
            COUNT(*) FILTER (WHERE late) AS late
     FROM payments WHERE business_date = $1 GROUP BY terminal_id, mode ORDER BY terminal_id, mode`,
    [businessDate],
  );
  return rows.map((r) => ({
    terminalId: r.terminal_id, businessDate, mode: r.mode, payments: Number(r.n), amountPaise: Number(r.amount),
    voids: Number(r.voids), voidedPaise: Number(r.voided), late: Number(r.late),
  }));
}
