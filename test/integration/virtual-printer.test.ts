// The virtual printer (tools/virtual-printer) as the terminal and the demo will meet it: ESC/POS
// over loopback TCP, real-time status in each printer state, faults on demand, and garbage survived.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import fc from 'fast-check';
import jsqr from 'jsqr';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJob } from '../../tools/virtual-printer/decode.js';
import { HOST, VirtualPrinter, type PrintedJob } from '../../tools/virtual-printer/printer.js';
import { renderPng } from '../../tools/virtual-printer/render-png.js';
import type { PrinterStateText } from '../../tools/virtual-printer/status.js';
import { tempDir } from '../support/terminal.js';

// jsqr is CommonJS: ESM gets its module.exports, which carries the function as `default` too.
const jsQR = jsqr.default;

const RECEIPT_CODE =
  'CF1|T0A1B2C3D4E5F|42|SS042-C1-2627-000123|2100000007|123450|cash|1795680000|24fa73e2426a7da9|' +
  Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)).toString('base64url');

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;
const STATUS_QUERY = [DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4, GS, 0x72, 1];

const printers: VirtualPrinter[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startPrinter(state?: PrinterStateText): Promise<VirtualPrinter> {
  const outDir = tempDir('counterfoil-printer-');
  dirs.push(outDir);
  const printer = await VirtualPrinter.start({ port: 0, outDir, state });
  printers.push(printer);
  return printer;
}

interface Exchange {
  replies: Buffer;
  error: string | undefined;
}

/** Connects, writes `bytes`, and collects what comes back until the connection closes. */
function exchange(port: number, bytes: Uint8Array, opts: { end?: boolean } = {}): Promise<Exchange> {
  return new Promise((done) => {
    const replies: Buffer[] = [];
    let error: string | undefined;
    const socket = connect({ host: HOST, port }, () => {
      socket.write(bytes);
      if (opts.end !== false) socket.end();
    });
    socket.on('data', (d) => replies.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => { error = e.code ?? e.message; });
    socket.on('close', () => done({ replies: Buffer.concat(replies), error }));
  });
}

/** Writes a status query and waits for `expected` reply bytes, like a driver polling the printer. */
function poll(port: number, bytes: number[], expected: number): Promise<number[]> {
  return new Promise((done, fail) => {
    const replies: number[] = [];
    const socket = connect({ host: HOST, port }, () => socket.write(Uint8Array.from(bytes)));
    socket.on('data', (d) => {
      replies.push(...d);
      if (replies.length >= expected) {
        socket.end();
        done(replies);
      }
    });
    socket.on('error', fail);
  });
}

function newEncoder(): ThermalPrinter {
  return new ThermalPrinter({ type: PrinterTypes.EPSON, interface: 'tcp://127.0.0.1:9', width: 48 });
}

/** "Electricity bill receipt" in Hindi, shaped by the canvas and sent as a raster image (DESIGN §7). */
async function devanagariPng(): Promise<Buffer> {
  GlobalFonts.registerFromPath(fileURLToPath(new URL('../../assets/fonts/NotoSansDevanagari-Regular.ttf', import.meta.url)), 'Noto Sans Devanagari Test');
  const canvas = createCanvas(384, 64);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 384, 64);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 384, 3);
  ctx.font = '34px "Noto Sans Devanagari Test"';
  ctx.textAlign = 'center';
  ctx.fillText('बिजली बिल रसीद', 192, 48);
  return canvas.encode('png');
}

async function receiptJob(): Promise<Buffer> {
  const p = newEncoder();
  p.alignCenter();
  p.bold(true);
  p.println('COUNTERFOIL');
  p.println('Bill payment receipt');
  p.bold(false);
  await p.printImageBuffer(await devanagariPng());
  p.alignLeft();
  p.println('Receipt SS042-C1-2627-000123');
  p.println('Amount Rs 1,234.50 (cash)');
  // The printer adds no quiet zone round a QR Code: the encoder leaves white lines itself.
  p.newLine();
  p.alignCenter();
  p.printQR(RECEIPT_CODE, { cellSize: 4, correction: 'M', model: 2 });
  p.newLine();
  p.println('Thank you');
  p.openCashDrawer();
  p.cut();
  return p.getBuffer();
}

async function readQr(pngPath: string): Promise<string | undefined> {
  const image = await loadImage(readFileSync(pngPath));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
  return jsQR(data, width, height)?.data;
}

describe('virtual printer', () => {
  it('prints a node-thermal-printer receipt: the bytes, the lines, the image, the QR Code, the cut and the drawer', async () => {
    const printer = await startPrinter();
    const sent = await receiptJob();
    const printed = printer.next('job');
    await exchange(printer.port, sent);
    const job = await printed;

    // node-thermal-printer follows every cut with ESC @: the job ends at the cut, and that
    // trailing ESC @ prints nothing, so it is no job of its own.
    expect([...sent.subarray(-2)]).toEqual([ESC, 0x40]);
    expect(readFileSync(job.binPath)).toEqual(sent.subarray(0, -2));
    expect(job.bytes).toEqual(sent.subarray(0, -2));
    expect(job.n).toBe(1);
    expect(job.summary).toMatchObject({
      textLines: ['COUNTERFOIL', 'Bill payment receipt', 'Receipt SS042-C1-2627-000123', 'Amount Rs 1,234.50 (cash)', 'Thank you'],
      rasterImages: 1,
      qrPayloads: [RECEIPT_CODE],
      cut: true,
      drawerKicked: true,
      notDrawn: [],
    });
    // node-thermal-printer's openCashDrawer() sends ESC p m without t1 t2 (3 bytes, not 5); a real
    // printer takes the next two bytes as the pulse times, and so does this one, leaving one stray byte.
    expect(job.summary.unknownBytes).toBe(1);

    expect(await readQr(job.pngPath)).toBe(RECEIPT_CODE);
    const png = await loadImage(readFileSync(job.pngPath));
    expect(png.width).toBe(576);
    expect(readdirSync(printer.outDir).sort()).toEqual(['job-1.bin', 'job-1.png']);
  });

  it('keeps hand-written bytes exactly, and draws raster bits dot for dot', async () => {
    const printer = await startPrinter();
    // No cut: the job ends when the connection closes.
    const sent = Uint8Array.from([
      ESC, 0x40, GS, 0x76, 0x30, 0, 2, 0, 2, 0, 0xf0, 0x0f, 0xaa, 0x55,
      ...Buffer.from('Caf\x82 \x9b\n', 'latin1'),
      GS, 0x21, 0x11, ...Buffer.from('BIG\n'),
      ESC, 0x64, 2,
    ]);
    const printed = printer.next('job');
    await exchange(printer.port, sent);
    const job = await printed;
    expect(readFileSync(job.binPath)).toEqual(Buffer.from(sent));
    expect(job.summary).toEqual({
      textLines: ['Café ¢', 'BIG'], rasterImages: 1, qrPayloads: [], cut: false, drawerKicked: false, unknownBytes: 0, notDrawn: [],
    });

    const image = await loadImage(readFileSync(job.pngPath));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, 16, 2);
    const dots = Array.from({ length: 32 }, (_, i) => (data[i * 4] === 0 ? 1 : 0));
    expect(dots.join('')).toBe('1111000000001111' + '1010101001010101');
  });

  it('answers DLE EOT 1–4 and GS r 1 in every state, and prints nothing while it cannot', async () => {
    const printer = await startPrinter();
    // Epson DLE EOT: bits 1 and 4 always set. n=1 bit 3 offline; n=2 bit 2 cover open, bit 5
    // stopped by paper end; n=4 bits 2,3 roll near end, bits 5,6 roll end. GS r 1: bits 0,1 near
    // end, bits 2,3 roll end.
    const expected: Record<string, number[]> = {
      ready: [0x12, 0x12, 0x12, 0x12, 0x00],
      'paper-near-end': [0x12, 0x12, 0x12, 0x1e, 0x03],
      'paper-out': [0x1a, 0x32, 0x12, 0x7e, 0x0f],
      'cover-open': [0x1a, 0x16, 0x12, 0x12, 0x00],
      offline: [0x1a, 0x12, 0x12, 0x12, 0x00],
    };
    for (const [state, bytes] of Object.entries(expected)) {
      printer.setState(state as PrinterStateText);
      expect(await poll(printer.port, STATUS_QUERY, 5), state).toEqual(bytes);
    }

    const job = Buffer.concat([Buffer.from([ESC, 0x40]), Buffer.from('while the paper is out\n'), Buffer.from([GS, 0x56, 0])]);
    printer.setState('paper-out');
    const discarded = printer.next('discarded');
    await exchange(printer.port, job);
    expect(await discarded).toEqual({ bytes: job, reason: 'printer paper-out' });
    expect(readdirSync(printer.outDir)).toEqual([]);

    // Status requests are answered at once, even mid-job. Those ahead of a job are not part of it.
    printer.setState('ready');
    const printed = printer.next('job');
    const midJob = Buffer.concat([job.subarray(0, 10), Buffer.from([DLE, EOT, 1]), job.subarray(10)]);
    const answered = await exchange(printer.port, Buffer.concat([Buffer.from([DLE, EOT, 4]), midJob]));
    expect([...answered.replies]).toEqual([0x12, 0x12]);
    const saved = await printed;
    expect(saved.bytes).toEqual(midJob);
    expect(saved.summary.textLines).toEqual(['while the paper is out']);

    // A driver that keeps one connection open: polls during paper-out, then prints once the paper is back.
    printer.setState('paper-out');
    const socket = connect({ host: HOST, port: printer.port });
    const firstReply = new Promise<number>((done) => socket.once('data', (d) => done(d[0] ?? -1)));
    socket.write(Uint8Array.from([DLE, EOT, 4]));
    expect(await firstReply).toBe(0x7e);
    printer.setState('ready');
    const printedLater = printer.next('job');
    socket.end(job);
    expect((await printedLater).bytes).toEqual(job);
  });

  it('drop-at-byte N resets the connection after N bytes of the next job and saves nothing', async () => {
    const printer = await startPrinter('drop-at-byte 50');
    const job = await receiptJob();
    const dropped = printer.next('dropped');
    // The client never closes: only the printer can end this connection.
    const result = await exchange(printer.port, job, { end: false });
    expect(result.error).toBe('ECONNRESET');
    expect((await dropped).bytes).toEqual(job.subarray(0, 50));
    expect(readdirSync(printer.outDir)).toEqual([]);

    // One-shot: the retry prints.
    expect(printer.state).toEqual({ condition: 'ready' });
    const printed = printer.next('job');
    await exchange(printer.port, job);
    expect((await printed).n).toBe(1);

    // Status requests ahead of the job are answered and are not part of its N bytes.
    printer.setState('drop-at-byte 20');
    const droppedAgain = printer.next('dropped');
    const lead = Buffer.from([DLE, EOT, 1, DLE, EOT, 4]);
    await exchange(printer.port, Buffer.concat([lead, job]), { end: false });
    expect((await droppedAgain).bytes).toEqual(job.subarray(0, 20));
    expect(readdirSync(printer.outDir).sort()).toEqual(['job-1.bin', 'job-1.png']);
  });

  it('survives garbage: 200 random byte strings never crash the decoder, and the printer keeps answering', async () => {
    const prefixes = [[ESC], [GS], [DLE], [0x1c], [GS, 0x76, 0x30], [GS, 0x28, 0x6b], [GS, 0x56], [ESC, 0x26], [GS, 0x38, 0x4c], [GS, 0x6b], [DLE, EOT], [0x0a]];
    const garbage = fc
      .array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...prefixes.map((p) => Uint8Array.from(p)))), { maxLength: 40 })
      .map((parts) => Buffer.concat(parts));

    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        const { summary, page } = decodeJob(bytes, 384);
        expect(summary.unknownBytes).toBeLessThanOrEqual(bytes.length);
        expect((await renderPng(page)).subarray(1, 4).toString()).toBe('PNG');
      }),
      { numRuns: 200 },
    );

    const printer = await startPrinter();
    for (const bytes of fc.sample(garbage, 200)) await exchange(printer.port, bytes);
    expect(await poll(printer.port, STATUS_QUERY, 5)).toEqual([0x12, 0x12, 0x12, 0x12, 0x00]);
    const printed = new Promise<PrintedJob>((done) => {
      printer.on('job', (job) => { if (job.summary.textLines.includes('still printing')) done(job); });
    });
    await exchange(printer.port, Buffer.from('\x1b@still printing\n\x1dV\x00', 'latin1'));
    expect((await printed).summary.cut).toBe(true);
  });
});
