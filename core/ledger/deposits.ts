// Bank deposit slips: a supervisor records each slip (bank, slip no., cash and cheque amounts)
// against a business day; each is a deposit.recorded journal event with its row in deposits.
import { businessDate, isIsoDate } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { User } from '../auth/users.js';
import { stmt } from '../db/statements.js';
import { assertWritable, type Terminal } from '../terminal/terminal.js';
import { appendEvent } from './journal.js';

export interface DepositSlip {
  businessDate: string;
  depositedOn: string;
  bank: string;
  slipNo: string;
  cashPaise: number;
  chequePaise: number;
}

export function recordDeposit(t: Terminal, supervisor: User, slip: DepositSlip): { seq: number } {
  if (supervisor.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  for (const d of [slip.businessDate, slip.depositedOn]) if (!isIsoDate(d)) throw new CounterfoilError('INVALID_INPUT', { detail: 'dates are YYYY-MM-DD' });
  if (slip.cashPaise + slip.chequePaise <= 0) throw new CounterfoilError('INVALID_INPUT', { detail: 'a deposit slip carries some cash or cheques' });
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const now = t.clock();
      if (slip.depositedOn < slip.businessDate || slip.depositedOn > businessDate(now)) {
        throw new CounterfoilError('DEPOSIT_DATE_INVALID', { date: slip.businessDate, depositedOn: slip.depositedOn });
      }
      const earlier = stmt(t.db, 'SELECT business_date FROM deposits WHERE bank = ? AND slip_no = ?').get(slip.bank, slip.slipNo) as { business_date: string } | undefined;
      if (earlier) throw new CounterfoilError('DEPOSIT_SLIP_DUPLICATE', { bank: slip.bank, slipNo: slip.slipNo, date: earlier.business_date });
      const ev = appendEvent(t.db, t.signer, t.id, 'deposit.recorded', { ...slip, recordedBy: supervisor.name }, now);
      stmt(
        t.db,
        'INSERT INTO deposits (seq, business_date, deposited_on, bank, slip_no, cash_paise, cheque_paise, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(ev.seq, slip.businessDate, slip.depositedOn, slip.bank, slip.slipNo, slip.cashPaise, slip.chequePaise, supervisor.name);
      return ev;
    })
    .immediate();
  t.markHead(r.seq, r.hash);
  return { seq: r.seq };
}
