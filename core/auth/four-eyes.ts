// Four eyes on a void (issue 15, Low b): the supervisor who approves cancelling a receipt is not
// the one who took its money. Another supervisor approves; the requester may be anyone logged in.
import { CounterfoilError } from '../../shared/errors.js';
import type { User } from './users.js';

export function assertNotOwnPayment(payment: { receipt_no: string; cashier: string }, approver: User): void {
  if (payment.cashier === approver.name) throw new CounterfoilError('VOID_OWN_PAYMENT', { receiptNo: payment.receipt_no, user: approver.name });
}
