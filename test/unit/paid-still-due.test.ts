// Issue 19: the rule an import of the consumer master is checked by (upstream/billing/paid-still-due.ts,
// docs/paid-still-due.md), case by case: the same bill compared with max(0, previous due − paid),
// a new bill or a new account never compared, and how the baseline moves or stays.
import { describe, expect, it } from 'vitest';
import type { PaidDuePayment } from '../../shared/paid-still-due.js';
import { judgeBill, nextBaseline, type BillBaseline } from '../../upstream/billing/paid-still-due.js';

const T0 = '2026-12-01T04:30:00.000000Z';
const NOW = '2026-12-08T04:30:00.000000Z';
const base: BillBaseline = { billNo: 'B1', duePaise: 1_000_00, since: T0 };
const paid = (...amounts: number[]): PaidDuePayment[] => amounts.map((amountPaise, i) => ({
  terminalId: 'T0000000000A1', seq: i + 3, receiptNo: `SS042-C1-2627-00000${i + 1}`, amountPaise, mode: 'cash', businessDate: '2026-12-07', receivedAt: '2026-12-07T06:00:00.000000Z',
}));
const bill = (amountDuePaise: number, billNo = 'B1') => ({ accountNo: '3100000001', billNo, amountDuePaise });

describe('judgeBill', () => {
  it('a due that went down by at least what was paid is applied; one that did not is listed with the shortfall', () => {
    expect(judgeBill(base, bill(600_00), paid(400_00))).toEqual({ kind: 'applied', dueChanged: true });
    expect(judgeBill(base, bill(500_00), paid(400_00))).toEqual({ kind: 'applied', dueChanged: true });
    const v = judgeBill(base, bill(600_01), paid(300_00, 100_00));
    expect(v).toEqual({
      kind: 'not-applied',
      account: { accountNo: '3100000001', billNo: 'B1', previousDuePaise: 1_000_00, paidPaise: 400_00, newDuePaise: 600_01, shortfallPaise: 1, payments: paid(300_00, 100_00) },
    });
    expect(judgeBill(base, bill(1_000_00), paid(400_00))).toMatchObject({ kind: 'not-applied', account: { shortfallPaise: 400_00 } });
  });

  it('more paid than due: expected 0, so any due left is the shortfall; an advance on a zero due is applied', () => {
    expect(judgeBill(base, bill(0), paid(1_500_00))).toEqual({ kind: 'applied', dueChanged: true });
    expect(judgeBill(base, bill(200_00), paid(1_500_00))).toMatchObject({ kind: 'not-applied', account: { shortfallPaise: 200_00 } });
    expect(judgeBill({ ...base, duePaise: 0 }, bill(0), paid(300_00))).toEqual({ kind: 'applied', dueChanged: false });
  });

  it('nothing paid: an unchanged or lower due is applied; a higher due under the same bill number is listed', () => {
    expect(judgeBill(base, bill(1_000_00), [])).toEqual({ kind: 'applied', dueChanged: false });
    expect(judgeBill(base, bill(900_00), [])).toEqual({ kind: 'applied', dueChanged: true });
    expect(judgeBill(base, bill(1_050_00), [])).toMatchObject({ kind: 'not-applied', account: { paidPaise: 0, shortfallPaise: 50_00 } });
  });

  it('a new account or a different bill number is never compared', () => {
    expect(judgeBill(null, bill(5_000_00), paid(400_00))).toEqual({ kind: 'new-bill' });
    expect(judgeBill(base, bill(5_000_00, 'B2'), paid(400_00))).toEqual({ kind: 'new-bill' });
  });
});

describe('nextBaseline', () => {
  it('starts afresh at the import for a new bill or a due billing changed having applied everything', () => {
    for (const [prev, next] of [[null, bill(5_000_00)], [base, bill(5_000_00, 'B2')], [base, bill(600_00)]] as const) {
      expect(nextBaseline(prev, next, judgeBill(prev, next, paid(400_00)), NOW)).toEqual({ billNo: next.billNo, duePaise: next.amountDuePaise, since: NOW });
    }
  });

  it('keeps the old one while a payment is not applied (so it stays counted), and when nothing changed', () => {
    expect(nextBaseline(base, bill(900_00), judgeBill(base, bill(900_00), paid(400_00)), NOW)).toBe(base);
    expect(nextBaseline(base, bill(1_000_00), judgeBill(base, bill(1_000_00), []), NOW)).toBe(base);
  });
});
