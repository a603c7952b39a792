// Where an import's "paid but still due" check is run and kept (migration 0016): each batch of the
// import is judged against the accounts' baselines before it is written, in the import's own
// transaction, so a refused import leaves no check behind and baselines never drift from the master.
import { POSTED_RECEIPTS_MAX, PostedNotApplied, type ConsumerRecord } from '../../shared/consumer-record.js';
import { PaidDueCheck, type PaidDueAccount, type PaidDuePayment, type PaidDueReport, type PaidDueUnknown } from '../../shared/paid-still-due.js';
import type { Sql } from '../store.js';
import { judgeBill, nextBaseline, type BillBaseline } from './paid-still-due.js';

/** UTC ISO with microseconds: a baseline's time is compared with received_at exactly. */
const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const PostedReceipt = PostedNotApplied.shape.receipts.element;
const isoOf = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${ISO_US})`;

/** One import's check while it runs: its id and the import transaction's time. */
export interface OpenCheck {
  id: number;
  now: string;
}

export async function openCheck(tx: Sql, by: string, subject: string): Promise<OpenCheck> {
  const [row] = await tx.query<{ id: string; now: string }>(
    `INSERT INTO paid_due_checks (checked_by, subject, records, accounts, shortfall_paise, unknown_payments, unknown_paise)
     VALUES ($1, $2, 0, 0, 0, 0, 0) RETURNING id, ${isoOf('checked_at')} AS now`,
    [by, subject],
  );
  return { id: Number(row!.id), now: row!.now };
}

/** What a batch's record is written with beside itself: its baseline and what counters are told. */
export interface JudgedRecord {
  record: ConsumerRecord;
  due: number;
  since: string;
  pna: PostedNotApplied | null;
  /** New, or different from the record held. */
  changed: boolean;
}

const paymentOf = (r: { terminal_id: string; seq: string | number; receipt_no: string; amount_paise: string | number; mode: string; business_date: string; received_at: string }): PaidDuePayment => ({
  terminalId: r.terminal_id, seq: Number(r.seq), receiptNo: r.receipt_no, amountPaise: Number(r.amount_paise), mode: r.mode, businessDate: r.business_date, receivedAt: r.received_at,
});

/** The payments that count against a bill: signed, not voided, no cheque come back. */
const COUNTED = `p.voided_seq IS NULL AND NOT EXISTS (SELECT 1 FROM cheque_returns r WHERE r.terminal_id = p.terminal_id AND r.payment_seq = p.seq)`;

/** Judges a batch (one record per account) and keeps the accounts listed under the check. */
export async function judgeBatch(tx: Sql, check: OpenCheck, batch: ConsumerRecord[]): Promise<JudgedRecord[]> {
  const held = await tx.query<{ account_no: string; bill_no: string; due: string; since: string; same: boolean }>(
    `SELECT c.account_no, c.record ->> 'billNo' AS bill_no, c.bill_due_paise AS due, ${isoOf('c.bill_since')} AS since, c.record = i.r AS same
       FROM jsonb_array_elements($1::jsonb) AS i(r) JOIN consumers c ON c.account_no = i.r ->> 'accountNo'`,
    [JSON.stringify(batch)],
  );
  const baselines = new Map<string, BillBaseline & { same: boolean }>(held.map((h) => [h.account_no, { billNo: h.bill_no, duePaise: Number(h.due), since: h.since, same: h.same }]));
  const compared = batch.filter((r) => baselines.get(r.accountNo)?.billNo === r.billNo).map((r) => ({ account_no: r.accountNo, since: baselines.get(r.accountNo)!.since }));
  const paid = new Map<string, PaidDuePayment[]>();
  if (compared.length) {
    const rows = await tx.query<Parameters<typeof paymentOf>[0] & { account_no: string }>(
      `SELECT p.account_no, p.terminal_id, p.seq, p.receipt_no, p.amount_paise, p.mode, to_char(p.business_date, 'YYYY-MM-DD') AS business_date, ${isoOf('e.received_at')} AS received_at
         FROM jsonb_to_recordset($1::jsonb) AS a(account_no text, since timestamptz)
         JOIN payments p ON p.account_no = a.account_no
         JOIN events e ON e.terminal_id = p.terminal_id AND e.seq = p.seq
        WHERE e.received_at >= a.since AND ${COUNTED}
        ORDER BY e.received_at, p.terminal_id, p.seq`,
      [JSON.stringify(compared)],
    );
    for (const r of rows) paid.set(r.account_no, [...(paid.get(r.account_no) ?? []), paymentOf(r)]);
  }
  const listed: PaidDueAccount[] = [];
  const judged = batch.map((record): JudgedRecord => {
    const held = baselines.get(record.accountNo) ?? null;
    const verdict = judgeBill(held, record, paid.get(record.accountNo) ?? []);
    const base = nextBaseline(held, record, verdict, check.now);
    let pna: PostedNotApplied | null = null;
    if (verdict.kind === 'not-applied') {
      listed.push(verdict.account);
      pna = {
        billNo: record.billNo, amountPaise: verdict.account.shortfallPaise,
        // Only receipts a counter's record can carry (a terminal's signed receipt number is any text).
        receipts: verdict.account.payments.map((p) => ({ receiptNo: p.receiptNo, businessDate: p.businessDate, amountPaise: p.amountPaise }))
          .filter((x) => PostedReceipt.safeParse(x).success).slice(-POSTED_RECEIPTS_MAX),
      };
    }
    return { record, due: base.duePaise, since: base.since, pna, changed: !held?.same };
  });
  if (listed.length) {
    await tx.query(
      `INSERT INTO paid_due_accounts (check_id, account_no, bill_no, previous_due_paise, paid_paise, new_due_paise, shortfall_paise, payments)
       SELECT $1, a."accountNo", a."billNo", a."previousDuePaise", a."paidPaise", a."newDuePaise", a."shortfallPaise", a.payments
         FROM jsonb_to_recordset($2::jsonb) AS a("accountNo" text, "billNo" text, "previousDuePaise" bigint, "paidPaise" bigint, "newDuePaise" bigint, "shortfallPaise" bigint, payments jsonb)`,
      [check.id, JSON.stringify(listed)],
    );
  }
  return judged;
}

/** Lists the payments to accounts no master has brought, and the check's totals, once every record is written. */
export async function closeCheck(tx: Sql, check: OpenCheck, records: number): Promise<PaidDueCheck> {
  await tx.query(
    `INSERT INTO paid_due_unknown (check_id, terminal_id, seq, account_no, receipt_no, amount_paise, mode, business_date)
     SELECT $1, p.terminal_id, p.seq, p.account_no, p.receipt_no, p.amount_paise, p.mode, p.business_date FROM payments p
      WHERE ${COUNTED} AND NOT EXISTS (SELECT 1 FROM consumers c WHERE c.account_no = p.account_no)`,
    [check.id],
  );
  const [row] = await tx.query<CheckRow>(
    `UPDATE paid_due_checks k SET records = $2,
            accounts = (SELECT COUNT(*) FROM paid_due_accounts a WHERE a.check_id = k.id),
            shortfall_paise = (SELECT COALESCE(SUM(shortfall_paise), 0) FROM paid_due_accounts a WHERE a.check_id = k.id),
            unknown_payments = (SELECT COUNT(*) FROM paid_due_unknown u WHERE u.check_id = k.id),
            unknown_paise = (SELECT COALESCE(SUM(amount_paise), 0) FROM paid_due_unknown u WHERE u.check_id = k.id)
      WHERE id = $1 RETURNING ${CHECK_COLUMNS}`,
    [check.id, records],
  );
  return checkOf(row!);
}

interface CheckRow {
  id: string; checked_at: string; checked_by: string; subject: string; records: string; accounts: string;
  shortfall_paise: string; unknown_payments: string; unknown_paise: string;
}
const CHECK_COLUMNS = `id, ${isoOf('checked_at')} AS checked_at, checked_by, subject, records, accounts, shortfall_paise, unknown_payments, unknown_paise`;
const checkOf = (r: CheckRow): PaidDueCheck => PaidDueCheck.parse({
  id: Number(r.id), checkedAt: r.checked_at, checkedBy: r.checked_by, subject: r.subject, records: Number(r.records), accounts: Number(r.accounts),
  shortfallPaise: Number(r.shortfall_paise), unknownPayments: Number(r.unknown_payments), unknownPaise: Number(r.unknown_paise),
});

/** The checks, newest first (`limit` of them). */
export async function paidDueChecks(sql: Sql, limit = 50): Promise<PaidDueCheck[]> {
  const rows = await sql.query<CheckRow>(`SELECT ${CHECK_COLUMNS} FROM paid_due_checks ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(checkOf);
}

/** One check with both its lists (the latest when `id` is omitted); null when there is none. */
export async function paidDueReport(sql: Sql, id?: number): Promise<PaidDueReport | null> {
  const [row] = await sql.query<CheckRow>(
    id === undefined ? `SELECT ${CHECK_COLUMNS} FROM paid_due_checks ORDER BY id DESC LIMIT 1` : `SELECT ${CHECK_COLUMNS} FROM paid_due_checks WHERE id = $1`,
    id === undefined ? [] : [id],
  );
  if (!row) return null;
  const check = checkOf(row);
  const [accounts, unknown] = await Promise.all([
    sql.query<{ account_no: string; bill_no: string; previous_due_paise: string; paid_paise: string; new_due_paise: string; shortfall_paise: string; payments: PaidDuePayment[] | string }>(
      'SELECT account_no, bill_no, previous_due_paise, paid_paise, new_due_paise, shortfall_paise, payments FROM paid_due_accounts WHERE check_id = $1 ORDER BY shortfall_paise DESC, account_no',
      [check.id],
    ),
    sql.query<{ terminal_id: string; seq: string; account_no: string; receipt_no: string; amount_paise: string; mode: string; business_date: string }>(
      `SELECT terminal_id, seq, account_no, receipt_no, amount_paise, mode, to_char(business_date, 'YYYY-MM-DD') AS business_date
         FROM paid_due_unknown WHERE check_id = $1 ORDER BY account_no, business_date, terminal_id, seq`,
      [check.id],
    ),
  ]);
  return {
    check,
    accounts: accounts.map((a) => ({
      accountNo: a.account_no, billNo: a.bill_no, previousDuePaise: Number(a.previous_due_paise), paidPaise: Number(a.paid_paise),
      newDuePaise: Number(a.new_due_paise), shortfallPaise: Number(a.shortfall_paise),
      payments: typeof a.payments === 'string' ? (JSON.parse(a.payments) as PaidDuePayment[]) : a.payments,
    })),
    unknown: unknown.map((u): PaidDueUnknown => ({
      terminalId: u.terminal_id, seq: Number(u.seq), accountNo: u.account_no, receiptNo: u.receipt_no, amountPaise: Number(u.amount_paise), mode: u.mode, businessDate: u.business_date,
    })),
  };
}
