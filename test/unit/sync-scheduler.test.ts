// When the sync agent runs: debounced after payments, on a timer while healthy, with exponential
// backoff and full jitter (base 2 s, cap 5 min) after failures; passes never overlap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTerminalDispatch } from '../../core/handlers.js';
import { SyncScheduler } from '../../core/sync/scheduler.js';
import { syncStatus } from '../../core/sync/state.js';
import type { SyncStatus } from '../../shared/contract.js';
import { makeTerminal, PINS, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
beforeEach(async () => {
  tt = await makeTerminal({ consumers: 0 });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  tt.close();
});

const enrolled = () =>
  tt.t.db.prepare("INSERT INTO sync_state (id, upstream_url, server_key, enrolled_at) VALUES (1, 'http://127.0.0.1:1', 'k', 'now')").run();

function fakePass(outcomes: SyncStatus['connection'][]) {
  const calls: number[] = [];
  const pass = vi.fn(async () => {
    calls.push(Date.now());
    return { ...syncStatus(tt.t), connection: outcomes[Math.min(calls.length - 1, outcomes.length - 1)]! };
  });
  return { pass, calls };
}

describe('sync scheduler', () => {
  it('backs off exponentially with full jitter after failures, capped at 5 minutes, and keeps the interval once online', async () => {
    enrolled();
    const { pass, calls } = fakePass(['offline', 'offline', 'offline', 'offline', 'offline', 'offline', 'offline', 'offline', 'offline', 'online', 'online']);
    const s = new SyncScheduler(tt.t, { pass, random: () => 0.999, intervalMs: 60_000 });
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(s.nextAt! - Date.now());
    await s.stop();
    const gaps = calls.slice(1).map((c, i) => c - calls[i]!);
    // 2 s · 2^n just under the step (random 0.999), then the 5 min cap, then the healthy interval.
    expect(gaps.slice(0, 7)).toEqual([1998, 3996, 7992, 15984, 31968, 63936, 127872]);
    expect(gaps[7]).toBe(255744);
    expect(gaps[8]).toBe(299700);
    expect(gaps[9]).toBe(60_000);
  });

  it('with jitter, 200 counters failing together spread their retries over the whole window', () => {
    enrolled();
    const waits = Array.from({ length: 200 }, (_, i) => {
      const s = new SyncScheduler(tt.t, { random: () => (i + 0.5) / 200 });
      for (let k = 0; k < 5; k++) s.delayAfter({ ...syncStatus(tt.t), connection: 'offline' });
      return s.delayAfter({ ...syncStatus(tt.t), connection: 'offline' });
    });
    // The sixth step is 64 s: the waits cover it evenly instead of all landing at once.
    expect(Math.min(...waits)).toBeLessThan(1_000);
    expect(Math.max(...waits)).toBeGreaterThan(63_000);
    expect(new Set(waits.map((w) => Math.floor(w / 6_400))).size).toBe(10);
  });

  it('uploads once shortly after a burst of payments, and once more when one comes during a pass', async () => {
    enrolled();
    let release: () => void = () => {};
    const pass = vi.fn(() => new Promise<SyncStatus>((resolve) => (release = () => resolve({ ...syncStatus(tt.t), connection: 'online' }))));
    const s = new SyncScheduler(tt.t, { pass, debounceMs: 1_000, intervalMs: 60_000 });
    const dispatch = createTerminalDispatch(tt.t, { journalAppended: () => s.nudge() });
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(pass).toHaveBeenCalledTimes(1);

    const login = await dispatch('auth.login', { user: 'asha', pin: PINS.asha });
    const session = (login as { value: { session: string } }).value.session;
    for (let i = 0; i < 5; i++) {
      const r = await dispatch('payment.record', { session, idempotencyKey: `burst-${i}-xxxxxxxx`, accountNo: 'HAND0001', amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
      expect(r.ok).toBe(true);
    }
    await vi.advanceTimersByTimeAsync(999);
    expect(pass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(2); // five payments, one upload

    s.nudge(); // a payment while that pass runs
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pass).toHaveBeenCalledTimes(3);
    release();
    await s.stop();
  });

  it('does not run a pass before the terminal is enrolled', async () => {
    const { pass } = fakePass(['online']);
    const s = new SyncScheduler(tt.t, { pass, intervalMs: 60_000 });
    s.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(pass).not.toHaveBeenCalled();
    enrolled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pass).toHaveBeenCalledTimes(1);
    await s.stop();
  });
});
