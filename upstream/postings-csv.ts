// The daily CSV files the reference postings consumer writes for billing systems that take files
// (docs/billing.md, "Files for systems that take files"): one file per business date, a header row,
// then one row per posting in feed order. RFC 4180 through csv-stringify: every field quoted, CRLF,
// UTF-8 without a BOM (a machine reads these; a BOM would be a byte inside the first posting_id).
// Text that came over the wire passes through safeText (shared/spreadsheet-text.ts), as the centre's
// exports do, so a hostile value can neither start a formula nor a second row; amounts are numbers
// this module writes and are left as they are.
import { stringify } from 'csv-stringify/sync';
import { toRupeeString, type Paise } from '../shared/money.js';
import type { Posting } from '../shared/postings.js';
import { safeText } from '../shared/spreadsheet-text.js';

export const POSTINGS_CSV_COLUMNS = [
  'posting_id', 'kind', 'account_no', 'amount', 'amount_paise', 'mode', 'receipt_no', 'business_date', 'at', 'terminal_id', 'seq',
  'event_hash', 'reverses', 'late',
] as const;

const DAY_FILE = /^postings-(\d{4}-\d{2}-\d{2})\.csv$/;

/** The file a posting goes to: the business date of the event it comes from. */
export const dayFileName = (businessDate: string): string => `postings-${businessDate}.csv`;
export const isDayFileName = (name: string): boolean => DAY_FILE.test(name);

function row(p: Posting): string[] {
  return [
    p.postingId, p.kind, safeText(p.accountNo), toRupeeString(p.amountPaise as Paise), String(p.amountPaise), p.mode, safeText(p.receiptNo),
    p.businessDate, safeText(p.at), p.terminalId, String(p.seq), p.eventHash, p.reverses ?? '', p.late ? 'yes' : 'no',
  ];
}

const csv = (rows: string[][]): Buffer => Buffer.from(stringify(rows, { record_delimiter: 'windows', quoted: true, quoted_empty: true }), 'utf8');

/** The bytes appended to a day file: its header first when the file is new. */
export function postingsCsv(postings: readonly Posting[], withHeader: boolean): Buffer {
  return csv([...(withHeader ? [[...POSTINGS_CSV_COLUMNS]] : []), ...postings.map(row)]);
}
