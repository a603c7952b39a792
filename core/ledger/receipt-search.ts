// Finding receipts at the counter: by receipt no. (exact), by account (its receipts, newest
// first), or by business date; with what the list shows — consumer name, void, duplicates.
import type { Output } from '../../shared/contract.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';

export type ReceiptSummary = Output<'receipt.find'>[number];

const SELECT = `SELECT p.receipt_no AS receiptNo, p.account_no AS accountNo, c.name AS consumerName, c.name_hi AS consumerNameHi,
    p.amount_paise AS amountPaise, p.mode, p.recorded_at AS recordedAt, p.business_date AS businessDate, p.cashier,
    p.void_seq IS NOT NULL AS voided, (SELECT COUNT(*) FROM reprints r WHERE r.payment_seq = p.seq) AS reprints
  FROM payments p LEFT JOIN consumers c ON c.account_no = p.account_no`;

export function findReceipts(db: Db, q: { query?: string | undefined; date?: string | undefined; limit: number }): ReceiptSummary[] {
  const text = q.query?.trim().toUpperCase() ?? '';
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (text) {
    where.push('(p.receipt_no = ? OR p.account_no = ? OR p.receipt_no LIKE ?)');
    params.push(text, text, `%-${text.replace(/[^0-9]/g, '').padStart(6, '0')}`);
  }
  if (q.date) {
    where.push('p.business_date = ?');
    params.push(q.date);
  }
  const rows = stmt(db, `${SELECT} WHERE ${where.join(' AND ')} ORDER BY p.seq DESC LIMIT ?`).all(...params, q.limit) as (Omit<ReceiptSummary, 'voided'> & { voided: number })[];
  return rows.map((r) => ({ ...r, voided: Boolean(r.voided) }));
}
