// Key rotation: a supervisor replaces the terminal key. The old key signs a `key.rotated` event
// naming the new key (and the new key signs a proof of its place in the chain); every later event
// and receipt is signed by the new key. Verifiers and the centre follow the chain from the genesis
// key through each rotation (docs/journal.md). Order, so that a crash anywhere leaves one key in
// force that the ledger agrees with:
//   1. the new key is staged durably beside the old one;
//   2. the event and meta.public_key commit in one transaction;
//   3. the staged key is promoted over the old one.
// A crash between 1 and 2 leaves a staged key the ledger does not name: discarded at the next
// open. Between 2 and 3, the ledger names the staged key: promoted at the next open.
import { CounterfoilError } from '../../shared/errors.js';
import { GENESIS_PREV, keyRotationProofText } from '../../shared/journal-event.js';
import type { User } from '../auth/users.js';
import { stmt } from '../db/statements.js';
import { appendEvent, journalHead } from '../ledger/journal.js';
import { keepReceiptCodes } from '../ledger/payments.js';
import { newKeyPair, rawPublicKey, signerFrom } from '../ledger/signer.js';
import { assertWritable, type Terminal } from './terminal.js';

export interface KeyRotation {
  seq: number;
  oldKeyId: string;
  newKeyId: string;
}

export const ROTATION_REASON_MAX = 200;

export function rotateTerminalKey(t: Terminal, supervisor: User, reason: string): KeyRotation {
  if (supervisor.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  const why = reason.trim();
  if (why.length === 0 || why.length > ROTATION_REASON_MAX) {
    throw new CounterfoilError('INVALID_INPUT', { detail: `say why the key is changed (1–${ROTATION_REASON_MAX} characters)` });
  }
  assertWritable(t);
  const { privateKey } = newKeyPair();
  const next = signerFrom(privateKey);
  const newPublicKey = rawPublicKey(next.publicKey).toString('base64url');
  const old = t.signer;
  try {
    t.keyStore.stage(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  } catch (e) {
    throw new CounterfoilError('KEY_ROTATION_FAILED', { detail: `the new key could not be kept in ${t.keyStore.where} (${(e as Error).message})` });
  }
  let ev;
  try {
    ev = t.db
      .transaction(() => {
        // The outgoing key signs, and the ledger keeps, the codes of the payments it signed: a
        // duplicate printed later must carry the code the consumer holds.
        keepReceiptCodes(t);
        const head = journalHead(t.db);
        const seq = head.seq + 1;
        const prev = head.hash ? head.hash.toString('hex') : GENESIS_PREV;
        const proof = next.sign(keyRotationProofText({ terminal: t.id, seq, prev, oldKeyId: old.keyId, newKeyId: next.keyId })).toString('base64url');
        const appended = appendEvent(t.db, old, t.id, 'key.rotated', { newPublicKey, newKeyId: next.keyId, proof, rotatedBy: supervisor.name, reason: why }, t.clock());
        stmt(t.db, "UPDATE meta SET value = ? WHERE key = 'public_key'").run(newPublicKey);
        return appended;
      })
      .immediate();
  } catch (e) {
    t.keyStore.discardStaged();
    throw e;
  }
  // Committed: the new key is in force from here, whether or not the promotion below reaches the
  // disk now (the next open finishes it from the staged copy).
  t.signer = next;
  t.markHead(ev.seq, ev.hash);
  try {
    t.keyStore.promoteStaged();
  } catch {
    // The rotation stands; openTerminal promotes the staged key it finds named by the ledger.
  }
  return { seq: ev.seq, oldKeyId: old.keyId, newKeyId: next.keyId };
}

// The key list is the ledger's to read (the head mark checks it too): core/ledger/keys.ts.
export { keyForSeq, terminalKeys, type TerminalKey } from '../ledger/keys.js';
