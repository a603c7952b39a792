// The PDF export of the day summary: an A4 report in Hindi and English — title block, totals,
// breakdowns, shifts, voids, receipt series, the cheque/DD deposit list and sync coverage, then
// every payment of the range with its header repeated on each page.
//
// Text goes through ./pdf-text.ts (script runs, cached shaping, raw text operators).
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { financialYearLabel, istTime } from '../../shared/dates.js';
import type { DaySummary, PaymentLine } from '../../shared/day-summary.js';
import { formatINR, type Paise } from '../../shared/money.js';
import { dmy, istDateTime, modeBilingual } from '../print/printed-text.js';
import type { ReportInput } from './report-input.js';

import { FONT_DIR, FONT_FILES, HEADER_FILL, INK, MUTED, PAGE_H, PAGE_W, Painter, RED, Shaper, ZEBRA, type TextStyle } from './pdf-text.js';

// ----------------------------------------------------------------------------------- page flow

const MARGIN = 36;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const BODY_TOP = 50;
const BODY_BOTTOM = PAGE_H - 44;
const SIZE = 8;
const ROW_H = 13;
const LINE_H = 10.5;
const HEADER_H = 22;
const PAD = 3;
/** Right-aligned figures keep this clear of the next column's text. */
const PAD_RIGHT = 9;

class Report {
  y = 0;
  pages = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly p: Painter,
    private readonly running: string,
  ) {}

  newPage(): void {
    this.p.flush();
    this.doc.addPage({ size: 'A4', margin: 0 });
    const fonts = (this.doc.page as unknown as { fonts: Record<string, unknown> }).fonts;
    for (const f of this.p.shaper.fonts) fonts[f.id] = f.ref();
    this.pages++;
    this.y = BODY_TOP;
    if (this.pages > 1) {
      this.p.text(this.running, MARGIN, 30, { size: 7.5, color: MUTED, width: CONTENT_W });
      this.p.hline(MARGIN, PAGE_W - MARGIN, 36);
    }
  }

  /** Starts a new page unless `h` more points fit on this one; true when it did. */
  ensure(h: number): boolean {
    if (this.y + h <= BODY_BOTTOM) return false;
    this.newPage();
    return true;
  }

  /** A section's title, kept on the page with its table's header and first rows. */
  heading(hi: string, en: string): void {
    this.ensure(24 + HEADER_H + 2 * ROW_H);
    this.y += 8;
    this.p.text(`${hi} / ${en}`, MARGIN, this.y + 11, { size: 10.5, bold: true });
    this.y += 17;
  }

  note(text: string): void {
    this.ensure(ROW_H);
    this.p.text(text, MARGIN + PAD, this.y + 9, { size: SIZE, color: MUTED });
    this.y += ROW_H + 4;
  }
}

interface Column {
  en: string;
  hi: string;
  /** Points; 0 takes what the other columns leave. */
  width: number;
  align?: 'right';
  /** Never cut with an ellipsis: text wider than the column is drawn smaller until it fits. */
  whole?: true;
}

type Cell = string | { text: string; bold?: boolean; color?: string; /** Drawn after the text in grey when it fits. */ after?: string };

function table(r: Report, cols: Column[], rows: Iterable<Cell[]>, opts: { wrap?: number; foot?: Cell[] } = {}): void {
  const fixed = cols.reduce((s, c) => s + c.width, 0);
  const widths = cols.map((c) => c.width || CONTENT_W - fixed);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const { p } = r;
  const boxWidth = (i: number) => widths[i]! - PAD - (cols[i]!.align === 'right' ? PAD_RIGHT : PAD);
  const header = () => {
    p.rect(MARGIN, r.y, CONTENT_W, HEADER_H, HEADER_FILL);
    cols.forEach((c, i) => {
      const box = { width: boxWidth(i), align: c.align };
      p.text(c.en, xs[i]! + PAD, r.y + 9, { size: 7.5, bold: true, ...box });
      p.text(c.hi, xs[i]! + PAD, r.y + 19, { size: 7, color: MUTED, ...box });
    });
    r.y += HEADER_H;
  };
  const plain = cols.map((c, i): TextStyle => ({ size: SIZE, width: boxWidth(i), align: c.align }));
  const strong = plain.map((st): TextStyle => ({ ...st, bold: true }));
  const cells = (row: Cell[], top: number, bold: boolean, lines: string[] | null) => {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      const x = xs[i]! + PAD;
      let style = typeof cell === 'string' || (cell.bold === undefined && cell.color === undefined) ? (bold ? strong[i]! : plain[i]!) : { ...plain[i]!, bold: cell.bold ?? bold, color: cell.color };
      const text = typeof cell === 'string' ? cell : cell.text;
      if (cols[i]!.whole) {
        const full = p.width(text, style.size, style.bold);
        if (full > boxWidth(i)) style = { ...style, size: Math.floor((style.size * boxWidth(i) * 10) / full) / 10 };
      }
      if (lines && i === opts.wrap) {
        lines.forEach((l, n) => p.text(l, x, top + 9 + n * LINE_H, style));
        continue;
      }
      const w = p.text(text, x, top + 9, style);
      const after = typeof cell === 'string' ? undefined : cell.after;
      const room = boxWidth(i) - w - 4;
      if (after && room > 0 && p.width(after, SIZE) <= room) p.text(after, x + w + 4, top + 9, { size: SIZE, color: MUTED });
    }
  };
  r.ensure(HEADER_H + ROW_H);
  header();
  let n = 0;
  for (const row of rows) {
    const wrapCell = opts.wrap === undefined ? undefined : row[opts.wrap];
    const lines = wrapCell === undefined ? null : wrapText(p, typeof wrapCell === 'string' ? wrapCell : wrapCell.text, boxWidth(opts.wrap!));
    const h = lines && lines.length > 1 ? lines.length * LINE_H + 2.5 : ROW_H;
    if (r.ensure(h)) header();
    if (n++ % 2 === 1) p.rect(MARGIN, r.y, CONTENT_W, h, ZEBRA);
    cells(row, r.y, false, lines);
    r.y += h;
  }
  if (opts.foot) {
    if (r.ensure(ROW_H + 2)) header();
    p.hline(MARGIN, PAGE_W - MARGIN, r.y, INK, 0.75);
    cells(opts.foot, r.y + 1, true, null);
    r.y += ROW_H + 1;
  }
  r.y += 6;
}

function wrapText(p: Painter, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (!line || p.width(next, SIZE) <= width) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  return line ? [...lines, line] : lines;
}

// -------------------------------------------------------------------------------------- content

const inr = (paise: number) => formatINR(paise as Paise);
const modeLabel = modeBilingual;
const NONE = 'None / कोई नहीं';
/** Free text (names, banks, reasons) on one line: a tab or newline would draw as a missing glyph. */
const clean = (text: string) => (/[\t\n\r\f\v\u00a0]|\s\s/.test(text) ? text.replace(/\s+/g, ' ').trim() : text);
const COUNT: Column = { en: 'Receipts', hi: 'रसीदें', width: 60, align: 'right' };
const AMOUNT: Column = { en: 'Amount', hi: 'राशि', width: 86, align: 'right' };
const RECEIPT: Column = { en: 'Receipt no.', hi: 'रसीद सं.', width: 100 };
const ACCOUNT: Column = { en: 'Account', hi: 'खाता सं.', width: 54, whole: true };
/** Room for 20 digits, the longest account number (shared/contract.ts AccountNo), at the body size. */
const ACCOUNT_MAX = 98;

/**
 * The account column, as wide as the longest account number it shows: an account number is never
 * cut short. Its widest is measured, so a report of 10-digit accounts keeps the narrow column and
 * gives the rest to the names; past 20 digits' room (20 wide letters) the number is drawn smaller.
 */
function accountColumn(p: Painter, accounts: Iterable<string>): Column {
  let widest = 0;
  for (const a of new Set(accounts)) widest = Math.max(widest, p.width(a, SIZE));
  return { ...ACCOUNT, width: Math.min(ACCOUNT_MAX, Math.max(ACCOUNT.width, Math.ceil(widest + 2 * PAD))) };
}

function titleBlock(r: Report, s: DaySummary, generatedAt: Date): void {
  const { p } = r;
  p.text('दैनिक संग्रह सारांश / Daily collection summary', MARGIN, 52, { size: 17, bold: true });
  const single = s.from === s.to;
  const facts: [string, string][] = [
    ['उपकेंद्र / काउंटर  Substation / counter', `${s.substation} / ${s.counter}`],
    ['टर्मिनल  Terminal', s.terminalId],
    [single ? 'तिथि  Date' : 'अवधि  Period', single ? dmy(s.from) : `${dmy(s.from)} to ${dmy(s.to)}`],
    ['बनाया गया  Generated at', `${istDateTime(generatedAt)} IST`],
  ];
  let y = 76;
  for (const [label, value] of facts) {
    p.text(label, MARGIN, y, { size: 9, color: MUTED });
    p.text(value, MARGIN + 170, y, { size: 9.5, bold: true });
    y += 15;
  }
  // The day's total, boxed at the right of the facts.
  const boxW = 190;
  const boxX = PAGE_W - MARGIN - boxW;
  p.rect(boxX, 64, boxW, 58, HEADER_FILL);
  p.text('कुल संग्रह / Total collected', boxX + 10, 80, { size: 8.5, color: MUTED });
  p.text(inr(s.totals.totalPaise), boxX + 10, 102, { size: 17, bold: true, width: boxW - 20 });
  p.text(`${s.totals.count} receipts / रसीदें`, boxX + 10, 116, { size: 8, color: MUTED });
  r.y = y;
  p.hline(MARGIN, PAGE_W - MARGIN, r.y, INK, 0.75);
  r.y += 4;
}

function summarySections(r: Report, s: DaySummary): void {
  const single = s.from === s.to;
  r.heading('भुगतान माध्यम अनुसार', 'By mode');
  table(
    r,
    [{ en: 'Mode', hi: 'माध्यम', width: 0 }, COUNT, AMOUNT],
    s.byMode.map((m) => [modeLabel(m.mode), String(m.count), inr(m.totalPaise)]),
    { foot: ['Total collected / कुल संग्रह', String(s.totals.count), inr(s.totals.totalPaise)] },
  );
  if (s.voids.count) r.note(`Not included: ${s.voids.count} cancelled receipt(s) of ${inr(s.voids.totalPaise)} / रद्द रसीदें शामिल नहीं`);

  r.heading('कैशियर अनुसार', 'By cashier');
  if (!s.byCashier.length) r.note(NONE);
  else table(r, [{ en: 'Cashier', hi: 'कैशियर', width: 0 }, COUNT, AMOUNT], s.byCashier.map((c) => [clean(c.cashier), String(c.count), inr(c.totalPaise)]));

  if (!single) {
    r.heading('तिथि अनुसार', 'By date');
    table(r, [{ en: 'Date', hi: 'तिथि', width: 0 }, COUNT, AMOUNT], s.byDate.map((d) => [dmy(d.date), String(d.count), inr(d.totalPaise)]));
  }

  r.heading('पालियाँ', 'Shifts');
  if (!s.shifts.length) r.note(NONE);
  else
    table(
      r,
      [
        { en: 'Shift', hi: 'पाली', width: 34 },
        { en: 'Cashier', hi: 'कैशियर', width: 0 },
        { en: 'Opened (IST)', hi: 'शुरू', width: single ? 58 : 82 },
        { en: 'Receipts', hi: 'रसीदें', width: 48, align: 'right' },
        { en: 'Float', hi: 'प्रारंभिक नकद', width: 70, align: 'right' },
        { en: 'Cash expected', hi: 'अपेक्षित नकद', width: 76, align: 'right' },
        { en: 'Counted', hi: 'गिना गया', width: 70, align: 'right' },
        { en: 'Variance', hi: 'अंतर', width: 66, align: 'right' },
      ],
      s.shifts.map((sh): Cell[] => {
        const opened = new Date(sh.openedAt);
        const head: Cell[] = [String(sh.shiftId), clean(sh.cashier), single ? istTime(opened) : istDateTime(opened), String(sh.count), inr(sh.openingFloatPaise)];
        if (sh.closedAt === null || sh.expectedPaise === null) return [...head, { text: 'open / खुली', bold: true }, '', ''];
        const v = sh.variancePaise ?? 0;
        return [...head, inr(sh.expectedPaise), sh.countedPaise === null ? '' : inr(sh.countedPaise), { text: inr(v), bold: v !== 0, color: v < 0 ? RED : undefined }];
      }),
    );

  r.heading('रद्द रसीदें', 'Cancelled receipts (voids)');
  if (!s.voids.list.length) r.note(NONE);
  else
    table(
      r,
      [
        RECEIPT,
        accountColumn(r.p, s.voids.list.map((v) => v.accountNo)),
        { ...AMOUNT, width: 66 },
        { en: 'Requested by', hi: 'अनुरोध', width: 64 },
        { en: 'Approved by', hi: 'स्वीकृति', width: 62 },
        { en: 'Reason', hi: 'कारण', width: 0 },
      ],
      s.voids.list.map((v) => [v.receiptNo, v.accountNo, inr(v.amountPaise), clean(v.requestedBy), clean(v.approvedBy), clean(v.reason)]),
      { wrap: 5, foot: [`${s.voids.count} cancelled / रद्द`, '', inr(s.voids.totalPaise), '', '', ''] },
    );

  r.heading('रसीद क्रम', 'Receipt series');
  if (!s.series.length) r.note(NONE);
  else
    table(
      r,
      [
        { en: 'Financial year', hi: 'वित्त वर्ष', width: 90 },
        { en: 'First', hi: 'पहली', width: 0 },
        { en: 'Last', hi: 'अंतिम', width: 150 },
        { en: 'Issued (incl. cancelled)', hi: 'जारी (रद्द सहित)', width: 110, align: 'right' },
      ],
      s.series.map((x) => [financialYearLabel(x.fy), x.first, x.last, String(x.count)]),
    );

  r.heading('चेक / डीडी — बैंक जमा पर्ची', 'Cheques and DDs for the deposit slip');
  if (!s.instruments.length) r.note(NONE);
  else
    table(
      r,
      [
        RECEIPT,
        { en: 'Mode', hi: 'माध्यम', width: 72 },
        { en: 'Number', hi: 'संख्या', width: 48 },
        { en: 'Bank', hi: 'बैंक', width: 0 },
        { en: 'Dated', hi: 'दिनांक', width: 52 },
        accountColumn(r.p, s.instruments.map((i) => i.accountNo)),
        { ...AMOUNT, width: 70 },
      ],
      s.instruments.map((i) => [i.receiptNo, modeLabel(i.mode), clean(i.number), clean(i.bank), dmy(i.date), i.accountNo, inr(i.amountPaise)]),
      { wrap: 3, foot: [`${s.instruments.length} to deposit / जमा हेतु`, '', '', '', '', '', inr(s.instruments.reduce((t, i) => t + i.amountPaise, 0))] },
    );

  r.heading('केंद्रीय सर्वर पर भेजा गया', 'Sync coverage');
  table(
    r,
    [
      { en: 'Payments (incl. cancelled)', hi: 'भुगतान (रद्द सहित)', width: 0, align: 'right' },
      { en: 'Held centrally', hi: 'केंद्र पर सुरक्षित', width: 130, align: 'right' },
      { en: 'Not yet sent', hi: 'अभी नहीं भेजे गए', width: 110, align: 'right' },
      { en: 'Amount not yet sent', hi: 'न भेजी गई राशि', width: 120, align: 'right' },
    ],
    [[String(s.sync.payments), String(s.sync.centrallyHeld), String(s.sync.payments - s.sync.centrallyHeld), inr(s.sync.notYetPaise)]],
  );
}

function paymentsTable(r: Report, s: DaySummary, lines: PaymentLine[]): void {
  const single = s.from === s.to;
  r.newPage();
  r.heading('भुगतान सूची', `Payments (${lines.length})`);
  if (!lines.length) return r.note(NONE);
  const cancelled: Cell = { text: 'VOID/रद्द', bold: true, color: RED };
  const UNKNOWN_CONSUMER: Cell = { text: 'not on this terminal / अज्ञात', color: MUTED };
  table(
    r,
    [
      RECEIPT,
      { en: 'Time (IST)', hi: 'समय', width: single ? 48 : 80 },
      accountColumn(r.p, lines.map((l) => l.accountNo)),
      { en: 'Consumer', hi: 'उपभोक्ता', width: 0 },
      { en: 'Mode', hi: 'माध्यम', width: 76 },
      { ...AMOUNT, width: 72 },
      { en: 'Status', hi: 'स्थिति', width: 46 },
    ],
    (function* () {
      for (const l of lines) {
        const at = new Date(l.recordedAt);
        const time = single ? istTime(at) : `${dmy(l.businessDate)} ${istTime(at)}`;
        const [hi, en] = [clean(l.nameHi), clean(l.nameEn)];
        const consumer: Cell = hi ? { text: hi, after: en } : en || UNKNOWN_CONSUMER;
        if (l.voided) yield [l.receiptNo, time, l.accountNo, consumer, modeLabel(l.mode), { text: inr(l.amountPaise), color: MUTED }, cancelled];
        else yield [l.receiptNo, time, l.accountNo, consumer, modeLabel(l.mode), inr(l.amountPaise), ''];
      }
    })(),
    { foot: ['Total / कुल', '', '', `${s.totals.count} not cancelled / रद्द नहीं`, '', inr(s.totals.totalPaise), ''] },
  );
}

/** The day summary as a bilingual (Hindi/English) A4 PDF: deterministic bytes for the same input. */
export async function writePdf(input: ReportInput): Promise<Buffer> {
  const { summary: s, lines, generatedAt } = input;
  const period = s.from === s.to ? s.from : `${s.from} to ${s.to}`;
  // The file ID pdfkit writes is a hash of this info, and nothing else in the file depends on
  // the clock or chance: the same input gives the same bytes, which the signed manifest relies on.
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    font: FONT_DIR + FONT_FILES.latin,
    info: {
      Title: `Daily collection summary ${s.substation}/${s.counter} ${period}`,
      Author: `Counterfoil terminal ${s.terminalId}`,
      Creator: 'Counterfoil',
      Producer: 'Counterfoil (PDFKit)',
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const p = new Painter(doc, new Shaper(doc));
  const r = new Report(doc, p, `दैनिक संग्रह सारांश / Daily collection summary  ${s.substation} / ${s.counter}  ${s.from === s.to ? dmy(s.from) : `${dmy(s.from)} to ${dmy(s.to)}`}`);
  r.newPage();
  titleBlock(r, s, generatedAt);
  summarySections(r, s);
  paymentsTable(r, s, lines);
  p.flush();
  const { start, count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i);
    p.hline(MARGIN, PAGE_W - MARGIN, PAGE_H - 34);
    p.text(`Counterfoil  ${s.substation} / ${s.counter}  terminal ${s.terminalId}  generated ${istDateTime(generatedAt)} IST`, MARGIN, PAGE_H - 22, { size: 7, color: MUTED });
    p.text(`Page ${i + 1} of ${count}`, MARGIN, PAGE_H - 22, { size: 7, color: MUTED, width: CONTENT_W, align: 'right' });
    p.flush();
  }
  doc.end();
  return done;
}
