// The XLSX export read back with exceljs and compared with the ledger: every payment row, the
// voids, the cheque/DD list with its total, the summary's figures, the ₹ format on amounts,
// text cells for numbers with leading zeros, no formulas from consumer names, and the same
// bytes for the same input.
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateRange, daySummary, paymentLines } from '../../core/reports/day-summary.js';
import type { ReportInput } from '../../core/reports/report-input.js';
import { INR_FORMAT, INR_SIGNED_FORMAT, MODE_LABELS, PAYMENT_COLUMNS, SHEETS, writeXlsx } from '../../core/reports/xlsx.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';

let day: ReportDay;
let input: ReportInput;
let wb: ExcelJS.Workbook;
let bytes: Buffer;
const GENERATED_AT = new Date('2026-11-26T12:34:56.000Z'); // 18:04 IST

// exceljs's reader drops a number format's backslash escapes (`\,` → `,`); the file holds them,
// as rawEntry('xl/styles.xml') shows below.
const INR_AS_READ = INR_FORMAT.replace(/\\(.)/g, '$1');
const SIGNED_AS_READ = INR_SIGNED_FORMAT.replace(/\\(.)/g, '$1');
const xmlText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** One file of the xlsx (a zip) as text, read through the central directory: no zip library. */
function rawEntry(zip: Buffer, name: string): string {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  for (let n = 0, p = zip.readUInt32LE(eocd + 16); n < zip.readUInt16LE(eocd + 10); n++) {
    const nameLen = zip.readUInt16LE(p + 28);
    if (zip.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const method = zip.readUInt16LE(p + 10);
      const size = zip.readUInt32LE(p + 20);
      const local = zip.readUInt32LE(p + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  throw new Error(`no ${name} in the zip`);
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as unknown as ArrayBuffer);
  return book;
}

function sheet(name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The row's values from column 1 (exceljs's row.values is 1-based). */
function values(ws: ExcelJS.Worksheet, row: number): unknown[] {
  return (ws.getRow(row).values as unknown[]).slice(1);
}

/** Amount cell → paise, exactly. */
function paiseOf(cell: ExcelJS.Cell): number {
  expect(typeof cell.value).toBe('number');
  return Math.round((cell.value as number) * 100);
}

/** The Summary sheet's table under a heading: its header row's number and its rows until a blank. */
function summaryTable(heading: string): { header: unknown[]; rows: ExcelJS.Row[] } {
  const ws = sheet(SHEETS.summary);
  let at = 0;
  ws.eachRow((row, n) => {
    if (row.getCell(1).value === heading && at === 0) at = n;
  });
  if (at === 0) throw new Error(`no table ${heading}`);
  const rows: ExcelJS.Row[] = [];
  for (let n = at + 2; n <= ws.rowCount && ws.getRow(n).cellCount > 0; n++) rows.push(ws.getRow(n));
  return { header: values(ws, at + 1), rows };
}

function fact(label: string): unknown {
  const ws = sheet(SHEETS.summary);
  for (let n = 1; n <= ws.rowCount; n++) if (ws.getRow(n).getCell(1).value === label) return ws.getRow(n).getCell(2).value;
  throw new Error(`no fact ${label}`);
}

beforeAll(async () => {
  day = await terminalWithDay();
  const range = dateRange(REPORT_DAY);
  input = { summary: daySummary(day.tt.t, range), lines: paymentLines(day.tt.t, range), generatedAt: GENERATED_AT };
  bytes = await writeXlsx(input);
  wb = await load(bytes);
});
afterAll(() => day.tt.close());

describe('the XLSX export', () => {
  it('has the four sheets and the document properties from generatedAt', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Payments', 'Voids', 'Cheques']);
    expect(wb.creator).toBe('Counterfoil');
    expect(wb.created.toISOString()).toBe(GENERATED_AT.toISOString());
    expect(wb.modified.toISOString()).toBe(GENERATED_AT.toISOString());
  });

  it('stores the ₹ formats with Indian grouping as written', () => {
    const styles = rawEntry(bytes, 'xl/styles.xml');
    expect(styles).toContain(`formatCode="${xmlText(INR_FORMAT)}"`);
    expect(styles).toContain(`formatCode="${xmlText(INR_SIGNED_FORMAT)}"`);
    expect(INR_FORMAT).toBe('[>=10000000]"₹"##\\,##\\,##\\,##0.00;[>=100000]"₹"##\\,##\\,##0.00;"₹"#,##0.00');
  });

  it('lists every payment as the ledger has it, numbers with leading zeros as text, amounts exact', () => {
    const ws = sheet(SHEETS.payments);
    expect(values(ws, 1)).toEqual([...PAYMENT_COLUMNS]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:M${input.lines.length + 1}`);
    expect(input.lines).toHaveLength(7);
    expect(ws.rowCount).toBe(input.lines.length + 1);
    input.lines.forEach((p, i) => {
      const row = ws.getRow(i + 2);
      const cell = (header: (typeof PAYMENT_COLUMNS)[number]) => row.getCell(PAYMENT_COLUMNS.indexOf(header) + 1);
      expect(cell('Receipt no.').value).toBe(p.receiptNo);
      expect(cell('Business date').value).toBe(REPORT_DAY);
      expect(cell('Recorded at (IST)').value).toMatch(/^2026-11-26 (09|10):\d\d$/);
      expect(cell('Shift').value).toBe(p.shiftId);
      expect(cell('Cashier').value).toBe(p.cashier);
      expect(cell('Account').type).toBe(ExcelJS.ValueType.String);
      expect(cell('Account').value).toBe(p.accountNo);
      expect(cell('Name').value ?? '').toBe(p.nameEn);
      expect(cell('नाम').value ?? '').toBe(p.nameHi);
      expect(cell('Mode').value).toBe(MODE_LABELS[p.mode]);
      expect(cell('Instrument').value ?? '').toBe(p.instrument);
      expect(paiseOf(cell('Amount (₹)'))).toBe(p.amountPaise);
      expect(cell('Amount (₹)').numFmt).toBe(INR_AS_READ);
      expect(cell('Status').value).toBe(p.receiptNo === day.voided ? 'VOID' : 'Paid');
      expect(cell('Held centrally').value).toBe(p.centrallyHeld ? 'Yes' : 'No');
    });
    // The fixture's first payment: 09:30 IST, ₹1,234.56, a consumer with a Hindi name.
    expect(ws.getRow(2).getCell(3).value).toBe('2026-11-26 09:30');
    expect(paiseOf(ws.getRow(2).getCell(11))).toBe(123_456);
    expect(input.lines.some((p) => /[\u0900-\u097F]/.test(p.nameHi))).toBe(true);
    // The account the terminal does not know: no names, still listed.
    const unknown = input.lines.findIndex((p) => p.accountNo === '9999999999');
    expect(ws.getRow(unknown + 2).getCell(6).value).toBe('9999999999');
  });

  it('lists the cancelled receipt with who asked, who approved and why', () => {
    const ws = sheet(SHEETS.voids);
    expect(values(ws, 1)).toEqual(['Receipt no.', 'Business date', 'Account', 'Mode', 'Amount (₹)', 'Voided at (IST)', 'Requested by', 'Approved by', 'Reason']);
    expect(input.summary.voids.list).toHaveLength(1);
    expect(ws.rowCount).toBe(1 + input.summary.voids.list.length);
    input.summary.voids.list.forEach((v, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(day.voided);
      expect(row.getCell(1).value).toBe(v.receiptNo);
      expect(row.getCell(2).value).toBe(v.businessDate);
      expect(row.getCell(3).value).toBe(v.accountNo);
      expect(row.getCell(4).value).toBe(MODE_LABELS[v.mode]);
      expect(paiseOf(row.getCell(5))).toBe(v.amountPaise);
      expect(row.getCell(5).numFmt).toBe(INR_AS_READ);
      expect(row.getCell(6).value).toMatch(/^2026-11-26 \d\d:\d\d$/);
      expect(values(ws, i + 2).slice(6)).toEqual(['asha', 'meena', 'wrong account keyed']);
    });
  });

  it('lists cheques and DDs for the deposit slip, Hindi bank name included, with their total', () => {
    const ws = sheet(SHEETS.cheques);
    expect(values(ws, 1)).toEqual(['Receipt no.', 'Business date', 'Mode', 'Number', 'Bank', 'Instrument date', 'Account', 'Amount (₹)']);
    const list = input.summary.instruments;
    expect(list).toHaveLength(2);
    list.forEach((c, i) => {
      const row = ws.getRow(i + 2);
      expect(values(ws, i + 2).slice(0, 7)).toEqual([c.receiptNo, c.businessDate, MODE_LABELS[c.mode], c.number, c.bank, c.date, c.accountNo]);
      expect(paiseOf(row.getCell(8))).toBe(c.amountPaise);
      expect(row.getCell(8).numFmt).toBe(INR_AS_READ);
    });
    expect(ws.getRow(2).getCell(4).value).toBe('004512'); // a cheque number keeps its zeros
    expect(ws.getRow(3).getCell(5).value).toBe('पंजाब नेशनल बैंक');
    const total = ws.getRow(list.length + 2);
    expect(total.getCell(1).value).toBe('Total (2)');
    expect(total.getCell(8).formula).toBeUndefined();
    expect(paiseOf(total.getCell(8))).toBe(250_000 + 500_000);
    expect(total.getCell(8).numFmt).toBe(INR_AS_READ);
  });

  it('gives the summary: who, when, totals, modes, cashiers, dates, shifts, series and sync', () => {
    const s = input.summary;
    expect(sheet(SHEETS.summary).getRow(1).getCell(1).value).toBe('दैनिक संग्रह सारांश / Daily collection summary');
    expect(fact('Substation')).toBe('SS042');
    expect(fact('Counter')).toBe('C1');
    expect(fact('Terminal id')).toBe(s.terminalId);
    expect(fact('From')).toBe(REPORT_DAY);
    expect(fact('To')).toBe(REPORT_DAY);
    expect(fact('Generated at (IST)')).toBe('2026-11-26 18:04');

    const totals = summaryTable('Totals');
    expect(totals.header).toEqual(['Status', 'Receipts', 'Amount (₹)']);
    const [paid, cancelled] = totals.rows;
    expect(paid!.getCell(2).value).toBe(s.totals.count);
    expect(paiseOf(paid!.getCell(3))).toBe(s.totals.totalPaise);
    expect(paid!.getCell(3).numFmt).toBe(INR_AS_READ);
    expect(cancelled!.getCell(2).value).toBe(1);
    expect(paiseOf(cancelled!.getCell(3))).toBe(70_000);

    const byMode = summaryTable('By mode');
    expect(byMode.rows.map((r) => [r.getCell(1).value, r.getCell(2).value, paiseOf(r.getCell(3))])).toEqual(
      s.byMode.map((m) => [MODE_LABELS[m.mode], m.count, m.totalPaise]),
    );
    expect(byMode.rows.map((r) => r.getCell(1).value)).toEqual(['कार्ड Card', 'नकद Cash', 'चेक Cheque', 'डिमांड ड्राफ्ट DD', 'UPI']);

    const byCashier = summaryTable('By cashier');
    expect(byCashier.rows.map((r) => [r.getCell(1).value, r.getCell(2).value, paiseOf(r.getCell(3))])).toEqual([
      ['asha', 3, 873_456],
      ['ravi', 3, 454_950],
    ]);
    const byDate = summaryTable('By date');
    expect(byDate.rows.map((r) => [r.getCell(1).value, r.getCell(2).value, paiseOf(r.getCell(3))])).toEqual([[REPORT_DAY, s.totals.count, s.totals.totalPaise]]);

    const shifts = summaryTable('Shifts');
    expect(shifts.header).toEqual(['Cashier', 'Opened (IST)', 'Float (₹)', 'Cash expected (₹)', 'Counted (₹)', 'Variance (₹)', 'Closed (IST)', 'Shift']);
    const [asha, ravi] = shifts.rows;
    expect(asha!.getCell(1).value).toBe('asha');
    expect(asha!.getCell(2).value).toBe('2026-11-26 09:30');
    expect([3, 4, 5, 6].map((c) => paiseOf(asha!.getCell(c)))).toEqual([200_000, 323_456, 303_456, -20_000]);
    expect(asha!.getCell(6).numFmt).toBe(SIGNED_AS_READ);
    expect(asha!.getCell(7).value).toMatch(/^2026-11-26 \d\d:\d\d$/);
    expect(ravi!.getCell(1).value).toBe('ravi');
    expect(paiseOf(ravi!.getCell(3))).toBe(100_000);
    expect([4, 5, 6].map((c) => ravi!.getCell(c).value)).toEqual([null, null, null]);
    expect(ravi!.getCell(7).value).toBe('Open');

    const series = summaryTable('Receipt series');
    expect(series.rows.map((r) => values(sheet(SHEETS.summary), r.number))).toEqual([['2026-27', day.receipts[0], day.receipts[6], 7]]); // issue 16 #12: the year as people read it

    const sync = summaryTable('Sync coverage');
    expect(sync.header).toEqual(['Payments', 'Held centrally', 'Not yet sent (₹)']);
    expect(sync.rows[0]!.getCell(1).value).toBe(s.sync.payments);
    expect(sync.rows[0]!.getCell(2).value).toBe(s.sync.centrallyHeld);
    expect(paiseOf(sync.rows[0]!.getCell(3))).toBe(s.sync.notYetPaise);
  });

  it('writes a consumer name that looks like a formula as plain text, never a formula', async () => {
    const names = ['=1+1', '+cmd', '@SUM(A1)', '-2', '=HYPERLINK("http://evil.example","click")', '\tx', '\r=1'];
    const lines = names.map((nameEn, i) => ({ ...input.lines[0]!, receiptNo: `${input.lines[0]!.receiptNo}-${i}`, nameEn, nameHi: nameEn, seq: 100 + i }));
    const buf = await writeXlsx({ ...input, lines });
    const book = await load(buf);
    const ws = book.getWorksheet(SHEETS.payments)!;
    names.forEach((name, i) => {
      for (const col of [7, 8]) {
        const cell = ws.getRow(i + 2).getCell(col);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(typeof cell.value).toBe('string');
        // XML reads a bare CR as LF (line-end normalisation): the text, not a formula, either way.
        expect(cell.value).toBe(name.replace(/\r/g, '\n'));
        expect(cell.formula).toBeUndefined();
      }
    });
    // In the file itself: no sheet has a formula, and the names are shared-string cells (t="s").
    for (const n of [1, 2, 3, 4]) expect(rawEntry(buf, `xl/worksheets/sheet${n}.xml`)).not.toMatch(/<f[ >]/);
    const sheetXml = rawEntry(buf, 'xl/worksheets/sheet2.xml');
    expect(sheetXml).toMatch(/<c r="G2" t="s"><v>\d+<\/v><\/c>/);
    expect(sheetXml).not.toContain('t="str"');
    expect(rawEntry(buf, 'xl/sharedStrings.xml')).toContain(xmlText('=HYPERLINK("http://evil.example","click")'));
  });

  it('writes the same bytes for the same input, whenever it runs', async () => {
    const a = await writeXlsx(input);
    await new Promise((r) => setTimeout(r, 2100)); // past the zip's two-second time resolution
    const b = await writeXlsx(input);
    expect(b.equals(a)).toBe(true);
    // Every zip entry is stamped with generatedAt on the IST wall clock: 2026-11-26 18:04:56.
    const dosTime = (18 << 11) | (4 << 5) | (56 >> 1);
    const dosDate = ((2026 - 1980) << 9) | (11 << 5) | 26;
    const eocd = a.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const entries = a.readUInt16LE(eocd + 10);
    expect(entries).toBeGreaterThanOrEqual(10);
    for (let n = 0, p = a.readUInt32LE(eocd + 16); n < entries; n++) {
      expect(a.readUInt32LE(p)).toBe(0x02014b50);
      const local = a.readUInt32LE(p + 42);
      expect([a.readUInt16LE(p + 12), a.readUInt16LE(p + 14), a.readUInt16LE(local + 10), a.readUInt16LE(local + 12)]).toEqual([dosTime, dosDate, dosTime, dosDate]);
      p += 46 + a.readUInt16LE(p + 28) + a.readUInt16LE(p + 30) + a.readUInt16LE(p + 32);
    }
  });
});
