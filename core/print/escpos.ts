// Layout → ESC/POS bytes (Epson command set) through node-thermal-printer, which owns the
// command encoding: text, alignment, emphasis, the QR code as GS ( k, raster images as GS v 0,
// cut and drawer kick. What it lacks is text shaping, so non-ASCII lines arrive as shaped PNGs.
import { createRequire } from 'node:module';
import type { ThermalPrinter as Printer } from 'node-thermal-printer';
import { isPrinterText, PAPER_COLUMNS, PAPER_DOTS, pairLine, wrapColumns, type LayoutLine, type ReceiptLayout } from './layout.js';
import { qrPng } from './qr.js';
import { shapedLinePng, wrapShaped } from './raster.js';

// node-thermal-printer is CommonJS with a default-less export shape; createRequire keeps its types honest.
const { ThermalPrinter, PrinterTypes, CharacterSet } = createRequire(import.meta.url)(
  'node-thermal-printer',
) as typeof import('node-thermal-printer');

const ESC_INIT = Buffer.from([0x1b, 0x40]);

export interface EscPosOptions {
  /** The printer cannot print GS ( k QR codes: send the QR as a raster image instead. */
  qrAsRaster?: boolean;
}

async function encodeLine(p: Printer, line: LayoutLine, layout: ReceiptLayout, opts: EscPosOptions): Promise<void> {
  const columns = PAPER_COLUMNS[layout.paper];
  const dots = PAPER_DOTS[layout.paper];
  switch (line.kind) {
    case 'text': {
      const align = line.align ?? 'left';
      p[align === 'center' ? 'alignCenter' : align === 'right' ? 'alignRight' : 'alignLeft']();
      if (isPrinterText(line.text)) {
        p.bold(Boolean(line.bold));
        if (line.large) p.setTextDoubleHeight();
        for (const l of wrapColumns(line.text, columns)) p.println(l);
        if (line.large) p.setTextNormal();
        p.bold(false);
        p.alignLeft();
      } else {
        for (const l of wrapShaped(line.text, dots, line)) await p.printImageBuffer(shapedLinePng(l, dots, line));
        p.alignLeft();
      }
      return;
    }
    case 'pair':
      if (isPrinterText(line.left) && isPrinterText(line.right)) {
        p.bold(Boolean(line.bold));
        for (const l of pairLine(line.left, line.right, columns)) p.println(l);
        p.bold(false);
      } else {
        await encodeLine(p, { kind: 'text', text: `${line.left} ${line.right}`, bold: line.bold ?? false }, layout, opts);
      }
      return;
    case 'rule':
      p.println('-'.repeat(columns));
      return;
    case 'banner':
      p.alignCenter();
      p.invert(true);
      p.bold(true);
      p.setTextDoubleHeight();
      p.println(` ${line.text} `.padStart(Math.floor((columns + line.text.length + 2) / 2)).padEnd(columns));
      p.setTextNormal();
      p.bold(false);
      p.invert(false);
      p.alignLeft();
      return;
    case 'qr':
      p.alignCenter();
      if (opts.qrAsRaster) await p.printImageBuffer(await qrPng(line.data, dots));
      else p.printQR(line.data, { cellSize: layout.paper === 80 ? 5 : 4, correction: 'M', model: 2 });
      p.alignLeft();
      return;
    case 'feed':
      for (let i = 0; i < line.lines; i++) p.newLine();
      return;
    case 'image':
      p.alignCenter();
      await p.printImageBuffer(line.png);
      p.alignLeft();
      return;
  }
}

export async function encodeEscPos(layout: ReceiptLayout, opts: EscPosOptions = {}): Promise<Buffer> {
  // No interface: the library only builds the bytes; our own transports send them.
  const p = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width: PAPER_COLUMNS[layout.paper],
    characterSet: CharacterSet.PC437_USA,
  } as ConstructorParameters<typeof ThermalPrinter>[0]);
  p.clear();
  for (const line of layout.lines) await encodeLine(p, line, layout, opts);
  // ESC p m t1 t2: pin 2, 50 ms on, 500 ms off. Not openCashDrawer(): node-thermal-printer 4.6.1
  // sends it with 3 bytes, so a printer takes the next two bytes of the job as pulse times.
  if (layout.openDrawer) p.add(Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]));
  if (layout.cut) p.cut();
  // ESC @ first: a job cut short mid-stream (a pulled cable, a dropped connection) may leave the
  // printer in double height, inverted or half-way through a raster image; the next job resets it.
  return Buffer.concat([ESC_INIT, p.getBuffer()]);
}
