// Hashing, signature checks and the server's checkpoint key, through node:crypto. (The terminal
// has its own in core/; the fences keep the upstream from importing it.)
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RotationCrypto } from '../shared/journal-event.js';
import type { Checkpoint } from '../shared/upstream-api.js';
import type { Sql } from './store.js';

export const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest();

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

export const keyIdOf = (raw: Uint8Array) => createHash('sha256').update(raw).digest('hex').slice(0, 16);

export function signatureValid(key: KeyObject, body: string, sig: Uint8Array): boolean {
  try {
    return verify(null, Buffer.from(body, 'utf8'), key, sig);
  } catch {
    return false;
  }
}

export interface ServerKey {
  privateKey: KeyObject;
  publicRaw: Buffer;
}

/** The key that signs checkpoints: made on first start and kept in the database. */
export async function serverKey(sql: Sql): Promise<ServerKey> {
  let [row] = await sql.query<{ private_key_pem: string }>('SELECT private_key_pem FROM server_key WHERE id = 1');
  if (!row) {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await sql.query('INSERT INTO server_key (id, private_key_pem) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [pem]);
    [row] = await sql.query<{ private_key_pem: string }>('SELECT private_key_pem FROM server_key WHERE id = 1');
  }
  const privateKey = createPrivateKey(row!.private_key_pem);
  const publicRaw = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
  return { privateKey, publicRaw };
}

export function signCheckpoint(key: ServerKey, c: Omit<Checkpoint, 'sig'>): Checkpoint {
  return { ...c, sig: sign(null, Buffer.from(canonicalize(c)!, 'utf8'), key.privateKey).toString('base64url') };
}

/** node:crypto for the rotation rules in shared/journal-event.ts. */
export const rotationCrypto: RotationCrypto = {
  keyIdOf(publicKeyB64url) {
    const raw = Buffer.from(publicKeyB64url, 'base64url');
    try {
      publicKeyFromRaw(raw);
    } catch {
      return null;
    }
    return keyIdOf(raw);
  },
  verify(publicKeyB64url, text, sigB64url) {
    try {
      return signatureValid(publicKeyFromRaw(Buffer.from(publicKeyB64url, 'base64url')), text, Buffer.from(sigB64url, 'base64url'));
    } catch {
      return false;
    }
  },
};
