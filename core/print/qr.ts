// QR modules from the qrcode library, drawn by us: the same matrix for the preview and for
// printers that cannot print GS ( k and get the QR as a raster instead.
import QRCode from 'qrcode';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/** Module size in dots, matching the cell size sent in GS ( k for the paper width. */
export const qrModuleDots = (widthDots: number) => (widthDots >= 576 ? 5 : 4);

export function qrSizeDots(data: string, widthDots: number): number {
  return (QRCode.create(data, { errorCorrectionLevel: 'M' }).modules.size + 8) * qrModuleDots(widthDots);
}

/** Draws the QR (with its 4-module quiet zone) centred, top at `top`; returns its height. */
export function drawQr(ctx: SKRSContext2D, data: string, top: number, widthDots: number): number {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const m = qrModuleDots(widthDots);
  const size = (modules.size + 8) * m;
  const left = Math.floor((widthDots - size) / 2);
  ctx.fillStyle = '#fff';
  ctx.fillRect(left, top, size, size);
  ctx.fillStyle = '#000';
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (modules.get(x, y)) ctx.fillRect(left + (x + 4) * m, top + (y + 4) * m, m, m);
    }
  }
  return size;
}

export async function qrPng(data: string, widthDots: number): Promise<Buffer> {
  const size = qrSizeDots(data, widthDots);
  const canvas = createCanvas(widthDots, size);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, widthDots, size);
  drawQr(ctx, data, 0, widthDots);
  return canvas.toBuffer('image/png');
}
