// Is an Ed25519 public key one a signature can be trusted under? (issue 15 #9)
// node:crypto takes any 32 bytes as a key, including the eight points of small order: under the
// identity a "signature" with R = identity and S = 0 verifies for every message, and under the
// all-zero key an all-'A' signature verifies for about one message in four, with no private key
// at all. So every key that comes in from outside (enrolment, a journal's terminal.created or
// key.rotated) is checked here first, on both ends: the encoding is canonical (y < p, no
// "negative zero" x), it names a point on the curve, and that point is not of small order.
// Pure BigInt arithmetic on public values, so it runs in core, the upstream and the browser alike.

const P = 2n ** 255n - 19n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

const D = mod(-121665n * pow(121666n, P - 2n)); // the curve constant -121665/121666
const SQRT_M1 = pow(2n, (P - 1n) / 4n); // a square root of -1

/** The x of the point with this y and x sign (RFC 8032 §5.1.3), or null when there is none. */
function recoverX(y: bigint, sign: number): bigint | null {
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  const v3 = (v * v * v) % P;
  let x = (u * v3 % P) * pow(u * v3 * v3 % P * v % P, (P - 5n) / 8n) % P;
  const vx2 = (v * x % P) * x % P;
  if (vx2 === mod(-u)) x = (x * SQRT_M1) % P;
  else if (vx2 !== u) return null;
  if ((Number(x & 1n)) !== sign) x = mod(-x);
  return x;
}

/** [8]P is the identity exactly when P's order divides 8 (the cofactor): three doublings tell. */
function hasSmallOrder(x: bigint, y: bigint): boolean {
  // Projective doubling on -x² + y² = 1 + d·x²·y² (dbl-2008-bbjlp); the identity is X = 0, Y = Z.
  let [X, Y, Z] = [x, y, 1n];
  for (let i = 0; i < 3; i++) {
    const B = mod((X + Y) * (X + Y));
    const C = (X * X) % P;
    const Dd = (Y * Y) % P;
    const E = mod(-C);
    const F = mod(E + Dd);
    const H = (Z * Z) % P;
    const J = mod(F - 2n * H);
    [X, Y, Z] = [mod((B - C - Dd) * J), mod(F * (E - Dd)), (F * J) % P];
  }
  return X === 0n && Y === Z;
}

/** Why these 32 bytes are not a public key to trust, or null when they are. */
export function ed25519PublicKeyProblem(raw: Uint8Array): string | null {
  if (raw.length !== 32) return `is ${raw.length} bytes: an Ed25519 public key is 32 bytes`;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(raw[i]!);
  const sign = Number(y >> 255n);
  y &= (1n << 255n) - 1n;
  if (y >= P) return 'is not canonical (its y is not below the field prime)';
  const x = recoverX(y, sign);
  if (x === null) return 'is not a point on the Ed25519 curve';
  if (x === 0n && sign === 1) return 'is not canonical (it sets the sign of a zero x)';
  if (hasSmallOrder(x, y)) return 'is of small order: signatures made without any private key would verify under it';
  return null;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same check for a key written as unpadded base64url (43 characters), as the contracts carry it. */
export function ed25519PublicKeyProblemB64(b64url: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(b64url)) return 'is not base64url';
  if (b64url.length !== 43) return `is ${Math.floor((b64url.length * 6) / 8)} bytes: an Ed25519 public key is 32 bytes (43 base64url characters)`;
  // 43 characters carry 258 bits: the last character's 2 spare bits must be zero, or two spellings name one key.
  if (B64URL.indexOf(b64url[42]!) & 0b11) return 'is not canonical base64url';
  const bytes = new Uint8Array(32);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (const ch of b64url) {
    acc = (acc << 6) | B64URL.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (acc >> bits) & 0xff;
    }
  }
  return ed25519PublicKeyProblem(bytes);
}
