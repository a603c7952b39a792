// Issue 15 Low (a): every channel declares who may call it (shared/contract.ts), and the dispatch
// enforces it once: no session → SESSION_INVALID, a cashier on a supervisor channel →
// SUPERVISOR_REQUIRED, before the input is even read. Sessions end after idle minutes (each call
// refreshes them) and at the user's shift close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel } from '../../shared/contract.js';
import { ledgerCounts, makeTerminal, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
let asha: string;
let meena: string;
beforeEach(async () => {
  tt = await makeTerminal();
  asha = await tt.login('asha');
  meena = await tt.login('meena');
});
afterEach(() => tt.close());

const roleOf = (channel: Channel) => (contract[channel] as { role?: unknown }).role;
const advance = (minutes: number) => (tt.clock.now = new Date(tt.clock.now.getTime() + minutes * 60_000));

describe('issue 15 low (a): each channel declares its role and the dispatch enforces it', () => {
  it('(a) every channel declares none, cashier or supervisor; only what the log-in screen and status bar need is open', () => {
    for (const channel of CHANNELS) expect(['none', 'cashier', 'supervisor'], channel).toContain(roleOf(channel));
    expect(CHANNELS.filter((c) => roleOf(c) === 'none').sort()).toEqual(['auth.login', 'printer.status', 'setup.init', 'sync.status', 'terminal.info']);
  });

  for (const channel of CHANNELS) {
    it(`(a) ${channel}: no session, a made-up one, or one ended → SESSION_INVALID; a cashier on a supervisor channel → SUPERVISOR_REQUIRED`, async () => {
      const role = roleOf(channel);
      if (role === 'none') {
        const r = await tt.dispatch(channel, {});
        expect(r.ok ? 'OK' : r.error.code).not.toBe('SESSION_INVALID');
        return;
      }
      const before = ledgerCounts(tt.t);
      const ended = await tt.login('ravi');
      await tt.call('auth.logout', { session: ended });
      for (const input of [{}, { session: 'f'.repeat(32) }, { session: ended }, { session: 42 }, null, 'x']) {
        const r = await tt.dispatch(channel, input);
        expect(r.ok ? 'OK' : r.error.code, JSON.stringify(input)).toBe('SESSION_INVALID');
      }
      const cashier = await tt.dispatch(channel, { session: asha });
      const code = (r: Awaited<ReturnType<typeof tt.dispatch>>) => (r.ok ? 'OK' : r.error.code);
      if (role === 'supervisor') expect(code(cashier)).toBe('SUPERVISOR_REQUIRED');
      else expect(code(cashier)).not.toMatch(/^(SESSION_INVALID|SUPERVISOR_REQUIRED)$/);
      const sup = await tt.dispatch(channel, { session: meena });
      expect(code(sup)).not.toMatch(/^(SESSION_INVALID|SUPERVISOR_REQUIRED)$/);
      expect(ledgerCounts(tt.t)).toEqual(before);
    });
  }
});

describe('issue 15 low (a): sessions end on idle and at the shift close', () => {
  it('(a) a session idle past 15 minutes has ended; each call refreshes it', async () => {
    advance(10);
    expect((await tt.api['shift.current']({ session: asha })).ok).toBe(true);
    advance(10);
    expect((await tt.api['shift.current']({ session: asha })).ok).toBe(true);
    advance(16);
    const r = await tt.api['shift.current']({ session: asha });
    expect(r.ok || r.error.code).toBe('SESSION_INVALID');
    // Ended for good: coming back within the window does not revive it.
    tt.clock.now = new Date(tt.clock.now.getTime() - 20 * 60_000);
    expect((await tt.api['shift.current']({ session: asha })).ok).toBe(false);
  });

  it('(a) the idle limit is a terminal setting a supervisor sets', async () => {
    const set = await tt.call('settings.auth.set', { session: meena, settings: { supervisorPinMin: 6, cashierPinMin: 4, sessionIdleMinutes: 5 } });
    expect(set).toEqual({ supervisorPinMin: 6, cashierPinMin: 4, sessionIdleMinutes: 5 });
    advance(6);
    expect((await tt.api['shift.current']({ session: asha })).ok).toBe(false);
  });

  it('(a) closing a shift ends every session of that user', async () => {
    const other = await tt.login('asha');
    await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
    await tt.call('shift.close', { session: asha, count: { notes: {}, coinsPaise: 0 } });
    for (const s of [asha, other]) {
      const r = await tt.api['shift.current']({ session: s });
      expect(r.ok || r.error.code).toBe('SESSION_INVALID');
    }
    expect((await tt.api['shift.current']({ session: meena })).ok).toBe(true);
  });

  it('(a) issue 16 #1: a supervisor closing her own shift stays logged in, to close the day', async () => {
    await tt.call('shift.open', { session: meena, openingFloatPaise: 0 });
    await tt.call('shift.close', { session: meena, count: { notes: {}, coinsPaise: 0 } });
    expect(await tt.call('shift.current', { session: meena })).toBeNull();
    expect((await tt.api['day.summary']({ session: meena, date: '2026-11-26' })).ok).toBe(true);
  });
});
