// Issue 15 #3: PIN guesses. The check and the count are one step per user (one attempt in flight
// per name), so parallel guesses cannot outrun the lockout; an unknown name answers as a known one;
// each lockout is longer than the last, up to a cap, and never renewed while it runs; every
// failure and lockout is logged without the PIN.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT_STEPS_MINUTES, MAX_PIN_FAILURES } from '../../core/auth/users.js';
import { createTerminalDispatch } from '../../core/handlers.js';
import type { Logger, LogFields } from '../../core/log.js';
import { DEMO_USERS } from '../../shared/demo-data.js';
import type { AppError } from '../../shared/errors.js';
import { inProcessApi, makeTerminal, PINS, type TestTerminal } from '../support/terminal.js';

const supervisor = DEMO_USERS.find((u) => u.role === 'supervisor')!;
/** A PIN of the supervisor's length that is not hers. */
const wrongPin = (i: number) => String((Number(supervisor.pin) + 1 + i) % 10 ** supervisor.pin.length).padStart(supervisor.pin.length, '0');

let tt: TestTerminal;
beforeEach(async () => {
  tt = await makeTerminal();
});
afterEach(() => tt.close());

async function login(user: string, pin: string): Promise<{ ok: true } | { ok: false; error: AppError }> {
  const r = await tt.api['auth.login']({ user, pin });
  return r.ok ? { ok: true } : { ok: false, error: r.error };
}

const minutes = (m: number) => m * 60_000;
const advance = (ms: number) => (tt.clock.now = new Date(tt.clock.now.getTime() + ms));

describe('issue 15 #3: parallel PIN guesses cannot get round the lockout', () => {
  it('#3 300 concurrent logins with the right PIN among them never log in once the limit is hit', async () => {
    const pins = Array.from({ length: 300 }, (_, i) => wrongPin(i));
    pins[150] = supervisor.pin;
    pins[299] = supervisor.pin;
    const answers = await Promise.all(pins.map((pin) => login(supervisor.name, pin)));
    expect(answers.filter((a) => a.ok)).toHaveLength(0);
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    // Exactly the first MAX_PIN_FAILURES were evaluated: four "tries left", then the lockout.
    expect(codes.slice(0, MAX_PIN_FAILURES - 1)).toEqual(Array(MAX_PIN_FAILURES - 1).fill('BAD_CREDENTIALS'));
    expect(codes.slice(MAX_PIN_FAILURES - 1).every((c) => c === 'USER_LOCKED')).toBe(true);

    // After the first window the real supervisor gets in.
    advance(minutes(LOCKOUT_STEPS_MINUTES[0]!));
    expect(await login(supervisor.name, supervisor.pin)).toEqual({ ok: true });
  });

  it('#3 the void approval (the supervisor PIN inside payment.void) is counted on the same lock', async () => {
    const asha = await tt.login('asha');
    await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
    for (let i = 0; i < MAX_PIN_FAILURES; i++) await login(supervisor.name, wrongPin(i));
    const r = await tt.api['payment.void']({ session: asha, receiptNo: 'SS042-C1-2627-000001', supervisor: { user: supervisor.name, pin: supervisor.pin }, reason: 'wrong account' });
    expect(r.ok || r.error.code).toBe('USER_LOCKED');
  });
});

describe('issue 15 #3: an unknown user answers exactly as a known one', () => {
  it('#3 the same codes, the same remaining counts and the same lockout, for a name that does not exist', async () => {
    const answersFor = async (user: string) => {
      const out: { code: string; params: Record<string, unknown> }[] = [];
      for (let i = 0; i < MAX_PIN_FAILURES + 2; i++) {
        const a = await login(user, wrongPin(i));
        if (a.ok) throw new Error('logged in');
        const { user: _named, ...params } = a.error.params ?? {};
        out.push({ code: a.error.code, params });
      }
      return out;
    };
    const known = await answersFor(supervisor.name);
    const unknown = await answersFor('nosuchuser');
    expect(unknown).toEqual(known);
    expect(known.map((a) => a.code)).toEqual([
      ...Array(MAX_PIN_FAILURES - 1).fill('BAD_CREDENTIALS'), 'USER_LOCKED', 'USER_LOCKED', 'USER_LOCKED',
    ]);
    expect(known.slice(0, MAX_PIN_FAILURES - 1).map((a) => a.params.remaining)).toEqual([4, 3, 2, 1].slice(0, MAX_PIN_FAILURES - 1));
  });

  it('#3 a wrong PIN for an unknown name costs the same scrypt as for a known one', async () => {
    const time = async (user: string, pin: string) => {
      const start = performance.now();
      await login(user, pin);
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternating, and on fresh names each time, so no lockout and no warm-up favours one side.
    for (let i = 0; i < 4; i++) {
      known.push(await time('asha', '0000'));
      advance(minutes(24 * 60));
      unknown.push(await time(`ghost${i}`, '0000'));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });
});

describe('issue 15 #3: lockout windows grow, and a cashier cannot keep the supervisor out', () => {
  it('#3 each lockout is longer than the last (1, 5, 15, 60 min, capped), never renewed while it runs, and the supervisor gets in after it', async () => {
    expect(LOCKOUT_STEPS_MINUTES).toEqual([1, 5, 15, 60]);
    for (let i = 0; i < MAX_PIN_FAILURES - 1; i++) expect((await login(supervisor.name, wrongPin(i))) as unknown).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    const lockedFor: number[] = [];
    for (let round = 0; round < 6; round++) {
      const start = tt.clock.now.getTime();
      const a = await login(supervisor.name, wrongPin(round));
      expect(a.ok || a.error.code).toBe('USER_LOCKED');
      // Guesses while locked are refused unevaluated and do not lengthen the lock.
      for (let i = 0; i < 20; i++) expect((await login(supervisor.name, supervisor.pin)).ok).toBe(false);
      // Walk the clock forward a minute at a time until the right PIN works again.
      let waited = 0;
      for (;;) {
        advance(minutes(1));
        waited++;
        // Probe with a read of the lock (not a guess): the right PIN is what the real supervisor types.
        if (waited > 60) throw new Error('still locked after 60 minutes');
        const row = tt.t.db.prepare('SELECT locked_until FROM pin_attempts WHERE name = ?').get(supervisor.name) as { locked_until: string | null };
        if (!row.locked_until || new Date(row.locked_until).getTime() <= tt.clock.now.getTime()) break;
      }
      lockedFor.push(Math.round((tt.clock.now.getTime() - start) / 60_000));
    }
    expect(lockedFor).toEqual([1, 5, 15, 60, 60, 60]);
    // The window has passed: the real supervisor's PIN works, and her count starts again.
    expect(await login(supervisor.name, supervisor.pin)).toEqual({ ok: true });
    const fresh = await login(supervisor.name, wrongPin(0));
    expect(fresh.ok || fresh.error.params).toMatchObject({ remaining: MAX_PIN_FAILURES - 1 });
  });

  it('#3 a day without failures forgives the streak: the next lockout is the short one again', async () => {
    for (let i = 0; i < MAX_PIN_FAILURES + 2; i++) {
      await login('ravi', '0000');
      advance(minutes(60));
    }
    advance(minutes(24 * 60));
    for (let i = 0; i < MAX_PIN_FAILURES; i++) await login('ravi', '0000');
    const row = tt.t.db.prepare('SELECT locked_until FROM pin_attempts WHERE name = ?').get('ravi') as { locked_until: string };
    expect(new Date(row.locked_until).getTime() - tt.clock.now.getTime()).toBe(minutes(LOCKOUT_STEPS_MINUTES[0]!));
    expect(await login('ravi', PINS.ravi)).toMatchObject({ ok: false, error: { code: 'USER_LOCKED' } });
  });
});

describe('issue 15 #3: every failure and lockout is logged, without the PIN', () => {
  it('#3 auth.failed for each wrong PIN, auth.locked for each lockout, auth.refused while locked; no PIN in any line', async () => {
    const lines: { level: string; event: string; fields: LogFields }[] = [];
    const capture = (level: string) => (event: string, fields: LogFields = {}) => void lines.push({ level, event, fields });
    const log: Logger = { info: capture('info'), warn: capture('warn'), error: capture('error'), dropped: 0, close() {} };
    const api = inProcessApi(createTerminalDispatch(tt.t, { log }));
    const pins = Array.from({ length: MAX_PIN_FAILURES + 1 }, (_, i) => wrongPin(i));
    for (const pin of pins) await api['auth.login']({ user: supervisor.name, pin });
    await api['auth.login']({ user: 'nosuchuser', pin: pins[0]! });
    expect(lines.map((l) => l.event)).toEqual([
      ...Array(MAX_PIN_FAILURES - 1).fill('auth.failed'), 'auth.locked', 'auth.refused', 'auth.failed',
    ]);
    expect(lines[0]).toMatchObject({ level: 'warn', fields: { user: supervisor.name, remaining: MAX_PIN_FAILURES - 1 } });
    expect(lines[MAX_PIN_FAILURES - 1]).toMatchObject({ level: 'warn', fields: { user: supervisor.name, minutes: LOCKOUT_STEPS_MINUTES[0] } });
    // The log says whether the name is a user (the answer does not): an operator reads who was tried.
    expect(lines.at(-1)).toMatchObject({ fields: { user: 'nosuchuser', known: false } });
    // Tries during a lock are counted, not written one by one: one line a minute at most.
    for (let i = 0; i < 50; i++) await api['auth.login']({ user: supervisor.name, pin: pins[0]! });
    expect(lines.filter((l) => l.event === 'auth.refused')).toHaveLength(1);
    advance(minutes(LOCKOUT_STEPS_MINUTES[0]!)); // the lock ends; the next wrong PIN locks for 5 minutes
    await api['auth.login']({ user: supervisor.name, pin: pins[0]! });
    await api['auth.login']({ user: supervisor.name, pin: pins[0]! });
    expect(lines.filter((l) => l.event === 'auth.refused').map((l) => l.fields.refused)).toEqual([1, 51]);
    const text = JSON.stringify(lines);
    for (const pin of [...pins, supervisor.pin]) expect(text).not.toContain(pin);
  });
});

describe('issue 15 #3: a supervisor PIN has 6+ digits (a terminal setting), a cashier PIN 4+', () => {
  it('#3 the demo supervisor has a 6-digit PIN; the contract takes PINs of up to 12 digits', async () => {
    expect(supervisor.pin).toMatch(/^\d{6}$/);
    const { Pin } = await import('../../shared/contract.js');
    expect(Pin.safeParse('123456789012').success).toBe(true);
    expect(Pin.safeParse('1234567890123').success).toBe(false);
  });

  it('#3 user creation refuses a supervisor PIN under 6 digits and a cashier PIN under 4, by the terminal setting', async () => {
    const { createUser } = await import('../../core/auth/users.js');
    const code = async (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string }) => e.code);
    expect(await code(createUser(tt.t.db, 'kiran', 'supervisor', '48291', tt.clock.now))).toBe('SUPERVISOR_PIN_TOO_SHORT');
    expect(await code(createUser(tt.t.db, 'kiran', 'supervisor', '482913', tt.clock.now))).toBe('OK');
    expect(await code(createUser(tt.t.db, 'sonu', 'cashier', '4829', tt.clock.now))).toBe('OK');

    const meena = await tt.login('meena');
    const short = await tt.api['settings.auth.set']({ session: meena, settings: { supervisorPinMin: 5, cashierPinMin: 4, sessionIdleMinutes: 15 } });
    expect(short.ok || short.error.code).toBe('INVALID_INPUT');
    await tt.call('settings.auth.set', { session: meena, settings: { supervisorPinMin: 8, cashierPinMin: 6, sessionIdleMinutes: 15 } });
    expect(await tt.call('settings.auth.get', { session: meena })).toEqual({ supervisorPinMin: 8, cashierPinMin: 6, sessionIdleMinutes: 15 });
    expect(await code(createUser(tt.t.db, 'lata', 'supervisor', '4829135', tt.clock.now))).toBe('SUPERVISOR_PIN_TOO_SHORT');
    expect(await code(createUser(tt.t.db, 'mohan', 'cashier', '48291', tt.clock.now))).toBe('CASHIER_PIN_TOO_SHORT');
    expect(await code(createUser(tt.t.db, 'mohan', 'cashier', '482913', tt.clock.now))).toBe('OK');
  });

  it('#3 first-run set-up (setup.init) refuses a 4-digit supervisor PIN and makes nothing', async () => {
    const { createSetupDispatch } = await import('../../core/host/setup-dispatch.js');
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dataDir = join(tt.dir, 'fresh');
    let ready = 0;
    const setup = createSetupDispatch(dataDir, (t) => {
      ready++;
      t.close();
    });
    const r = await setup('setup.init', { substation: 'SS107', counter: 'C2', supervisor: 'meena', pin: '4321' });
    expect(r.ok || r.error.code).toBe('SUPERVISOR_PIN_TOO_SHORT');
    expect(r.ok || r.error.message).toBe('A supervisor PIN has at least 6 digits.');
    expect(ready).toBe(0);
    expect(existsSync(join(dataDir, 'counterfoil.db'))).toBe(false);
    const made = await setup('setup.init', { substation: 'SS107', counter: 'C2', supervisor: 'meena', pin: '432198' });
    expect(made.ok).toBe(true);
    expect(ready).toBe(1);
  });
});
