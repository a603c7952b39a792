// The walk along a journal's chain, one event at a time: seq contiguous, prev the hash of the event
// before, the stored hash the SHA-256 of the body, the body canonical v1, the signature by the key
// in force at that seq (the genesis key, then each key.rotated's new key), and each rotation's
// proof. `verify` (verify.ts) walks the ledger from seq 1 with it; `verify-pack` (core/audit/)
// walks an audit pack's span from its anchor. One walk, so both say the same thing of an event.
import type { KeyObject } from 'node:crypto';
import { keyRotationProblem, parseEventBody, GENESIS_PREV, type EventDataOf, type ParsedEvent } from '../../shared/journal-event.js';
import { ed25519PublicKeyProblemB64 } from '../../shared/ed25519-public-key.js';
import { keyIdOf, publicKeyFromRaw, rotationCrypto, sha256, verifySignature } from './signer.js';

export type ChainFaultKind = 'gap' | 'hash' | 'genesis' | 'signature' | 'body' | 'chain' | 'envelope' | 'key-rotation';
export interface ChainFault {
  seq: number;
  kind: ChainFaultKind;
  detail: string;
}

export interface ChainRow {
  seq: number;
  body: string;
  hash: Uint8Array;
  sig: Uint8Array;
}

export interface KeyInForce {
  /** The raw public key, base64url. */
  raw: string;
  object: KeyObject;
  id: string;
}

export class ChainWalk {
  expectedSeq: number;
  prevHash: string;
  key: KeyInForce | null = null;

  /**
   * From the start of a journal, or — for a span cut out of one — from the seq it starts at, the
   * hash of the event before it and the key in force there (base64url raw public key).
   */
  constructor(readonly terminalId: string, from?: { seq: number; prev: string; key: string | null }) {
    this.expectedSeq = from?.seq ?? 1;
    this.prevHash = from?.prev ?? GENESIS_PREV;
    if (from?.key) this.useKey(from.key);
  }

  /** Makes `raw` the key that signs the next event; false when it is not an Ed25519 key. */
  useKey(raw: string): boolean {
    try {
      const object = publicKeyFromRaw(Buffer.from(raw, 'base64url'));
      this.key = { raw, object, id: keyIdOf(object) };
      return true;
    } catch {
      return false;
    }
  }

  /** Checks one event, appending its faults; the event as read, or null when its body is not v1. */
  step(row: ChainRow, faults: { push(f: ChainFault): unknown }): ParsedEvent | null {
    const { seq } = row;
    if (seq !== this.expectedSeq) faults.push({ seq, kind: 'gap', detail: `expected seq ${this.expectedSeq}, found ${seq}` });
    this.expectedSeq = seq + 1;
    const actualHash = sha256(row.body);
    if (!actualHash.equals(row.hash)) faults.push({ seq, kind: 'hash', detail: 'stored hash is not the SHA-256 of the body' });
    const parsed = parseEventBody(row.body);
    if (parsed.ok && parsed.event.type === 'terminal.created' && this.key === null) {
      const d = parsed.event.data as EventDataOf<'terminal.created'>;
      // A small-order genesis key would let a journal be "signed" with no private key at all. The
      // chain still follows it, so the fault is reported once, here.
      const weak = ed25519PublicKeyProblemB64(d.publicKey);
      if (weak) faults.push({ seq, kind: 'genesis', detail: `the genesis public key ${weak}` });
      if (!this.useKey(d.publicKey) && !weak) faults.push({ seq, kind: 'genesis', detail: 'the genesis public key is not an Ed25519 key' });
    }
    const signer = this.key;
    if (!signer || !verifySignature(signer.object, row.body, row.sig)) {
      faults.push({ seq, kind: 'signature', detail: signer ? `signature does not verify with the terminal key ${signer.id}` : 'no terminal key is known before this event' });
    }
    if (!parsed.ok) {
      faults.push({ seq, kind: 'body', detail: parsed.reason });
      this.prevHash = actualHash.toString('hex');
      return null;
    }
    const ev = parsed.event;
    if (ev.prev !== this.prevHash) faults.push({ seq, kind: 'chain', detail: 'prev does not match the hash of the event before' });
    this.prevHash = actualHash.toString('hex');
    if (ev.seq !== seq) faults.push({ seq, kind: 'envelope', detail: `body says seq ${ev.seq}` });
    if (ev.terminal !== this.terminalId) faults.push({ seq, kind: 'envelope', detail: `body names terminal ${ev.terminal}` });
    if (signer && ev.key !== signer.id) faults.push({ seq, kind: 'envelope', detail: `body names key ${ev.key}, the key in force is ${signer.id}` });
    if ((seq === 1) !== (ev.type === 'terminal.created')) {
      faults.push({ seq, kind: 'genesis', detail: 'terminal.created must be the first event and only the first' });
    }
    if (ev.type === 'key.rotated') {
      const problem = keyRotationProblem(ev, rotationCrypto);
      if (problem) faults.push({ seq, kind: 'key-rotation', detail: problem });
      // The chain follows the rotation even when it is faulty: the fault is reported once, here,
      // rather than as a signature fault on every later event.
      this.useKey((ev.data as EventDataOf<'key.rotated'>).newPublicKey);
    }
    return ev;
  }
}
