// The reports' costs on a busy terminal: the day summary of one day of 5,000 payments, and a
// 30-day export (30 × 2,000 payments) in each format with its signed manifest; and the
// settlement matcher over those days' UPI and card receipts. Measured, never asserted.
import { join } from 'node:path';
import { createUser, findUser } from '../core/auth/users.js';
import { upsertConsumers } from '../core/consumers/store.js';
import { recordPayment } from '../core/ledger/payments.js';
import { openShift } from '../core/ledger/shifts.js';
import { daySummary, dateRange } from '../core/reports/day-summary.js';
import { makeExport } from '../core/reports/export.js';
import { importSettlement } from '../core/reports/reconcile.js';
import { initTerminal, type Terminal } from '../core/terminal/terminal.js';
import { addDays } from '../shared/dates.js';
import { DEMO_USERS, demoAccountNo, demoConsumers, seededRandom } from '../shared/demo-data.js';
import type { PaymentRequest } from '../shared/contract.js';
import type { ExportFormat } from '../shared/export-manifest.js';
import type { Paise } from '../shared/money.js';
import { progress, secondsSince } from './setup.js';
import { summarize, type Summary } from './stats.js';

export const FIRST_DAY = '2026-11-01';
const ACCOUNTS = 20_000;

export interface ReportsResult {
  days: number;
  perDay: number;
  bigDay: number;
  buildSeconds: number;
  summaryBigDay: Summary;
  exports: { format: ExportFormat; seconds: number; bytes: number }[];
  settlement: { lines: number; seconds: number; matched: number; notSettled: number; otherExceptions: number; leftOut: number };
}

/** Records `count` payments on `date` (IST 09:00 onwards), every mode, as the counter would. */
function recordDay(
  t: Terminal, clock: { now: Date }, date: string, count: number, rand: () => number, seqBase: number, settlement: string[], leftOut: { count: number },
): void {
  const cashier = findUser(t.db, 'asha')!;
  const start = Date.parse(`${date}T03:30:00Z`);
  for (let i = 0; i < count; i++) {
    clock.now = new Date(start + Math.floor((i * 8 * 3_600_000) / count));
    const n = seqBase + i;
    const r = rand();
    const amountPaise = (100 + Math.floor(rand() * 801)) * 100;
    const base = { session: '0'.repeat(32), idempotencyKey: `bench-${n}`.padEnd(8, '-'), accountNo: demoAccountNo(n % ACCOUNTS), amountPaise, autoOpenShift: false };
    let req: PaymentRequest;
    if (r < 0.55) req = { ...base, mode: 'cash', instrument: {} };
    else if (r < 0.75) {
      const utr = String(300_000_000_000 + n);
      req = { ...base, mode: 'upi', instrument: { utr } };
      if (rand() > 0.001) settlement.push(`${utr},${(amountPaise / 100).toFixed(2)},${date}`);
      else leftOut.count++;
    } else if (r < 0.85) {
      const approval = `C${String(n).padStart(5, '0').slice(-5)}`;
      req = { ...base, mode: 'card', instrument: { last4: '4242', approval } };
      settlement.push(`${approval},${(amountPaise / 100).toFixed(2)},${date}`);
    } else req = { ...base, mode: r < 0.95 ? 'cheque' : 'dd', instrument: { number: String(100_000 + (n % 900_000)), bank: 'पंजाब नेशनल बैंक', date } };
    recordPayment(t, cashier, req);
  }
}

export interface BusyTerminal {
  t: Terminal;
  /** The settlement file's lines (reference,amount,date) for the UPI and card payments; about 1 in 1,000 UPI left out. */
  settlement: string[];
  /** How many UPI payments the file leaves out: the reconciliation should report exactly these as not settled. */
  leftOut: number;
  bigDay: string;
  buildSeconds: number;
}

/** A terminal with `days` days of `perDay` payments from FIRST_DAY, then one day of `bigDay`. */
export async function buildBusyTerminal(dir: string, days: number, perDay: number, bigDay: number): Promise<BusyTerminal> {
  const clock = { now: new Date(`${FIRST_DAY}T03:00:00Z`) };
  const t = initTerminal(join(dir, 'reports'), { substation: 'SS042', counter: 'C1', clock: () => new Date(clock.now) });
  for (const u of DEMO_USERS) await createUser(t.db, u.name, u.role, u.pin, clock.now);
  upsertConsumers(t.db, demoConsumers(ACCOUNTS), clock.now);
  const rand = seededRandom(2026);
  const settlement: string[] = [];
  const leftOut = { count: 0 };
  const started = performance.now();
  // Set-up only, as in bench/verify.ts: no fsync per payment while building.
  t.db.pragma('synchronous = OFF');
  openShift(t, findUser(t.db, 'asha')!, 0 as Paise);
  for (let d = 0; d < days; d++) {
    recordDay(t, clock, addDays(FIRST_DAY, d), perDay, rand, d * perDay, settlement, leftOut);
    progress(`reports: day ${d + 1}/${days} built (${secondsSince(started).toFixed(0)} s)`);
  }
  const big = addDays(FIRST_DAY, days);
  recordDay(t, clock, big, bigDay, rand, days * perDay, settlement, leftOut);
  t.db.pragma('synchronous = FULL');
  return { t, settlement, leftOut: leftOut.count, bigDay: big, buildSeconds: secondsSince(started) };
}

export async function benchReports(dir: string, days: number, perDay: number, bigDay: number): Promise<ReportsResult> {
  const { t, settlement, leftOut, bigDay: big, buildSeconds } = await buildBusyTerminal(dir, days, perDay, bigDay);
  try {
    progress(`reports: day summary of ${bigDay} payments`);
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      daySummary(t, dateRange(big));
      samples.push(performance.now() - s);
    }
    const range = dateRange(FIRST_DAY, addDays(FIRST_DAY, days - 1));
    const exports: ReportsResult['exports'] = [];
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      progress(`reports: ${days}-day export as ${format}`);
      const s = performance.now();
      const e = await makeExport(t, range, format);
      exports.push({ format, seconds: secondsSince(s), bytes: e.bytes.length });
    }
    progress(`reports: settlement file of ${settlement.length} lines`);
    const csv = ['Reference,Amount,Date', ...settlement].join('\n');
    const s = performance.now();
    const report = importSettlement(t, findUser(t.db, 'meena')!, {
      source: 'bench', csv, range: dateRange(FIRST_DAY, big),
      mapping: { reference: 'Reference', amount: 'Amount', date: 'Date', dateFormat: 'YYYY-MM-DD', amountUnit: 'rupees' },
    });
    const settlementSeconds = secondsSince(s);
    return {
      days, perDay, bigDay, buildSeconds, summaryBigDay: summarize(samples), exports,
      settlement: {
        lines: settlement.length, seconds: settlementSeconds, matched: report.counts.matched, notSettled: report.counts['not-settled'],
        otherExceptions: report.exceptions.length - report.counts['not-settled'], leftOut,
      },
    };
  } finally {
    t.close();
  }
}
