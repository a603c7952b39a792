// Journal event — contract v1 (DESIGN §4). The body is the RFC 8785 canonical JSON of the
// envelope below; the stored body is the exact signed bytes and is never re-serialised.
// Hashing and signing happen where crypto lives (core/ledger/signer.ts); this module only
// makes and reads the bytes.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { isIsoDate } from './dates.js';
import { ed25519PublicKeyProblemB64 } from './ed25519-public-key.js';

export const JOURNAL_FORMAT_VERSION = 1;
export const GENESIS_PREV = '0'.repeat(64);

export const EVENT_TYPES = [
  'terminal.created',
  'terminal.enrolled',
  'shift.opened',
  'payment.recorded',
  'payment.voided',
  'receipt.reprinted',
  'shift.closed',
  'day.closed',
  'deposit.recorded',
  'cheque.returned',
  'key.rotated',
  'settings.changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
// Real calendar dates and instants, not just their shape: the centre projects them into date and
// timestamptz columns, and a signed 2026-13-45 must be refused as malformed, not fail the projection.
const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/)
  .refine((s) => isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), 'not a real instant');
const isoDate = z.string().refine(isIsoDate, 'not a calendar date (YYYY-MM-DD)');
const paise = z.number().int().safe();

export const EventEnvelope = z.strictObject({
  v: z.literal(JOURNAL_FORMAT_VERSION),
  terminal: z.string().min(1),
  key: hex(16),
  seq: z.number().int().positive().safe(),
  prev: hex(64),
  at: isoInstant,
  type: z.enum(EVENT_TYPES),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/**
 * The settings a `settings.changed` event names: print (PrintSettings), print-folder (the folder a
 * file printer may write in), limits (PaymentLimits), upi (the UPI payee), update (the update
 * address), backup (the backup folder and how many copies are kept), auth (PIN lengths and idle
 * minutes), account-format (what a hand-typed account number must look like).
 */
export const SETTINGS_SECTIONS = ['print', 'print-folder', 'limits', 'upi', 'update', 'backup', 'auth', 'account-format'] as const;

// The data each event type carries in v1. Unknown keys are refused so a projection never
// silently ignores something the journal says.
export const PaymentInstrument = z.union([
  z.strictObject({}),
  z.strictObject({ number: z.string(), bank: z.string(), date: isoDate }),
  z.strictObject({ utr: z.string() }),
  z.strictObject({ last4: z.string(), approval: z.string() }),
]);

export const EventData = {
  'terminal.created': z.strictObject({
    substation: z.string(),
    counter: z.string(),
    publicKey: z.string(), // raw 32-byte Ed25519 key, base64url
  }),
  'terminal.enrolled': z.record(z.string(), z.unknown()),
  'shift.opened': z.strictObject({
    shiftId: z.number().int().positive(),
    user: z.string(),
    openingFloatPaise: paise.nonnegative(),
    businessDate: isoDate,
  }),
  'shift.closed': z.strictObject({
    shiftId: z.number().int().positive(),
    user: z.string(),
    count: z.record(z.string(), z.number().int().nonnegative()),
    countedPaise: paise.nonnegative(),
    expectedPaise: paise,
    variancePaise: paise,
    /** Present together when the variance was beyond the tolerance (issue 16 #5). */
    remark: z.string().optional(),
    approvedBy: z.string().optional(),
  }),
  'payment.recorded': z.strictObject({
    receiptNo: z.string(),
    shiftId: z.number().int().positive(),
    cashier: z.string(),
    account: z.string(),
    consumerKnown: z.boolean(),
    amountPaise: paise.positive(),
    mode: z.enum(['cash', 'cheque', 'dd', 'upi', 'card']),
    instrument: PaymentInstrument,
    businessDate: isoDate,
    idempotencyKey: z.string(),
    /** Typed by hand (consumerKnown false) through the counter's confirm step: why the consumer was not in the list. */
    handTypedReason: z.string().optional(),
  }),
  'payment.voided': z.strictObject({
    receiptNo: z.string(),
    paymentSeq: z.number().int().positive(),
    reason: z.string(),
    approvedBy: z.string(),
    requestedBy: z.string(),
  }),
  'receipt.reprinted': z.strictObject({
    receiptNo: z.string(),
    paymentSeq: z.number().int().positive(),
    reprint: z.number().int().positive(),
    user: z.string(),
  }),
  // A business day closed by a supervisor: the totals of its summary and the SHA-256 of that
  // summary's canonical JSON (shared/day-summary.ts, docs/reports.md).
  'day.closed': z.strictObject({
    businessDate: isoDate,
    closedBy: z.string(),
    payments: z.number().int().nonnegative(),
    totalPaise: paise.nonnegative(),
    voids: z.number().int().nonnegative(),
    firstReceipt: z.string().nullable(),
    lastReceipt: z.string().nullable(),
    summarySha256: hex(64),
  }),
  // A bank deposit slip a supervisor recorded against a business day's cash and cheques.
  'deposit.recorded': z.strictObject({
    businessDate: isoDate,
    depositedOn: isoDate,
    bank: z.string(),
    slipNo: z.string(),
    cashPaise: paise.nonnegative(),
    chequePaise: paise.nonnegative(),
    recordedBy: z.string(),
  }),
  // A cheque or DD the bank returned unpaid; the receipt stands, the consumer owes it again.
  'cheque.returned': z.strictObject({
    receiptNo: z.string(),
    paymentSeq: z.number().int().positive(),
    returnedOn: isoDate,
    reason: z.string(),
    recordedBy: z.string(),
  }),
  // The terminal key changed: signed by the old key (the envelope's `key`), naming the new one,
  // which signs every later event. `proof` is the new key's signature over keyRotationProofText,
  // so nobody can rotate a terminal onto a key they do not hold.
  'key.rotated': z.strictObject({
    newPublicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/), // raw 32-byte Ed25519 key, base64url
    newKeyId: hex(16),
    proof: z.string().regex(/^[A-Za-z0-9_-]{86}$/), // base64url Ed25519 signature, 64 bytes
    rotatedBy: z.string(),
    reason: z.string(),
  }),
  // A supervisor changed a terminal setting: which one, who, and the whole setting before and after
  // (null: none was set). The sections are in SETTINGS_SECTIONS.
  'settings.changed': z.strictObject({
    section: z.enum(SETTINGS_SECTIONS),
    by: z.string(),
    before: z.json(),
    after: z.json(),
  }),
} satisfies Record<EventType, z.ZodType>;

/**
 * What the new key signs in a `key.rotated` event: the rotation's place in this terminal's chain,
 * so the proof cannot be replayed into another terminal or another seq.
 */
export function keyRotationProofText(p: { terminal: string; seq: number; prev: string; oldKeyId: string; newKeyId: string }): string {
  return ['counterfoil-key-rotation/1', p.terminal, String(p.seq), p.prev, p.oldKeyId, p.newKeyId].join('|');
}

/** The crypto a rotation check needs, given by the side that has it (core or the upstream). */
export interface RotationCrypto {
  /** KEYID of a raw public key given in base64url; null when it is not an Ed25519 key. */
  keyIdOf(publicKeyB64url: string): string | null;
  verify(publicKeyB64url: string, text: string, sigB64url: string): boolean;
}

/**
 * Why a `key.rotated` event does not hand the chain over to its new key, or null when it does.
 * The event's own signature (by the old key) is checked by the caller like any other event's.
 */
export function keyRotationProblem(ev: ParsedEvent, crypto: RotationCrypto): string | null {
  const d = ev.data as EventDataOf<'key.rotated'>;
  // First: under a small-order key the proof below would hold without any private key.
  const weak = ed25519PublicKeyProblemB64(d.newPublicKey);
  if (weak) return `the new key ${weak}`;
  const id = crypto.keyIdOf(d.newPublicKey);
  if (id === null) return 'the new key is not an Ed25519 public key';
  if (id !== d.newKeyId) return `newKeyId ${d.newKeyId} does not name the new key (${id})`;
  if (id === ev.key) return 'the new key is the key in use';
  const text = keyRotationProofText({ terminal: ev.terminal, seq: ev.seq, prev: ev.prev, oldKeyId: ev.key, newKeyId: id });
  if (!crypto.verify(d.newPublicKey, text, d.proof)) return 'the proof is not signed by the new key';
  return null;
}

export type EventDataOf<T extends EventType> = z.infer<(typeof EventData)[T]>;

/** The exact bytes (as a string) that are hashed and signed. */
export function eventBody(envelope: EventEnvelope): string {
  const body = canonicalize(envelope);
  if (body === undefined) throw new TypeError('event envelope is not serialisable');
  return body;
}

export type ParsedEvent = EventEnvelope;

export type ParseEventResult = { ok: true; event: ParsedEvent } | { ok: false; reason: string };

/** Reads a stored body back; refuses one that is not canonical, not v1, or whose data is malformed. */
export function parseEventBody(body: string): ParseEventResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const env = EventEnvelope.safeParse(json);
  if (!env.success) return { ok: false, reason: `envelope: ${env.error.issues[0]?.message ?? 'invalid'}` };
  if (canonicalize(json) !== body) return { ok: false, reason: 'body is not in canonical form' };
  const data = EventData[env.data.type].safeParse(env.data.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    return { ok: false, reason: `data: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, event: env.data };
}
