// The utility's bank statements and its payment providers' settlement reports as the centre reads
// them (issue 18, docs/reconciliation.md): one shape whatever the file was (ISO 20022 camt.053,
// SWIFT MT940, or a CSV read through a column mapping saved per bank or provider). Amounts are
// paise, always positive, with their direction apart; dates are calendar dates (YYYY-MM-DD).
import { z } from 'zod';
import { isIsoDate } from './dates.js';
import { freeText } from './free-text.js';

export const STATEMENT_FORMATS = ['camt053', 'mt940', 'csv'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** The largest statement or settlement file the centre reads (a month of a busy account is a few MB). */
export const STATEMENT_MAX_BYTES = 20 * 1024 * 1024;

export interface StatementLine {
  /** 1 = the first entry of the statement, in the file's order. */
  line: number;
  bookedOn: string;
  valueOn: string | null;
  amountPaise: number;
  direction: 'credit' | 'debit';
  /** What the bank wrote about the entry (camt AddtlNtryInf/RmtInf, MT940 :86:, the CSV's narration column). */
  narration: string;
  /** The bank's or the customer's reference for the entry ('' when none). */
  reference: string;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** The account the statement is of (IBAN or account number as the bank writes it). */
  account: string;
  /** The bank's id of the statement, when the file has one. */
  statementId: string | null;
  /** The first and last booking dates the statement covers. */
  from: string;
  to: string;
  /** Signed: an overdrawn account has a negative balance. */
  openingPaise: number;
  closingPaise: number;
  lines: StatementLine[];
}

const isoDate = z.string().refine(isIsoDate, 'not a calendar date (YYYY-MM-DD)');
const column = freeText(80);
const DATE_FORMATS = ['YYYY-MM-DD', 'DD-MM-YYYY', 'DD/MM/YYYY', 'DD-MMM-YYYY', 'DD/MM/YY'] as const;
/** How a CSV writes its dates: 'DD-MMM-YYYY' is 05-Dec-2026; 'DD/MM/YY' is of this century. */
export type StatementDateFormat = (typeof DATE_FORMATS)[number];
export { DATE_FORMATS as STATEMENT_DATE_FORMATS };

/**
 * Where a bank's CSV statement keeps each field, saved per bank and used again next time. Columns are
 * named by their header text (compared without case or surrounding spaces). Amounts come either as
 * one column with a credit/debit marker column (`amount` + `direction`), one signed column (credit
 * positive: `amount` alone), or two columns (`credit` and `debit`, one of them empty on each row).
 * The running balance is required: it is how a CSV statement proves it is whole.
 */
export const StatementCsvMapping = z.strictObject({
  date: column,
  valueDate: column.optional(),
  amount: column.optional(),
  /** With `amount`: the column that says credit or debit, and the values that mean credit. */
  direction: column.optional(),
  creditValues: z.array(freeText(20)).min(1).max(5).optional(),
  credit: column.optional(),
  debit: column.optional(),
  narration: column,
  reference: column.optional(),
  balance: column,
  dateFormat: z.enum(DATE_FORMATS),
  amountUnit: z.enum(['rupees', 'paise']),
}).refine((m) => (m.amount !== undefined) !== (m.credit !== undefined && m.debit !== undefined), 'give either amount (with direction, or signed) or credit and debit')
  .refine((m) => (m.direction === undefined) === (m.creditValues === undefined), 'direction and creditValues go together');
export type StatementCsvMapping = z.infer<typeof StatementCsvMapping>;

/** The account a CSV statement is of, which the file itself seldom says, and where its lines are. */
export const CsvStatementInput = z.strictObject({
  bank: freeText(80),
  account: freeText(40),
  mapping: StatementCsvMapping,
});
export type CsvStatementInput = z.infer<typeof CsvStatementInput>;

// ---- payment providers' settlement reports ----

/**
 * One transaction a UPI or card acquirer settled: the UTR (UPI) or approval code (card) the counter's
 * receipt carries, the gross amount, the provider's fee, the transaction date, and the settlement batch
 * whose net (gross − fees) the provider credits to the utility's bank in one entry.
 */
export interface SettlementReportLine {
  line: number;
  reference: string;
  amountPaise: number;
  feePaise: number;
  transactedOn: string;
  settledOn: string;
  batch: string;
}

/** Where a provider's settlement CSV keeps each field, saved per provider. */
export const SettlementCsvMapping = z.strictObject({
  reference: column,
  amount: column,
  fee: column.optional(),
  transactedOn: column,
  settledOn: column,
  batch: column,
  dateFormat: z.enum(DATE_FORMATS),
  amountUnit: z.enum(['rupees', 'paise']),
});
export type SettlementCsvMapping = z.infer<typeof SettlementCsvMapping>;

export const ProviderInput = z.strictObject({
  provider: freeText(40),
  mode: z.enum(['upi', 'card']),
  mapping: SettlementCsvMapping,
});
export type ProviderInput = z.infer<typeof ProviderInput>;

export { isoDate as statementDate };
