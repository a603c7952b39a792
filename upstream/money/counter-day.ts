// A counter-day's colour and reasons (docs/reconciliation.md § The monitor), from its figures, the
// settings and the day the monitor is read for: a pure function, so each rule is tested alone.
//   green   nothing missing, nothing wrong, the difference within tolerance — or a finance user
//           accepted exactly this difference with a note;
//   yellow  something still missing but within its deadline (cash and cheques the next working day
//           by default, providers T+1 for UPI and T+2 for card);
//   red     money that arrived wrong or came back (at once), or anything missing past its deadline.
import { daysBetween } from '../../shared/dates.js';
import { DUE_REASONS, type CounterDayRow, type ModeAmounts, type MoneyReason, type MoneySettings } from '../../shared/money-monitor.js';
import { addWorkingDays } from './working-days.js';

export interface CounterDayFigures {
  terminalId: string;
  substation: string;
  counter: string;
  businessDate: string;
  collected: ModeAmounts;
  voidedPaise: number;
  declaredPaise: number;
  slips: number;
  /** The totals of slips no bank entry carries yet. */
  notCreditedPaise: number;
  /** Over slips with some credit: how much less, and how much more, the bank credited than each slip holds. */
  creditShortPaise: number;
  creditExcessPaise: number;
  creditedPaise: number;
  returnedPaise: number;
  /** UPI and card payments of the day not (yet) settled into the bank, by mode. */
  unsettled: { upi: number; card: number };
  settledPaise: number;
  feePaise: number;
  /** Provider lines for this day's payments that disagree (amount, voided, twice): their paise. */
  settlementMismatchPaise: number;
  accepted: CounterDayRow['accepted'];
}


export function classifyCounterDay(f: CounterDayFigures, s: MoneySettings, asOf: string): CounterDayRow {
  const c = f.collected;
  const collectedPaise = c.cash + c.cheque + c.upi + c.card;
  const banked = c.cash + c.cheque;
  const differencePaise = f.creditedPaise + f.settledPaise - f.returnedPaise - collectedPaise;
  const owedPaise = collectedPaise - f.creditedPaise - f.settledPaise;

  const cashDue = addWorkingDays(f.businessDate, s.cashDueWorkingDays, s);
  const due: Record<'upi' | 'card' | 'bank', string> = {
    bank: cashDue,
    upi: addWorkingDays(f.businessDate, s.settleWorkingDays.upi, s),
    card: addWorkingDays(f.businessDate, s.settleWorkingDays.card, s),
  };
  const reasons: { reason: MoneyReason; paise: number; dueOn?: string }[] = [];
  const add = (reason: MoneyReason, paise: number, dueOn?: string) => reasons.push({ reason, paise, ...(dueOn ? { dueOn } : {}) });

  if (banked > 0 && f.slips === 0) add('not-deposited', banked, due.bank);
  else if (f.declaredPaise < banked) add('declared-short', banked - f.declaredPaise, due.bank);
  if (f.declaredPaise > banked) add('declared-excess', f.declaredPaise - banked);
  // Declared is not enough: the bank's credit for the slips is due by the same day.
  if (f.notCreditedPaise > 0) add('not-credited', f.notCreditedPaise, due.bank);
  if (f.creditShortPaise > 0) add('credit-short', f.creditShortPaise);
  if (f.creditExcessPaise > 0) add('credit-excess', f.creditExcessPaise);
  if (f.returnedPaise > 0) add('cheque-returned', f.returnedPaise);
  const lastSettle = f.unsettled.card > 0 && due.card > due.upi ? due.card : due.upi;
  if (f.unsettled.upi + f.unsettled.card > 0) add('not-settled', f.unsettled.upi + f.unsettled.card, lastSettle);
  if (f.settlementMismatchPaise > 0) add('settlement-mismatch', f.settlementMismatchPaise);

  // A reason no larger than the tolerance does not hold a day open.
  const open = reasons.filter((r) => r.paise > s.tolerancePaise);
  const dueOn = [cashDue, ...reasons.map((r) => r.dueOn ?? '')].filter(Boolean).sort().at(-1)!;
  const accepted = f.accepted && f.accepted.differencePaise === differencePaise ? f.accepted : null;
  let colour: CounterDayRow['colour'];
  if (accepted) colour = 'green';
  else if (open.some((r) => r.dueOn === undefined || asOf > r.dueOn)) colour = 'red';
  else if (open.length > 0) colour = 'yellow';
  else if (Math.abs(differencePaise) > s.tolerancePaise) colour = asOf > dueOn ? 'red' : 'yellow';
  else colour = 'green';

  return {
    terminalId: f.terminalId, substation: f.substation, counter: f.counter, businessDate: f.businessDate,
    collected: c, collectedPaise, voidedPaise: f.voidedPaise, declaredPaise: f.declaredPaise, slips: f.slips,
    creditedPaise: f.creditedPaise, returnedPaise: f.returnedPaise, settledPaise: f.settledPaise, feePaise: f.feePaise,
    differencePaise, owedPaise, colour,
    reasons: reasons.map(({ reason, paise }) => ({ reason, paise })),
    dueOn, ageDays: Math.max(0, daysBetween(f.businessDate, asOf)), accepted: f.accepted,
  };
}
