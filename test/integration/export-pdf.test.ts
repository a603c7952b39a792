// The PDF export, read back by poppler: pdftotext must find every receipt, account and consumer's
// Hindi name (so the Devanagari is shaped and its text extractable, not just drawn), the void,
// the Hindi bank and the total; the table header repeats on every page; the same input gives the
// same bytes. Page 1 is rendered with pdftoppm (UPDATE_SCREENSHOTS=1 refreshes
// docs/report-page.png). Where poppler-utils is missing these skip with one line saying why —
// except in CI, where that is a failure.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daySummary, dateRange, paymentLines } from '../../core/reports/day-summary.js';
import { writePdf } from '../../core/reports/pdf.js';
import { scriptRuns } from '../../core/reports/pdf-text.js';
import type { ReportInput } from '../../core/reports/report-input.js';
import { addDays } from '../../shared/dates.js';
import { formatINR, type Paise } from '../../shared/money.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';
import { tempDir } from '../support/terminal.js';

const POPPLER = process.env.POPPLER_BIN ?? '/usr/bin';
const pdftotext = join(POPPLER, 'pdftotext');

/** Why the PDF cannot be read back here, or null when it can. */
function popplerMissing(): string | null {
  if (existsSync(pdftotext)) return null;
  const why = `pdftotext not found at ${pdftotext} (apt-get install poppler-utils)`;
  if (process.env.CI) throw new Error(`CI must read the PDF export back: ${why}`);
  return why;
}

const missing = popplerMissing();
if (missing) console.log(`export-pdf skipped: ${missing}`);

const nfc = (s: string) => s.normalize('NFC');
const GENERATED_AT = new Date('2026-11-26T13:00:00.000Z'); // 18:30 IST

describe('script runs', () => {
  it('splits Hindi from everything else, spaces and punctuation staying with the run they follow', () => {
    expect(scriptRuns('नकद Cash')).toEqual([
      { text: 'नकद ', devanagari: true },
      { text: 'Cash', devanagari: false },
    ]);
    expect(scriptRuns('VOID/रद्द')).toEqual([
      { text: 'VOID/', devanagari: false },
      { text: 'रद्द', devanagari: true },
    ]);
    expect(scriptRuns('open / खुली')).toEqual([
      { text: 'open / ', devanagari: false },
      { text: 'खुली', devanagari: true },
    ]);
  });

  it('sets digits and the rupee sign with the Latin font, and leading punctuation with the run after it', () => {
    expect(scriptRuns('गुमटी नं. 5')).toEqual([
      { text: 'गुमटी नं. ', devanagari: true },
      { text: '5', devanagari: false },
    ]);
    expect(scriptRuns('₹12,34,567.89')).toEqual([{ text: '₹12,34,567.89', devanagari: false }]);
    expect(scriptRuns('(रद्द) 3')).toEqual([
      { text: '(रद्द) ', devanagari: true },
      { text: '3', devanagari: false },
    ]);
  });

  it('keeps the joiners inside a Devanagari run, and gives nothing for empty text', () => {
    expect(scriptRuns('क्\u200Dष')).toEqual([{ text: 'क्\u200Dष', devanagari: true }]);
    expect(scriptRuns('')).toEqual([]);
    expect(scriptRuns(' / ')).toEqual([{ text: ' / ', devanagari: false }]);
  });
});

describe.skipIf(missing !== null)('the PDF export of the day summary', () => {
  const dir = tempDir('counterfoil-pdf-');
  let day: ReportDay;
  let input: ReportInput;
  let pdf: Buffer;
  let text: string;

  const write = (name: string, bytes: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const toText = (file: string) => nfc(execFileSync(pdftotext, ['-layout', file, '-'], { encoding: 'utf8' }));

  beforeAll(async () => {
    day = await terminalWithDay();
    const range = dateRange(REPORT_DAY);
    input = { summary: daySummary(day.tt.t, range), lines: paymentLines(day.tt.t, range), generatedAt: GENERATED_AT };
    pdf = await writePdf(input);
    text = toText(write('day.pdf', pdf));
  });
  afterAll(() => {
    day?.tt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is an A4 PDF dated when it was generated', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('(D:20261126130000Z)');
    expect(text).toContain('दैनिक संग्रह सारांश / Daily collection summary');
    expect(text).toContain('26-11-2026 18:30 IST');
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('reads back every receipt, account and consumer’s Hindi name', () => {
    expect(input.lines.map((l) => l.receiptNo)).toEqual(day.receipts);
    const named = input.lines.filter((l) => l.nameHi);
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const l of input.lines) {
      expect(text).toContain(l.receiptNo);
      expect(text).toContain(l.accountNo);
    }
    // The names were shaped (conjuncts, reph, ि drawn before its consonant); the text still reads
    // in logical order because each Devanagari run carries its /ActualText.
    for (const l of named) expect(text).toContain(nfc(l.nameHi));
  });

  it('shows the total, the modes in both languages, the void and the Hindi bank for the deposit slip', () => {
    expect(text).toContain(formatINR(input.summary.totals.totalPaise as Paise));
    for (const mode of ['नकद Cash', 'चेक Cheque', 'डिमांड ड्राफ्ट DD', 'UPI', 'कार्ड Card']) expect(text).toContain(mode);
    expect(text).toContain('wrong account keyed');
    expect(text).toContain('पंजाब नेशनल बैंक');
    expect(text).toContain('open / खुली');
    // Its row in the payments list (cancelled at 10:12 IST) is flagged; no other row is.
    const flagged = text.split('\n').filter((row) => row.includes('VOID/रद्द'));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toContain(day.voided);
    expect(flagged[0]).toContain('10:12');
  });

  it('issue 16 #12: prints 16- and 20-character account numbers whole in the payments, voids and deposit tables', async () => {
    const [a16, a20, wide] = ['1234567890123456', '98765432109876543210', 'MWMWMWMWMWMWMWMWMWMW'];
    const s = input.summary;
    const long: ReportInput = {
      ...input,
      summary: {
        ...s,
        voids: { ...s.voids, list: s.voids.list.map((v) => ({ ...v, accountNo: a20 })) },
        instruments: s.instruments.map((i, n) => ({ ...i, accountNo: n === 0 ? a16 : a20 })),
      },
      lines: input.lines.map((l, n) => ({ ...l, accountNo: [a16, a20, wide][n] ?? l.accountNo })),
    };
    expect(long.summary.voids.list.length).toBeGreaterThan(0);
    expect(long.summary.instruments.length).toBeGreaterThan(1);
    const read = toText(write('long-accounts.pdf', await writePdf(long)));
    expect(read).not.toMatch(/[0-9MW]…/); // no account cut short with an ellipsis (a consumer's name may be)
    const rows = read.split('\n');
    const count = (account: string) => rows.filter((row) => row.includes(account)).length;
    expect(count(a16)).toBe(2); // its payment and its deposit-slip row
    expect(count(a20)).toBe(1 + long.summary.voids.list.length + long.summary.instruments.length - 1); // its payment, the void, the other slips
    expect(count(wide)).toBe(1); // 20 wide letters: drawn smaller, still whole
  });

  it('embeds the four Noto faces it draws with', () => {
    const fonts = execFileSync(join(POPPLER, 'pdffonts'), [write('fonts.pdf', pdf)], { encoding: 'utf8' });
    for (const face of ['NotoSans-Regular', 'NotoSans-Bold', 'NotoSansDevanagari-Regular', 'NotoSansDevanagari-Bold']) {
      expect(fonts).toMatch(new RegExp(`\\+${face}\\s+CID TrueType\\s+Identity-H\\s+yes\\s+yes\\s+yes`));
    }
  });

  it('gives the same bytes for the same input, and different bytes for a different time', async () => {
    expect((await writePdf(input)).equals(pdf)).toBe(true);
    expect((await writePdf({ ...input, generatedAt: new Date(GENERATED_AT.getTime() + 60_000) })).equals(pdf)).toBe(false);
  });

  it('repeats the payments header on every page of a long list, and covers a range by date', async () => {
    const lines = Array.from({ length: 200 }, (_, k) =>
      input.lines.map((l, i) => ({ ...l, receiptNo: `SS042-C1-2627-${String(k * 7 + i + 1).padStart(6, '0')}`, businessDate: k < 100 ? REPORT_DAY : addDays(REPORT_DAY, 1) })),
    ).flat();
    const long = await writePdf({ ...input, summary: { ...input.summary, to: addDays(REPORT_DAY, 1) }, lines });
    const pages = toText(write('long.pdf', long)).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(20);
    expect(pages[0]).toContain('तिथि अनुसार / By date');
    const first = pages.findIndex((p) => p.includes('भुगतान सूची / Payments (1400)'));
    expect(first).toBeGreaterThan(0);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      if (i >= first) expect(page).toMatch(/Receipt no\.\s+Time \(IST\)\s+Account\s+Consumer\s+Mode\s+Amount\s+Status/);
    });
    expect(pages.join('\n')).toContain('27-11-2026');
    expect(pages.join('\n')).toContain(lines[lines.length - 1]!.receiptNo);
  });

  it('renders page 1 and the payments page', () => {
    const prefix = join(dir, 'page');
    execFileSync(join(POPPLER, 'pdftoppm'), ['-png', '-r', '80', '-f', '1', '-l', '2', write('render.pdf', pdf), prefix]);
    const first = `${prefix}-1.png`;
    expect(statSync(first).size).toBeGreaterThan(20_000);
    expect(statSync(`${prefix}-2.png`).size).toBeGreaterThan(10_000);
    expect(readFileSync(first).subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(first, fileURLToPath(new URL('../../docs/report-page.png', import.meta.url)));
  });
});
