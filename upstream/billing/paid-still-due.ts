// "Paid but still shows due" (issue 19): the rule an import of the consumer master is checked by,
// pure, so the import, its tests and docs/billing.md state one thing. The import (upstream/consumers.ts)
// feeds it each account's baseline and the payments counted against it, and stores what it says.
//
// The record carries no bill date, so "paid after its bill" is read from the imports themselves:
// an account's baseline is the due of its current bill (same billNo) as an import brought it, and the
// time from which a payment that reached the centre cannot be in that due — billing learns of a
// payment only once the centre has it. A payment counts when it is signed, not voided, not a cheque
// come back, and reached the centre at or after the baseline's time.
import type { PaidDueAccount, PaidDuePayment } from '../../shared/paid-still-due.js';

/** What the centre held of an account's current bill before this import. */
export interface BillBaseline {
  billNo: string;
  duePaise: number;
  /** ISO instant: payments that reached the centre from here on are not in `duePaise`. */
  since: string;
}

/** The bill this import brings for the account. */
export interface IncomingBill {
  accountNo: string;
  billNo: string;
  amountDuePaise: number;
}

export type BillVerdict =
  /** No earlier bill (a new account) or a different bill number: nothing to compare; a new baseline. */
  | { kind: 'new-bill' }
  /** The due went down by at least what was paid since the baseline (or nothing was paid). */
  | { kind: 'applied'; dueChanged: boolean }
  /** The due is more than max(0, previous due − paid since): billing has not applied the payments. */
  | { kind: 'not-applied'; account: PaidDueAccount };

/**
 * Judges one account. A later due than the previous one with the same bill number (a surcharge
 * billing adds under the same number) reads as not applied too: a new charge should come as a new bill.
 */
export function judgeBill(previous: BillBaseline | null, next: IncomingBill, paidSince: readonly PaidDuePayment[]): BillVerdict {
  if (!previous || previous.billNo !== next.billNo) return { kind: 'new-bill' };
  const paid = paidSince.reduce((n, p) => n + p.amountPaise, 0);
  const expected = Math.max(0, previous.duePaise - paid);
  if (next.amountDuePaise <= expected) return { kind: 'applied', dueChanged: next.amountDuePaise !== previous.duePaise };
  return {
    kind: 'not-applied',
    account: {
      accountNo: next.accountNo, billNo: next.billNo, previousDuePaise: previous.duePaise, paidPaise: paid,
      newDuePaise: next.amountDuePaise, shortfallPaise: next.amountDuePaise - expected, payments: [...paidSince],
    },
  };
}

/**
 * The baseline after the import: a new bill, or a due billing changed having applied every payment,
 * starts afresh at `now`; a due not applied keeps the old one (so the payments stay counted until
 * billing applies them); an unchanged due with nothing paid keeps its time too.
 */
export function nextBaseline(previous: BillBaseline | null, next: IncomingBill, verdict: BillVerdict, now: string): BillBaseline {
  if (previous && (verdict.kind === 'not-applied' || (verdict.kind === 'applied' && !verdict.dueChanged))) return previous;
  return { billNo: next.billNo, duePaise: next.amountDuePaise, since: now };
}
