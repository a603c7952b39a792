// A terminal with a known business day for report tests: two cashiers, every mode, one receipt
// cancelled with a supervisor's approval, one shift closed with a count, consumers with Hindi
// names, and a payment from an account the terminal does not know. The day is 2026-11-26 (IST).
import { DEFAULT_AUTH_SETTINGS, saveAuthSettings } from '../../core/auth/policy.js';
import type { Input } from '../../shared/contract.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { makeTerminal, PINS, type TestTerminal } from './terminal.js';

export const REPORT_DAY = '2026-11-26';

export interface ReportDay {
  tt: TestTerminal;
  supervisor: string;
  /** Receipt numbers in the order they were recorded. */
  receipts: string[];
  voided: string;
}

let key = 0;
const nextKey = () => `report-key-${String(++key).padStart(6, '0')}`;

/** Records the day; `extra` more cash payments by asha (e.g. for a bigger day). */
export async function terminalWithDay(extra = 0): Promise<ReportDay> {
  const tt = await makeTerminal({ consumers: 50, now: '2026-11-26T04:00:00.000Z' });
  // The clock jumps 7 minutes a payment and a cashier waits her turn: sessions here idle out after a
  // working day, not the terminal's default 15 minutes.
  saveAuthSettings(tt.t, { ...DEFAULT_AUTH_SETTINGS, sessionIdleMinutes: 480 }, { name: 'test' });
  const asha = await tt.login('asha');
  const ravi = await tt.login('ravi');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 200_000 });
  await tt.call('shift.open', { session: ravi, openingFloatPaise: 100_000 });
  const receipts: string[] = [];
  const pay = async (input: Omit<Input<'payment.record'>, 'idempotencyKey'>) => {
    receipts.push((await tt.call('payment.record', { ...input, idempotencyKey: nextKey() } as Input<'payment.record'>)).receiptNo);
    tt.clock.now = new Date(tt.clock.now.getTime() + 7 * 60_000);
  };
  await pay({ session: asha, accountNo: demoAccountNo(1), amountPaise: 123_456, mode: 'cash' });
  await pay({ session: asha, accountNo: demoAccountNo(2), amountPaise: 250_000, mode: 'cheque', instrument: { number: '004512', bank: 'State Bank of India', date: '2026-11-20' } });
  await pay({ session: ravi, accountNo: demoAccountNo(3), amountPaise: 99_900, mode: 'upi', instrument: { utr: '634512789012' } });
  await pay({ session: ravi, accountNo: demoAccountNo(4), amountPaise: 310_050, mode: 'card', instrument: { last4: '4242', approval: 'A1B2C3' } });
  await pay({ session: asha, accountNo: demoAccountNo(5), amountPaise: 500_000, mode: 'dd', instrument: { number: '778899', bank: 'पंजाब नेशनल बैंक', date: '2026-11-25' } });
  await pay({ session: ravi, accountNo: '9999999999', amountPaise: 45_000, mode: 'cash' });
  await pay({ session: asha, accountNo: demoAccountNo(6), amountPaise: 70_000, mode: 'cash' });
  for (let i = 0; i < extra; i++) await pay({ session: asha, accountNo: demoAccountNo(7 + (i % 40)), amountPaise: 10_000 + i, mode: 'cash' });
  const voided = receipts[6]!;
  await tt.call('payment.void', { session: asha, receiptNo: voided, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account keyed' });
  // asha's drawer should hold ₹2,000 float + ₹1,234.56 (+ the extra cash); she counts ₹3,034.56.
  await tt.call('shift.close', { session: asha, count: { notes: { '500': 6 }, coinsPaise: 34_56 } });
  const supervisor = await tt.login('meena');
  return { tt, supervisor, receipts, voided };
}
