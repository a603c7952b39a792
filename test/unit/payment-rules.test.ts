import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthsBefore } from '../../shared/dates.js';
import type { Paise } from '../../shared/money.js';
import { checkCashDayTotal, checkPaymentRules, countedCash, DEFAULT_LIMITS, type PaymentFacts } from '../../shared/payment-rules.js';

const today = '2026-11-26';
const base: PaymentFacts = { amountPaise: 50000 as Paise, mode: 'cash', instrument: {}, amountDuePaise: null, today };
const code = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};
const dayOffset = (d: number) => new Date(Date.parse(`${today}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);

describe('payment rules', () => {
  it('accepts a cheque dated from exactly three months ago up to today, and nothing else', () => {
    const oldest = monthsBefore(today, 3);
    fc.assert(
      fc.property(fc.integer({ min: -200, max: 30 }), (offset) => {
        const date = dayOffset(offset);
        const r = code(() => checkPaymentRules({ ...base, mode: 'cheque', instrument: { number: '123456', bank: 'SBI', date } }, DEFAULT_LIMITS));
        const expected = date > today ? 'INSTRUMENT_POSTDATED' : date < oldest ? 'INSTRUMENT_STALE' : 'ok';
        expect(r).toBe(expected);
      }),
    );
  });

  it('takes a full payment of any size but a part payment only from the minimum', () => {
    const limits = DEFAULT_LIMITS;
    expect(code(() => checkPaymentRules({ ...base, amountPaise: 5000 as Paise, amountDuePaise: 5000 as Paise }, limits))).toBe('ok');
    expect(code(() => checkPaymentRules({ ...base, amountPaise: 9999 as Paise, amountDuePaise: 50000 as Paise }, limits))).toBe('AMOUNT_BELOW_MINIMUM');
    expect(code(() => checkPaymentRules({ ...base, amountPaise: 10000 as Paise, amountDuePaise: 50000 as Paise }, limits))).toBe('ok');
    expect(code(() => checkPaymentRules({ ...base, amountPaise: 9999 as Paise, amountDuePaise: null }, limits))).toBe('AMOUNT_BELOW_MINIMUM');
  });

  it('keeps cash below ₹2,00,000 per receipt and per consumer per day', () => {
    expect(code(() => checkPaymentRules({ ...base, amountPaise: 1_99_999_99 as Paise }, DEFAULT_LIMITS))).toBe('ok');
    expect(code(() => checkPaymentRules({ ...base, amountPaise: 2_00_000_00 as Paise }, DEFAULT_LIMITS))).toBe('CASH_RECEIPT_LIMIT');
    expect(code(() => checkCashDayTotal('A1', 1_00_000_00 as Paise, 99_999_99 as Paise, DEFAULT_LIMITS))).toBe('ok');
    expect(code(() => checkCashDayTotal('A1', 1_00_000_00 as Paise, 1_00_000_00 as Paise, DEFAULT_LIMITS))).toBe('CASH_DAILY_LIMIT');
  });

  it('checks UPI and card details', () => {
    expect(code(() => checkPaymentRules({ ...base, mode: 'upi', instrument: { utr: '123456789012' } }, DEFAULT_LIMITS))).toBe('ok');
    expect(code(() => checkPaymentRules({ ...base, mode: 'upi', instrument: { utr: '12345678901a' } }, DEFAULT_LIMITS))).toBe('UTR_INVALID');
    expect(code(() => checkPaymentRules({ ...base, mode: 'card', instrument: { last4: '1234', approval: 'ABC123' } }, DEFAULT_LIMITS))).toBe('ok');
    expect(code(() => checkPaymentRules({ ...base, mode: 'card', instrument: { last4: '12345', approval: 'ABC123' } }, DEFAULT_LIMITS))).toBe('CARD_DETAILS_INVALID');
  });

  it('counts the cash drawer by denomination', () => {
    expect(countedCash({ notes: { '500': 4, '100': 7 }, coinsPaise: 3550 as Paise })).toBe(273550);
    expect(countedCash({ notes: {}, coinsPaise: 0 as Paise })).toBe(0);
  });
});
