import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReceiptCode } from '../../core/ledger/receipt-codes.js';
import { encodeEscPos } from '../../core/print/escpos.js';
import { renderPreviewPng } from '../../core/print/preview.js';
import { DEFAULT_RECEIPT_SETTINGS, receiptLayout, type ReceiptData } from '../../core/print/receipt.js';
import { receiptDataFor } from '../../core/print/receipt-data.js';
import { shiftReportData, shiftReportLayout } from '../../core/print/shift-report.js';
import { dayReportLayout, dayReportOf } from '../../core/print/day-report.js';
import { daySummary, dateRange } from '../../core/reports/day-summary.js';
import { DEFAULT_PRINT_SETTINGS, receiptLayoutOf } from '../../core/print/settings.js';
import { upsertConsumers } from '../../core/consumers/store.js';
import { demoAccountNo, demoConsumers } from '../../shared/demo-data.js';
import { formatINR, type Paise } from '../../shared/money.js';
import { makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';
import { pixelDifference, readQr } from '../support/png.js';

let tt: TestTerminal;
let cash: { receiptNo: string; code: string; seq: number };
let upi: { receiptNo: string; code: string; seq: number };
beforeAll(async () => {
  tt = await makeTerminal();
  const session = await tt.login('asha');
  const base = { session, accountNo: '2100000007', amountPaise: 123450, autoOpenShift: true };
  cash = await tt.call('payment.record', { ...base, idempotencyKey: 'print-test-1', mode: 'cash' });
  upi = await tt.call('payment.record', { ...base, idempotencyKey: 'print-test-2', mode: 'upi', instrument: { utr: '123456789012' } });
});
afterAll(() => tt.close());

const GS_QR_STORE = Buffer.from([0x1d, 0x28, 0x6b]);
const GS_V_0 = Buffer.from([0x1d, 0x76, 0x30]);
const count = (hay: Buffer, needle: Buffer) => {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
};

describe('receipt', () => {
  it('issue 16 #6: says what the payment left on the bill (a balance still due, or an advance for the next bill), the same on every reprint', async () => {
    const own = await makeTerminal();
    const session = await own.login('asha');
    const account = demoAccountNo(5);
    const due = [...demoConsumers(50)].find((c) => c.accountNo === account)!.amountDuePaise;
    const pay = (amountPaise: number, key: string, accountNo = account) => own.call('payment.record', { session, accountNo, amountPaise, mode: 'cash', idempotencyKey: key, autoOpenShift: true });
    const part = await pay(due - 300_00, 'print-left-1');
    const over = await pay(500_00, 'print-left-2');
    const linesOf = (receiptNo: string) => receiptLayout(receiptDataFor(own.t, receiptNo), DEFAULT_RECEIPT_SETTINGS).lines;
    expect(linesOf(part.receiptNo)).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'pair', left: 'Balance still due', right: 'Rs. 300.00' }),
      expect.objectContaining({ kind: 'text', text: 'शेष बकाया: ₹300.00' }),
    ]));
    expect(linesOf(over.receiptNo)).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'pair', left: 'Due (30-11-2026)', right: 'Rs. 300.00' }),
      expect.objectContaining({ kind: 'pair', left: 'Advance to next bill', right: 'Rs. 200.00' }),
      expect.objectContaining({ kind: 'text', text: 'अग्रिम (अगले बिल में): ₹200.00' }),
    ]));
    // A new bill later does not change what the first receipt says when it is reprinted.
    upsertConsumers(own.t.db, [{ ...[...demoConsumers(50)].find((c) => c.accountNo === account)!, billNo: 'B-NEXT', amountDuePaise: 999_00 }], new Date('2026-11-26T09:00:00Z'));
    const again = receiptLayout(receiptDataFor(own.t, part.receiptNo, 1), DEFAULT_RECEIPT_SETTINGS).lines;
    expect(again).toContainEqual(expect.objectContaining({ left: 'Balance still due', right: 'Rs. 300.00' }));
    expect(again).toContainEqual(expect.objectContaining({ left: 'Due (30-11-2026)', right: `Rs. ${formatINR(due as Paise).slice(1)}` }));
    // A payment of exactly what is owed says nothing more.
    const other = [...demoConsumers(50)].find((c) => c.accountNo === demoAccountNo(6))!;
    const exact = await pay(other.amountDuePaise, 'print-left-3', other.accountNo);
    expect(linesOf(exact.receiptNo).some((l) => l.kind === 'pair' && /Balance|Advance/.test(l.left))).toBe(false);
    own.close();
  });

  it('preview carries a QR that a real decoder reads back as the signed code', async () => {
    for (const paper of [58, 80] as const) {
      const png = renderPreviewPng(receiptLayout(receiptDataFor(tt.t, cash.receiptNo), { ...DEFAULT_RECEIPT_SETTINGS, paper }));
      const text = await readQr(png);
      expect(text).toBe(cash.code);
      expect(checkReceiptCode(text!, tt.t.signer.publicKey).genuine).toBe(true);
    }
  });

  it('puts the verify URL in the QR where one is configured', async () => {
    const settings = { ...DEFAULT_RECEIPT_SETTINGS, verifyUrl: 'https://verify.example.in/v1/verify' };
    const text = await readQr(renderPreviewPng(receiptLayout(receiptDataFor(tt.t, cash.receiptNo), settings)));
    expect(text).toBe(`https://verify.example.in/v1/verify?c=${encodeURIComponent(cash.code)}`);
    expect(checkReceiptCode(text!, tt.t.signer.publicKey).genuine).toBe(true);
  });

  it('encodes to ESC/POS: text as text, Hindi as GS v 0 rasters, the code in GS ( k, cut, drawer for cash only', async () => {
    const bytes = await encodeEscPos(receiptLayout(receiptDataFor(tt.t, cash.receiptNo), DEFAULT_RECEIPT_SETTINGS));
    expect(bytes.length).toBeLessThanOrEqual(25 * 1024);
    expect(bytes.includes(Buffer.from(cash.code, 'latin1'))).toBe(true);
    expect(count(bytes, GS_QR_STORE)).toBeGreaterThanOrEqual(4);
    expect(count(bytes, GS_V_0)).toBeGreaterThanOrEqual(5);
    expect(bytes.includes(Buffer.from('Receipt No.'))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(true); // ESC p: drawer kick
    expect(bytes.includes(Buffer.from([0x1d, 0x56]))).toBe(true); // GS V: cut
    const upiBytes = await encodeEscPos(receiptLayout(receiptDataFor(tt.t, upi.receiptNo), DEFAULT_RECEIPT_SETTINGS));
    expect(upiBytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  });

  it('begins every job with ESC @, so a job cut mid-stream leaves no double height, inversion or raster mode for the next', async () => {
    const ESC_INIT = Buffer.from([0x1b, 0x40]);
    const layout = receiptLayout(receiptDataFor(tt.t, cash.receiptNo), DEFAULT_RECEIPT_SETTINGS);
    for (const job of [await encodeEscPos(layout), await encodeEscPos(layout, { qrAsRaster: true }), await encodeEscPos(dayReportOf(tt.t, '2026-11-25', 58))]) {
      expect(job.subarray(0, 2)).toEqual(ESC_INIT);
    }
  });

  it('sends the QR as a raster to printers without GS ( k', async () => {
    const layout = receiptLayout(receiptDataFor(tt.t, cash.receiptNo), DEFAULT_RECEIPT_SETTINGS);
    const bytes = await encodeEscPos(layout, { qrAsRaster: true });
    expect(count(bytes, GS_QR_STORE)).toBe(0);
    expect(bytes.includes(Buffer.from(cash.code, 'latin1'))).toBe(false);
  });

  it('marks a cancelled receipt and says it was printed offline until the centre confirms it', async () => {
    await tt.call('payment.void', { session: await tt.login('asha'), receiptNo: upi.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'test' });
    const d = receiptDataFor(tt.t, upi.receiptNo);
    expect(d).toMatchObject({ voided: { approvedBy: 'meena', reason: 'test' }, offline: true });
    // Its receipt and then its CANCELLED slip wait in the print queue.
    expect(tt.t.db.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE payment_seq = ? AND state = 'pending'").get(upi.seq)).toEqual({ n: 2 });
    const lines = receiptLayout(d, DEFAULT_RECEIPT_SETTINGS).lines;
    expect(lines).toContainEqual({ kind: 'banner', text: 'CANCELLED' });
    expect(lines.some((l) => l.kind === 'text' && l.text.includes('केंद्र से पुष्टि बाकी'))).toBe(true);
  });

  it('issue 16 #12: the CANCELLED slip prints the reason, the approving supervisor and the time (IST), in Hindi and English', async () => {
    const own = await makeTerminal({ now: '2026-11-26T05:00:00.000Z' });
    const asha = await own.login('asha');
    const paid = await own.call('payment.record', { session: asha, accountNo: demoAccountNo(3), amountPaise: 500_00, mode: 'cash', idempotencyKey: 'print-void-1', autoOpenShift: true });
    own.clock.now = new Date('2026-11-26T08:17:00.000Z'); // 13:47 IST
    await own.call('payment.void', { session: await own.login('asha'), receiptNo: paid.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account keyed' });
    // The slip the void queued, as the print queue makes it.
    const slip = receiptLayoutOf(own.t, paid.receiptNo, null, { ...DEFAULT_PRINT_SETTINGS, paper: 58 });
    const banner = slip.lines.findIndex((l) => l.kind === 'banner' && l.text === 'CANCELLED');
    expect(banner).toBeGreaterThan(0);
    expect(slip.lines.slice(banner + 1, banner + 8)).toEqual([
      { kind: 'text', text: 'रद्द', align: 'center', bold: true, lang: 'hi' },
      { kind: 'pair', left: 'Cancelled', right: '26-11-2026 13:47 IST', bold: true },
      { kind: 'text', text: 'रद्द करने का समय: 26-11-2026 13:47 IST', lang: 'hi' },
      { kind: 'pair', left: 'Approved by', right: 'meena' },
      { kind: 'text', text: 'स्वीकृति: meena', lang: 'hi' },
      { kind: 'text', text: 'Reason: wrong account keyed' },
      { kind: 'text', text: 'कारण: wrong account keyed', lang: 'hi' },
    ]);
    // On the paper: the English as printer text (one line each on 58 mm), the Hindi as rasters.
    const bytes = await encodeEscPos(slip);
    for (const text of ['Cancelled   26-11-2026 13:47 IST', 'Approved by', 'meena', 'Reason: wrong account keyed']) expect(bytes.includes(Buffer.from(text))).toBe(true);
    // An English-only receipt keeps the English lines and drops the Hindi ones.
    const en = receiptLayoutOf(own.t, paid.receiptNo, null, { ...DEFAULT_PRINT_SETTINGS, languages: 'en' }).lines;
    expect(en).toContainEqual({ kind: 'text', text: 'Reason: wrong account keyed' });
    expect(en.some((l) => l.kind === 'text' && l.text.startsWith('कारण'))).toBe(false);
    // A receipt that stands says nothing of a cancellation.
    const other = await own.call('payment.record', { session: await own.login('asha'), accountNo: demoAccountNo(4), amountPaise: 100_00, mode: 'cash', idempotencyKey: 'print-void-2', autoOpenShift: true });
    expect(receiptLayoutOf(own.t, other.receiptNo).lines.some((l) => (l.kind === 'pair' && /Cancelled|Approved/.test(l.left)) || (l.kind === 'text' && l.text.startsWith('Reason')))).toBe(false);
    own.close();
  });

  it('does not say "printed while offline" when the terminal is online, though the centre has not got the payment yet', () => {
    tt.t.db.prepare("INSERT INTO sync_state (id, upstream_url, server_key, enrolled_at, connection) VALUES (1, 'http://127.0.0.1:1', 'k', '2026-11-26T00:00:00Z', 'online')").run();
    try {
      expect(receiptDataFor(tt.t, cash.receiptNo).offline).toBe(false);
      tt.t.db.prepare("UPDATE sync_state SET connection = 'offline'").run();
      expect(receiptDataFor(tt.t, cash.receiptNo).offline).toBe(true);
      tt.t.db.prepare('UPDATE sync_state SET acked_seq = ?').run(cash.seq);
      expect(receiptDataFor(tt.t, cash.receiptNo).offline).toBe(false); // held centrally
    } finally {
      tt.t.db.prepare('DELETE FROM sync_state').run();
    }
  });
});

describe('receipt settings', () => {
  it('prints English alone when asked, and the logo at the top', async () => {
    const meena = await tt.login('meena');
    const base = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
    const english = await tt.call('settings.print.set', { session: meena, settings: { ...base, languages: 'en' } });
    const enLines = receiptLayoutOf(tt.t, cash.receiptNo, null, english).lines;
    expect(enLines.some((l) => l.kind === 'text' && /[\u0900-\u097F]/.test(l.text))).toBe(false);
    expect(enLines.some((l) => l.kind === 'text' && l.text.startsWith('Rupees One Thousand'))).toBe(true);

    // A logo: a black square on white, scaled and made 1-bit.
    const logoFile = join(tt.dir, 'logo.png');
    const canvas = createCanvas(400, 400);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 400, 400);
    ctx.fillStyle = '#000';
    ctx.fillRect(100, 100, 200, 200);
    writeFileSync(logoFile, canvas.toBuffer('image/png'));
    const withLogo = await tt.call('settings.print.set', { session: meena, settings: { ...base, logoFile } });
    const layout = receiptLayoutOf(tt.t, cash.receiptNo, null, withLogo);
    expect(layout.lines[0]!.kind).toBe('image');
    const plain = await encodeEscPos(receiptLayoutOf(tt.t, cash.receiptNo, null, base));
    expect((await encodeEscPos(layout)).length).toBeGreaterThan(plain.length + 160 * (160 / 8) - 1);
    expect(await readQr(renderPreviewPng(layout))).toBe(cash.code);

    const bad = await tt.api['settings.print.set']({ session: meena, settings: { ...base, logoFile: join(tt.dir, 'missing.png') } });
    expect(bad.ok || bad.error.code).toBe('INVALID_INPUT');
    const byCashier = await tt.api['settings.print.set']({ session: await tt.login('asha'), settings: base });
    expect(byCashier.ok || byCashier.error.code).toBe('SUPERVISOR_REQUIRED');
    await tt.call('settings.print.set', { session: meena, settings: base });
  });
});

describe('reprints', () => {
  it('journal each duplicate with its number, and the slip carries it', async () => {
    const session = await tt.login('ravi');
    const first = await tt.call('receipt.reprint', { session, receiptNo: cash.receiptNo });
    const second = await tt.call('receipt.reprint', { session, receiptNo: cash.receiptNo });
    expect([first.reprint, second.reprint]).toEqual([1, 2]);
    const ev = JSON.parse((tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(second.seq) as { body: string }).body);
    expect(ev).toMatchObject({ type: 'receipt.reprinted', data: { receiptNo: cash.receiptNo, reprint: 2, user: 'ravi' } });
    const lines = receiptLayout(receiptDataFor(tt.t, cash.receiptNo, second.reprint), DEFAULT_RECEIPT_SETTINGS).lines;
    expect(lines).toContainEqual({ kind: 'banner', text: 'DUPLICATE 2' });
    expect(receiptLayout(receiptDataFor(tt.t, cash.receiptNo, 2), DEFAULT_RECEIPT_SETTINGS).openDrawer).toBe(false);
    expect((await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).ok).toBe(true);
    const missing = await tt.api['receipt.reprint']({ session, receiptNo: 'SS042-C1-2627-999999' });
    expect(missing.ok || missing.error.code).toBe('RECEIPT_NOT_FOUND');
  });

  it('a reprint row that disagrees with its event is reported', async () => {
    const db = tt.t.db;
    db.exec('BEGIN; DROP TRIGGER reprints_no_update;');
    try {
      db.prepare('UPDATE reprints SET reprinted_by = ?').run('mallory');
      const report = await tt.call('journal.verify', { session: await tt.sessionOf('meena') });
      expect(report.faults.some((f) => f.kind === 'projection' && /reprinted_by/.test(f.detail))).toBe(true);
    } finally {
      db.exec('ROLLBACK');
    }
  });
});

describe('shift report', () => {
  it('is queued at shift close and adds up what the shift took, by mode, without voids', async () => {
    const session = await tt.login('asha');
    const closed = await tt.call('shift.close', { session, count: { notes: { '500': 4 }, coinsPaise: 0 } });
    const job = tt.t.db.prepare("SELECT kind, shift_id FROM print_jobs WHERE kind = 'shift-report'").get();
    expect(job).toEqual({ kind: 'shift-report', shift_id: closed.shiftId });
    const lines = shiftReportLayout(shiftReportData(tt.t, closed.shiftId), 80).lines;
    const pair = (left: string) => lines.find((l) => l.kind === 'pair' && l.left === left);
    // The cash payment stands; the UPI one was voided above.
    expect(pair('Cash (1)')).toMatchObject({ right: 'Rs. 1,234.50' });
    expect(pair('TOTAL COLLECTED')).toMatchObject({ right: 'Rs. 1,234.50' });
    expect(pair('Cancelled (1)')).toMatchObject({ right: 'Rs. 1,234.50' });
    expect(pair('Cash expected')).toMatchObject({ right: 'Rs. 1,234.50' });
    // Counted ₹2,000 against ₹1,234.50 expected (the shift opened with no float).
    expect(pair('EXCESS')).toMatchObject({ right: 'Rs. 765.50', bold: true });
  });
});

describe('day (Z) report', () => {
  it('adds up the business day by mode and cashier, without voids, and lists each shift', () => {
    const d = daySummary(tt.t, dateRange('2026-11-26'));
    expect(d.byMode).toEqual([{ mode: 'cash', count: 1, totalPaise: 123450 }]);
    expect(d.byCashier).toEqual([{ cashier: 'asha', count: 1, totalPaise: 123450 }]);
    expect(d.voids).toMatchObject({ count: 1, totalPaise: 123450 });
    expect(d.shifts).toEqual([expect.objectContaining({ shiftId: 1, cashier: 'asha', expectedPaise: 123450, countedPaise: 200000 })]);
    const lines = dayReportLayout(d, new Date('2026-11-26T14:00:00Z'), 58).lines;
    expect(lines).toContainEqual({ kind: 'pair', left: 'TOTAL COLLECTED (1)', right: 'Rs. 1,234.50', bold: true });
    expect(lines).toContainEqual({ kind: 'pair', left: 'Printed', right: '26-11-2026 19:30 IST' });
    expect(dayReportOf(tt.t, '2026-11-25', 58).lines).toContainEqual({ kind: 'pair', left: 'Receipts', right: 'none' });
    expect(() => dayReportOf(tt.t, '26-11-2026', 58)).toThrow(/YYYY-MM-DD/);
  });
});

// A fixed receipt with the conjuncts and matras that break when shaping breaks (कि, द्यु, र्ज).
const golden: ReceiptData = {
  receiptNo: 'SS042-C1-2627-000123', substation: 'SS042', counter: 'C1', recordedAt: new Date('2026-11-26T06:00:00Z'),
  accountNo: '2100000007', consumer: { name: 'Ramesh Sharma', nameHi: 'रमेश शर्मा', billNo: 'B26110000002', dueDate: '2026-11-30', amountDuePaise: 163800 },
  amountPaise: 12345650, owedBeforePaise: null, mode: 'cheque', instrument: { number: '123456', bank: 'SBI', date: '2026-11-20' }, cashier: 'asha',
  code: `CF1|T0A1B2C3D4E5F|42|SS042-C1-2627-000123|2100000007|12345650|cheque|1795680000|24fa73e2426a7da9|${'A'.repeat(86)}`,
  hash16: '24fa73e2426a7da9', voided: null, reprint: 2, offline: true,
};
const goldenFile = fileURLToPath(new URL('../fixtures/receipt-80mm-hindi-english.png', import.meta.url));

describe('golden receipt image', () => {
  it('still shapes Hindi as it did (pixel difference under 0.5%)', async () => {
    const settings = { ...DEFAULT_RECEIPT_SETTINGS, headerLines: ['विद्युत उपकेंद्र, ऊर्जा भवन, किदवई नगर'] };
    const png = renderPreviewPng(receiptLayout(golden, settings));
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) {
      if (process.env.CI) throw new Error(`golden image missing: run UPDATE_GOLDEN=1 npx vitest run ${goldenFile} and look at it`);
      writeFileSync(goldenFile, png);
    }
    expect(await pixelDifference(png, readFileSync(goldenFile))).toBeLessThan(0.005);
    // And the comparison can fail: the same receipt without its conjuncts shaped differs.
    const broken = renderPreviewPng(receiptLayout({ ...golden, consumer: { ...golden.consumer!, nameHi: 'रमेश शरमा' } }, settings));
    expect(await pixelDifference(broken, readFileSync(goldenFile))).toBeGreaterThan(0.0002);
  });
});
