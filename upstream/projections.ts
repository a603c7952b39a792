// Projections of the central journal: payments by terminal and day, voids and shift closes,
// written in the same transaction as the event they come from, so a report or the verify page
// never disagrees with the journal it is read from. Other event types need no projection yet.
import type { EventDataOf, ParsedEvent } from '../shared/journal-event.js';
import type { Sql } from './store.js';

export async function project(tx: Sql, terminalId: string, ev: ParsedEvent): Promise<void> {
  switch (ev.type) {
    case 'payment.recorded': {
      const d = ev.data as EventDataOf<'payment.recorded'>;
      await tx.query(
        `INSERT INTO payments (terminal_id, seq, receipt_no, account_no, amount_paise, mode, cashier, business_date, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [terminalId, ev.seq, d.receiptNo, d.account, d.amountPaise, d.mode, d.cashier, d.businessDate, ev.at],
      );
      return;
    }
    case 'payment.voided': {
      const d = ev.data as EventDataOf<'payment.voided'>;
      await tx.query(
        `INSERT INTO voids (terminal_id, seq, payment_seq, receipt_no, reason, approved_by, voided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [terminalId, ev.seq, d.paymentSeq, d.receiptNo, d.reason, d.approvedBy, ev.at],
      );
      await tx.query('UPDATE payments SET voided_seq = $3 WHERE terminal_id = $1 AND seq = $2', [terminalId, d.paymentSeq, ev.seq]);
      return;
    }
    case 'shift.closed': {
      const d = ev.data as EventDataOf<'shift.closed'>;
      await tx.query(
        `INSERT INTO shift_closes (terminal_id, seq, shift_id, closed_by, expected_paise, counted_paise, variance_paise, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [terminalId, ev.seq, d.shiftId, d.user, d.expectedPaise, d.countedPaise, d.variancePaise, ev.at],
      );
      return;
    }
    default:
      return;
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
}

/** Collections held centrally for one business day, by terminal and mode (voided payments apart). */
export async function dayCollections(sql: Sql, businessDate: string): Promise<DayCollection[]> {
  const rows = await sql.query<{ terminal_id: string; mode: string; n: string; amount: string; voids: string; voided: string }>(
    `SELECT terminal_id, mode,
            COUNT(*) FILTER (WHERE voided_seq IS NULL) AS n,
            COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NULL), 0) AS amount,
            COUNT(*) FILTER (WHERE voided_seq IS NOT NULL) AS voids,
            COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NOT NULL), 0) AS voided
     FROM payments WHERE business_date = $1 GROUP BY terminal_id, mode ORDER BY terminal_id, mode`,
    [businessDate],
  );
  return rows.map((r) => ({
    terminalId: r.terminal_id, businessDate, mode: r.mode, payments: Number(r.n), amountPaise: Number(r.amount),
    voids: Number(r.voids), voidedPaise: Number(r.voided),
  }));
}
