// PINs are stored as scrypt hashes with a per-user salt; checks take ~50 ms by design.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LEN = 32;
const PARAMS: ScryptOptions = { N: 1 << 14, r: 8, p: 1 };

function scryptAsync(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_LEN, PARAMS, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPin(pin: string): Promise<{ hash: Buffer; salt: Buffer }> {
  const salt = randomBytes(16);
  return { hash: await scryptAsync(pin, salt), salt };
}

export async function pinMatches(pin: string, hash: Buffer, salt: Buffer): Promise<boolean> {
  const candidate = await scryptAsync(pin, salt);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}
