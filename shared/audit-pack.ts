// The audit pack — contract `counterfoil-audit-pack/1` (docs/audit.md): one ustar file (shared/tar.ts)
// holding a terminal's signed events exactly as signed for a contiguous span of seqs covering a
// range of business dates, its key registry with the proofs of each rotation, the centre's
// checkpoints over the span signed with the server key, each day's totals, and a manifest naming
// every file by SHA-256, signed by the server key. An auditor checks it offline with nothing but
// the pack (`counterfoil verify-pack`, or tar + sha256sum + openssl as docs/audit.md shows).
import { z } from 'zod';
import { isIsoDate } from './dates.js';
import type { EventDataOf, ParsedEvent } from './journal-event.js';
import { parseReceiptNo } from './receipt-number.js';
import { Checkpoint } from './upstream-api.js';

export const AUDIT_PACK_FORMAT = 'counterfoil-audit-pack/1';
/** The longest range one pack covers: a financial year and a day (a leap year). */
export const AUDIT_PACK_MAX_DAYS = 366;

/** The members, in the order they are written: the manifest and its signature first. */
export const PACK_MANIFEST = 'manifest.json';
export const PACK_MANIFEST_SIG = 'manifest.sig';
export const PACK_EVENTS = 'events.ndjson';
export const PACK_KEYS = 'keys.json';
export const PACK_CHECKPOINTS = 'checkpoints.ndjson';
export const PACK_DAYS = 'days.json';
/** The files the manifest names by hash (all but itself and its signature). */
export const PACK_DATA_FILES = [PACK_EVENTS, PACK_KEYS, PACK_CHECKPOINTS, PACK_DAYS] as const;

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
const isoDate = z.string().refine(isIsoDate, 'not a calendar date (YYYY-MM-DD)');
const seq = z.number().int().positive().safe();
/** Standard base64 with padding: what `base64 -d` and Python's b64decode read as they are. */
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
const rawKeyB64url = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** One signed event, exactly as the terminal signed it: `body` is the signed bytes in base64. */
export const PackEvent = z.strictObject({ seq, hash: hex(64), sig: base64, body: base64 });
export type PackEvent = z.infer<typeof PackEvent>;

/** keys.json: each key of the terminal, the seqs it signs, and the events that prove the handovers. */
export const PackKeys = z.strictObject({
  terminal: z.string(),
  keys: z.array(z.strictObject({ keyId: hex(16), publicKey: rawKeyB64url, fromSeq: seq, toSeq: seq.nullable() })).min(1),
  /** terminal.created (seq 1, naming the genesis key) and every key.rotated, as signed. */
  proofs: z.array(PackEvent).min(1),
});
export type PackKeys = z.infer<typeof PackKeys>;

/** checkpoints.ndjson: the shared/upstream-api.ts Checkpoint, signed by the server key at pack time. */
export const PackCheckpoint = Checkpoint.strict();

/** One business date's money as the pack's events state it (docs/audit.md says how it is counted). */
export const PackDay = z.strictObject({
  date: isoDate,
  /** Receipts of that business date not voided (before its close, when it was closed). */
  payments: z.number().int().nonnegative(),
  totalPaise: z.number().int().nonnegative().safe(),
  voids: z.number().int().nonnegative(),
  voidedPaise: z.number().int().nonnegative().safe(),
  /** Returned cheques and DDs of that date's receipts recorded in the span (the receipt stands). */
  returnedCheques: z.number().int().nonnegative(),
  returnedPaise: z.number().int().nonnegative().safe(),
  firstReceipt: z.string().nullable(),
  lastReceipt: z.string().nullable(),
  closedSeq: seq.nullable(),
  closedBy: z.string().nullable(),
});
export type PackDay = z.infer<typeof PackDay>;
export const PackDays = z.strictObject({ days: z.array(PackDay) });

export const PackManifest = z.strictObject({
  format: z.literal(AUDIT_PACK_FORMAT),
  terminal: z.strictObject({ id: z.string().regex(/^T[0-9A-F]{12}$/), substation: z.string(), counter: z.string() }),
  range: z.strictObject({ from: isoDate, to: isoDate }),
  span: z.strictObject({ firstSeq: seq, lastSeq: seq, events: z.number().int().positive() }),
  /**
   * The event before the span (null when it starts at seq 1): its seq and hash, checkpointed, and the
   * event itself, whose signed date shows that the span starts no later than the range does.
   */
  anchor: z.strictObject({ seq, hash: hex(64), event: PackEvent }).nullable(),
  /**
   * The event after the span, when the centre holds one: chained to the span's last event, its signed
   * date shows that the span runs to the range's end. Null: the span ends at the centre's head.
   */
  next: PackEvent.nullable(),
  files: z.array(z.strictObject({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: hex(64) })),
  centre: z.strictObject({ keyId: hex(16), publicKey: rawKeyB64url, fingerprint: hex(64) }),
  madeAt: z.string(),
  madeBy: z.string(),
});
export type PackManifest = z.infer<typeof PackManifest>;

/** The fingerprint people compare aloud: the SHA-256 of the raw key in groups of four. */
export const spacedFingerprint = (hex64: string) => hex64.replace(/(.{4})(?!$)/g, '$1 ');

/** The pack's file name: counterfoil-audit-T3FA9C01B22E4-2026-11-01_2026-11-30.tar */
export const auditPackFileName = (terminal: string, from: string, to: string) => `counterfoil-audit-${terminal}-${from}_${to}.tar`;

/** The business date an event falls on: the Asia/Kolkata date of its `at` (+05:30 all year). */
export const eventBusinessDate = (at: string) => new Date(Date.parse(at) + 330 * 60_000).toISOString().slice(0, 10);

/**
 * Each date of from..to as the events state it: the totals the day's close signs (receipts not
 * voided before the close, voids, first and last receipt) and the returned cheques. The centre
 * writes days.json with it and verify-pack recomputes it, both from the same events.
 */
export function packDays(events: readonly ParsedEvent[], from: string, to: string): PackDay[] {
  interface Pay { date: string; receiptNo: string; amount: number; voidSeq: number | null }
  const payments = new Map<number, Pay>();
  const closes = new Map<string, EventDataOf<'day.closed'> & { seq: number }>();
  const returned: { paymentSeq: number }[] = [];
  for (const ev of events) {
    if (ev.type === 'payment.recorded') {
      const d = ev.data as EventDataOf<'payment.recorded'>;
      payments.set(ev.seq, { date: d.businessDate, receiptNo: d.receiptNo, amount: d.amountPaise, voidSeq: null });
    } else if (ev.type === 'payment.voided') {
      const p = payments.get((ev.data as EventDataOf<'payment.voided'>).paymentSeq);
      if (p && p.voidSeq === null) p.voidSeq = ev.seq;
    } else if (ev.type === 'cheque.returned') {
      returned.push({ paymentSeq: (ev.data as EventDataOf<'cheque.returned'>).paymentSeq });
    } else if (ev.type === 'day.closed') {
      const d = ev.data as EventDataOf<'day.closed'>;
      if (!closes.has(d.businessDate)) closes.set(d.businessDate, { ...d, seq: ev.seq });
    }
  }
  // Grouped by date once: a year of a busy counter is a few hundred thousand payments.
  const byDate = new Map<string, Pay[]>();
  for (const p of payments.values()) byDate.set(p.date, [...(byDate.get(p.date) ?? []), p]);
  const backByDate = new Map<string, Pay[]>();
  for (const r of returned) {
    const p = payments.get(r.paymentSeq);
    if (p) backByDate.set(p.date, [...(backByDate.get(p.date) ?? []), p]);
  }
  const days: PackDay[] = [];
  for (let date = from; date <= to; date = nextDate(date)) {
    const close = closes.get(date);
    const ofDay = byDate.get(date) ?? [];
    const voided = (p: Pay) => p.voidSeq !== null && (!close || p.voidSeq < close.seq);
    const live = ofDay.filter((p) => !voided(p));
    const dead = ofDay.filter(voided);
    const back = backByDate.get(date) ?? [];
    days.push({
      date,
      payments: live.length,
      totalPaise: live.reduce((s, p) => s + p.amount, 0),
      voids: dead.length,
      voidedPaise: dead.reduce((s, p) => s + p.amount, 0),
      returnedCheques: back.length,
      returnedPaise: back.reduce((s, p) => s + p.amount, 0),
      ...receiptBounds(ofDay.map((p) => p.receiptNo)),
      closedSeq: close?.seq ?? null,
      closedBy: close?.closedBy ?? null,
    });
  }
  return days;
}

/** The first and last receipt of a day as its close states them: the lowest series' first, the highest's last. */
function receiptBounds(receipts: string[]): { firstReceipt: string | null; lastReceipt: string | null } {
  const parsed = receipts.map((r) => ({ r, p: parseReceiptNo(r) })).filter((x) => x.p !== null);
  if (parsed.length === 0) return { firstReceipt: null, lastReceipt: null };
  const fys = [...new Set(parsed.map((x) => x.p!.fy))].sort();
  const inFy = (fy: string) => parsed.filter((x) => x.p!.fy === fy).map((x) => x.r).sort();
  return { firstReceipt: inFy(fys[0]!)[0]!, lastReceipt: inFy(fys.at(-1)!).at(-1)! };
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
