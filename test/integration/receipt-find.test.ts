// Finding receipts at the counter: by receipt no. or its last digits, by account, by date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccountNo } from '../../shared/demo-data.js';
import { makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';

let tt: TestTerminal;
let session: string;
const receipts: string[] = [];
beforeAll(async () => {
  tt = await makeTerminal();
  session = await tt.login('asha');
  for (let i = 0; i < 4; i++) {
    const r = await tt.call('payment.record', { session, idempotencyKey: `find-${i}-xxxxxxxx`, accountNo: demoAccountNo(i % 2), amountPaise: 10_000 + i, mode: 'cash', autoOpenShift: true });
    receipts.push(r.receiptNo);
  }
  await tt.call('payment.void', { session, receiptNo: receipts[0]!, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
  await tt.call('receipt.reprint', { session, receiptNo: receipts[1]! });
});
afterAll(() => tt.close());

describe('receipt.find', () => {
  it('finds by receipt no., by its last digits, by account and by date, newest first, with voids and duplicates', async () => {
    expect((await tt.call('receipt.find', { session: await tt.sessionOf('asha'), query: receipts[2]! })).map((r) => r.receiptNo)).toEqual([receipts[2]]);
    expect((await tt.call('receipt.find', { session: await tt.sessionOf('asha'), query: '3' })).map((r) => r.receiptNo)).toEqual([receipts[2]]);
    const byAccount = await tt.call('receipt.find', { session: await tt.sessionOf('asha'), query: demoAccountNo(0) });
    expect(byAccount.map((r) => r.receiptNo)).toEqual([receipts[2], receipts[0]]);
    expect(byAccount[1]).toMatchObject({ voided: true, amountPaise: 10_000, mode: 'cash', cashier: 'asha', consumerName: expect.any(String) });
    const day = await tt.call('receipt.find', { session: await tt.sessionOf('asha'), date: '2026-11-26' });
    expect(day.map((r) => r.receiptNo)).toEqual([...receipts].reverse());
    expect(day.find((r) => r.receiptNo === receipts[1])!.reprints).toBe(1);
    expect(await tt.call('receipt.find', { session: await tt.sessionOf('asha'), date: '2026-11-25' })).toEqual([]);
  });

  it('refuses an empty search with a clear message', async () => {
    const r = await tt.api['receipt.find']({ session: await tt.sessionOf('asha') });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/receipt no\., an account no\. or a date/) } });
  });
});
