// The encodings of Ed25519's eight small-order points, canonical and not, taken from libsodium's
// blocklist (ge25519_has_small_order: it compares y with the sign bit cleared): the y values 0, 1,
// p-1, the two of the order-8 points, and the non-canonical p (= 0) and p+1 (= 1). Each with both
// sign bits gives the 14 encodings. Written out here, not derived by the code under test.
const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000', // y = 0, order 4
  '0100000000000000000000000000000000000000000000000000000000000000', // y = 1, the identity
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p-1, order 2
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p, non-canonical 0
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p+1, non-canonical 1
].map(hex);

/** All 14: each y with the x sign bit clear and set. */
export const SMALL_ORDER_ENCODINGS: Uint8Array[] = SMALL_ORDER_Y.flatMap((y) => {
  const negative = Uint8Array.from(y);
  negative[31]! |= 0x80;
  return [y, negative];
});

/** Encodings with y ≥ p (2^255 - 19 … 2^255 - 1): never canonical, whatever point they name. */
export const NON_CANONICAL_Y: Uint8Array[] = Array.from({ length: 19 }, (_, i) => {
  const y = hex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  y[0] = 0xed + i;
  return y;
});

export const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
