// A cheque or DD the bank returned unpaid: a supervisor marks it (cheque.returned in the
// journal); the receipt stands as issued, and the consumer's next visit shows the amount owed again.
import { isIsoDate } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { User } from '../auth/users.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { assertWritable, type Terminal } from '../terminal/terminal.js';
import { appendEvent } from './journal.js';
import { paymentByReceiptNo } from './payments.js';

export interface ReturnedCheque {
  receiptNo: string;
  mode: 'cheque' | 'dd';
  number: string;
  bank: string;
  amountPaise: number;
  returnedOn: string;
  reason: string;
}

export function returnCheque(t: Terminal, supervisor: User, receiptNo: string, returnedOn: string, reason: string): { seq: number } {
  if (supervisor.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  if (!isIsoDate(returnedOn)) throw new CounterfoilError('INVALID_INPUT', { detail: 'the day it came back is YYYY-MM-DD' });
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const p = paymentByReceiptNo(t.db, receiptNo);
      if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo });
      if ((p.mode !== 'cheque' && p.mode !== 'dd') || p.void_seq !== null) {
        throw new CounterfoilError('CHEQUE_NOT_RETURNABLE', { receiptNo, what: p.void_seq !== null ? 'cancelled' : p.mode });
      }
      if (returnedOn < p.business_date) throw new CounterfoilError('INVALID_INPUT', { detail: `a cheque taken on ${p.business_date} cannot come back on ${returnedOn}` });
      const earlier = stmt(t.db, 'SELECT returned_on FROM returned_cheques WHERE payment_seq = ?').get(p.seq) as { returned_on: string } | undefined;
      if (earlier) throw new CounterfoilError('CHEQUE_ALREADY_RETURNED', { receiptNo, date: earlier.returned_on });
      const ev = appendEvent(t.db, t.signer, t.id, 'cheque.returned', { receiptNo, paymentSeq: p.seq, returnedOn, reason, recordedBy: supervisor.name }, t.clock());
      stmt(t.db, 'INSERT INTO returned_cheques (seq, payment_seq, returned_on, reason, recorded_by) VALUES (?, ?, ?, ?, ?)').run(
        ev.seq, p.seq, returnedOn, reason, supervisor.name,
      );
      return ev;
    })
    .immediate();
  t.markHead(r.seq, r.hash);
  return { seq: r.seq };
}

/** The account's cheques and DDs that came back unpaid: shown when the consumer next comes. */
export function returnedChequesOf(db: Db, accountNo: string): ReturnedCheque[] {
  return (stmt(
    db,
    `SELECT p.receipt_no AS receiptNo, p.mode, p.instrument_json AS instrument, p.amount_paise AS amountPaise, r.returned_on AS returnedOn, r.reason
       FROM returned_cheques r JOIN payments p ON p.seq = r.payment_seq WHERE p.account_no = ? ORDER BY r.seq`,
  ).all(accountNo) as (Omit<ReturnedCheque, 'number' | 'bank'> & { instrument: string })[]).map(({ instrument, ...c }) => {
    const i = JSON.parse(instrument) as { number: string; bank: string };
    return { ...c, number: i.number, bank: i.bank };
  });
}
