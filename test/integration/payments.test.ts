import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoAccountNo } from '../../shared/demo-data.js';
import { checkReceiptCode } from '../../core/ledger/receipt-codes.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import type { Input } from '../../shared/contract.js';
import { parseReceiptCode } from '../../shared/receipt-code.js';
import { ledgerCounts, makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';

let tt: TestTerminal;
let asha: string;
let key = 0;
beforeEach(async () => {
  tt = await makeTerminal();
  asha = await tt.login('asha');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 200000 });
});
afterEach(() => tt.close());

const nextKey = () => `test-key-${String(++key).padStart(6, '0')}`;

function pay(over: Partial<Input<'payment.record'>> & Record<string, unknown> = {}) {
  return {
    session: asha,
    idempotencyKey: nextKey(),
    accountNo: demoAccountNo(1),
    amountPaise: 50000,
    mode: 'cash',
    ...over,
  } as Input<'payment.record'>;
}

async function refused(input: Input<'payment.record'>): Promise<string> {
  const before = ledgerCounts(tt.t);
  const r = await tt.api['payment.record'](input);
  expect(r.ok).toBe(false);
  expect(ledgerCounts(tt.t)).toEqual(before);
  return r.ok ? '' : r.error.code;
}

describe('recording payments', () => {
  it('records all five modes with gapless receipt numbers and a verifiable code', async () => {
    const inputs = [
      pay({ mode: 'cash' }),
      pay({ mode: 'cheque', instrument: { number: '123456', bank: 'State Bank of India', date: '2026-11-20' } }),
      pay({ mode: 'dd', instrument: { number: '654321', bank: 'PNB', date: '2026-09-01' } }),
      pay({ mode: 'upi', instrument: { utr: '123456789012' } }),
      pay({ mode: 'card', instrument: { last4: '4321', approval: 'a1b2c3' } }),
    ];
    const numbers = [];
    for (const input of inputs) {
      const r = await tt.call('payment.record', input);
      expect(r.replayed).toBe(false);
      expect(r.consumerKnown).toBe(true);
      const check = checkReceiptCode(r.code, tt.t.signer.publicKey);
      expect(check.genuine).toBe(true);
      if (check.genuine) {
        expect(check.code).toMatchObject({ terminalId: tt.t.id, seq: r.seq, receiptNo: r.receiptNo, mode: input.mode, amountPaise: 50000 });
      }
      numbers.push(r.receiptNo);
    }
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `SS042-C1-2627-${String(n).padStart(6, '0')}`));
    expect(verifyLedger(tt.t.db).ok).toBe(true);
  });

  it('answers a retried request with the first result and records it once', async () => {
    const input = pay();
    const first = await tt.call('payment.record', input);
    const again = await tt.call('payment.record', input);
    expect(again).toMatchObject({ receiptNo: first.receiptNo, seq: first.seq, code: first.code, replayed: true });
    expect(ledgerCounts(tt.t).payments).toBe(1);
    expect(await refused({ ...input, amountPaise: 60000 })).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('flags an account typed by hand', async () => {
    const r = await tt.call('payment.record', pay({ accountNo: 'HAND0001' }));
    expect(r.consumerKnown).toBe(false);
  });

  it('refuses a payment without an open shift unless asked to open one', async () => {
    const ravi = await tt.login('ravi');
    expect(await refused(pay({ session: ravi }))).toBe('SHIFT_NOT_OPEN');
    const r = await tt.call('payment.record', pay({ session: ravi, autoOpenShift: true }));
    expect(r.shiftOpened).toBe(true);
    expect(await tt.call('shift.current', { session: ravi })).toMatchObject({ user: 'ravi', openingFloatPaise: 0, payments: 1 });
  });

  it('validates each mode’s instrument and says what is wrong', async () => {
    const today = '2026-11-26';
    expect(await refused(pay({ mode: 'cheque', instrument: { number: '12345', bank: 'SBI', date: today } }))).toBe('INSTRUMENT_NUMBER_INVALID');
    expect(await refused(pay({ mode: 'cheque', instrument: { number: '123456', bank: 'SBI', date: '2026-11-27' } }))).toBe('INSTRUMENT_POSTDATED');
    expect(await refused(pay({ mode: 'dd', instrument: { number: '123456', bank: 'SBI', date: '2026-08-25' } }))).toBe('INSTRUMENT_STALE');
    expect(await refused(pay({ mode: 'dd', instrument: { number: '123456', bank: ' ', date: today } }))).toBe('INVALID_INPUT');
    expect(await refused(pay({ mode: 'upi', instrument: { utr: '12345678901' } }))).toBe('UTR_INVALID');
    expect(await refused(pay({ mode: 'card', instrument: { last4: '432', approval: 'A1B2C3' } }))).toBe('CARD_DETAILS_INVALID');
    expect(await refused(pay({ mode: 'card', instrument: { last4: '4321', approval: 'A1B2' } }))).toBe('CARD_DETAILS_INVALID');
    expect(await refused(pay({ mode: 'cash', instrument: { utr: '123456789012' } as never }))).toBe('INVALID_INPUT');
    // Exactly three months old is still good.
    await tt.call('payment.record', pay({ mode: 'dd', instrument: { number: '123456', bank: 'SBI', date: '2026-08-26' } }));
  });

  it('keeps a UPI reference on one receipt only', async () => {
    await tt.call('payment.record', pay({ mode: 'upi', instrument: { utr: '999988887777' } }));
    expect(await refused(pay({ mode: 'upi', instrument: { utr: '999988887777' } }))).toBe('UTR_DUPLICATE');
  });

  it('allows a part payment only above the minimum, and any full payment', async () => {
    const consumer = (await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: demoAccountNo(3) }))!;
    expect(consumer.amountDuePaise).toBeGreaterThan(10000);
    expect(await refused(pay({ accountNo: demoAccountNo(3), amountPaise: 9999 }))).toBe('AMOUNT_BELOW_MINIMUM');
    await tt.call('payment.record', pay({ accountNo: demoAccountNo(3), amountPaise: 10000 }));
    expect(await refused(pay({ accountNo: 'HAND0002', amountPaise: 5000 }))).toBe('AMOUNT_BELOW_MINIMUM');
  });

  it('caps cash per receipt and per consumer per day across all cashiers (s.269ST)', async () => {
    expect(await refused(pay({ amountPaise: 2_00_000_00 }))).toBe('CASH_RECEIPT_LIMIT');
    await tt.call('payment.record', pay({ amountPaise: 1_50_000_00 }));
    const ravi = await tt.login('ravi');
    expect(await refused(pay({ session: ravi, autoOpenShift: true, amountPaise: 50_000_00 }))).toBe('CASH_DAILY_LIMIT');
    // Other modes are not cash; the next business day starts afresh.
    await tt.call('payment.record', pay({ amountPaise: 50_000_00, mode: 'upi', instrument: { utr: '111122223333' } }));
    tt.clock.now = new Date('2026-11-26T18:30:00.000Z');
    asha = await tt.login('asha'); // hours later: the earlier session has idled out
    await tt.call('payment.record', pay({ amountPaise: 1_99_999_99 }));
  });

  it('starts receipt numbers again at 1 in a new financial year', async () => {
    tt.clock.now = new Date('2027-03-31T18:00:00.000Z');
    asha = await tt.login('asha'); // months later: the earlier session has idled out
    expect((await tt.call('payment.record', pay())).receiptNo).toBe('SS042-C1-2627-000001');
    tt.clock.now = new Date('2027-03-31T18:30:00.000Z');
    asha = await tt.login('asha');
    expect((await tt.call('payment.record', pay())).receiptNo).toBe('SS042-C1-2728-000001');
    expect((await tt.call('payment.record', pay())).receiptNo).toBe('SS042-C1-2728-000002');
    expect(verifyLedger(tt.t.db).ok).toBe(true);
  });

  it('journals the payment with the exact fields of its row', async () => {
    const r = await tt.call('payment.record', pay({ mode: 'upi', instrument: { utr: '123412341234' } }));
    const { body } = tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(r.seq) as { body: string };
    const ev = JSON.parse(body);
    expect(ev).toMatchObject({ v: 1, terminal: tt.t.id, key: tt.t.signer.keyId, seq: r.seq, type: 'payment.recorded' });
    expect(ev.data).toMatchObject({ receiptNo: r.receiptNo, account: demoAccountNo(1), amountPaise: 50000, mode: 'upi', instrument: { utr: '123412341234' }, cashier: 'asha' });
    const code = parseReceiptCode(r.code);
    expect(code.ok && code.code.epochSeconds).toBe(Math.floor(Date.parse(ev.at) / 1000));
  });
});

describe('voids', () => {
  it('needs a supervisor PIN and a reason, marks the row and journals the void', async () => {
    const r = await tt.call('payment.record', pay());
    const before = ledgerCounts(tt.t);
    const byCashier = await tt.api['payment.void']({ session: asha, receiptNo: r.receiptNo, supervisor: { user: 'asha', pin: '1111' }, reason: 'wrong account' });
    expect(byCashier.ok || byCashier.error.code).toBe('SUPERVISOR_REQUIRED');
    const wrongPin = await tt.api['payment.void']({ session: asha, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: '0000' }, reason: 'wrong account' });
    expect(wrongPin.ok || wrongPin.error.code).toBe('BAD_CREDENTIALS');
    const noReason = await tt.api['payment.void']({ session: asha, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: ' ' });
    expect(noReason.ok || noReason.error.code).toBe('INVALID_INPUT');
    expect(ledgerCounts(tt.t)).toEqual(before);

    const v = await tt.call('payment.void', { session: asha, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
    expect(v.seq).toBe(r.seq + 1);
    expect(ledgerCounts(tt.t)).toMatchObject({ payments: 1, voids: 1 });
    expect((await tt.call('receipt.code', { session: await tt.sessionOf('asha'), receiptNo: r.receiptNo })).voided).toBe(true);
    const again = await tt.api['payment.void']({ session: asha, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'again' });
    expect(again.ok || again.error.code).toBe('ALREADY_VOIDED');
    expect(verifyLedger(tt.t.db).ok).toBe(true);
  });

  it('only on the same business day', async () => {
    const r = await tt.call('payment.record', pay());
    tt.clock.now = new Date('2026-11-26T18:31:00.000Z');
    asha = await tt.login('asha');
    const late = await tt.api['payment.void']({ session: asha, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'too late' });
    expect(late.ok || late.error.code).toBe('VOID_NOT_SAME_DAY');
  });

  it('refuses a database edit that would change anything but the void mark', async () => {
    const r = await tt.call('payment.record', pay());
    const db = tt.t.db;
    expect(() => db.prepare('UPDATE payments SET amount_paise = 1').run()).toThrow(/only be marked void/);
    expect(() => db.prepare('UPDATE payments SET void_seq = NULL').run()).toThrow(/only be marked void/);
    expect(() => db.prepare('DELETE FROM payments').run()).toThrow(/never deleted/);
    expect(() => db.prepare('DELETE FROM journal WHERE seq = ?').run(r.seq)).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE journal SET type = 'x'").run()).toThrow(/append-only/);
  });
});

describe('shifts', () => {
  it('closes with a denomination count: expected, counted, variance', async () => {
    await tt.call('payment.record', pay({ amountPaise: 123450 }));
    await tt.call('payment.record', pay({ amountPaise: 50000, mode: 'upi', instrument: { utr: '555566667777' } }));
    const voided = await tt.call('payment.record', pay({ amountPaise: 70000 }));
    await tt.call('payment.void', { session: asha, receiptNo: voided.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'duplicate' });
    const closed = await tt.call('shift.close', {
      session: asha,
      count: { notes: { '500': 6, '100': 3, '20': 1 }, coinsPaise: 1450 },
    });
    // Float ₹2,000 + cash ₹1,234.50 (UPI and the voided cash not counted) = ₹3,234.50.
    expect(closed).toMatchObject({ expectedPaise: 323450, countedPaise: 333450, variancePaise: 10000 });
    // Closing the shift ended the cashier's session; logged in again, she has no shift open.
    expect(await tt.api['shift.current']({ session: asha })).toMatchObject({ ok: false, error: { code: 'SESSION_INVALID' } });
    asha = await tt.login('asha');
    expect(await tt.call('shift.current', { session: asha })).toBeNull();
    const again = await tt.api['shift.close']({ session: asha, count: { notes: {}, coinsPaise: 0 } });
    expect(again.ok || again.error.code).toBe('SHIFT_NOT_OPEN');
    expect(verifyLedger(tt.t.db).ok).toBe(true);
  });

  it('allows one open shift per cashier', async () => {
    const r = await tt.api['shift.open']({ session: asha, openingFloatPaise: 0 });
    expect(r.ok || r.error.code).toBe('SHIFT_ALREADY_OPEN');
  });
});
