// The print queue: jobs are rows written with the payment (or reprint) they print; a run sends
// the due ones in order and marks a job printed only when the printer confirms. A failure waits
// with exponential backoff and full jitter, and the receipt can always be printed again.
import type { PrintSettings } from '../../shared/contract.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import { encodeEscPos } from './escpos.js';
import type { PrinterState } from './printer-status.js';
import type { ReceiptLayout } from './layout.js';
import { dayReportOf } from './day-report.js';
import { shiftReportData, shiftReportLayout } from './shift-report.js';
import { printSettings, receiptLayoutOf } from './settings.js';
import { printJob, type PrinterTarget } from './transports.js';
import { backoffMs } from '../../shared/backoff.js';

interface JobRow {
  id: number;
  kind: 'receipt' | 'shift-report' | 'day-report';
  receipt_no: string | null;
  reprint_n: number | null;
  shift_id: number | null;
  business_date: string | null;
  attempts: number;
}

/** The layout a job prints, made from the ledger as it is now. */
function jobLayout(t: Terminal, job: JobRow, settings: PrintSettings): ReceiptLayout {
  if (job.kind === 'shift-report') return shiftReportLayout(shiftReportData(t, job.shift_id!), settings.paper);
  if (job.kind === 'day-report') return dayReportOf(t, job.business_date!, settings.paper);
  return receiptLayoutOf(t, job.receipt_no!, job.reprint_n, settings);
}

const jobName = (job: JobRow) =>
  job.kind === 'shift-report' ? `shift ${job.shift_id} report` : job.kind === 'day-report' ? `day ${job.business_date} report` : job.receipt_no!;

export interface QueueRun {
  printed: string[];
  /** The printer's state after the run: what the status bar shows. */
  state: PrinterState;
  pending: number;
  error?: string;
}

// Terminals with a queue run sending to their printer right now: their status reads 'printing'.
const sending = new WeakSet<Terminal>();
export const isPrinting = (t: Terminal) => sending.has(t);

export async function runPrintQueue(t: Terminal, target: PrinterTarget, opts: { random?: () => number } = {}): Promise<QueueRun> {
  sending.add(t);
  try {
    return await runDueJobs(t, target, opts.random);
  } finally {
    sending.delete(t);
  }
}

async function runDueJobs(t: Terminal, target: PrinterTarget, random?: () => number): Promise<QueueRun> {
  const now = t.clock();
  const due = stmt(
    t.db,
    `SELECT j.id, j.kind, p.receipt_no, j.reprint_n, j.shift_id, j.business_date, j.attempts FROM print_jobs j LEFT JOIN payments p ON p.seq = j.payment_seq
      WHERE j.state = 'pending' AND j.next_attempt_at <= ? ORDER BY j.id`,
  ).all(now.toISOString()) as JobRow[];
  const printed: string[] = [];
  let state: PrinterState = 'ready';
  let error: string | undefined;
  const settings = printSettings(t);
  for (const job of due) {
    const bytes = await encodeEscPos(jobLayout(t, job, settings), { qrAsRaster: settings.qrAsRaster });
    const outcome = await printJob(target, bytes);
    state = outcome.state;
    if (outcome.printed) {
      stmt(t.db, "UPDATE print_jobs SET state = 'printed', attempts = attempts + 1, printed_at = ?, last_error = NULL, last_state = NULL WHERE id = ?").run(
        t.clock().toISOString(), job.id,
      );
      printed.push(jobName(job));
      continue;
    }
    error = outcome.detail ?? outcome.state;
    const next = new Date(t.clock().getTime() + backoffMs(job.attempts, random));
    stmt(t.db, 'UPDATE print_jobs SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_state = ? WHERE id = ?').run(
      next.toISOString(), error, outcome.state, job.id,
    );
    // The printer is not taking jobs: the rest wait their turn rather than print out of order.
    break;
  }
  const { pending } = stmt(t.db, "SELECT COUNT(*) AS pending FROM print_jobs WHERE state = 'pending'").get() as { pending: number };
  return { printed, state, pending, ...(error ? { error } : {}) };
}
