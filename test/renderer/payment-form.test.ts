// The payment form's inline checks: the same rules the core refuses with, before anything is sent.
import { describe, expect, it } from 'vitest';
import type { Consumer } from '../../shared/contract.js';
import { errorText } from '../../shared/errors.js';
import { acceptableAmount, checkForm, emptyForm, type PaymentForm } from '../../renderer/features/counter/payment-form.js';

const consumer: Consumer = {
  accountNo: '2100000007', meterNo: 'KE1234', name: 'Sunita Sharma', nameHi: 'सुनीता शर्मा', mobileLast4: '4321',
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: 'B1', dueDate: '2026-11-30', amountDuePaise: 1_234_50,
};
const TODAY = '2026-11-26';
const form = (patch: Partial<PaymentForm>): PaymentForm => ({ ...emptyForm(consumer), ...patch });
const codeOf = (f: PaymentForm, c: Consumer | null = consumer) => {
  const r = checkForm(f, c, TODAY);
  return r.ok ? 'ok' : r.error.code;
};

describe('payment form checks', () => {
  it('starts with the amount due and cash, and takes Indian grouping', () => {
    expect(emptyForm(consumer)).toMatchObject({ mode: 'cash', amount: '1234.5' });
    expect(checkForm(form({ amount: '1,234.50' }), consumer, TODAY)).toMatchObject({ ok: true, amountPaise: 123_450 });
    expect(checkForm(form({ amount: '1,00,000' }), consumer, TODAY)).toMatchObject({ ok: true, amountPaise: 1_00_000_00 });
  });

  it('says what is wrong with the amount', () => {
    // Each its own error, so a Hindi screen says it in Hindi (issue 16 #10), not an English detail.
    expect(codeOf(form({ amount: '' }))).toBe('AMOUNT_EMPTY');
    expect(codeOf(form({ amount: '1x' }))).toBe('AMOUNT_NOT_A_NUMBER');
    expect(codeOf(form({ amount: '12,34' }))).toBe('AMOUNT_GROUPING');
    expect(codeOf(form({ amount: '10.555' }))).toBe('AMOUNT_DECIMALS');
    expect(codeOf(form({ amount: '-5' }))).toBe('AMOUNT_NEGATIVE');
    expect(errorText('AMOUNT_GROUPING', {}, 'hi')).toMatch(/अल्पविराम/);
    expect(codeOf(form({ amount: '50' }))).toBe('AMOUNT_BELOW_MINIMUM');
    expect(codeOf(form({ amount: '2,00,000' }))).toBe('CASH_RECEIPT_LIMIT');
  });

  it('checks each mode’s instrument as the core does', () => {
    expect(codeOf(form({ mode: 'cheque', number: '12345', bank: 'SBI', date: TODAY }))).toBe('INSTRUMENT_NUMBER_INVALID');
    expect(codeOf(form({ mode: 'cheque', number: '123456', bank: ' ', date: TODAY }))).toBe('BANK_REQUIRED');
    expect(codeOf(form({ mode: 'dd', number: '123456', bank: 'PNB', date: '2026-12-01' }))).toBe('INSTRUMENT_POSTDATED');
    expect(codeOf(form({ mode: 'dd', number: '123456', bank: 'PNB', date: '2026-07-01' }))).toBe('INSTRUMENT_STALE');
    expect(codeOf(form({ mode: 'dd', number: '123456', bank: 'PNB', date: TODAY }))).toBe('ok');
    expect(codeOf(form({ mode: 'upi', utr: '12345' }))).toBe('UTR_INVALID');
    expect(codeOf(form({ mode: 'upi', utr: '300000000001' }))).toBe('ok');
    expect(codeOf(form({ mode: 'card', last4: '42', approval: 'AB12CD' }))).toBe('CARD_DETAILS_INVALID');
    expect(checkForm(form({ mode: 'card', last4: '4242', approval: 'ab12cd' }), consumer, TODAY)).toMatchObject({ ok: true, instrument: { last4: '4242', approval: 'AB12CD' } });
  });

  it('an account not in the list pays at least the minimum', () => {
    expect(codeOf(form({ amount: '99' }), null)).toBe('AMOUNT_BELOW_MINIMUM');
    expect(codeOf(form({ amount: '100' }), null)).toBe('ok');
  });

  it('judges the amount apart from the instrument details not typed yet (the amount field is marked wrong only for the amount)', () => {
    expect(acceptableAmount(form({ mode: 'upi', utr: '' }), consumer, TODAY)).toBe(123_450);
    expect(acceptableAmount(form({ mode: 'cheque', number: '', bank: '', date: '' }), consumer, TODAY)).toBe(123_450);
    expect(acceptableAmount(form({ mode: 'card', amount: '50' }), consumer, TODAY)).toBeNull();
    expect(acceptableAmount(form({ mode: 'cash', amount: '2,00,000' }), consumer, TODAY)).toBeNull();
    expect(acceptableAmount(form({ mode: 'upi', amount: '2,00,000' }), consumer, TODAY)).toBe(2_00_000_00);
  });
});
