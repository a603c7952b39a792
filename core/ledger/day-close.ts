// Closing a business day (the Z report): a supervisor closes a day once all its shifts are
// closed; the day.closed event carries the day summary's totals and the SHA-256 of its canonical
// JSON, so the printed Z report, the exports and the journal can be held against each other.
// A closed day takes no more payments, voids or shifts.
import canonicalize from 'canonicalize';
import { businessDate } from '../../shared/dates.js';
import type { DaySummary } from '../../shared/day-summary.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { User } from '../auth/users.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { enqueueDayReport } from '../print/jobs.js';
import { daySummary, dateRange } from '../reports/day-summary.js';
import { assertWritable, type Terminal } from '../terminal/terminal.js';
import { appendEvent } from './journal.js';
import { sha256 } from './signer.js';

export interface ClosedDay {
  businessDate: string;
  seq: number;
  closedAt: string;
  closedBy: string;
  summarySha256: string;
}

export function closedDay(db: Db, date: string): ClosedDay | undefined {
  return stmt(
    db,
    'SELECT business_date AS businessDate, closed_seq AS seq, closed_at AS closedAt, closed_by AS closedBy, summary_sha256 AS summarySha256 FROM days_closed WHERE business_date = ?',
  ).get(date) as ClosedDay | undefined;
}

/**
 * What day.closed holds of the summary: the SHA-256 of its canonical JSON without `sync` (how
 * much the centre holds keeps changing after the day is closed; the money does not).
 */
export function closedSummarySha256(summary: DaySummary): string {
  const { sync: _sync, ...money } = summary;
  return sha256(canonicalize(money)!).toString('hex');
}

/** Refuses (DAY_CLOSED) anything that would change a closed day. */
export function assertDayOpen(db: Db, date: string): void {
  if (closedDay(db, date)) throw new CounterfoilError('DAY_CLOSED', { date });
}

export function closeDay(t: Terminal, supervisor: User, date: string): ClosedDay {
  if (supervisor.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  const range = dateRange(date);
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const now = t.clock();
      if (date > businessDate(now)) throw new CounterfoilError('DAY_NOT_STARTED', { date });
      const earlier = closedDay(t.db, date);
      if (earlier) throw new CounterfoilError('DAY_ALREADY_CLOSED', { date, by: earlier.closedBy });
      // Shifts opened that day, and any shift still open that took a payment that day.
      const open = stmt(
        t.db,
        `SELECT DISTINCT s.id, u.name FROM shifts s JOIN users u ON u.id = s.user_id
          WHERE s.closed_seq IS NULL
            AND (s.business_date = ? OR EXISTS (SELECT 1 FROM payments p WHERE p.shift_id = s.id AND p.business_date = ?))
          ORDER BY s.id`,
      ).all(date, date) as { id: number; name: string }[];
      if (open.length) throw new CounterfoilError('DAY_HAS_OPEN_SHIFTS', { date, shifts: open.map((s) => `${s.id} ${s.name}`).join(', ') });
      const summary = daySummary(t, range);
      const summarySha256 = closedSummarySha256(summary);
      const first = summary.series[0];
      const last = summary.series.at(-1);
      const ev = appendEvent(t.db, t.signer, t.id, 'day.closed', {
        businessDate: date,
        closedBy: supervisor.name,
        payments: summary.totals.count,
        totalPaise: summary.totals.totalPaise,
        voids: summary.voids.count,
        firstReceipt: first?.first ?? null,
        lastReceipt: last?.last ?? null,
        summarySha256,
      }, now);
      stmt(t.db, 'INSERT INTO days_closed (business_date, closed_seq, closed_at, closed_by, summary_sha256) VALUES (?, ?, ?, ?, ?)').run(
        date, ev.seq, now.toISOString(), supervisor.name, summarySha256,
      );
      enqueueDayReport(t.db, date, now);
      return { closed: { businessDate: date, seq: ev.seq, closedAt: now.toISOString(), closedBy: supervisor.name, summarySha256 }, hash: ev.hash };
    })
    .immediate();
  t.markHead(r.closed.seq, r.hash);
  return r.closed;
}
