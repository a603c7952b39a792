// Each provider settlement line names a payment by its reference (UTR or approval code) and mode;
// the link is made as the line is stored, in the same statement (so a month of millions of lines is
// written once, never rewritten), and tried again by reconcile for lines whose payment was not held
// yet (its counter was offline) and for payments voided since. The payment of the same amount is
// preferred when a reference names more than one (card approval codes repeat). States:
//   matched          the first line for the payment, of its amount, the payment standing;
//   amount-mismatch  the first line, of another amount;
//   settled-voided   the payment was voided: money to refund;
//   duplicate        not the first line for its payment: the provider paid it twice;
//   unknown          no payment held with that reference (yet).
import type { Sql } from '../store.js';

const PAYMENT_FOR = (l: string) => `LEFT JOIN LATERAL (
    SELECT p.terminal_id, p.seq, p.business_date, p.amount_paise, p.voided_seq FROM payments p
     WHERE p.reference = ${l}.reference AND p.mode = ${l}.mode
     ORDER BY (p.amount_paise = ${l}.amount_paise) DESC, p.business_date DESC, p.terminal_id, p.seq LIMIT 1) p ON true`;

const STATE = `CASE WHEN c.seq IS NULL THEN 'unknown'
                    WHEN c.nth > 1 OR EXISTS (SELECT 1 FROM settlement_lines x WHERE x.terminal_id = c.terminal_id AND x.payment_seq = c.seq) THEN 'duplicate'
                    WHEN c.voided_seq IS NOT NULL THEN 'settled-voided'
                    WHEN c.paid <> c.amount_paise THEN 'amount-mismatch'
                    ELSE 'matched' END`;

export interface SettlementRow {
  line: number;
  reference: string;
  amount_paise: number;
  fee_paise: number;
  transacted_on: string;
  settled_on: string;
  batch: string;
}

/** Stores a file's lines, each linked to its payment with its state. */
export async function insertSettlementLines(tx: Sql, fileId: number, provider: string, mode: string, rows: SettlementRow[]): Promise<void> {
  await tx.query(
    `WITH l AS (
       SELECT r.*, $3::text AS mode FROM jsonb_to_recordset($4::jsonb)
         AS r(line int, reference text, amount_paise bigint, fee_paise bigint, transacted_on date, settled_on date, batch text)),
     c AS (
       SELECT l.*, p.terminal_id, p.seq, p.business_date, p.amount_paise AS paid, p.voided_seq,
              row_number() OVER (PARTITION BY p.terminal_id, p.seq ORDER BY l.line) AS nth
         FROM l ${PAYMENT_FOR('l')})
     INSERT INTO settlement_lines (file_id, line, provider, mode, reference, amount_paise, fee_paise, transacted_on, settled_on, batch, terminal_id, payment_seq, business_date, state)
     SELECT $1, c.line, $2, c.mode, c.reference, c.amount_paise, c.fee_paise, c.transacted_on, c.settled_on, c.batch, c.terminal_id, c.seq, c.business_date, ${STATE}
       FROM c`,
    [fileId, provider, mode, JSON.stringify(rows)],
  );
}

/** Links the waiting lines (no payment yet) that `where` selects; how many found their payment. */
async function linkWaiting(sql: Sql, where: string, params: unknown[]): Promise<number> {
  const [found] = await sql.query<{ n: string }>(
    `WITH c AS (
       SELECT l.id, l.reference, l.mode, l.amount_paise, p.terminal_id, p.seq, p.business_date, p.amount_paise AS paid, p.voided_seq,
              row_number() OVER (PARTITION BY p.terminal_id, p.seq ORDER BY l.id) AS nth
         FROM settlement_lines l ${PAYMENT_FOR('l')}
        WHERE l.payment_seq IS NULL AND ${where}),
     upd AS (
       UPDATE settlement_lines s SET terminal_id = c.terminal_id, payment_seq = c.seq, business_date = c.business_date, state = ${STATE}
         FROM c WHERE s.id = c.id AND c.seq IS NOT NULL RETURNING 1)
     SELECT COUNT(*) AS n FROM upd`,
    params,
  );
  return Number(found?.n ?? 0);
}

/**
 * As ingest projects payments and voids (upstream/projections.ts, the same transaction): lines that
 * were waiting for these references find their payment the moment it arrives, and lines of payments
 * voided now become settled-voided — so a counter that syncs after its provider's report does not
 * stay "not settled" until the next reconcile.
 */
export async function linkArrivals(tx: Sql, terminalId: string, references: string[], voidedSeqs: number[]): Promise<void> {
  if (references.length) await linkWaiting(tx, 'l.reference = ANY($1::text[])', [references]);
  if (voidedSeqs.length) {
    await tx.query(
      `UPDATE settlement_lines SET state = 'settled-voided'
        WHERE terminal_id = $1 AND payment_seq = ANY($2::bigint[]) AND state IN ('matched', 'amount-mismatch')`,
      [terminalId, voidedSeqs],
    );
  }
}

/**
 * Tries again the lines settled in [from, to] that name no payment yet, and marks settled-voided the
 * lines of payments voided since they were matched. Returns how many lines found their payment.
 */
export async function relinkSettlementLines(sql: Sql, from: string, to: string): Promise<number> {
  const found = await linkWaiting(sql, 'l.settled_on BETWEEN $1::date AND $2::date', [from, to]);
  await sql.query(
    `UPDATE settlement_lines l SET state = 'settled-voided'
       FROM voids v WHERE l.terminal_id = v.terminal_id AND l.payment_seq = v.payment_seq AND l.state IN ('matched', 'amount-mismatch')`,
  );
  return found;
}
