// The utility's logo for the top of a receipt: scaled to fit the paper (at most 160 dots high)
// and made 1-bit here, so the printer and the preview get the same black and white picture.
import { readFileSync } from 'node:fs';
import { createCanvas, Image } from '@napi-rs/canvas';
import { CounterfoilError } from '../../shared/errors.js';

const MAX_HEIGHT = 160;

export function logoPng(file: string, widthDots: number): Buffer {
  const img = new Image();
  try {
    img.src = readFileSync(file);
  } catch (e) {
    throw new CounterfoilError('INVALID_INPUT', { detail: `the logo ${file} is not a readable PNG or JPEG (${(e as Error).message})` });
  }
  if (!img.width || !img.height) throw new CounterfoilError('INVALID_INPUT', { detail: `the logo ${file} is not a readable picture` });
  const scale = Math.min(1, widthDots / img.width, MAX_HEIGHT / img.height);
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  const pixels = ctx.getImageData(0, 0, w, h);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const grey = 0.2126 * pixels.data[i]! + 0.7152 * pixels.data[i + 1]! + 0.0722 * pixels.data[i + 2]!;
    const v = grey < 128 ? 0 : 255;
    pixels.data[i] = pixels.data[i + 1] = pixels.data[i + 2] = v;
    pixels.data[i + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
  return canvas.toBuffer('image/png');
}
