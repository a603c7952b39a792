// Postings are appended by ingest, in the transaction that projects their events
// (upstream/projections.ts): one per payment, void and returned cheque, so the feed never holds
// a posting whose event the centre does not, nor misses one it does. Everything a posting says is
// read back from the rows just written (the event's hash, the payment a reversal names), the way
// the migration's backfill (0015) reads history.
import type { EventDataOf, ParsedEvent } from '../../shared/journal-event.js';
import type { Sql } from '../store.js';

/** The events that post: a payment, and the two events that take one back. */
const POSTING_EVENTS = new Set(['payment.recorded', 'payment.voided', 'cheque.returned']);

/**
 * Appends the postings of a batch's events, in seq order, with the next feed cursors.
 *
 * The cursors come from the one row of `postings_head`, raised by UPDATE: its row lock is held
 * until this transaction commits, so a second ingest with postings waits here and takes higher
 * cursors only once this one's are visible. A reader that sees cursor N therefore sees every
 * posting below N; a sequence (BIGSERIAL) hands out numbers at once and lets them commit in any
 * order, and a reader past 7 would never see a 6 committed after it. Taken last in the ingest
 * transaction, the lock is held for little more than the commit.
 *
 * A reversal posts only when its payment is held and not already reversed: a void naming no
 * payment, or a second reversal of one, would otherwise take money back that was never posted,
 * or take it back twice.
 */
export async function appendPostings(tx: Sql, terminalId: string, events: ParsedEvent[]): Promise<void> {
  const seqs = events.filter((e) => POSTING_EVENTS.has(e.type)).map((e) => e.seq);
  if (seqs.length === 0) return;
  const reversals = events
    .filter((e) => e.type === 'payment.voided' || e.type === 'cheque.returned')
    .map((e) => ({ seq: e.seq, payment_seq: (e.data as EventDataOf<'payment.voided' | 'cheque.returned'>).paymentSeq, kind: e.type === 'payment.voided' ? 'void' : 'cheque-returned' }));
  await tx.query(
    `WITH reversal AS (
       SELECT DISTINCT ON (r.payment_seq) r.seq, r.kind, p.account_no, -p.amount_paise AS amount_paise, p.mode, p.receipt_no,
              e.terminal_at AS at, p.seq AS payment_seq,
              EXISTS (SELECT 1 FROM day_closes d WHERE d.terminal_id = $1 AND d.business_date = p.business_date AND d.seq < r.seq) AS late
       FROM jsonb_to_recordset($3::jsonb) AS r(seq bigint, payment_seq bigint, kind text)
       JOIN payments p ON p.terminal_id = $1 AND p.seq = r.payment_seq AND p.seq < r.seq
       JOIN events e ON e.terminal_id = $1 AND e.seq = r.seq
       WHERE NOT EXISTS (SELECT 1 FROM postings q WHERE q.reverses = $1 || '-' || p.seq)
       ORDER BY r.payment_seq, r.seq),
     fresh AS (
       SELECT p.seq, 'payment' AS kind, p.account_no, p.amount_paise, p.mode, p.receipt_no, p.business_date, p.recorded_at AS at, NULL::text AS reverses, p.late
       FROM payments p WHERE p.terminal_id = $1 AND p.seq IN (SELECT value::bigint FROM jsonb_array_elements_text($2::jsonb))
       UNION ALL
       SELECT r.seq, r.kind, r.account_no, r.amount_paise, r.mode, r.receipt_no,
              ((r.at AT TIME ZONE 'UTC') + interval '5 hours 30 minutes')::date, r.at, $1 || '-' || r.payment_seq, r.late
       FROM reversal r),
     counted AS (SELECT COUNT(*) AS n FROM fresh),
     head AS (UPDATE postings_head SET cursor = cursor + (SELECT n FROM counted) WHERE id = 1 RETURNING cursor)
     INSERT INTO postings (cursor, posting_id, kind, account_no, amount_paise, mode, receipt_no, business_date, at, terminal_id, seq, event_hash, reverses, late)
     SELECT head.cursor - counted.n + row_number() OVER (ORDER BY f.seq), $1 || '-' || f.seq, f.kind, f.account_no, f.amount_paise, f.mode,
            f.receipt_no, f.business_date, f.at, $1, f.seq, e.hash, f.reverses, f.late
     FROM fresh f CROSS JOIN head CROSS JOIN counted JOIN events e ON e.terminal_id = $1 AND e.seq = f.seq`,
    [terminalId, JSON.stringify(seqs), JSON.stringify(reversals)],
  );
}
