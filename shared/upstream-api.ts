// Upstream API — contract /v1 (DESIGN §6): request and answer bodies, shared by the server and
// the terminal's sync agent. Sizes are bounded here so no body can ask for unbounded work.
import { z } from 'zod';

const base64url = (bytes: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`));

export const MAX_BATCH_EVENTS = 500;
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const EnrollRequest = z.strictObject({
  code: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'an enrollment code looks like ABCD-EFGH-JKLM'),
  terminalId: z.string().regex(/^T[0-9A-F]{12}$/),
  publicKey: base64url(32),
  substation: z.string().regex(/^[A-Z0-9]{2,12}$/),
  counter: z.string().regex(/^[A-Z0-9]{1,6}$/),
});
/**
 * The address of the centre's public verify page (GET /v1/verify), as the centre announces it in
 * the enrollment answer and each head answer (optional members, issue 16 #12): a terminal puts
 * `<verifyUrl>?c=<code>` in its receipts' QR so a phone opens that page. The form a terminal takes
 * as its print settings' verifyUrl; an answer with anything else is read as announcing none.
 */
export const AnnouncedVerifyUrl = z.string().max(200).regex(/^https?:\/\/[^\s?#]+$/);
const announced = AnnouncedVerifyUrl.optional().catch(undefined);

/**
 * The app version a terminal may report with its head check (`GET …/head?app=0.1.0`, inside the
 * signed path), an optional addition within /v1: the centre's census shows it. A version that is
 * not this shape is refused (400), never stored.
 */
export const AppVersion = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/);

export const EnrollResponse = z.object({ serverKey: z.string(), verifyUrl: announced });

export const UploadedEvent = z.strictObject({
  seq: z.number().int().positive().safe(),
  body: z.string().min(2).max(16 * 1024),
  sig: base64url(64),
});
export const JournalUpload = z.strictObject({ events: z.array(UploadedEvent).min(1).max(MAX_BATCH_EVENTS) });

export const Checkpoint = z.object({
  terminalId: z.string(),
  seq: z.number().int(),
  hash: z.string(),
  serverTime: z.string(),
  /** base64url Ed25519 by the server over the JCS of the four fields above. */
  sig: z.string(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export const JournalAck = z.object({ ackedThrough: z.number().int(), headHash: z.string(), checkpoint: Checkpoint });
export type JournalAck = z.infer<typeof JournalAck>;

export const ErrorBody = z.object({ error: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---- Signed reads (GET under /v1/terminals/{id}/…) ----
// The terminal signs "GET\n{path?query}\n{time}" with its journal key; the server checks it with
// the registered key and refuses a time more than READ_WINDOW_MS from its own clock (401,
// `clock_skew`), answering with its `Date` so a terminal with a wrong clock can correct itself.
// The server takes each signed text once (401 `replayed_read` after): a terminal never signs the
// same path at the same millisecond twice.
export const READ_HEADERS = { time: 'x-counterfoil-time', signature: 'x-counterfoil-signature' } as const;
// Short (it was 10 min): a read captured on the wire is of no use after it, and the server
// remembers every read it took for twice this long. Terminals stamp reads with the skew they
// measured from the server's Date header, so a wrong clock costs one retry, not a refusal.
export const READ_WINDOW_MS = 2 * 60_000;
export const readSigningText = (pathAndQuery: string, time: string) => `GET\n${pathAndQuery}\n${time}`;

/** GET /v1/terminals/{id}/head: what the centre holds of this terminal (restore safety). */
export const HeadResponse = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  frozen: z.string().nullable(),
  serverTime: z.string(),
  /** The centre's verify page (AnnouncedVerifyUrl); absent from a centre that announces none. */
  verifyUrl: announced,
});
export type HeadResponse = z.infer<typeof HeadResponse>;

// ---- Consumer feed: GET /v1/terminals/{id}/consumers?after=CURSOR&limit=N[&record=2] (NDJSON) ----
// One JSON object per line: {"consumer": record} for each record changed after the cursor, in
// change order, then exactly one {"end": {cursor, more}}. A page without its end line was cut and
// is not applied past what was read; the cursor moves only at the end line.
// `record` names the record's version: 1 (the default, for terminals from before it existed) is
// ConsumerRecord with the whole mobile number; 2 is CounterConsumerRecord, with its last 4 digits
// only (issue 15 #10); 3 is CounterConsumerRecord3, that and what the centre knows was paid on the
// bill and not taken off its due by the latest master, or null (issue 19), which terminals ask for.
export const FEED_RECORD_VERSIONS = ['1', '2', '3'] as const;
export const FeedRecordVersion = z.enum(FEED_RECORD_VERSIONS);
export type FeedRecordVersion = z.infer<typeof FeedRecordVersion>;
export const FEED_RECORD_COUNTER: FeedRecordVersion = '3';
export const FEED_PAGE_DEFAULT = 5_000;
export const FEED_PAGE_MAX = 20_000;
export const FeedCursor = z.string().regex(/^\d{1,18}$/, 'a cursor is what the last page ended with');
export const FeedEnd = z.strictObject({ end: z.strictObject({ cursor: FeedCursor, more: z.boolean() }) });

// ---- Bundle: the unsent journal carried by hand (counterfoil export-bundle → import-bundle) ----
export const BUNDLE_FORMAT = 'counterfoil-bundle/1';
export const Bundle = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  terminalId: z.string().regex(/^T[0-9A-F]{12}$/),
  events: z.array(UploadedEvent),
});
