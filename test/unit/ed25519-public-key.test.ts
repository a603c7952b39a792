// Issue 15 #9: the one check every side runs on an Ed25519 public key that comes from outside.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawPublicKey } from '../../core/ledger/signer.js';
import { ed25519PublicKeyProblem, ed25519PublicKeyProblemB64 } from '../../shared/ed25519-public-key.js';
import { keyRotationProblem, type ParsedEvent } from '../../shared/journal-event.js';
import { b64url, NON_CANONICAL_Y, SMALL_ORDER_ENCODINGS } from '../support/ed25519-small-order.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('issue 15 #9: Ed25519 public keys', () => {
  it('#9 refuses each of the 14 small-order encodings (the 8 points, canonical or not)', () => {
    expect(SMALL_ORDER_ENCODINGS).toHaveLength(14);
    for (const raw of SMALL_ORDER_ENCODINGS) {
      expect(ed25519PublicKeyProblem(raw), hex(raw)).not.toBeNull();
      expect(ed25519PublicKeyProblemB64(b64url(raw)), hex(raw)).not.toBeNull();
    }
    // The canonical ones are named for what they are.
    expect(ed25519PublicKeyProblem(new Uint8Array(32))).toMatch(/small order/);
  });

  it('#9 refuses every encoding with y ≥ p, with either sign bit', () => {
    for (const y of NON_CANONICAL_Y) {
      const negative = Uint8Array.from(y);
      negative[31]! |= 0x80;
      for (const raw of [y, negative]) expect(ed25519PublicKeyProblem(raw), hex(raw)).toMatch(/not canonical|small order|not a point/);
    }
  });

  it('#9 refuses a "negative zero" x, a y that names no point, and a key that is not 32 bytes', () => {
    // y = 1 and y = p-1 have x = 0: the sign bit set is another spelling of the same small point.
    expect(ed25519PublicKeyProblem(SMALL_ORDER_ENCODINGS[3]!)).toMatch(/not canonical/);
    // y = 2 is not the y of any point on the curve.
    const two = new Uint8Array(32);
    two[0] = 2;
    expect(ed25519PublicKeyProblem(two)).toMatch(/not a point/);
    expect(ed25519PublicKeyProblem(new Uint8Array(31))).toMatch(/32 bytes/);
    expect(ed25519PublicKeyProblemB64('A'.repeat(42))).toMatch(/32 bytes/);
    expect(ed25519PublicKeyProblemB64(`${'A'.repeat(42)}B`)).toMatch(/base64url/); // spare bits set: not the canonical spelling
    expect(ed25519PublicKeyProblemB64(`${'A'.repeat(42)}+`)).toMatch(/base64url/);
  });

  it('#9 accepts 1000 real keys', () => {
    for (let i = 0; i < 1000; i++) {
      const raw = rawPublicKey(generateKeyPairSync('ed25519').publicKey);
      expect(ed25519PublicKeyProblem(raw), raw.toString('hex')).toBeNull();
      expect(ed25519PublicKeyProblemB64(raw.toString('base64url'))).toBeNull();
    }
  });

  it('#9 keyRotationProblem refuses a rotation onto a small-order key before it looks at the proof', () => {
    const ev = {
      v: 1, terminal: 'T00000000000A', key: '0123456789abcdef', seq: 5, prev: '0'.repeat(64), at: '2026-11-26T06:00:00.000Z', type: 'key.rotated',
      data: { newPublicKey: b64url(new Uint8Array(32)), newKeyId: '0'.repeat(16), proof: 'A'.repeat(86), rotatedBy: 'meena', reason: 'x' },
    } as ParsedEvent;
    // A crypto that would accept anything: the refusal must come from the key check itself.
    const lenient = { keyIdOf: () => '0'.repeat(16), verify: () => true };
    expect(keyRotationProblem(ev, lenient)).toMatch(/small order/);
  });
});
