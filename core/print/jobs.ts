// Writing a print job. Kept apart from the queue's runner so the ledger can add a job inside
// its own transaction without depending on the printing code.
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { printFaultText } from '../../shared/printer-state.js';

/** Adds a job for a payment's receipt (or a numbered duplicate); call inside its transaction. */
export function enqueueReceipt(db: Db, paymentSeq: number, reprint: number | null, now: Date): void {
  stmt(db, "INSERT INTO print_jobs (kind, payment_seq, reprint_n, next_attempt_at, created_at) VALUES ('receipt', ?, ?, ?, ?)").run(
    paymentSeq, reprint, now.toISOString(), now.toISOString(),
  );
}

/** Adds a job for a closed shift's report; call inside the closing transaction. */
export function enqueueShiftReport(db: Db, shiftId: number, now: Date): void {
  stmt(db, "INSERT INTO print_jobs (kind, shift_id, next_attempt_at, created_at) VALUES ('shift-report', ?, ?, ?)").run(
    shiftId, now.toISOString(), now.toISOString(),
  );
}

export interface ReceiptPrintState {
  /** 'waiting': queued or being retried; 'printed': the printer took it; 'none': never queued. */
  state: 'waiting' | 'printed' | 'none';
  attempts: number;
  /** The technical detail of the last failure (for diagnosis, not for the counter). */
  lastError: string | null;
  /** Why it waits, in the status bar's words; null until a try failed. */
  fault: { en: string; hi: string } | null;
}

/** How the newest slip of a payment (the receipt or its latest duplicate) stands in the queue. */
export function receiptPrintState(db: Db, paymentSeq: number): ReceiptPrintState {
  const job = stmt(db, "SELECT state, attempts, last_error, last_state FROM print_jobs WHERE kind = 'receipt' AND payment_seq = ? ORDER BY id DESC LIMIT 1").get(paymentSeq) as
    | { state: 'pending' | 'printed'; attempts: number; last_error: string | null; last_state: string | null }
    | undefined;
  if (!job) return { state: 'none', attempts: 0, lastError: null, fault: null };
  const waiting = job.state !== 'printed';
  return {
    state: waiting ? 'waiting' : 'printed', attempts: job.attempts, lastError: job.last_error,
    fault: waiting && (job.last_error !== null || job.last_state !== null) ? printFaultText(job.last_state) : null,
  };
}

/** Adds a job for a closed day's Z report; call inside the closing transaction. */
export function enqueueDayReport(db: Db, date: string, now: Date): void {
  stmt(db, "INSERT INTO print_jobs (kind, business_date, next_attempt_at, created_at) VALUES ('day-report', ?, ?, ?)").run(
    date, now.toISOString(), now.toISOString(),
  );
}
