// The centre's money monitor (issue 18, docs/reconciliation.md): each counter-day — a terminal's
// business day — with what its signed journal says was collected, what its supervisor declared
// deposited, what the bank credited against those slips, what the providers settled of its UPI and
// card payments, the difference, and a colour with the reasons behind it. Amounts are paise.
import { z } from 'zod';
import { isIsoDate } from './dates.js';
import { freeText } from './free-text.js';

const int = z.number().int().safe();
const isoDate = z.string().refine(isIsoDate, 'not a calendar date (YYYY-MM-DD)');

/** The settings of the reconciliation: a finance user changes them (admin-logged). */
export const MoneySettings = z.strictObject({
  /** A counter-day whose difference is within this many paise either way is not red for it. */
  tolerancePaise: int.min(0).max(10_000_00),
  /** Days after a slip's deposit date within which its bank credit may be booked. */
  depositWindowDays: int.min(0).max(30),
  /** Working days after the business day by which its cash and cheques are to be in the bank. */
  cashDueWorkingDays: int.min(0).max(10),
  /** Working days after the business day by which a provider settles (T+n), per mode. */
  settleWorkingDays: z.strictObject({ upi: int.min(0).max(10), card: int.min(0).max(10) }),
  /** Days after a provider's settlement date within which its net credit may be booked. */
  batchWindowDays: int.min(0).max(30),
  /** Weekdays the bank is shut (0 = Sunday), and which Saturdays of a month (RBI: the 2nd and 4th). */
  closedWeekdays: z.array(int.min(0).max(6)).max(7),
  closedSaturdays: z.array(int.min(1).max(5)).max(5),
  holidays: z.array(isoDate).max(400),
  /** A cashier with this many shortages within `shortageDays` stands out. */
  shortageRepeat: int.min(2).max(100),
  shortageDays: int.min(1).max(366),
});
export type MoneySettings = z.infer<typeof MoneySettings>;

export const DEFAULT_MONEY_SETTINGS: MoneySettings = {
  tolerancePaise: 0,
  depositWindowDays: 3,
  cashDueWorkingDays: 1,
  settleWorkingDays: { upi: 1, card: 2 },
  batchWindowDays: 3,
  closedWeekdays: [0],
  closedSaturdays: [2, 4],
  holidays: [],
  shortageRepeat: 3,
  shortageDays: 30,
};

export const MONEY_COLOURS = ['green', 'yellow', 'red'] as const;
export type MoneyColour = (typeof MONEY_COLOURS)[number];

/**
 * Why a counter-day is not green. Those marked `due` are yellow until their deadline and red after
 * it; the others are red at once (the money arrived wrong, or came back).
 */
export const MONEY_REASONS = [
  'not-deposited', // due: cash or cheques collected, no slip declared
  'declared-short', // due: the slips declare less than was collected
  'declared-excess', // the slips declare more than was collected
  'not-credited', // due: a declared slip the bank has not credited
  'credit-short', // a slip's credit is smaller than the slip
  'credit-excess', // a slip credited more than it holds (a duplicate credit)
  'cheque-returned', // a cheque or DD of the day came back unpaid
  'not-settled', // due: UPI or card payments no provider has settled into the bank
  'settlement-mismatch', // a provider settled a different amount, a voided payment, or one twice
] as const;
export type MoneyReason = (typeof MONEY_REASONS)[number];
export const DUE_REASONS: readonly MoneyReason[] = ['not-deposited', 'declared-short', 'not-credited', 'not-settled'];

export interface ModeAmounts {
  cash: number;
  /** Cheques and demand drafts: both go to the bank on a slip. */
  cheque: number;
  upi: number;
  card: number;
}

export interface CounterDayRow {
  terminalId: string;
  substation: string;
  counter: string;
  businessDate: string;
  collected: ModeAmounts;
  collectedPaise: number;
  voidedPaise: number;
  declaredPaise: number;
  slips: number;
  creditedPaise: number;
  returnedPaise: number;
  /** Gross of the provider lines for this day's payments whose net reached the bank. */
  settledPaise: number;
  /** The providers' fees on those lines: the utility's cost, shown, not hidden in the difference. */
  feePaise: number;
  /** credited + settled − returned − collected: negative is money missing. */
  differencePaise: number;
  /** What the counter owes the utility for the day: collected − credited − settled. */
  owedPaise: number;
  colour: MoneyColour;
  reasons: { reason: MoneyReason; paise: number }[];
  /** The last day the money may still arrive before a due reason turns red. */
  dueOn: string;
  ageDays: number;
  accepted: { differencePaise: number; note: string; by: string; at: string } | null;
}

export interface MoneyMonitor {
  asOf: string;
  from: string;
  to: string;
  rows: CounterDayRow[];
  counts: Record<MoneyColour, number>;
  totals: { collectedPaise: number; creditedPaise: number; settledPaise: number; feePaise: number; differencePaise: number; owedPaise: number };
}

export const MonitorQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  asOf: isoDate.optional(),
  colour: z.enum(MONEY_COLOURS).optional(),
  terminal: z.string().max(80).optional(),
});

export const AcceptRequest = z.strictObject({
  terminalId: z.string().min(1).max(80),
  businessDate: isoDate,
  /** The difference as the finance user saw it: accepted only if it is still that. */
  differencePaise: int,
  note: freeText(500, { min: 5, minMessage: 'say why, in at least 5 characters' }),
});

export const ManualMatchRequest = z.strictObject({
  lineId: int.positive(),
  terminalId: z.string().min(1).max(80),
  depositSeq: int.positive(),
  note: freeText(500, { min: 5, minMessage: 'say why, in at least 5 characters' }),
});
