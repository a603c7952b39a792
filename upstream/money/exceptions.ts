// The daily exceptions report (docs/reconciliation.md § Exceptions): as of a morning, every red
// counter-day of the last EXCEPTIONS_DAYS days, the bank entries nothing explains, the provider lines
// that are not a clean match, and the cashiers whose shortages repeat — as JSON for the console, and
// as CSV, XLSX or PDF with a manifest signed by the server key (contract counterfoil-central-export/2,
// checked by `counterfoil verify-export`).
import { createHash, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { addDays } from '../../shared/dates.js';
import { CENTRAL_EXPORT_MANIFEST_FORMAT_2, CentralExportManifest2, manifestSignedText } from '../../shared/export-manifest.js';
import { toRupeeString, type Paise } from '../../shared/money.js';
import type { MoneyExceptions, MoneySettings } from '../../shared/money-monitor.js';
import { safeText } from '../../shared/spreadsheet-text.js';
import { keyIdOf, type ServerKey } from '../crypto.js';
import type { Sql } from '../store.js';
import { ENTRY_COLUMNS, statementEntry } from './detail.js';
import { moneyMonitor } from './monitor.js';
import { overShort } from './reports.js';

/** How far back a morning's report looks. */
export const EXCEPTIONS_DAYS = 62;

export async function moneyExceptions(sql: Sql, s: MoneySettings, asOf: string): Promise<MoneyExceptions> {
  const from = addDays(asOf, -EXCEPTIONS_DAYS);
  const to = addDays(asOf, -1);
  const [monitor, entries, lines, cashiers] = await Promise.all([
    moneyMonitor(sql, s, { from, to, asOf }, 'red'),
    sql.query<Parameters<typeof statementEntry>[0]>(
      `SELECT ${ENTRY_COLUMNS} FROM statement_lines l LEFT JOIN statement_matches m ON m.line_id = l.id
        WHERE l.booked_on BETWEEN $1::date AND $2::date AND m.line_id IS NULL ORDER BY l.booked_on, l.id`, [from, to]),
    sql.query<{ id: string; provider: string; batch: string; reference: string; amount_paise: string; settled_on: string; state: string; terminal_id: string | null; business_date: string | null }>(
      `SELECT id, provider, batch, reference, amount_paise, to_char(settled_on, 'YYYY-MM-DD') AS settled_on, state, terminal_id, to_char(business_date, 'YYYY-MM-DD') AS business_date
         FROM settlement_lines WHERE settled_on BETWEEN $1::date AND $2::date AND state <> 'matched' ORDER BY settled_on, id`, [from, to]),
    overShort(sql, s, from, to),
  ]);
  return {
    asOf, from, to, redDays: monitor.rows, unexplained: entries.map(statementEntry),
    settlement: lines.map((l) => ({
      lineId: Number(l.id), provider: l.provider, batch: l.batch, reference: l.reference, amountPaise: Number(l.amount_paise), settledOn: l.settled_on, state: l.state,
      terminalId: l.terminal_id, businessDate: l.business_date,
    })),
    flaggedCashiers: cashiers.filter((c) => c.flagged),
  };
}

const rupees = (p: number) => toRupeeString(p as Paise);

/** The report as sections of rows (English, a fixed layout like the other exports). */
function sections(r: MoneyExceptions): { title: string; header: string[]; rows: (string | number)[][] }[] {
  return [
    {
      title: 'Red counter-days',
      header: ['Business date', 'Substation', 'Counter', 'Terminal', 'Collected (₹)', 'Declared (₹)', 'Credited (₹)', 'Settled (₹)', 'Returned (₹)', 'Difference (₹)', 'Owed (₹)', 'Age (days)', 'Reasons'],
      rows: r.redDays.map((d) => [
        d.businessDate, safeText(d.substation), safeText(d.counter), safeText(d.terminalId), rupees(d.collectedPaise), rupees(d.declaredPaise), rupees(d.creditedPaise),
        rupees(d.settledPaise), rupees(d.returnedPaise), rupees(d.differencePaise), rupees(d.owedPaise), d.ageDays, d.reasons.map((x) => `${x.reason} ${rupees(x.paise)}`).join('; '),
      ]),
    },
    {
      title: 'Bank entries nothing explains',
      header: ['Booked on', 'Account', 'Statement', 'Entry', 'Direction', 'Amount (₹)', 'Narration', 'Reference'],
      rows: r.unexplained.map((e) => [e.bookedOn, safeText(e.account), e.statementId, e.line, e.direction, rupees(e.amountPaise), safeText(e.narration), safeText(e.reference)]),
    },
    {
      title: 'Provider lines not cleanly matched',
      header: ['Settled on', 'Provider', 'Batch', 'Reference', 'Amount (₹)', 'State', 'Terminal', 'Business date'],
      rows: r.settlement.map((l) => [l.settledOn, safeText(l.provider), safeText(l.batch), safeText(l.reference), rupees(l.amountPaise), l.state, safeText(l.terminalId ?? ''), l.businessDate ?? '']),
    },
    {
      title: 'Cashiers with repeated shortages',
      header: ['Cashier', 'Shifts', 'Shortages', 'Short (₹)', 'Recent shortages'],
      rows: r.flaggedCashiers.map((c) => [safeText(c.cashier), c.shifts, c.shortages, rupees(c.shortPaise), c.recentShortages]),
    },
  ];
}

function csvOf(r: MoneyExceptions): Buffer {
  const rows: string[][] = [];
  for (const s of sections(r)) {
    rows.push([s.title]);
    rows.push(s.header);
    for (const row of s.rows) rows.push(row.map(String));
    rows.push([]);
  }
  return Buffer.from(`\uFEFF${stringify(rows, { record_delimiter: 'windows', quoted: true, quoted_empty: true })}`, 'utf8');
}

async function xlsxOf(r: MoneyExceptions, at: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); } });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = 'Counterfoil centre';
  wb.created = at;
  wb.modified = at;
  for (const s of sections(r)) {
    const ws = wb.addWorksheet(s.title.slice(0, 31));
    ws.addRow([`${s.title} — money exceptions as of ${r.asOf} (${r.from} to ${r.to})`]).commit();
    ws.addRow(s.header).commit();
    for (const row of s.rows) ws.addRow(row).commit();
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}

const FONTS = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
const DEVANAGARI = /[\u0900-\u097F]/;

async function pdfOf(r: MoneyExceptions, at: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 30, info: { Title: `Money exceptions ${r.asOf}`, Author: 'Counterfoil centre', CreationDate: at } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const font = (text: string, bold = false) => doc.font(`${FONTS}${DEVANAGARI.test(text) ? 'NotoSansDevanagari' : 'NotoSans'}-${bold ? 'Bold' : 'Regular'}.ttf`);
  const width = doc.page.width - 60;
  font('', true).fontSize(14).text(`Money exceptions as of ${r.asOf}`);
  font('').fontSize(9).text(`Counter-days ${r.from} to ${r.to}: ${r.redDays.length} red; ${r.unexplained.length} bank entries unexplained; ${r.settlement.length} provider lines not matched; ${r.flaggedCashiers.length} cashiers with repeated shortages. Generated ${at.toISOString()}.`);
  for (const s of sections(r)) {
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

export interface MoneyExport {
  fileName: string;
  bytes: Buffer;
  manifest: CentralExportManifest2;
}

export async function exportMoneyExceptions(sql: Sql, key: ServerKey, s: MoneySettings, asOf: string, format: 'csv' | 'xlsx' | 'pdf', by: string, now: Date): Promise<MoneyExport> {
  const r = await moneyExceptions(sql, s, asOf);
  const bytes = format === 'csv' ? csvOf(r) : format === 'xlsx' ? await xlsxOf(r, now) : await pdfOf(r, now);
  const fileName = `counterfoil-centre-money-exceptions-${asOf}.${format}`;
  const unsigned = {
    format: CENTRAL_EXPORT_MANIFEST_FORMAT_2,
    centre: { keyId: keyIdOf(key.publicRaw), publicKey: key.publicRaw.toString('base64url') },
    file: { name: fileName, format, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    generatedAt: now.toISOString(),
    generatedBy: by,
    report: {
      name: 'money-exceptions' as const, asOf, from: r.from, to: r.to, redDays: r.redDays.length,
      differencePaise: r.redDays.reduce((n, d) => n + d.differencePaise, 0),
      unexplainedEntries: r.unexplained.length, settlementExceptions: r.settlement.length, flaggedCashiers: r.flaggedCashiers.length,
    },
  };
  const signature = sign(null, Buffer.from(manifestSignedText(unsigned), 'utf8'), key.privateKey).toString('base64url');
  return { fileName, bytes, manifest: CentralExportManifest2.parse({ ...unsigned, signature }) };
}
