// The terminal's keys in order, read from the journal: the genesis key, then each rotation's new
// key, with the seqs each signs. Receipt codes, exports and the head mark are checked against them.
import { parseEventBody, type EventDataOf } from '../../shared/journal-event.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';

export interface TerminalKey {
  keyId: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string;
  /** The first seq this key signs (1 for the genesis key). */
  fromSeq: number;
  /** The last seq it signs (the rotation event), or null for the key in force. */
  toSeq: number | null;
  rotatedBy?: string;
  reason?: string;
}

/**
 * The terminal's keys in order, read from the journal (genesis, then each rotation). Checking the
 * rotations' signatures and proofs is verify's work (core/ledger/verify.ts); this only reads them.
 */
export function terminalKeys(db: Db): TerminalKey[] {
  const rows = stmt(db, "SELECT seq, body FROM journal WHERE type IN ('terminal.created', 'key.rotated') ORDER BY seq").all() as { seq: number; body: string }[];
  const keys: TerminalKey[] = [];
  for (const r of rows) {
    const parsed = parseEventBody(r.body);
    if (!parsed.ok) continue;
    const ev = parsed.event;
    if (ev.type === 'terminal.created') {
      const d = ev.data as EventDataOf<'terminal.created'>;
      keys.push({ keyId: ev.key, publicKey: d.publicKey, fromSeq: 1, toSeq: null });
    } else {
      const d = ev.data as EventDataOf<'key.rotated'>;
      const last = keys[keys.length - 1];
      if (last) last.toSeq = ev.seq;
      keys.push({ keyId: d.newKeyId, publicKey: d.newPublicKey, fromSeq: ev.seq + 1, toSeq: null, rotatedBy: d.rotatedBy, reason: d.reason });
    }
  }
  return keys;
}

/** The public key that signed the event at `seq` (and a receipt code naming that seq). */
export function keyForSeq(db: Db, seq: number): TerminalKey | null {
  return terminalKeys(db).find((k) => k.fromSeq <= seq && (k.toSeq === null || seq <= k.toSeq)) ?? null;
}
