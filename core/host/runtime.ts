// What a host (the Electron main process, the web shell) runs around one open terminal: the
// contract's dispatch, the sync agent's scheduler, and the print loop that sends queued receipts.
// Each journal append nudges both, so a receipt prints at once and the centre hears soon after.
import type { Dispatch } from '../dispatch.js';
import { createTerminalDispatch } from '../handlers.js';
import { createLogger, type Logger } from '../log.js';
import { runPrintQueue } from '../print/queue.js';
import { configuredPrinter } from '../print/settings.js';
import { SyncScheduler } from '../sync/scheduler.js';
import { syncOnce } from '../sync/pass.js';
import type { Terminal } from '../terminal/terminal.js';

export interface TerminalRuntime {
  dispatch: Dispatch;
  sync: SyncScheduler;
  /** Sends due print jobs now (also runs every couple of seconds while jobs wait). */
  printNow(): Promise<void>;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Milliseconds between print-queue runs while jobs wait; default 2 s. */
  printIntervalMs?: number;
  /** Sync agent timing, as SyncScheduler takes it. */
  syncIntervalMs?: number;
  syncDebounceMs?: number;
  /** Where the runtime's events go; default: a logger on the terminal's data folder, closed on stop. */
  logger?: Logger;
}

export function startRuntime(t: Terminal, opts: RuntimeOptions = {}): TerminalRuntime {
  const log = opts.logger ?? createLogger(t.dataDir);
  let printing: Promise<void> | null = null;
  let printAgain = false;
  const printNow = async (): Promise<void> => {
    if (printing) {
      printAgain = true;
      return printing;
    }
    printing = (async () => {
      do {
        printAgain = false;
        const target = configuredPrinter(t);
        // The job keeps its error; the loop goes on.
        if (target) {
          await runPrintQueue(t, target).then(
            (run) => {
              if (run.error) log.warn('print.failed', { printer: target.kind, state: run.state, error: run.error, pending: run.pending });
            },
            (e: unknown) => log.error('print.crashed', { printer: target.kind, error: e }),
          );
        }
      } while (printAgain);
    })();
    try {
      await printing;
    } finally {
      printing = null;
    }
  };
  const sync = new SyncScheduler(t, {
    ...(opts.syncIntervalMs === undefined ? {} : { intervalMs: opts.syncIntervalMs }),
    ...(opts.syncDebounceMs === undefined ? {} : { debounceMs: opts.syncDebounceMs }),
    pass: (term, passOpts) =>
      syncOnce(term, passOpts).catch((e: unknown) => {
        log.error('sync.crashed', { error: e });
        throw e;
      }),
    onStatus: (s) =>
      (s.connection === 'online' && !s.stopped ? log.info : log.warn)('sync.pass', {
        connection: s.connection, queueDepth: s.queueDepth, ackedSeq: s.ackedSeq, headSeq: s.headSeq,
        errorCode: s.lastErrorCode, stopped: s.stopped, clockSkewMs: s.clockSkewMs,
      }),
  });
  const inner = createTerminalDispatch(t, {
    journalAppended: () => {
      void printNow();
      sync.nudge();
    },
    log,
  });
  // A payment is logged by its receipt no. and amount only: the account holder stays in the ledger.
  const dispatch: Dispatch = async (channel, input) => {
    const r = await inner(channel, input);
    if (r.ok && channel === 'payment.record') {
      const v = r.value as { receiptNo: string; seq: number; replayed: boolean };
      if (!v.replayed) log.info('payment.recorded', { receiptNo: v.receiptNo, seq: v.seq, amountPaise: (input as { amountPaise?: unknown }).amountPaise });
    } else if (!r.ok && r.error.code === 'INTERNAL') {
      log.error('dispatch.internal', { channel, detail: r.error.params });
    }
    return r;
  };
  const printTimer = setInterval(() => void printNow(), opts.printIntervalMs ?? 2_000);
  printTimer.unref();
  sync.start();
  log.info('runtime.start', { terminal: t.id, substation: t.substation, counter: t.counter, writeBlock: t.writeBlock?.code ?? null });
  return {
    dispatch,
    sync,
    printNow,
    async stop() {
      clearInterval(printTimer);
      await sync.stop();
      await printing;
      log.info('runtime.stop', { terminal: t.id });
      if (!opts.logger) log.close();
    },
  };
}
