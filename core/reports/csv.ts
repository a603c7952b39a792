// The CSV export: one row per payment of the range (cancelled ones marked), RFC 4180 through
// csv-stringify (quoted where needed, CRLF), UTF-8 with a BOM so Excel reads Hindi names, and
// every text cell that a spreadsheet would take for a formula (= + - @, tab, CR) prefixed with
// an apostrophe. The summary travels in the signed manifest beside the file.
import { stringify } from 'csv-stringify/sync';
import { toRupeeString, type Paise } from '../../shared/money.js';
import type { PaymentLine } from '../../shared/day-summary.js';
import type { ReportInput } from './report-input.js';

export const CSV_COLUMNS = [
  'Receipt no.', 'Business date', 'Recorded at (IST)', 'Shift', 'Cashier', 'Account', 'Name', 'नाम', 'Mode', 'Instrument',
  'Amount (₹)', 'Amount (paise)', 'Status', 'Held centrally',
] as const;

const BOM = '\uFEFF';

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe; others pass as they are. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvRow(p: PaymentLine): string[] {
  return [
    p.receiptNo, p.businessDate, p.recordedAtIst, String(p.shiftId), p.cashier, p.accountNo, p.nameEn, p.nameHi,
    p.mode, p.instrument, toRupeeString(p.amountPaise as Paise), String(p.amountPaise), p.voided ? 'VOID' : 'Paid', p.centrallyHeld ? 'Yes' : 'No',
  ].map(neutraliseFormula);
}

export function writeCsv(input: ReportInput): Buffer {
  const body = stringify([[...CSV_COLUMNS], ...input.lines.map(csvRow)], { record_delimiter: 'windows' });
  return Buffer.from(BOM + body, 'utf8');
}
