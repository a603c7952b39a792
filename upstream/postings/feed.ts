// Reading the postings feed and acknowledging it (shared/postings.ts, docs/billing.md). A page is
// the postings after a cursor in cursor order, then the end line, in the consumer feed's shape
// (upstream/consumers.ts feedPage); reading it changes nothing, so a reader may read a page again.
import { POSTING_VERSION, type Posting, type PostingsAckAnswer } from '../../shared/postings.js';
import type { Sql } from '../store.js';

interface PostingRow {
  cursor: string;
  posting_id: string;
  kind: Posting['kind'];
  account_no: string;
  amount_paise: string | number;
  mode: Posting['mode'];
  receipt_no: string;
  business_date: string;
  at: Date | string;
  terminal_id: string;
  seq: string | number;
  event_hash: string;
  reverses: string | null;
  late: boolean;
}

/** A row as the contract states it, its fields in the contract's order. */
const postingOf = (r: PostingRow): Posting => ({
  v: POSTING_VERSION, cursor: r.cursor, postingId: r.posting_id, kind: r.kind, accountNo: r.account_no, amountPaise: Number(r.amount_paise),
  mode: r.mode, receiptNo: r.receipt_no, businessDate: r.business_date, at: new Date(r.at).toISOString(), terminalId: r.terminal_id,
  seq: Number(r.seq), eventHash: r.event_hash, reverses: r.reverses, late: r.late,
});

/** One page as NDJSON: the postings after `after`, at most `limit`, then the end line. */
export async function postingsPage(sql: Sql, after: string, limit: number): Promise<{ ndjson: string; postings: number; cursor: string; more: boolean }> {
  // Ordered by the column, not by the text it is selected as: as text, cursor 100 would come before 98.
  const rows = await sql.query<PostingRow>(
    `SELECT cursor::text AS cursor, posting_id, kind, account_no, amount_paise, mode, receipt_no, to_char(business_date, 'YYYY-MM-DD') AS business_date,
            at, terminal_id, seq, encode(event_hash, 'hex') AS event_hash, reverses, late
     FROM postings p WHERE p.cursor > $1 ORDER BY p.cursor LIMIT $2`,
    [after, limit + 1],
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const cursor = page.length ? page[page.length - 1]!.cursor : after;
  const lines = page.map((r) => `${JSON.stringify({ posting: postingOf(r) })}\n`);
  lines.push(`${JSON.stringify({ end: { cursor, more } })}\n`);
  return { ndjson: lines.join(''), postings: page.length, cursor, more };
}

/** The feed's newest cursor ("0" before any posting). */
export async function postingsHead(sql: Sql): Promise<string> {
  const [h] = await sql.query<{ cursor: string }>('SELECT cursor::text AS cursor FROM postings_head WHERE id = 1');
  return h!.cursor;
}

export type AckResult = { ok: true; answer: PostingsAckAnswer } | { ok: false; head: string };

/**
 * Moves a client's acknowledgement forward to `through`. An older or equal `through` changes
 * nothing and answers where the client stands (a retried ack is harmless); one past the feed's
 * head is refused: the client cannot have applied postings that do not exist.
 */
export async function ackPostings(sql: Sql, clientId: string, through: string, now: Date): Promise<AckResult> {
  return sql.transaction(async (tx) => {
    const head = await postingsHead(tx);
    if (BigInt(through) > BigInt(head)) return { ok: false, head };
    const [c] = await tx.query<{ acked_through: string }>(
      `UPDATE postings_clients SET acked_through = GREATEST(acked_through, $2::bigint),
              acked_at = CASE WHEN $2::bigint > acked_through THEN $3::timestamptz ELSE acked_at END
       WHERE id = $1 RETURNING acked_through::text AS acked_through`,
      [clientId, through, now.toISOString()],
    );
    return { ok: true, answer: { through: c!.acked_through, head } };
  });
}
