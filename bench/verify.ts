// Row 4: how long `counterfoil verify` takes on a busy terminal's journal.
import { join } from 'node:path';
import { demoAccountNo, seededRandom } from '../shared/demo-data.js';
import { findUser } from '../core/auth/users.js';
import { recordPayment } from '../core/ledger/payments.js';
import { openShift } from '../core/ledger/shifts.js';
import { verifyLedger } from '../core/ledger/verify.js';
import { DATA_FILES } from '../core/terminal/terminal.js';
import type { Paise } from '../shared/money.js';
import { benchTerminal, progress, secondsSince } from './setup.js';

export interface VerifyResult {
  events: number;
  buildSeconds: number;
  /** ms per payment over the first and the last tenth of the build: a payment's cost should not grow with the ledger. */
  buildFirstMs: number;
  buildLastMs: number;
  verifySeconds: number;
  ok: boolean;
  faults: number;
}

// At most ₹900 a payment: an account would pass the ₹1,99,999.99 daily cash limit after 222
// payments, so at most 100 go to each account.
const accountsFor = (payments: number) => Math.max(2_000, Math.ceil(payments / 100));

export async function benchVerify(dir: string, events: number): Promise<VerifyResult> {
  // The genesis event and the shift opening are the first two events.
  const payments = Math.max(0, events - 2);
  const accounts = accountsFor(payments);
  const t = await benchTerminal(join(dir, 'verify'), accounts);
  try {
    const cashier = findUser(t.db, 'asha')!;
    const start = performance.now();
    // Set-up only: an fsync per payment would add minutes to a phase that measures nothing. The
    // events are the same either way, and verify only reads them; FULL is back before it runs.
    t.db.pragma('synchronous = OFF');
    openShift(t, cashier, 0 as Paise);
    const rand = seededRandom(100_000);
    const tenth = Math.max(1, Math.floor(payments / 10));
    let windowStart = performance.now();
    const windows: number[] = [];
    for (let i = 0; i < payments; i++) {
      recordPayment(t, cashier, {
        session: '0'.repeat(32), // recordPayment is given the user; the session is the dispatch's concern
        idempotencyKey: `verify-${i}`.padEnd(8, '-'),
        accountNo: demoAccountNo(i % accounts),
        amountPaise: (100 + Math.floor(rand() * 801)) * 100,
        autoOpenShift: false,
        mode: 'cash',
        instrument: {},
      });
      if ((i + 1) % tenth === 0) {
        windows.push((performance.now() - windowStart) / tenth);
        windowStart = performance.now();
        progress(
          `building journal ${(i + 1).toLocaleString('en-US')}/${payments.toLocaleString('en-US')} payments ` +
            `(${secondsSince(start).toFixed(0)} s, now ${windows.at(-1)!.toFixed(2)} ms a payment)`,
        );
      }
    }
    t.db.pragma('synchronous = FULL');
    const buildSeconds = secondsSince(start);

    progress('verifying');
    const vStart = performance.now();
    const report = verifyLedger(t.db, { headMarkFile: join(t.dataDir, DATA_FILES.headMark) });
    const verifySeconds = secondsSince(vStart);
    return {
      events: report.events,
      buildSeconds,
      buildFirstMs: windows[0] ?? Number.NaN,
      buildLastMs: windows.at(-1) ?? Number.NaN,
      verifySeconds,
      ok: report.ok,
      faults: report.faults.length,
    };
  } finally {
    t.close();
  }
}
