// Postings feed to the billing system — contract /v1/postings (issue 19, DESIGN §9). Stated here
// once for the server, the reference consumer and the tests; docs/billing.md explains it to a
// billing team, upstream/openapi.yaml states the routes.
//
// GET /v1/postings?after=CURSOR&limit=N (NDJSON): one {"posting": Posting} per line in feed order,
// then exactly one {"end": {cursor, more}} (FeedEnd, as the consumer feed). A page without its end
// line was cut: apply nothing past what was read and ask again from the last cursor you kept.
// POST /v1/postings/ack {"through": CURSOR}: how far this client has applied the feed. Both take
// `Authorization: Bearer <key>`, a per-client key made and revoked in the console.
import { z } from 'zod';
import { FeedCursor } from './upstream-api.js';

export const POSTING_VERSION = 1;
export const POSTINGS_PAGE_DEFAULT = 1_000;
export const POSTINGS_PAGE_MAX = 5_000;

/** What a posting does to the account: a payment credits it; a void or a returned cheque reverses one. */
export const POSTING_KINDS = ['payment', 'void', 'cheque-returned'] as const;
export const PostingKind = z.enum(POSTING_KINDS);
export type PostingKind = z.infer<typeof PostingKind>;

const TERMINAL_ID = /^T[0-9A-F]{12}$/;
/**
 * A posting's id is the signed event it comes from: terminal and seq. It never changes, whatever
 * the centre does to its tables, so a billing system keys on it to apply each posting once.
 */
export const PostingId = z.string().regex(/^T[0-9A-F]{12}-\d{1,15}$/, 'a posting id is TERMINAL-SEQ');
export const postingIdOf = (terminalId: string, seq: number): string => `${terminalId}-${seq}`;

export const Posting = z.strictObject({
  v: z.literal(POSTING_VERSION),
  /** The feed position of this posting; `after=` this cursor reads on from it. */
  cursor: FeedCursor,
  postingId: PostingId,
  kind: PostingKind,
  accountNo: z.string(),
  /** Signed: positive for a payment, negative for a reversal. Integer paise. */
  amountPaise: z.number().int().safe(),
  mode: z.enum(['cash', 'cheque', 'dd', 'upi', 'card']),
  receiptNo: z.string(),
  /** The business date (Asia/Kolkata) of the event this posting comes from. */
  businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** When the terminal signed the event (UTC). */
  at: z.string(),
  terminalId: z.string().regex(TERMINAL_ID),
  seq: z.number().int().positive(),
  /** SHA-256 (hex) of the terminal's signed event: the posting's proof. */
  eventHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** For a reversal, the payment's posting id; null for a payment. */
  reverses: PostingId.nullable(),
  /**
   * A late correction: the event belongs to a business day the terminal had already reported closed
   * (a back-dated payment, a void or a returned cheque after the day close), so a billing system
   * that settled that day once must take it as a correction.
   */
  late: z.boolean(),
});
export type Posting = z.infer<typeof Posting>;

export const PostingLine = z.strictObject({ posting: Posting });
export const PostingsAck = z.strictObject({ through: FeedCursor });
export type PostingsAck = z.infer<typeof PostingsAck>;
export const PostingsAckAnswer = z.strictObject({ through: FeedCursor, head: FeedCursor });
export type PostingsAckAnswer = z.infer<typeof PostingsAckAnswer>;
