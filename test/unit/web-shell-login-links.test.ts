// The web shell's one-time login codes (web-shell/login-links.ts); the links end to end (cookie,
// redirect, expiry, the CLI) are in test/integration/web-shell.test.ts.
import { describe, expect, it } from 'vitest';
import { createLoginCodes } from '../../web-shell/login-links.js';

describe('issue 15 #6: one-time login codes', () => {
  it('a code is redeemed once; unknown codes never; closing ends the rest', async () => {
    const codes = createLoginCodes(60_000);
    const a = codes.mint();
    const b = codes.mint();
    expect(a.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.code).not.toBe(b.code);
    expect(codes.redeem(a.code)).toBe(true);
    expect(codes.redeem(a.code)).toBe(false);
    expect(codes.redeem('')).toBe(false);
    expect(codes.redeem(b.code.slice(0, -1))).toBe(false);
    expect(await a.done).toBe('used');
    codes.close();
    expect(await b.done).toBe('closed');
    expect(codes.redeem(b.code)).toBe(false);
  });

  it('at most 16 live codes: minting a 17th ends the oldest', async () => {
    const codes = createLoginCodes(60_000);
    const minted = Array.from({ length: 17 }, () => codes.mint());
    expect(await minted[0]!.done).toBe('expired');
    expect(codes.redeem(minted[0]!.code)).toBe(false);
    for (const m of minted.slice(1)) expect(codes.redeem(m.code)).toBe(true);
  });
});
