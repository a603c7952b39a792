// The centre's report files (issue 17, 18, 19): a report laid out as titled sections of rows,
// written as CSV (UTF-8 with BOM, CRLF, every cell quoted), XLSX (one sheet per section) or an A4
// PDF with Devanagari where a cell holds it. The report modules say what the sections are; the
// signed manifest beside the file is theirs too.
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';

export interface ReportSection {
  title: string;
  header: string[];
  rows: (string | number)[][];
}

export function csvOfSections(sections: readonly ReportSection[]): Buffer {
  const rows: string[][] = [];
  for (const s of sections) {
    rows.push([s.title]);
    rows.push(s.header);
    for (const row of s.rows) rows.push(row.map(String));
    rows.push([]);
  }
  return Buffer.from(`\uFEFF${stringify(rows, { record_delimiter: 'windows', quoted: true, quoted_empty: true })}`, 'utf8');
}

/** `caption` follows each sheet's title in its first row (what the report is of). */
export async function xlsxOfSections(sections: readonly ReportSection[], caption: string, at: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = 'Counterfoil centre';
  wb.created = at;
  wb.modified = at;
  for (const s of sections) {
    const ws = wb.addWorksheet(s.title.slice(0, 31));
    ws.addRow([`${s.title} — ${caption}`]).commit();
    ws.addRow(s.header).commit();
    for (const row of s.rows) ws.addRow(row).commit();
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}

const FONTS = fileURLToPath(new URL('../assets/fonts/', import.meta.url));
const DEVANAGARI = /[\u0900-\u097F]/;

/** A landscape A4 PDF: the title, a summary line, then each section as a table. */
export async function pdfOfSections(sections: readonly ReportSection[], title: string, summary: string, at: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 30, info: { Title: title, Author: 'Counterfoil centre', CreationDate: at } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const font = (text: string, bold = false) => doc.font(`${FONTS}${DEVANAGARI.test(text) ? 'NotoSansDevanagari' : 'NotoSans'}-${bold ? 'Bold' : 'Regular'}.ttf`);
  const width = doc.page.width - 60;
  font('', true).fontSize(14).text(title);
  font('').fontSize(9).text(summary);
  for (const s of sections) {
    doc.moveDown(0.8);
    font(s.title, true).fontSize(11).text(s.title);
    const col = width / s.header.length;
    const line = (cells: (string | number)[], bold: boolean) => {
      if (doc.y > doc.page.height - 50) doc.addPage();
      const y = doc.y;
      let h = 0;
      cells.forEach((c, i) => {
        const text = String(c);
        font(text, bold).fontSize(7);
        doc.text(text, 30 + i * col, y, { width: col - 4 });
        h = Math.max(h, doc.y - y);
      });
      doc.x = 30;
      doc.y = y + h + 2;
    };
    line(s.header, true);
    if (s.rows.length === 0) line(['none'], false);
    for (const row of s.rows) line(row, false);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
