// When the agent runs: shortly after each payment (debounced, so a burst is one upload), on a
// timer while all is well, and after a failure with exponential backoff and full jitter (base 2 s,
// cap 5 min) so that counters coming back online together do not knock together. A pass never
// overlaps another; a nudge during a pass runs one more pass right after it.
import { backoffMs } from '../../shared/backoff.js';
import type { Terminal } from '../terminal/terminal.js';
import { syncOnce, type PassOptions } from './pass.js';
import { syncRow, type SyncStatus } from './state.js';

export interface SchedulerOptions {
  /** Between passes while the link is healthy. */
  intervalMs?: number;
  /** After a payment, wait this long for more before uploading. */
  debounceMs?: number;
  random?: () => number;
  pass?: (t: Terminal, opts: PassOptions) => Promise<SyncStatus>;
  onStatus?: (s: SyncStatus) => void;
}

export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopped = true;
  /** When the next pass is due (ms since epoch), for the status bar and tests. */
  nextAt: number | null = null;

  constructor(private readonly t: Terminal, private readonly opts: SchedulerOptions = {}) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    await this.running;
  }

  /** A payment was recorded: upload soon. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const soon = this.opts.debounceMs ?? 1_000;
    if (this.nextAt === null || this.nextAt - Date.now() > soon) this.schedule(soon);
  }

  /** The wait before the next pass after one that ended with this status. */
  delayAfter(s: SyncStatus): number {
    if (s.stopped || s.lastErrorCode === 'LEDGER_BEHIND_CENTRAL') {
      return this.opts.intervalMs ?? 60_000; // nothing will change by retrying sooner
    }
    if (s.connection === 'online') {
      this.failures = 0;
      return this.opts.intervalMs ?? 60_000;
    }
    return backoffMs(this.failures++, this.opts.random);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.stopped) return;
    this.nextAt = Date.now() + ms;
    this.timer = setTimeout(() => void this.run(), ms);
    this.timer.unref?.();
  }

  private async run(): Promise<void> {
    this.clear();
    if (!syncRow(this.t)) {
      this.schedule(this.opts.intervalMs ?? 60_000); // not enrolled yet: look again later
      return;
    }
    let status: SyncStatus | null = null;
    this.running = (async () => {
      try {
        status = await (this.opts.pass ?? syncOnce)(this.t, {});
      } catch {
        status = null; // a bug or a closed database; the next pass tells
      }
    })();
    await this.running;
    this.running = null;
    if (status) this.opts.onStatus?.(status);
    if (this.again) {
      this.again = false;
      this.schedule(this.opts.debounceMs ?? 1_000);
      return;
    }
    this.schedule(status ? this.delayAfter(status) : backoffMs(this.failures++, this.opts.random));
  }
}
