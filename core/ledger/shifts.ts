// Shifts: opened with a float, closed with a cash count; both are journal events.
import { businessDate } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import { formatINR, type Paise } from '../../shared/money.js';
import { countedCash, type CashCount } from '../../shared/payment-rules.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { assertWritable, type Terminal } from '../terminal/terminal.js';
import type { User } from '../auth/users.js';
import { assertDayOpen } from './day-close.js';
import { appendEvent } from './journal.js';
import { enqueueShiftReport } from '../print/jobs.js';

export interface OpenShift {
  shiftId: number;
  user: string;
  openedAt: string;
  businessDate: string;
  openingFloatPaise: number;
}

export function openShiftOf(db: Db, user: User): OpenShift | undefined {
  return stmt(
    db,
    `SELECT id AS shiftId, ? AS user, opened_at AS openedAt, business_date AS businessDate,
            opening_float_paise AS openingFloatPaise
       FROM shifts WHERE user_id = ? AND closed_seq IS NULL`,
  ).get(user.name, user.id) as OpenShift | undefined;
}

/** How many shifts are open on this terminal, any cashier's (the updater installs only at 0). */
export function openShiftCount(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM shifts WHERE closed_seq IS NULL').get() as { n: number }).n;
}

/** Cash the drawer should hold for a shift: float plus cash payments not voided. */
/** The cash a shift took: its cash receipts not cancelled, their sum and how many (issue 16 #5). */
export function shiftCashTaken(db: Db, shiftId: number): { cashPaise: number; payments: number } {
  return stmt(
    db,
    `SELECT COALESCE(SUM(amount_paise), 0) AS cashPaise, COUNT(*) AS payments
       FROM payments WHERE shift_id = ? AND mode = 'cash' AND void_seq IS NULL`,
  ).get(shiftId) as { cashPaise: number; payments: number };
}

/** Opens a shift inside the caller's transaction. */
export function openShiftTx(t: Terminal, user: User, openingFloatPaise: Paise, now: Date): { shiftId: number; seq: number; hash: Buffer } {
  if (openShiftOf(t.db, user)) throw new CounterfoilError('SHIFT_ALREADY_OPEN');
  const shiftId = (stmt(t.db, 'SELECT COALESCE(MAX(id), 0) + 1 AS id FROM shifts').get() as { id: number }).id;
  const day = businessDate(now);
  assertDayOpen(t.db, day);
  const ev = appendEvent(t.db, t.signer, t.id, 'shift.opened', {
    shiftId, user: user.name, openingFloatPaise, businessDate: day,
  }, now);
  stmt(
    t.db,
    `INSERT INTO shifts (id, user_id, opened_seq, opened_at, business_date, opening_float_paise)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(shiftId, user.id, ev.seq, now.toISOString(), day, openingFloatPaise);
  return { shiftId, seq: ev.seq, hash: ev.hash };
}

export function openShift(t: Terminal, user: User, openingFloatPaise: Paise): { shiftId: number; seq: number } {
  assertWritable(t);
  const r = t.db.transaction(() => openShiftTx(t, user, openingFloatPaise, t.clock())).immediate();
  t.markHead(r.seq, r.hash);
  return { shiftId: r.shiftId, seq: r.seq };
}

export interface ShiftClosed {
  shiftId: number;
  seq: number;
  expectedPaise: number;
  countedPaise: number;
  variancePaise: number;
}

/** Why a variance beyond the tolerance is accepted: the cashier's remark, and who approved it. */
export interface VarianceApproval {
  remark: string;
  approver: User;
}

/**
 * Closes the user's shift with the drawer's count. A variance beyond the tolerance closes only with
 * a remark and another supervisor's approval, both in the journaled event (issue 16 #5).
 */
export function closeShift(t: Terminal, user: User, count: CashCount, approval: VarianceApproval | null = null): ShiftClosed {
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const shift = openShiftOf(t.db, user);
      if (!shift) throw new CounterfoilError('SHIFT_NOT_OPEN');
      const now = t.clock();
      const expectedPaise = shift.openingFloatPaise + shiftCashTaken(t.db, shift.shiftId).cashPaise;
      const countedPaise = countedCash(count);
      const variancePaise = countedPaise - expectedPaise;
      const tolerance = t.limits.shiftVarianceTolerancePaise;
      const beyond = Math.abs(variancePaise) > tolerance;
      if (beyond && !approval) {
        throw new CounterfoilError('SHIFT_VARIANCE_NEEDS_APPROVAL', { variance: formatINR(variancePaise as Paise), tolerance: formatINR(tolerance) });
      }
      if (beyond && approval) {
        if (approval.approver.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
        if (approval.approver.id === user.id) throw new CounterfoilError('SHIFT_VARIANCE_OWN_APPROVAL', { user: user.name });
      }
      const countRecord: Record<string, number> = { ...stripUndefined(count.notes), coinsPaise: count.coinsPaise };
      const ev = appendEvent(t.db, t.signer, t.id, 'shift.closed', {
        shiftId: shift.shiftId, user: user.name, count: countRecord, countedPaise, expectedPaise, variancePaise,
        ...(beyond && approval ? { remark: approval.remark, approvedBy: approval.approver.name } : {}),
      }, now);
      stmt(
        t.db,
        `UPDATE shifts SET closed_seq = ?, closed_at = ?, count_json = ?, counted_paise = ?, expected_paise = ?
          WHERE id = ?`,
      ).run(ev.seq, now.toISOString(), JSON.stringify(countRecord), countedPaise, expectedPaise, shift.shiftId);
      enqueueShiftReport(t.db, shift.shiftId, now);
      return { shiftId: shift.shiftId, seq: ev.seq, hash: ev.hash, expectedPaise, countedPaise, variancePaise };
    })
    .immediate();
  t.markHead(r.seq, r.hash);
  const { hash: _hash, ...closed } = r;
  return closed;
}

function stripUndefined(o: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => e[1] !== undefined));
}
