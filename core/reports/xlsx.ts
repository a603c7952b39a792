// The XLSX export: the day summary as an Excel workbook with four sheets — Summary (the day's
// figures, table by table), Payments (one row per receipt, cancelled ones marked; header frozen,
// autofilter), Voids and Cheques (the bank deposit slip's list, with its total as a value).
// Amounts are numbers in rupees (paise / 100: Math.round(cell * 100) is the paise) shown as ₹
// with Indian digit grouping; receipt, account and cheque numbers are text so their leading
// zeros survive. Every text goes in as a shared string (t="s"), never as a formula, so a
// consumer named "=HYPERLINK(…)" stays a name; no cell of the file is a formula. Times are IST
// wall-clock text ("YYYY-MM-DD HH:MM"), as in the CSV, not Excel serial dates.
//
// The file is hashed and signed, so the same input gives the same bytes: the document
// properties come from generatedAt, and the zip entries' times (which the zip library stamps
// with the current time) are rewritten to generatedAt on the IST wall clock.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DaySummary, PaymentLine } from '../../shared/day-summary.js';
import { PAYMENT_MODES } from '../../shared/receipt-code.js';
import { modeBilingual } from '../print/printed-text.js';
import type { ReportInput } from './report-input.js';
import { financialYearLabel } from '../../shared/dates.js';

/** ₹ with Indian grouping: ₹1,23,45,678.90, ₹12,34,567.00, ₹99,999.50, -₹200.00. */
export const INR_FORMAT = '[>=10000000]"₹"##\\,##\\,##\\,##0.00;[>=100000]"₹"##\\,##\\,##0.00;"₹"#,##0.00';
/** For a figure that may be negative (a cash variance): plain two-section format, sign always shown. */
export const INR_SIGNED_FORMAT = '"₹"#,##0.00;-"₹"#,##0.00';

export const SHEETS = { summary: 'Summary', payments: 'Payments', voids: 'Voids', cheques: 'Cheques' } as const;

export const MODE_LABELS = Object.fromEntries(PAYMENT_MODES.map((m) => [m, modeBilingual(m)])) as Record<PaymentLine['mode'], string>;

export const PAYMENT_COLUMNS = [
  'Receipt no.', 'Business date', 'Recorded at (IST)', 'Shift', 'Cashier', 'Account', 'Name', 'नाम', 'Mode', 'Instrument',
  'Amount (₹)', 'Status', 'Held centrally',
] as const;

/** India is UTC+05:30 all year. */
const IST_OFFSET_MS = 330 * 60_000;

const TITLE = 'दैनिक संग्रह सारांश / Daily collection summary';

// Every cell's style is one of these shared objects: exceljs caches a style's id by object, so
// 780,000 cells cost eight style look-ups, not 780,000 (and no row-level `font =`, which would
// mutate them). Frozen so that nothing can change them under another cell.
type Style = Partial<ExcelJS.Style>;
const frozen = (s: Style): Style => Object.freeze(s);
const bold = (size: number): Partial<ExcelJS.Font> => ({ name: 'Calibri', family: 2, size, bold: true });
const S = {
  text: frozen({}),
  bold: frozen({ font: bold(11) }),
  title: frozen({ font: bold(14) }),
  heading: frozen({ font: bold(12) }),
  money: frozen({ numFmt: INR_FORMAT }),
  signed: frozen({ numFmt: INR_SIGNED_FORMAT }),
  boldMoney: frozen({ font: bold(11), numFmt: INR_FORMAT }),
} as const;

/** Rupees as a number: paise are integers, so p / 100 is the nearest double and Math.round(v * 100) gives p back. */
const rupees = (p: number): number => p / 100;
const orNull = (p: number | null): number | null => (p === null ? null : rupees(p));

/**
 * "2026-11-26 09:30" on the IST wall clock for a UTC instant as ISO text: shared/dates.ts's
 * businessDate + istTime in one Date (this runs for every payment row).
 */
function ist(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const wall = new Date(ms + IST_OFFSET_MS).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
}

type Value = string | number | null;
interface Col { header: string; width?: number; style?: Style }

/**
 * Writes one row and commits it: each value a plain string or number (never a formula), styled
 * from `styles`; an empty string or null leaves the cell empty.
 */
function put(ws: ExcelJS.Worksheet, values: Value[], styles: Style | readonly Style[]): void {
  const cells = values.map((v) => (v === '' ? null : v));
  const row = ws.addRow(cells);
  cells.forEach((v, i) => {
    if (v !== null) row.getCell(i + 1).style = (Array.isArray(styles) ? styles[i] : styles) ?? S.text;
  });
  row.commit();
}

/** One table on the Summary sheet: a heading, a bold header row, the rows; a blank row before it. */
function table(ws: ExcelJS.Worksheet, heading: string, cols: Col[], rows: Value[][]): void {
  put(ws, [], S.text);
  put(ws, [heading], S.heading);
  put(ws, cols.map((c) => c.header), S.bold);
  const styles = cols.map((c) => c.style ?? S.text);
  for (const r of rows) put(ws, r, styles);
}

const COUNT: Col = { header: 'Receipts' };
const AMOUNT: Col = { header: 'Amount (₹)', style: S.money };

function summarySheet(wb: ExcelJS.Workbook, s: DaySummary, generatedAt: Date): void {
  const ws = wb.addWorksheet(SHEETS.summary);
  ws.columns = [26, 20, 18, 18, 18, 18, 18, 18].map((width) => ({ width }));
  put(ws, [TITLE], S.title);
  put(ws, [], S.text);
  const facts: [string, string][] = [
    ['Substation', s.substation],
    ['Counter', s.counter],
    ['Terminal id', s.terminalId],
    ['From', s.from],
    ['To', s.to],
    ['Generated at (IST)', ist(generatedAt.toISOString())],
  ];
  for (const f of facts) put(ws, f, [S.bold, S.text]);
  table(ws, 'Totals', [{ header: 'Status' }, COUNT, AMOUNT], [
    ['Paid', s.totals.count, rupees(s.totals.totalPaise)],
    ['Cancelled (VOID)', s.voids.count, rupees(s.voids.totalPaise)],
  ]);
  table(ws, 'By mode', [{ header: 'Mode' }, COUNT, AMOUNT], s.byMode.map((m) => [MODE_LABELS[m.mode], m.count, rupees(m.totalPaise)]));
  table(ws, 'By cashier', [{ header: 'Cashier' }, COUNT, AMOUNT], s.byCashier.map((c) => [c.cashier, c.count, rupees(c.totalPaise)]));
  table(ws, 'By date', [{ header: 'Date' }, COUNT, AMOUNT], s.byDate.map((d) => [d.date, d.count, rupees(d.totalPaise)]));
  table(
    ws,
    'Shifts',
    [
      { header: 'Cashier' }, { header: 'Opened (IST)' }, { header: 'Float (₹)', style: S.money }, { header: 'Cash expected (₹)', style: S.money },
      { header: 'Counted (₹)', style: S.money }, { header: 'Variance (₹)', style: S.signed }, { header: 'Closed (IST)' }, { header: 'Shift' },
    ],
    s.shifts.map((sh) => [
      sh.cashier, ist(sh.openedAt), rupees(sh.openingFloatPaise), orNull(sh.expectedPaise), orNull(sh.countedPaise), orNull(sh.variancePaise),
      sh.closedAt === null ? 'Open' : ist(sh.closedAt), sh.shiftId,
    ]),
  );
  table(ws, 'Receipt series', [{ header: 'FY' }, { header: 'First' }, { header: 'Last' }, { header: 'Count' }], s.series.map((r) => [financialYearLabel(r.fy), r.first, r.last, r.count]));
  table(
    ws,
    'Sync coverage',
    [{ header: 'Payments' }, { header: 'Held centrally' }, { header: 'Not yet sent (₹)', style: S.money }],
    [[s.sync.payments, s.sync.centrallyHeld, rupees(s.sync.notYetPaise)]],
  );
  ws.commit();
}

/** A list sheet: bold frozen header, autofilter over header and data, then the rows. Left open for a total row. */
function listSheet(wb: ExcelJS.Workbook, name: string, cols: Col[], rows: Value[][], opts: { filter: boolean }): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = cols.map((c) => ({ width: c.width ?? 14 }));
  if (opts.filter) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: cols.length } };
  put(ws, cols.map((c) => c.header), S.bold);
  const styles = cols.map((c) => c.style ?? S.text);
  for (const r of rows) put(ws, r, styles);
  return ws;
}

function paymentsSheet(wb: ExcelJS.Workbook, lines: PaymentLine[]): void {
  const widths = [16, 13, 17, 7, 12, 14, 24, 24, 18, 34, 15, 8, 14];
  const cols = PAYMENT_COLUMNS.map((header, i): Col => ({ header, width: widths[i], style: header === 'Amount (₹)' ? S.money : S.text }));
  const rows = lines.map((p): Value[] => [
    p.receiptNo, p.businessDate, p.recordedAtIst, p.shiftId, p.cashier, p.accountNo, p.nameEn, p.nameHi, MODE_LABELS[p.mode], p.instrument,
    rupees(p.amountPaise), p.voided ? 'VOID' : 'Paid', p.centrallyHeld ? 'Yes' : 'No',
  ]);
  listSheet(wb, SHEETS.payments, cols, rows, { filter: true }).commit();
}

function voidsSheet(wb: ExcelJS.Workbook, s: DaySummary): void {
  const cols: Col[] = [
    { header: 'Receipt no.', width: 16 }, { header: 'Business date', width: 13 }, { header: 'Account', width: 14 }, { header: 'Mode', width: 18 },
    { header: 'Amount (₹)', width: 15, style: S.money }, { header: 'Voided at (IST)', width: 17 }, { header: 'Requested by', width: 13 },
    { header: 'Approved by', width: 13 }, { header: 'Reason', width: 36 },
  ];
  const rows = s.voids.list.map((v): Value[] => [
    v.receiptNo, v.businessDate, v.accountNo, MODE_LABELS[v.mode], rupees(v.amountPaise), ist(v.voidedAt), v.requestedBy, v.approvedBy, v.reason,
  ]);
  listSheet(wb, SHEETS.voids, cols, rows, { filter: true }).commit();
}

function chequesSheet(wb: ExcelJS.Workbook, s: DaySummary): void {
  const cols: Col[] = [
    { header: 'Receipt no.', width: 16 }, { header: 'Business date', width: 13 }, { header: 'Mode', width: 18 }, { header: 'Number', width: 12 },
    { header: 'Bank', width: 28 }, { header: 'Instrument date', width: 15 }, { header: 'Account', width: 14 }, { header: 'Amount (₹)', width: 16, style: S.money },
  ];
  const rows = s.instruments.map((i): Value[] => [
    i.receiptNo, i.businessDate, MODE_LABELS[i.mode], i.number, i.bank, i.date, i.accountNo, rupees(i.amountPaise),
  ]);
  const ws = listSheet(wb, SHEETS.cheques, cols, rows, { filter: false });
  // The total is a value, not a formula: the file states what the ledger summed.
  const total = s.instruments.reduce((sum, i) => sum + i.amountPaise, 0);
  put(ws, [`Total (${s.instruments.length})`, null, null, null, null, null, null, rupees(total)], [S.bold, S.text, S.text, S.text, S.text, S.text, S.text, S.boldMoney]);
  ws.commit();
}

/** The day summary as an Excel workbook: Summary, Payments, Voids and Cheques sheets. */
export async function writeXlsx(input: ReportInput): Promise<Buffer> {
  const { summary, lines, generatedAt } = input;
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // The streaming writer renders each row as it is added (the in-memory Workbook takes ~5 s for
  // 60,000 rows, this ~2 s), with shared strings (t="s"). Deflate level 1: ~25% bigger than
  // level 6 and markedly quicker for a month's export.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } });
  wb.creator = 'Counterfoil';
  wb.lastModifiedBy = 'Counterfoil';
  wb.created = generatedAt;
  wb.modified = generatedAt;
  wb.lastPrinted = generatedAt;
  summarySheet(wb, summary, generatedAt);
  paymentsSheet(wb, lines);
  voidsSheet(wb, summary);
  chequesSheet(wb, summary);
  await wb.commit();
  return stampZipTimes(Buffer.concat(chunks), generatedAt);
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Sets every entry's modification time, in the local headers and the central directory, to
 * `at` on the IST wall clock (a zip's DOS time is local time, and the terminal is in India), so
 * the same input gives the same bytes. The data and their CRCs are untouched.
 */
export function stampZipTimes(zip: Buffer, at: Date): Buffer {
  const wall = new Date(Math.max(at.getTime() + IST_OFFSET_MS, Date.UTC(1980, 0, 1)));
  const time = (wall.getUTCHours() << 11) | (wall.getUTCMinutes() << 5) | (wall.getUTCSeconds() >> 1);
  const date = ((wall.getUTCFullYear() - 1980) << 9) | ((wall.getUTCMonth() + 1) << 5) | wall.getUTCDate();
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('xlsx: no end of central directory in the zip');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== CENTRAL) throw new Error('xlsx: malformed zip central directory');
    zip.writeUInt16LE(time, p + 12);
    zip.writeUInt16LE(date, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error('xlsx: malformed zip local header');
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return zip;
}
