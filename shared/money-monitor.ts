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

/** A bank entry as the monitor shows it, with what explains it (null: nothing yet). */
export interface StatementEntryRow {
  lineId: number;
  statementId: number;
  line: number;
  account: string;
  bookedOn: string;
  amountPaise: number;
  direction: 'credit' | 'debit';
  narration: string;
  reference: string;
  match: { kind: 'deposit' | 'batch' | 'cheque-return'; rule: string; terminalId: string | null; seq: number | null; provider: string | null; batch: string | null; by: string | null; note: string | null } | null;
}

/** Everything behind one counter-day's figures: drill-down to receipts and statement entries. */
export interface CounterDayDetail {
  row: CounterDayRow;
  payments: {
    seq: number; receiptNo: string; mode: string; amountPaise: number; cashier: string; reference: string | null; voided: boolean; returned: boolean;
    settlement: { lineId: number; provider: string; batch: string; amountPaise: number; feePaise: number; settledOn: string; state: string; credited: boolean }[];
  }[];
  slips: {
    seq: number; bank: string; slipNo: string; depositedOn: string; cashPaise: number; chequePaise: number; recordedBy: string;
    credits: StatementEntryRow[];
  }[];
  returns: { seq: number; receiptNo: string; returnedOn: string; reason: string; amountPaise: number; debit: StatementEntryRow | null }[];
  acceptances: { differencePaise: number; note: string; by: string; at: string }[];
}

/** Cash and cheques collected and not yet declared deposited, by how old they are. */
export const AGE_BUCKETS = ['0-1', '2-3', '4-7', '8-30', '31+'] as const;
export interface AgeingRow {
  terminalId: string;
  substation: string;
  counter: string;
  /** null: the counter's whole figure; else this cashier's share (by their part of the day's cash and cheques). */
  cashier: string | null;
  buckets: Record<(typeof AGE_BUCKETS)[number], number>;
  totalPaise: number;
  oldestDate: string;
}

/** Each cashier's shift-close variances over a range: repeated shortages stand out. */
export interface OverShortRow {
  cashier: string;
  shifts: number;
  shortages: number;
  overages: number;
  shortPaise: number;
  overPaise: number;
  /** Shortages within the settings' window ending on the range's last day. */
  recentShortages: number;
  flagged: boolean;
  days: { terminalId: string; date: string; variancePaise: number }[];
}

/** What each counter owes the utility over a range: collected − credited − settled, day by day carried. */
export interface ReceivableRow {
  terminalId: string;
  substation: string;
  counter: string;
  collectedPaise: number;
  creditedPaise: number;
  settledPaise: number;
  returnedPaise: number;
  owedPaise: number;
  /** The owed amount of the days not yet green, oldest first. */
  openDays: { date: string; owedPaise: number; colour: MoneyColour }[];
}

/** The daily exceptions report: what a finance officer acts on in the morning. */
export interface MoneyExceptions {
  asOf: string;
  from: string;
  to: string;
  redDays: CounterDayRow[];
  /** Bank entries of the range nothing explains. */
  unexplained: StatementEntryRow[];
  /** Provider lines that are not a clean match: unknown, duplicate, amount-mismatch, settled-voided. */
  settlement: { lineId: number; provider: string; batch: string; reference: string; amountPaise: number; settledOn: string; state: string; terminalId: string | null; businessDate: string | null }[];
  flaggedCashiers: OverShortRow[];
}

// ---- the console's requests (GET query strings and POST bodies) ----

export const MonitorQueryString = z.strictObject({
  from: isoDate,
  to: isoDate,
  asOf: isoDate.optional(),
  colour: z.enum(MONEY_COLOURS).optional(),
  terminal: z.string().max(80).optional(),
});
export const AsOfQueryString = z.strictObject({ asOf: isoDate.optional() });
export const RangeQueryString = z.strictObject({ from: isoDate, to: isoDate });
export const ReceivablesQueryString = z.strictObject({ from: isoDate, asOf: isoDate.optional() });
export const EntriesQueryString = z.strictObject({ from: isoDate, to: isoDate, unexplained: z.enum(['0', '1']).optional() });
export const ExceptionsExportQueryString = z.strictObject({ asOf: isoDate.optional(), format: z.enum(['csv', 'xlsx', 'pdf']) });
export const StatementUploadQueryString = z.strictObject({
  format: z.enum(['camt053', 'mt940', 'csv']),
  /** For a CSV: the bank whose saved mapping reads it, and the account it is of. */
  bank: freeText(80).optional(),
  account: freeText(40).optional(),
});
export const SettlementUploadQueryString = z.strictObject({ provider: freeText(40) });
export const ReconcileRequest = z.strictObject({ from: isoDate, to: isoDate });
/** The longest range one monitor read or reconciliation covers. */
export const MONEY_MAX_DAYS = 92;

export interface ImportedFile {
  id: number;
  kind: 'statement' | 'settlement';
  name: string;
  /** The account (statement) or provider (settlement). */
  of: string;
  from: string;
  to: string;
  lines: number;
  sha256: string;
  by: string;
  at: string;
}

/** What a statement import did (upstream/money/imports.ts). */
export interface StatementImport {
  statementId: number;
  account: string;
  from: string;
  to: string;
  entries: number;
  /** Entries stored: fewer than `entries` when some dates were held already. */
  added: number;
  fileSha256: string;
  /** True when this very file had been imported before: nothing was stored. */
  repeated: boolean;
}

/** What a settlement report import did (upstream/money/imports.ts). */
export interface SettlementImport {
  fileId: number;
  provider: string;
  lines: number;
  added: number;
  batches: number;
  fileSha256: string;
  repeated: boolean;
}

/** What a reconcile matched (upstream/money/reconcile.ts). */
export interface ReconcileResult {
  settlementLinesMatched: number;
  statementMatches: number;
}

/** An import's answer to the console: what it did, and what the reconcile after it matched (null: the very file was held already). */
export type Imported<T> = T & { matched: ReconcileResult | null };
