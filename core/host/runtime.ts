// What a host (the Electron main process, the web shell) runs around one open terminal: the
// contract's dispatch, the sync agent's scheduler, and the print loop that sends queued receipts.
// Each journal append nudges both, so a receipt prints at once and the centre hears soon after.
import { Sessions } from '../auth/sessions.js';
import { createDispatch, type Dispatch } from '../dispatch.js';
import { createHandlers } from '../handlers.js';
import { runPrintQueue } from '../print/queue.js';
import { configuredPrinter } from '../print/settings.js';
import { SyncScheduler } from '../sync/scheduler.js';
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
}

export function startRuntime(t: Terminal, opts: RuntimeOptions = {}): TerminalRuntime {
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
        if (target) await runPrintQueue(t, target).catch(() => undefined); // the job keeps its error; the loop goes on
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
  });
  const dispatch = createDispatch(
    createHandlers(t, new Sessions(), {
      journalAppended: () => {
        void printNow();
        sync.nudge();
      },
    }),
  );
  const printTimer = setInterval(() => void printNow(), opts.printIntervalMs ?? 2_000);
  printTimer.unref();
  sync.start();
  return {
    dispatch,
    sync,
    printNow,
    async stop() {
      clearInterval(printTimer);
      await sync.stop();
      await printing;
    },
  };
}
