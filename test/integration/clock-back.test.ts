// Issue 15 #11 (a): back-dating. With the PC clock set to yesterday, a payment took yesterday's
// business date and a previous-day void went through. The one place every event is appended
// (core/ledger/journal.ts) now refuses a time earlier than the journal head's beyond a small
// tolerance, so every kind of entry is covered and nothing is recorded.
import { afterEach, describe, expect, it } from 'vitest';
import { errorText } from '../../shared/errors.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { CLOCK_TOLERANCE_MS } from '../../core/ledger/journal.js';
import { ledgerCounts, makeTerminal, PINS, type TestTerminal } from '../support/terminal.js';

const open: TestTerminal[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

let n = 0;
const payment = (session: string) => ({
  session, idempotencyKey: `clock-${++n}-xxxxxx`, accountNo: demoAccountNo(n), amountPaise: 10_000, mode: 'cash' as const, autoOpenShift: true,
});
const codeOf = (e: unknown) => (e as { appError?: { code: string } }).appError?.code;

describe('issue 15 #11: a terminal whose clock goes back refuses to record', () => {
  it('#11 a clock set back a day refuses a payment and a previous-day void with a clear message, and records nothing', async () => {
    const tt = await makeTerminal({ now: '2026-11-25T06:00:00.000Z' });
    open.push(tt);
    const asha = await tt.login('asha');
    const yesterdays = await tt.call('payment.record', payment(asha));
    tt.clock.now = new Date('2026-11-26T06:00:00.000Z');
    // A day later the first session has ended (idle): log in again, as the cashier would.
    let today = await tt.login('asha');
    await tt.call('payment.record', payment(today));

    tt.clock.now = new Date('2026-11-25T07:00:00.000Z'); // the PC clock set back to yesterday
    const before = ledgerCounts(tt.t);
    today = await tt.login('asha');
    const paid = tt.call('payment.record', payment(today));
    await expect(paid).rejects.toThrow(/CLOCK_BEHIND_JOURNAL: This PC’s clock says 2026-11-25 12:30 IST, earlier than the last entry in the ledger \(2026-11-26 11:30 IST\)/);
    const voided = tt.call('payment.void', { session: today, receiptNo: yesterdays.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'entered twice' });
    await expect(voided).rejects.toSatisfy((e) => codeOf(e) === 'CLOCK_BEHIND_JOURNAL');
    await expect(tt.call('shift.close', { session: today, count: { notes: {}, coinsPaise: 0 } })).rejects.toSatisfy((e) => codeOf(e) === 'CLOCK_BEHIND_JOURNAL');
    expect(ledgerCounts(tt.t)).toEqual(before);
    expect(errorText('CLOCK_BEHIND_JOURNAL', { now: "2026-11-25 12:30", last: "2026-11-26 11:30" }, 'hi')).toMatch(/घड़ी/);

    // The clock put right: the same void goes through today's rules (yesterday's receipt stays).
    tt.clock.now = new Date('2026-11-26T06:05:00.000Z');
    const again = tt.call('payment.void', { session: await tt.login('asha'), receiptNo: yesterdays.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'entered twice' });
    await expect(again).rejects.toSatisfy((e) => codeOf(e) === 'VOID_NOT_SAME_DAY');
  });

  it('#11 a clock a little behind the last entry (within the tolerance) still records; beyond it, it does not, and it cannot creep back event by event', async () => {
    const tt = await makeTerminal();
    open.push(tt);
    const asha = await tt.login('asha');
    const start = tt.clock.now.getTime();
    await tt.call('payment.record', payment(asha));
    tt.clock.now = new Date(start - CLOCK_TOLERANCE_MS + 1_000); // a second PC a minute or so behind
    await expect(tt.call('payment.record', payment(asha))).resolves.toMatchObject({ replayed: false });
    tt.clock.now = new Date(start - CLOCK_TOLERANCE_MS - 1_000);
    await expect(tt.call('payment.record', payment(asha))).rejects.toSatisfy((e) => codeOf(e) === 'CLOCK_BEHIND_JOURNAL');
    expect(CLOCK_TOLERANCE_MS).toBe(2 * 60_000);
  });
});
