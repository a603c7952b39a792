// Reconciliation against the bank — what the supervisor sees (docs/reports.md): settlement lines
// of a UPI/card provider's file matched with the ledger, and bank deposit slips held against
// each business day's cash and cheques. Amounts are paise.
import { z } from 'zod';
import { freeText } from './free-text.js';

const int = z.number().int().safe();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** How a settlement line and the ledger stand. */
export const MATCH_STATES = [
  'matched', // reference and amount agree with one receipt
  'amount-mismatch', // the reference names a receipt, the amount differs
  'duplicate', // a second settlement line for a receipt already settled
  'settled-voided', // settled, but the receipt was cancelled: money to refund
  'unknown', // settled, no receipt with that reference
  'not-settled', // a receipt in the ledger that no settlement line names
] as const;
export type MatchState = (typeof MATCH_STATES)[number];

/** Where a settlement file's columns are: saved per source, used again next time. */
export const SettlementMapping = z.strictObject({
  reference: freeText(80),
  amount: freeText(80),
  date: freeText(80),
  /** How the file writes dates. */
  dateFormat: z.enum(['YYYY-MM-DD', 'DD-MM-YYYY', 'DD/MM/YYYY']),
  /** Whether amounts are in rupees (1234.50) or paise (123450). */
  amountUnit: z.enum(['rupees', 'paise']),
});
export type SettlementMapping = z.infer<typeof SettlementMapping>;

export const MatchRow = z.strictObject({
  state: z.enum(MATCH_STATES),
  /** The settlement line (1 = the first line after the header); null for not-settled. */
  line: int.nullable(),
  reference: z.string(),
  settledPaise: int.nullable(),
  settledOn: isoDate.nullable(),
  receiptNo: z.string().nullable(),
  ledgerPaise: int.nullable(),
  mode: z.enum(['upi', 'card']).nullable(),
  businessDate: isoDate.nullable(),
});
export type MatchRow = z.infer<typeof MatchRow>;

export const SettlementReport = z.strictObject({
  importId: int,
  source: z.string(),
  fileSha256: z.string(),
  from: isoDate,
  to: isoDate,
  counts: z.record(z.enum(MATCH_STATES), int),
  /** Every row but the matched ones: what a supervisor acts on. */
  exceptions: z.array(MatchRow),
  matchedPaise: int,
  /** True when this very file (same source, same SHA-256) had been imported before: nothing new was stored. */
  repeated: z.boolean(),
});
export type SettlementReport = z.infer<typeof SettlementReport>;

export const DepositDay = z.strictObject({
  date: isoDate,
  /** Cash in the ledger (receipts not cancelled) and, once every shift is closed, cash counted (less floats). */
  ledgerCashPaise: int,
  countedCashPaise: int.nullable(),
  depositedCashPaise: int,
  /** deposited − (counted, or ledger while shifts are open): negative is short. */
  cashDifferencePaise: int,
  ledgerChequePaise: int,
  depositedChequePaise: int,
  chequeDifferencePaise: int,
  slips: z.array(z.strictObject({ seq: int, bank: z.string(), slipNo: z.string(), depositedOn: isoDate, cashPaise: int, chequePaise: int })),
  state: z.enum(['ok', 'not-deposited', 'short', 'excess']),
});
export type DepositDay = z.infer<typeof DepositDay>;
