// A real terminal on a temporary data folder, with a clock the test moves, demo users and
// consumers, and the contract served in-process the way Electron's IPC would (structuredClone).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS, type Channel, type CounterfoilApi, type Input, type Output, type Result } from '../../shared/contract.js';
import { createUser } from '../../core/auth/users.js';
import { DEMO_USERS, demoConsumers } from '../../shared/demo-data.js';
import { upsertConsumers } from '../../core/consumers/store.js';
import { type Dispatch } from '../../core/dispatch.js';
import { createTerminalDispatch } from '../../core/handlers.js';
import { initTerminal, openTerminal, type Terminal } from '../../core/terminal/terminal.js';
import type { Paise } from '../../shared/money.js';

export function tempDir(prefix = 'counterfoil-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The contract over a boundary that clones like Electron's IPC, so an uncloneable value fails here. */
export function inProcessApi(dispatch: Dispatch): CounterfoilApi {
  const api = {} as Record<Channel, (input: unknown) => Promise<Result<unknown>>>;
  for (const channel of CHANNELS) {
    api[channel] = async (input) => structuredClone(await dispatch(channel, structuredClone(input)));
  }
  return api as CounterfoilApi;
}

export interface TestTerminal {
  dir: string;
  t: Terminal;
  api: CounterfoilApi;
  dispatch: Dispatch;
  /** The test's clock: set `clock.now` to move time. */
  clock: { now: Date };
  call<K extends Channel>(channel: K, input: Input<K>): Promise<Output<K>>;
  login(user: 'asha' | 'ravi' | 'meena'): Promise<string>;
  /** A live session of `user` for a test's reads: kept, and logged in again once it has ended. */
  sessionOf(user: 'asha' | 'ravi' | 'meena'): Promise<string>;
  reopen(): void;
  close(): void;
}

export const PINS = Object.fromEntries(DEMO_USERS.map((u) => [u.name, u.pin])) as Record<'asha' | 'ravi' | 'meena', string>;

/** ₹1 crore: wider than any count a suite closes a shift with. */
const WIDE_TOLERANCE = 1_00_00_000_00 as Paise;

export async function makeTerminal(opts: { consumers?: number; now?: string; varianceTolerancePaise?: 'default' | 'wide'; counter?: string; substation?: string } = {}): Promise<TestTerminal> {
  const dir = tempDir();
  const clock = { now: new Date(opts.now ?? '2026-11-26T06:00:00.000Z') };
  const clockFn = () => new Date(clock.now);
  const sessions = new Map<string, string>();
  let t = initTerminal(join(dir, 'terminal'), { substation: opts.substation ?? 'SS042', counter: opts.counter ?? 'C1', clock: clockFn });
  for (const u of DEMO_USERS) await createUser(t.db, u.name, u.role, u.pin, clockFn());
  upsertConsumers(t.db, demoConsumers(opts.consumers ?? 50), clockFn());
  // Suites not about the shift's cash variance close shifts with any count: the tolerance (issue 16
  // #5) is opened wide here, unjournaled, as a fixture. Those about it set their own (shift-variance).
  if (opts.varianceTolerancePaise !== 'default') {
    t.limits = { ...t.limits, shiftVarianceTolerancePaise: WIDE_TOLERANCE };
    t.db.prepare("UPDATE meta SET value = ? WHERE key = 'limits'").run(JSON.stringify(t.limits));
  }
  const tt: TestTerminal = {
    dir,
    t,
    clock,
    dispatch: createTerminalDispatch(t),
    api: undefined as unknown as CounterfoilApi,
    async call(channel, input) {
      const r = await tt.api[channel](input);
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { appError: r.error });
      return r.value as Output<typeof channel>;
    },
    async login(user) {
      return (await tt.call('auth.login', { user, pin: PINS[user] })).session;
    },
    async sessionOf(user) {
      const kept = sessions.get(user);
      if (kept && (await tt.api['shift.current']({ session: kept })).ok) return kept;
      const fresh = await tt.login(user);
      sessions.set(user, fresh);
      return fresh;
    },
    reopen() {
      t.close();
      t = openTerminal(join(dir, 'terminal'), { clock: clockFn });
      tt.t = t;
      tt.dispatch = createTerminalDispatch(t);
      tt.api = inProcessApi(tt.dispatch);
      sessions.clear();
    },
    close() {
      t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  tt.api = inProcessApi(tt.dispatch);
  return tt;
}

/** Counts of what a failed call must leave untouched. */
export function ledgerCounts(t: Terminal): { journal: number; payments: number; shifts: number; voids: number } {
  return t.db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM journal) AS journal, (SELECT COUNT(*) FROM payments) AS payments,
              (SELECT COUNT(*) FROM shifts) AS shifts, (SELECT COUNT(*) FROM payments WHERE void_seq IS NOT NULL) AS voids`,
    )
    .get() as { journal: number; payments: number; shifts: number; voids: number };
}
