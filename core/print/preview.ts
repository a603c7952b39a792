// Layout → PNG: the picture of the receipt as the printer will print it. Printer text is drawn
// in 12×24-dot cells like the printer's Font A; shaped lines and the QR use the same drawing
// as the bytes sent to the printer.
import { createCanvas, Image, type SKRSContext2D } from '@napi-rs/canvas';
import { isPrinterText, PAPER_COLUMNS, PAPER_DOTS, pairLine, wrapColumns, type Align, type LayoutLine, type ReceiptLayout } from './layout.js';
import { drawQr, qrSizeDots } from './qr.js';
import { drawShapedLine, registerReceiptFonts, shapedLineHeight, wrapShaped } from './raster.js';

const CELL_W = 12;
const CELL_H = 24;

type Op = { height: number; draw: (ctx: SKRSContext2D, top: number) => void };

function printerTextOp(text: string, dots: number, align: Align, bold: boolean, large: boolean, inverted = false): Op {
  const height = CELL_H * (large ? 2 : 1);
  return {
    height,
    draw(ctx, top) {
      const width = text.length * CELL_W;
      const left = align === 'center' ? Math.floor((dots - width) / 2) : align === 'right' ? dots - width : 0;
      if (inverted) {
        ctx.fillStyle = '#000';
        ctx.fillRect(0, top, dots, height);
      }
      ctx.fillStyle = inverted ? '#fff' : '#000';
      ctx.font = `${bold ? 'bold ' : ''}${large ? 34 : 18}px "Noto Sans"`;
      ctx.textBaseline = 'alphabetic';
      [...text].forEach((ch, i) => {
        const w = ctx.measureText(ch).width;
        ctx.save();
        ctx.translate(left + i * CELL_W + (CELL_W - Math.min(w, CELL_W)) / 2, top + height - 6);
        if (w > CELL_W) ctx.scale(CELL_W / w, 1);
        ctx.fillText(ch, 0, 0);
        ctx.restore();
      });
    },
  };
}

function lineOps(line: LayoutLine, layout: ReceiptLayout): Op[] {
  const dots = PAPER_DOTS[layout.paper];
  const columns = PAPER_COLUMNS[layout.paper];
  switch (line.kind) {
    case 'text': {
      const align = line.align ?? 'left';
      if (isPrinterText(line.text)) return wrapColumns(line.text, columns).map((l) => printerTextOp(l, dots, align, Boolean(line.bold), Boolean(line.large)));
      return wrapShaped(line.text, dots, line).map((l) => ({
        height: shapedLineHeight(line),
        draw: (ctx, top) => {
          ctx.fillStyle = '#000';
          drawShapedLine(ctx, l, top, dots, align, line);
        },
      }));
    }
    case 'pair':
      if (isPrinterText(line.left) && isPrinterText(line.right)) {
        return pairLine(line.left, line.right, columns).map((l) => printerTextOp(l, dots, 'left', Boolean(line.bold), false));
      }
      return lineOps({ kind: 'text', text: `${line.left} ${line.right}`, bold: line.bold ?? false }, layout);
    case 'rule':
      return [printerTextOp('-'.repeat(columns), dots, 'left', false, false)];
    case 'banner':
      return [printerTextOp(` ${line.text} `, dots, 'center', true, true, true)];
    case 'qr':
      return [{ height: qrSizeDots(line.data, dots), draw: (ctx, top) => void drawQr(ctx, line.data, top, dots) }];
    case 'feed':
      return [{ height: CELL_H * line.lines, draw: () => {} }];
    case 'image': {
      const img = new Image();
      img.src = line.png;
      return [{ height: img.height, draw: (ctx, top) => ctx.drawImage(img, Math.floor((dots - img.width) / 2), top) }];
    }
  }
}

export function renderPreviewPng(layout: ReceiptLayout): Buffer {
  registerReceiptFonts();
  const dots = PAPER_DOTS[layout.paper];
  const ops = layout.lines.flatMap((l) => lineOps(l, layout));
  const margin = 16;
  const height = margin * 2 + ops.reduce((h, op) => h + op.height, 0) + (layout.cut ? 12 : 0);
  const canvas = createCanvas(dots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, dots, height);
  let top = margin;
  for (const op of ops) {
    op.draw(ctx, top);
    top += op.height;
  }
  if (layout.cut) {
    ctx.fillStyle = '#000';
    for (let x = 0; x < dots; x += 12) ctx.fillRect(x, height - 6, 6, 1);
  }
  return canvas.toBuffer('image/png');
}
