// Issue 16 #2: a bill paid here is not offered for collection again as if unpaid. consumer.get
// lists what was taken on the consumer's current bill since it reached the terminal (not the
// cancelled ones), the core takes that off the amount due for its rules, a feed that sends the
// same bill again keeps it, and a new bill starts afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertConsumers } from '../../core/consumers/store.js';
import type { Input } from '../../shared/contract.js';
import { demoAccountNo, demoConsumers } from '../../shared/demo-data.js';
import { makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';

let tt: TestTerminal;
let asha: string;
let key = 0;
const account = demoAccountNo(3);
const pay = (amountPaise: number, accountNo = account) =>
  ({ session: asha, idempotencyKey: `bill-key-${String(++key).padStart(6, '0')}`, accountNo, amountPaise, mode: 'cash' }) as Input<'payment.record'>;
const consumer = () => [...demoConsumers(50)].find((c) => c.accountNo === account)!;

beforeAll(async () => {
  tt = await makeTerminal();
  asha = await tt.login('asha');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
});
afterAll(() => tt?.close());

describe('issue 16 #2: payments already taken on the bill', () => {
  it('lists a part payment on the bill and the core holds the rest as what is owed', async () => {
    const due = consumer().amountDuePaise;
    expect(due).toBeGreaterThan(300_00);
    expect((await tt.call('consumer.get', { session: asha, accountNo: account }))!.paidOnBill).toEqual([]);
    const first = await tt.call('payment.record', pay(due - 50_00));
    const got = (await tt.call('consumer.get', { session: asha, accountNo: account }))!;
    expect(got.amountDuePaise).toBe(due); // the bill as the feed sent it
    expect(got.paidOnBill).toEqual([expect.objectContaining({ receiptNo: first.receiptNo, amountPaise: due - 50_00, mode: 'cash', businessDate: '2026-11-26' })]);
    // ₹50 still owed: paying exactly that is paying the bill in full, not a part payment under ₹100.
    const rest = await tt.api['payment.record'](pay(50_00));
    expect(rest.ok, JSON.stringify(rest)).toBe(true);
    expect((await tt.call('consumer.get', { session: asha, accountNo: account }))!.paidOnBill.map((p) => p.amountPaise)).toEqual([due - 50_00, 50_00]);
  });

  it('a cancelled payment is not counted as paid', async () => {
    const other = demoAccountNo(4);
    const r = await tt.call('payment.record', pay(200_00, other));
    await tt.call('payment.void', { session: asha, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
    expect((await tt.call('consumer.get', { session: asha, accountNo: other }))!.paidOnBill).toEqual([]);
  });

  it('the feed sending the same bill again keeps the payments on it; a new bill starts afresh', async () => {
    upsertConsumers(tt.t.db, [consumer()], new Date('2026-11-26T08:00:00.000Z'));
    expect((await tt.call('consumer.get', { session: asha, accountNo: account }))!.paidOnBill).toHaveLength(2);
    upsertConsumers(tt.t.db, [{ ...consumer(), billNo: 'B-NEXT', amountDuePaise: 900_00 }], new Date('2026-11-26T09:00:00.000Z'));
    const got = (await tt.call('consumer.get', { session: asha, accountNo: account }))!;
    expect(got).toMatchObject({ billNo: 'B-NEXT', amountDuePaise: 900_00, paidOnBill: [] });
  });
});
