// The consumer cache: exact lookups by account and meter, trigram search for the rest. It keeps
// the counter record: a mobile's last 4 digits, never the whole number (issue 15 #10; the table
// refuses more since migration consumer_mobile_last4).
import { mobileLast4Of } from '../../shared/account-format.js';
import type { Consumer } from '../../shared/contract.js';
import { counterRecordOf, PostedNotApplied, type ConsumerRecord, type CounterConsumerRecord, type CounterConsumerRecord3 } from '../../shared/consumer-record.js';
import type { Paise } from '../../shared/money.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';

const COLUMNS = `account_no AS accountNo, meter_no AS meterNo, name, name_hi AS nameHi,
  mobile_last4 AS mobileLast4, locality, locality_hi AS localityHi, bill_no AS billNo,
  due_date AS dueDate, amount_due_paise AS amountDuePaise`;

function searchText(c: CounterConsumerRecord): string {
  return [c.accountNo, c.meterNo, c.name, c.nameHi, c.mobileLast4].join(' ');
}

/**
 * Inserts or replaces consumers and their search entries; call inside a transaction for batches.
 * A whole record (the demo set, an old centre's feed) is cut to the counter record first.
 */
export function upsertConsumers(db: Db, records: Iterable<ConsumerRecord | CounterConsumerRecord | CounterConsumerRecord3>, now: Date): number {
  const upsert = stmt(
    db,
    `INSERT INTO consumers (account_no, meter_no, name, name_hi, mobile_last4, locality, locality_hi, bill_no,
                            due_date, amount_due_paise, updated_at, bill_since, posted_not_applied)
     VALUES (@accountNo, @meterNo, @name, @nameHi, @mobileLast4, @locality, @localityHi, @billNo, @dueDate,
             @amountDuePaise, @updatedAt, @updatedAt, @postedNotApplied)
     ON CONFLICT (account_no) DO UPDATE SET meter_no = excluded.meter_no, name = excluded.name,
       name_hi = excluded.name_hi, mobile_last4 = excluded.mobile_last4, locality = excluded.locality,
       locality_hi = excluded.locality_hi, bill_no = excluded.bill_no, due_date = excluded.due_date,
       amount_due_paise = excluded.amount_due_paise, updated_at = excluded.updated_at,
       posted_not_applied = excluded.posted_not_applied,
       bill_since = CASE WHEN consumers.bill_no = excluded.bill_no AND consumers.amount_due_paise = excluded.amount_due_paise
                         THEN consumers.bill_since ELSE excluded.updated_at END
     RETURNING id`,
  );
  const unindex = stmt(db, 'DELETE FROM consumers_fts WHERE rowid = ?');
  const index = stmt(db, 'INSERT INTO consumers_fts (rowid, search_text) VALUES (?, ?)');
  const updatedAt = now.toISOString();
  let n = 0;
  const run = db.transaction(() => {
    for (const record of records) {
      const c = counterRecordOf(record);
      // A record without it (an older centre's, the demo set) says the centre knows of nothing.
      const pna = 'postedNotApplied' in record && record.postedNotApplied ? JSON.stringify(record.postedNotApplied) : null;
      const { id } = upsert.get({ ...c, updatedAt, postedNotApplied: pna }) as { id: number };
      unindex.run(id);
      index.run(id, searchText(c));
      n++;
    }
  });
  run();
  return n;
}

export function getConsumer(db: Db, accountNo: string): Consumer | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM consumers WHERE account_no = ?`).get(accountNo) as Consumer | undefined;
}

/**
 * What the centre knows was paid on the consumer's current bill and not taken off its due by the
 * latest master (issue 19), as the feed last sent it; null when nothing (or for an unknown account).
 */
export function postedNotAppliedOf(db: Db, accountNo: string): PostedNotApplied | null {
  const row = stmt(db, 'SELECT posted_not_applied AS pna FROM consumers WHERE account_no = ?').get(accountNo) as { pna: string | null } | undefined;
  if (!row?.pna) return null;
  const parsed = PostedNotApplied.safeParse(JSON.parse(row.pna));
  return parsed.success ? parsed.data : null;
}

/** A payment taken here on the consumer's current bill: not yet in the amount due the feed sent. */
export interface PaidOnBill {
  receiptNo: string;
  amountPaise: number;
  mode: string;
  businessDate: string;
  recordedAt: string;
}

/**
 * Payments taken on this terminal since the consumer's current bill arrived (bill_since), not
 * cancelled and not come back unpaid: the amount due does not know them yet (issue 16 #2).
 */
export function paidOnBill(db: Db, accountNo: string): PaidOnBill[] {
  return stmt(
    db,
    `SELECT p.receipt_no AS receiptNo, p.amount_paise AS amountPaise, p.mode, p.business_date AS businessDate, p.recorded_at AS recordedAt
       FROM payments p JOIN consumers c ON c.account_no = p.account_no
      WHERE p.account_no = ? AND p.void_seq IS NULL AND p.recorded_at >= c.bill_since
        AND NOT EXISTS (SELECT 1 FROM returned_cheques r WHERE r.payment_seq = p.seq)
      ORDER BY p.seq`,
  ).all(accountNo) as PaidOnBill[];
}

/**
 * What a consumer still owes: the bill's amount due less what was paid on it here since it arrived
 * (never below 0); null for an account not in the list (typed by hand).
 */
export function amountDueOf(db: Db, accountNo: string): Paise | null {
  const row = stmt(db, 'SELECT amount_due_paise AS due FROM consumers WHERE account_no = ?').get(accountNo) as { due: number } | undefined;
  if (!row) return null;
  const paid = paidOnBill(db, accountNo).reduce((sum, p) => sum + p.amountPaise, 0);
  return Math.max(0, row.due - paid) as Paise;
}

/** FTS5 query that ANDs each word of 3+ characters as a literal (trigram) substring. */
function ftsQuery(q: string): string | null {
  const words = q.split(/\s+/).filter((w) => [...w].length >= 3);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND ');
}

/**
 * An account or meter number typed whole identifies the consumer: answer with it alone, from the
 * index. A whole mobile number finds the consumers whose kept last 4 digits are its own (the
 * terminal keeps no more), for the cashier to choose by name. Anything else is a substring search
 * over names, numbers and the mobile's last 4 digits.
 */
export function searchConsumers(db: Db, query: string, limit: number): Consumer[] {
  const q = query.trim();
  const upper = q.toUpperCase();
  const byAccount = stmt(db, `SELECT ${COLUMNS} FROM consumers WHERE account_no = ?`).get(upper) as Consumer | undefined;
  if (byAccount) return [byAccount];
  const byMeter = stmt(db, `SELECT ${COLUMNS} FROM consumers WHERE meter_no = ? LIMIT ?`).all(upper, limit) as Consumer[];
  if (byMeter.length > 0) return byMeter;
  const last4 = mobileLast4Of(q);
  if (last4) return stmt(db, `SELECT ${COLUMNS} FROM consumers WHERE mobile_last4 = ? ORDER BY name LIMIT ?`).all(last4, limit) as Consumer[];
  const fts = ftsQuery(q);
  if (!fts) return [];
  return stmt(
    db,
    `SELECT ${COLUMNS} FROM consumers
      WHERE id IN (SELECT rowid FROM consumers_fts WHERE consumers_fts MATCH ? LIMIT ?)`,
  ).all(fts, limit) as Consumer[];
}
