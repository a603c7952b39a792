// The day summary model: every figure checked against the day the fixture recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daySummary, dateRange, paymentLines } from '../../core/reports/day-summary.js';
import { DaySummary } from '../../shared/day-summary.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';

let day: ReportDay;
beforeAll(async () => {
  day = await terminalWithDay();
});
afterAll(() => day.tt.close());

describe('the day summary', () => {
  it('totals, modes, cashiers and hours count only receipts not cancelled', () => {
    const s = daySummary(day.tt.t, dateRange(REPORT_DAY));
    expect(DaySummary.parse(s)).toEqual(s);
    expect(s.totals).toEqual({ count: 6, totalPaise: 123_456 + 250_000 + 99_900 + 310_050 + 500_000 + 45_000 });
    expect(s.byMode).toEqual([
      { mode: 'card', count: 1, totalPaise: 310_050 },
      { mode: 'cash', count: 2, totalPaise: 168_456 },
      { mode: 'cheque', count: 1, totalPaise: 250_000 },
      { mode: 'dd', count: 1, totalPaise: 500_000 },
      { mode: 'upi', count: 1, totalPaise: 99_900 },
    ]);
    expect(s.byCashier).toEqual([
      { cashier: 'asha', count: 3, totalPaise: 873_456 },
      { cashier: 'ravi', count: 3, totalPaise: 454_950 },
    ]);
    expect(s.byDate).toEqual([{ date: REPORT_DAY, ...s.totals }]);
    // 04:00Z is 09:30 IST; a payment every 7 minutes: five in the 9 o'clock hour, then 10:05 (and
    // the cancelled one at 10:12, not counted).
    expect(s.byHour).toEqual([
      { date: REPORT_DAY, hour: 9, count: 5, totalPaise: s.totals.totalPaise - 45_000 },
      { date: REPORT_DAY, hour: 10, count: 1, totalPaise: 45_000 },
    ]);
  });

  it('lists the cancelled receipt with who asked, who approved and why', () => {
    const s = daySummary(day.tt.t, dateRange(REPORT_DAY));
    expect(s.voids).toMatchObject({ count: 1, totalPaise: 70_000 });
    expect(s.voids.list).toEqual([
      expect.objectContaining({ receiptNo: day.voided, accountNo: demoAccountNo(6), amountPaise: 70_000, requestedBy: 'asha', approvedBy: 'meena', reason: 'wrong account keyed' }),
    ]);
  });

  it('gives each shift its cash expected and counted, and the receipt series issued', () => {
    const s = daySummary(day.tt.t, dateRange(REPORT_DAY));
    const [asha, ravi] = s.shifts;
    expect(asha).toMatchObject({ cashier: 'asha', openingFloatPaise: 200_000, count: 3, cashPaise: 123_456, expectedPaise: 323_456, countedPaise: 303_456, variancePaise: -20_000 });
    expect(asha!.closedAt).not.toBeNull();
    expect(ravi).toMatchObject({ cashier: 'ravi', closedAt: null, expectedPaise: null, countedPaise: null, variancePaise: null, cashPaise: 45_000 });
    expect(s.series).toEqual([{ fy: '2627', first: day.receipts[0], last: day.receipts[6], count: 7 }]);
  });

  it('lists cheques and DDs for the deposit slip, and how much the centre holds', () => {
    const s = daySummary(day.tt.t, dateRange(REPORT_DAY));
    expect(s.instruments).toEqual([
      { receiptNo: day.receipts[1], businessDate: REPORT_DAY, mode: 'cheque', number: '004512', bank: 'State Bank of India', date: '2026-11-20', accountNo: demoAccountNo(2), amountPaise: 250_000 },
      { receiptNo: day.receipts[4], businessDate: REPORT_DAY, mode: 'dd', number: '778899', bank: 'पंजाब नेशनल बैंक', date: '2026-11-25', accountNo: demoAccountNo(5), amountPaise: 500_000 },
    ]);
    // Not enrolled: nothing is held centrally yet.
    expect(s.sync).toEqual({ payments: 7, centrallyHeld: 0, notYetPaise: s.totals.totalPaise });
  });

  it('lists each payment with the consumer’s names in both languages', () => {
    const lines = paymentLines(day.tt.t, dateRange(REPORT_DAY));
    expect(lines.map((l) => l.receiptNo)).toEqual(day.receipts);
    expect(lines[0]!.nameHi).toMatch(/[\u0900-\u097F]/);
    expect(lines[0]!.nameEn).not.toBe('');
    expect(lines[5]).toMatchObject({ accountNo: '9999999999', nameEn: '', nameHi: '' });
    expect(lines[3]!.instrument).toBe('XXXX4242 A1B2C3');
    expect(lines[6]!.voided).toBe(true);
  });

  it('an empty day, a range and bad ranges', () => {
    const empty = daySummary(day.tt.t, dateRange('2026-11-27'));
    expect(empty.totals).toEqual({ count: 0, totalPaise: 0 });
    expect(empty.series).toEqual([]);
    expect(daySummary(day.tt.t, dateRange('2026-11-01', '2026-11-30')).totals.count).toBe(6);
    expect(() => dateRange('2026-11-27', '2026-11-26')).toThrow(/before it starts/);
    expect(() => dateRange('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => dateRange('2026-01-01', '2027-01-02')).toThrow(/at most 366 days/);
  });
});
