import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWordsEn, amountInWordsHi } from '../../shared/amount-in-words.js';
import { formatINR, groupIndian, MAX_PAISE, paise, parseAmount, type Paise } from '../../shared/money.js';

const ok = (s: string) => {
  const r = parseAmount(s);
  if (!r.ok) throw new Error(`${s} refused: ${r.reason}`);
  return r.paise;
};

describe('parseAmount', () => {
  it('reads what cashiers type, exactly', () => {
    expect(ok('1,23,456.50')).toBe(12345650);
    expect(ok('123456.5')).toBe(12345650);
    expect(ok('₹ 500')).toBe(50000);
    expect(ok('0.01')).toBe(1);
    expect(ok('1,000')).toBe(100000);
    expect(ok('12,34,56,789.99')).toBe(12345678999);
    // 0.1 + 0.2 would be 0.30000000000000004 in floats; here it is exact.
    expect(ok('0.29')).toBe(29);
    expect(ok('1234567.89')).toBe(123456789);
  });

  it('refuses what is not an amount, saying why', () => {
    expect(parseAmount('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseAmount('12.345')).toEqual({ ok: false, reason: 'decimals' });
    expect(parseAmount('12.')).toEqual({ ok: false, reason: 'decimals' });
    expect(parseAmount('-5')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmount('NaN')).toEqual({ ok: false, reason: 'format' });
    expect(parseAmount('1e5')).toEqual({ ok: false, reason: 'format' });
    expect(parseAmount('Infinity')).toEqual({ ok: false, reason: 'format' });
    expect(parseAmount('123,456')).toEqual({ ok: false, reason: 'grouping' });
    expect(parseAmount('1,2345')).toEqual({ ok: false, reason: 'grouping' });
    expect(parseAmount('99999999999999')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseAmount('.5')).toEqual({ ok: false, reason: 'format' });
  });

  it('round-trips every amount through its Indian formatting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PAISE }), (n) => {
        expect(ok(formatINR(paise(n)))).toBe(n);
        expect(ok(formatINR(paise(n), { symbol: false }).replaceAll(',', ''))).toBe(n);
      }),
    );
  });

  it('never returns a non-integer or a negative, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseAmount(s);
        if (r.ok) {
          expect(Number.isSafeInteger(r.paise)).toBe(true);
          expect(r.paise).toBeGreaterThanOrEqual(0);
          expect(r.paise).toBeLessThanOrEqual(MAX_PAISE);
        }
      }),
    );
  });

  it('agrees with a digits-only reading of any well-formed decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 99 }), (r, p) => {
        expect(ok(`${r}.${String(p).padStart(2, '0')}`)).toBe(r * 100 + p);
      }),
    );
  });
});

describe('formatINR', () => {
  it('groups in the Indian way', () => {
    expect(formatINR(12345650 as Paise)).toBe('₹1,23,456.50');
    expect(formatINR(5 as Paise)).toBe('₹0.05');
    expect(formatINR(-50000 as Paise)).toBe('-₹500.00');
    expect(groupIndian('123456789')).toBe('12,34,56,789');
    expect(groupIndian('999')).toBe('999');
  });
});

describe('amount in words', () => {
  it('writes English in lakh and crore', () => {
    expect(amountInWordsEn(12345650 as Paise)).toBe(
      'Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only',
    );
    expect(amountInWordsEn(10000 as Paise)).toBe('Rupees One Hundred Only');
    expect(amountInWordsEn(50 as Paise)).toBe('Fifty Paise Only');
    expect(amountInWordsEn(0 as Paise)).toBe('Rupees Zero Only');
    expect(amountInWordsEn(1_00_00_000_00 as Paise)).toBe('Rupees One Crore Only');
    expect(amountInWordsEn(1_99_999_99 as Paise)).toBe(
      'Rupees One Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine and Ninety-Nine Paise Only',
    );
    expect(amountInWordsEn(MAX_PAISE)).toBe(
      'Rupees Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine and Ninety-Nine Paise Only',
    );
  });

  it('writes Hindi with its own word for each number below a hundred', () => {
    expect(amountInWordsHi(12345650 as Paise)).toBe('एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे मात्र');
    expect(amountInWordsHi(9900 as Paise)).toBe('निन्यानबे रुपये मात्र');
    expect(amountInWordsHi(2_51_00_000_00 as Paise)).toBe('दो करोड़ इक्यावन लाख रुपये मात्र');
    expect(amountInWordsHi(75 as Paise)).toBe('पचहत्तर पैसे मात्र');
  });

  it('has a word for every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PAISE }), (n) => {
        expect(amountInWordsEn(n as Paise)).not.toMatch(/undefined|  /);
        expect(amountInWordsHi(n as Paise)).not.toMatch(/undefined|  /);
      }),
    );
  });
});
