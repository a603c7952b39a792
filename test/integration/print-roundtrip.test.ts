// Round trip: record a payment → the print queue sends it to the virtual printer → decode the
// printed PNG → a real QR decoder reads the code → the signature verifies with the public key
// the terminal exports. Also for a reprint.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReceiptCode } from '../../core/ledger/receipt-codes.js';
import { publicKeyFromPem } from '../../core/ledger/signer.js';
import { runPrintQueue } from '../../core/print/queue.js';
import { configuredPrinter } from '../../core/print/settings.js';
import { VirtualPrinter } from '../../tools/virtual-printer/printer.js';
import { readQr } from '../support/png.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
let printer: VirtualPrinter;
let outDir: string;
let session: string;
let firstReceipt = '';
beforeAll(async () => {
  tt = await makeTerminal();
  outDir = tempDir('counterfoil-printed-');
  printer = await VirtualPrinter.start({ port: 0, outDir });
  session = await tt.login('asha');
  const settings = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
  await tt.call('settings.print.set', { session: await tt.login('meena'), settings: { ...settings, printer: `tcp://127.0.0.1:${printer.port}` } });
});
afterAll(async () => {
  await printer.close();
  tt.close();
  rmSync(outDir, { recursive: true, force: true });
});

async function printQueued() {
  const job = printer.next('job');
  const run = await runPrintQueue(tt.t, configuredPrinter(tt.t)!);
  return { run, job: await job };
}

describe('receipt round trip through the virtual printer', () => {
  it('prints a receipt whose QR verifies with the exported key; then a numbered duplicate', async () => {
    const paid = await tt.call('payment.record', {
      session, idempotencyKey: 'roundtrip-0001', accountNo: '2100000007', amountPaise: 251505, mode: 'cash', autoOpenShift: true,
    });
    firstReceipt = paid.receiptNo;
    const key = publicKeyFromPem((await tt.call('terminal.info', {})).publicKeyPem);

    const { run, job } = await printQueued();
    expect(run).toEqual({ printed: [paid.receiptNo], state: 'ready', pending: 0 });
    expect(job.summary).toMatchObject({ cut: true, drawerKicked: true, qrPayloads: [paid.code] });
    expect(job.summary.textLines.join('\n')).toContain(paid.receiptNo);
    const scanned = await readQr(readFileSync(job.pngPath));
    expect(scanned).toBe(paid.code);
    expect(checkReceiptCode(scanned!, key)).toMatchObject({ genuine: true, code: { receiptNo: paid.receiptNo, amountPaise: 251505 } });

    await tt.call('receipt.reprint', { session, receiptNo: paid.receiptNo });
    const again = await printQueued();
    expect(again.run.printed).toEqual([paid.receiptNo]);
    expect(again.job.summary.textLines.join('\n')).toContain('DUPLICATE 1');
    expect(again.job.summary.drawerKicked).toBe(false);
    const rescanned = await readQr(readFileSync(again.job.pngPath));
    expect(checkReceiptCode(rescanned!, key).genuine).toBe(true);
    expect((await tt.call('printer.status', {})).pending).toBe(0);
  });

  it('test-prints and reports the printer state in words', async () => {
    const job = printer.next('job');
    expect(await tt.call('printer.test', { session })).toEqual({ printed: true, state: 'ready' });
    expect((await job).summary.textLines.join('\n')).toContain('TEST PRINT');
    // While a queue run is sending, the status bar says so.
    await tt.call('receipt.reprint', { session, receiptNo: firstReceipt });
    const sent = printer.next('job');
    const running = runPrintQueue(tt.t, configuredPrinter(tt.t)!);
    expect(await tt.call('printer.status', {})).toMatchObject({ state: 'printing', text: { en: 'Printing…', hi: 'छप रहा है…' } });
    expect((await running).printed).toHaveLength(1);
    await sent;
    printer.setState('cover-open');
    expect(await tt.call('printer.status', {})).toMatchObject({ state: 'cover-open', text: { en: 'Printer cover open — close it' } });
    printer.setState('ready');
  });
});
