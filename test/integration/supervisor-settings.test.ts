// The supervisor's channels: the day's summary, and the payment limits (read by anyone, set by a
// supervisor only, held within s.269ST, applied to the very next payment and kept across a reopen).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { ledgerCounts, makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';

let tt: TestTerminal;
let asha: string;
let meena: string;
let key = 0;
beforeEach(async () => {
  tt = await makeTerminal({ varianceTolerancePaise: 'default' });
  asha = await tt.login('asha');
  meena = await tt.login('meena');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 2_000_00 });
});
afterEach(() => tt.close());

function pay(over: Record<string, unknown> = {}): Input<'payment.record'> {
  return { session: asha, idempotencyKey: `sup-key-${String(++key).padStart(6, '0')}`, accountNo: 'HAND0001', amountPaise: 500_00, mode: 'cash', ...over } as Input<'payment.record'>;
}

const metaLimits = () => (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'limits'").get() as { value: string }).value;

describe('day.summary', () => {
  it('is the supervisor’s: a cashier is refused', async () => {
    const r = await tt.api['day.summary']({ session: asha, date: '2026-11-26' });
    expect(r.ok || r.error.code).toBe('SUPERVISOR_REQUIRED');
  });

  it('gives the day (or a range) by mode and cashier, voids apart, the receipt series and the shifts', async () => {
    const first = await tt.call('payment.record', pay({ accountNo: demoAccountNo(1), amountPaise: 1_234_50 }));
    await tt.call('payment.record', pay({ accountNo: demoAccountNo(2), amountPaise: 700_00, mode: 'upi', instrument: { utr: '123456789012' } }));
    const voided = await tt.call('payment.record', pay({ amountPaise: 300_00 }));
    await tt.call('payment.void', { session: asha, receiptNo: voided.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });

    const { summary: day, closed } = await tt.call('day.summary', { session: meena, date: '2026-11-26' });
    expect(closed).toBeNull();
    expect(day).toMatchObject({
      format: 'counterfoil-summary/1',
      from: '2026-11-26',
      to: '2026-11-26',
      substation: 'SS042',
      counter: 'C1',
      totals: { count: 2, totalPaise: 1_934_50 },
      byMode: [
        { mode: 'cash', count: 1, totalPaise: 1_234_50 },
        { mode: 'upi', count: 1, totalPaise: 700_00 },
      ],
      byCashier: [{ cashier: 'asha', count: 2, totalPaise: 1_934_50 }],
      voids: { count: 1, totalPaise: 300_00 },
      series: [{ fy: '2627', first: first.receiptNo, last: voided.receiptNo, count: 3 }],
      shifts: [expect.objectContaining({ cashier: 'asha', closedAt: null, expectedPaise: null, countedPaise: null })],
    });

    const { summary: empty } = await tt.call('day.summary', { session: meena, date: '2026-11-25' });
    expect(empty).toMatchObject({ byMode: [], byCashier: [], voids: { count: 0, totalPaise: 0 }, series: [], shifts: [] });
    const range = await tt.call('day.summary', { session: meena, date: '2026-11-25', toDate: '2026-11-26' });
    expect(range).toMatchObject({ summary: { from: '2026-11-25', to: '2026-11-26', totals: { count: 2 } }, closed: null });
    const bad = await tt.api['day.summary']({ session: meena, date: '2026-02-30' });
    expect(bad.ok || bad.error.code).toBe('INVALID_INPUT');
  });
});

describe('settings.limits', () => {
  it('reads the terminal’s limits', async () => {
    expect(await tt.call('settings.limits.get', { session: await tt.sessionOf('asha') })).toEqual(DEFAULT_LIMITS);
  });

  it('refuses a cashier, amounts that are not whole positive paise and cash limits above the law, changing nothing', async () => {
    const before = metaLimits();
    const limits = { minPartialPaise: 50_00, cashPerReceiptMaxPaise: 50_000_00, cashPerConsumerDayMaxPaise: 1_00_000_00 };
    const byCashier = await tt.api['settings.limits.set']({ session: asha, limits });
    expect(byCashier.ok || byCashier.error.code).toBe('SUPERVISOR_REQUIRED');

    for (const bad of [{ minPartialPaise: 0 }, { cashPerReceiptMaxPaise: -100 }, { cashPerConsumerDayMaxPaise: 100.5 }, { minPartialPaise: '100' }]) {
      const r = await tt.api['settings.limits.set']({ session: meena, limits: { ...limits, ...bad } as typeof limits });
      expect(r.ok || r.error.code).toBe('INVALID_INPUT');
    }
    for (const over of [{ cashPerReceiptMaxPaise: 2_00_000_00 }, { cashPerConsumerDayMaxPaise: 2_00_000_00 }]) {
      const r = await tt.api['settings.limits.set']({ session: meena, limits: { ...limits, ...over } });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('CASH_LIMIT_ABOVE_LAW');
        expect(r.error.message).toMatch(/₹1,99,999\.99.*s\.269ST.*₹2,00,000 or more in cash/);
      }
    }
    expect(metaLimits()).toBe(before);
    expect(tt.t.limits).toEqual(DEFAULT_LIMITS);
    expect(await tt.call('settings.limits.get', { session: await tt.sessionOf('asha') })).toEqual(DEFAULT_LIMITS);
  });

  it('applies a new limit to the next payment at once, journals the change alone (issue 15), and keeps it across a reopen', async () => {
    expect((await tt.api['payment.record'](pay({ amountPaise: 20_00 }))).ok).toBe(false); // below the ₹100 minimum part payment
    const before = ledgerCounts(tt.t);
    const limits = { minPartialPaise: 10_00, cashPerReceiptMaxPaise: 1_000_00, cashPerConsumerDayMaxPaise: 1_500_00 };
    // Sent without the shift variance tolerance (as before issue 16 #5): it keeps its value.
    expect(await tt.call('settings.limits.set', { session: meena, limits })).toEqual({ ...limits, shiftVarianceTolerancePaise: 100_00 });
    expect(ledgerCounts(tt.t)).toEqual({ ...before, journal: before.journal + 1 });
    expect(tt.t.db.prepare('SELECT type FROM journal ORDER BY seq DESC LIMIT 1').get()).toEqual({ type: 'settings.changed' });

    expect((await tt.call('payment.record', pay({ amountPaise: 20_00 }))).replayed).toBe(false);
    const tooMuch = await tt.api['payment.record'](pay({ amountPaise: 1_000_01 }));
    expect(tooMuch.ok || tooMuch.error).toMatchObject({ code: 'CASH_RECEIPT_LIMIT', params: { limit: '₹1,000.00' } });
    await tt.call('payment.record', pay({ amountPaise: 1_000_00 }));
    const overDay = await tt.api['payment.record'](pay({ amountPaise: 500_00 }));
    expect(overDay.ok || overDay.error).toMatchObject({ code: 'CASH_DAILY_LIMIT', params: { limit: '₹1,500.00' } });

    tt.reopen();
    expect(await tt.call('settings.limits.get', { session: await tt.sessionOf('asha') })).toEqual({ ...limits, shiftVarianceTolerancePaise: 100_00 });
    asha = await tt.login('asha');
    const stillTooMuch = await tt.api['payment.record'](pay({ accountNo: 'HAND0002', amountPaise: 1_000_01 }));
    expect(stillTooMuch.ok || stillTooMuch.error.code).toBe('CASH_RECEIPT_LIMIT');
  });
});
