// Ed25519 and SHA-256 through node:crypto. KeyObjects are built once and kept: rebuilding them
// per call costs more than the signature itself.
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { RotationCrypto } from '../../shared/journal-event.js';

export function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The raw 32-byte Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

/** KEYID (DESIGN §4): first 16 hex characters of SHA-256 of the raw public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256(rawPublicKey(publicKey)).toString('hex').slice(0, 16);
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 public key');
  return key;
}

export interface Signer {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** The raw public key, base64url, as the ledger's meta and the journal name it. */
  readonly publicKeyB64: string;
  sign(data: string | Uint8Array): Buffer;
}

export function newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

export function signerFrom(privateKey: KeyObject): Signer {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey,
    publicKeyB64: rawPublicKey(publicKey).toString('base64url'),
    sign: (data) => sign(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKey),
  };
}

export function verifySignature(publicKey: KeyObject, data: string | Uint8Array, sig: Uint8Array): boolean {
  try {
    return verify(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, publicKey, sig);
  } catch {
    return false;
  }
}

/** node:crypto for the rotation rules in shared/journal-event.ts. */
export const rotationCrypto: RotationCrypto = {
  keyIdOf(publicKeyB64url) {
    try {
      return keyIdOf(publicKeyFromRaw(Buffer.from(publicKeyB64url, 'base64url')));
    } catch {
      return null;
    }
  },
  verify(publicKeyB64url, text, sigB64url) {
    try {
      return verifySignature(publicKeyFromRaw(Buffer.from(publicKeyB64url, 'base64url')), text, Buffer.from(sigB64url, 'base64url'));
    } catch {
      return false;
    }
  },
};
