// The CSV export: one row per payment of the range (cancelled ones marked), RFC 4180 through
// csv-stringify (CRLF), UTF-8 with a BOM so Excel reads Hindi names. The summary travels in the
// signed manifest beside the file. Text from outside (consumer names from the feed, bank names
// typed at the counter) must not become a formula or a second row (issue 15 #5, OWASP's CSV
// injection advice): every field is quoted, and every text cell passes through safeText
// (shared/spreadsheet-text.ts): on one line, never a formula.
// Amount cells are numbers the terminal wrote and are never touched, so they stay numbers.
import { stringify } from 'csv-stringify/sync';
import { toRupeeString, type Paise } from '../../shared/money.js';
import { safeText } from '../../shared/spreadsheet-text.js';
import type { PaymentLine } from '../../shared/day-summary.js';
import type { ReportInput } from './report-input.js';

export const CSV_COLUMNS = [
  'Receipt no.', 'Business date', 'Recorded at (IST)', 'Shift', 'Cashier', 'Account', 'Name', 'नाम', 'Mode', 'Instrument',
  'Amount (₹)', 'Amount (paise)', 'Status', 'Held centrally',
] as const;

const BOM = '\uFEFF';

export function csvRow(p: PaymentLine): string[] {
  const text = safeText;
  return [
    text(p.receiptNo), text(p.businessDate), text(p.recordedAtIst), String(p.shiftId), text(p.cashier), text(p.accountNo), text(p.nameEn), text(p.nameHi),
    text(p.mode), text(p.instrument), toRupeeString(p.amountPaise as Paise), String(p.amountPaise), p.voided ? 'VOID' : 'Paid', p.centrallyHeld ? 'Yes' : 'No',
  ];
}

export function writeCsv(input: ReportInput): Buffer {
  const body = stringify([[...CSV_COLUMNS], ...input.lines.map(csvRow)], { record_delimiter: 'windows', quoted: true, quoted_empty: true });
  return Buffer.from(BOM + body, 'utf8');
}
