// Closing a business day: refused while a shift is open, by a cashier, twice, or for a day not
// yet begun; once closed, day.closed holds the summary's hash, the Z report is queued, and the
// day takes no more payments, voids or shifts, while the next day does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedSummarySha256 } from '../../core/ledger/day-close.js';
import { dayReportOf } from '../../core/print/day-report.js';
import { daySummary, dateRange } from '../../core/reports/day-summary.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { parseEventBody } from '../../shared/journal-event.js';
import { ledgerCounts, PINS } from '../support/terminal.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';

let day: ReportDay;
beforeEach(async () => {
  day = await terminalWithDay();
});
afterEach(() => day.tt.close());

async function refusal(channel: 'day.close', input: { session: string; date: string }): Promise<string> {
  const before = ledgerCounts(day.tt.t);
  const r = await day.tt.api[channel](input);
  expect(ledgerCounts(day.tt.t)).toEqual(before);
  return r.ok ? 'ok' : r.error.code;
}

const dayReportJobs = (d: ReportDay) =>
  (d.tt.t.db.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE kind = 'day-report'").get() as { n: number }).n;

describe('closing a day', () => {
  it('is refused while a shift of the day is open, to a cashier, and for a day not begun', async () => {
    const { tt, supervisor } = day;
    expect(await refusal('day.close', { session: supervisor, date: REPORT_DAY })).toBe('DAY_HAS_OPEN_SHIFTS');
    const r = await tt.api['day.close']({ session: supervisor, date: REPORT_DAY });
    expect(!r.ok && r.error.message).toMatch(/ravi/);
    const ravi = await tt.login('ravi');
    await tt.call('shift.close', { session: ravi, count: { notes: { '500': 2 }, coinsPaise: 0 } });
    expect(await refusal('day.close', { session: await tt.login('asha'), date: REPORT_DAY })).toBe('SUPERVISOR_REQUIRED');
    expect(await refusal('day.close', { session: supervisor, date: '2026-11-27' })).toBe('DAY_NOT_STARTED');
    expect(dayReportJobs(day)).toBe(0);
  });

  it('journals day.closed with the summary’s hash, queues the Z report, and closes the day to new entries', async () => {
    const { tt, supervisor } = day;
    const ravi = await tt.login('ravi');
    await tt.call('shift.close', { session: ravi, count: { notes: { '500': 2 }, coinsPaise: 0 } });
    const summary = daySummary(tt.t, dateRange(REPORT_DAY));
    const closed = await tt.call('day.close', { session: supervisor, date: REPORT_DAY });
    expect(closed).toMatchObject({ businessDate: REPORT_DAY, closedBy: 'meena', summarySha256: closedSummarySha256(summary) });

    const row = tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(closed.seq) as { body: string };
    const ev = parseEventBody(row.body);
    expect(ev.ok && ev.event.type).toBe('day.closed');
    expect(ev.ok && ev.event.data).toEqual({
      businessDate: REPORT_DAY, closedBy: 'meena', payments: 6, totalPaise: summary.totals.totalPaise, voids: 1,
      firstReceipt: day.receipts[0], lastReceipt: day.receipts[6], summarySha256: closed.summarySha256,
    });
    expect(dayReportJobs(day)).toBe(1);
    const z = dayReportOf(tt.t, REPORT_DAY, 58).lines.map((l) => ('text' in l ? l.text : 'left' in l ? `${l.left} ${l.right}` : '')).join('\n');
    expect(z).toContain('DAY REPORT (Z) - DAY CLOSED');
    expect(z).toContain('Closed by meena');
    expect((await tt.call('day.summary', { session: supervisor, date: REPORT_DAY })).closed).toMatchObject({ seq: closed.seq });
    expect((await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).ok).toBe(true);

    expect(await refusal('day.close', { session: supervisor, date: REPORT_DAY })).toBe('DAY_ALREADY_CLOSED');
    const asha = await tt.login('asha');
    const before = ledgerCounts(tt.t);
    const pay = await tt.api['payment.record']({ session: asha, idempotencyKey: 'after-close-1', accountNo: demoAccountNo(9), amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
    expect(!pay.ok && pay.error.code).toBe('DAY_CLOSED');
    const shift = await tt.api['shift.open']({ session: asha, openingFloatPaise: 0 });
    expect(!shift.ok && shift.error.code).toBe('DAY_CLOSED');
    const voided = await tt.api['payment.void']({ session: supervisor, receiptNo: day.receipts[0]!, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'after close' });
    expect(!voided.ok && voided.error.code).toBe('DAY_CLOSED');
    expect(ledgerCounts(tt.t)).toEqual(before);

    // The next morning (IST) the counter takes payments again.
    tt.clock.now = new Date('2026-11-27T03:30:00Z');
    const next = await tt.call('payment.record', { session: await tt.login('asha'), idempotencyKey: 'next-day-1', accountNo: demoAccountNo(9), amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
    expect(next.receiptNo).toMatch(/-000008$/);
  });

  it('reprints the day report on request, for a supervisor only', async () => {
    const { tt, supervisor } = day;
    expect(await tt.call('day.report.print', { session: supervisor, date: REPORT_DAY })).toEqual({ queued: true });
    const r = await tt.api['day.report.print']({ session: await tt.login('asha'), date: REPORT_DAY });
    expect(!r.ok && r.error.code).toBe('SUPERVISOR_REQUIRED');
    expect(dayReportJobs(day)).toBe(1);
    const x = dayReportOf(tt.t, REPORT_DAY, 80).lines.map((l) => ('text' in l ? l.text : '')).join('\n');
    expect(x).toContain('DAY REPORT (X) - DAY STILL OPEN');
  });
});
