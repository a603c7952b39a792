// A Page drawn the way the paper would look: one PNG pixel per printer dot, black on white.
// Characters go in fixed 12×24 cells, so any font stands in for Font A; dots (raster images and
// QR modules) are written pixel by pixel, never smoothed, so a QR reader can decode the picture.
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { CELL_HEIGHT, CELL_WIDTH, type Mark, type Page } from './decode.js';

const MONOSPACE_FAMILIES = ['DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono', 'Courier New'];
const FALLBACK_FAMILY = 'Counterfoil Receipt Sans';
const FALLBACK_FONT = fileURLToPath(new URL('../../assets/fonts/NotoSans-Regular.ttf', import.meta.url));
const FONT_PX = 20;
const BASELINE = 19;
const BOTTOM_MARGIN = 16;

let family: string | undefined;
function fontFamily(): string {
  if (family) return family;
  family = MONOSPACE_FAMILIES.find((f) => GlobalFonts.has(f));
  if (!family) {
    GlobalFonts.registerFromPath(FALLBACK_FONT, FALLBACK_FAMILY);
    family = FALLBACK_FAMILY;
  }
  return family;
}

export async function renderPng(page: Page): Promise<Buffer> {
  const height = Math.max(page.height, 0) + BOTTOM_MARGIN;
  const canvas = createCanvas(page.width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, page.width, height);
  ctx.font = `${FONT_PX}px "${fontFamily()}"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (const mark of page.marks) {
    if (mark.kind === 'glyph') drawGlyph(ctx, mark);
    else if (mark.kind === 'cut') drawCut(ctx, mark.y, page.width);
    else drawDots(ctx, mark, page.width, height);
  }
  return canvas.encode('png');
}

function drawGlyph(ctx: SKRSContext2D, g: Extract<Mark, { kind: 'glyph' }>): void {
  ctx.save();
  ctx.translate(g.x, g.y);
  ctx.scale(g.width, g.height);
  ctx.fillStyle = '#000';
  if (g.reverse) {
    ctx.fillRect(0, 0, CELL_WIDTH, CELL_HEIGHT);
    ctx.fillStyle = '#fff';
  }
  if (g.char !== ' ') {
    ctx.fillText(g.char, CELL_WIDTH / 2, BASELINE, CELL_WIDTH);
    // Emphasis as the print head does it: the same dots again, one dot to the right.
    if (g.bold) ctx.fillText(g.char, CELL_WIDTH / 2 + 1, BASELINE, CELL_WIDTH);
  }
  if (g.underline) ctx.fillRect(0, CELL_HEIGHT - g.underline, CELL_WIDTH, g.underline);
  ctx.restore();
}

function drawCut(ctx: SKRSContext2D, y: number, width: number): void {
  ctx.fillStyle = '#000';
  for (let x = 0; x < width; x += 12) ctx.fillRect(x, y + 3, 7, 2);
}

function drawDots(ctx: SKRSContext2D, m: Extract<Mark, { kind: 'dots' }>, pageWidth: number, pageHeight: number): void {
  const width = Math.min(m.columns * m.scaleX, pageWidth - m.x);
  const height = Math.min(m.rows * m.scaleY, pageHeight - m.y);
  if (width <= 0 || height <= 0) return;
  const image = ctx.getImageData(m.x, m.y, width, height);
  const px = image.data;
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / m.scaleY) * m.columns;
    for (let x = 0; x < width; x++) {
      if (!m.dots[row + Math.floor(x / m.scaleX)]) continue;
      const i = (y * width + x) * 4;
      px[i] = 0;
      px[i + 1] = 0;
      px[i + 2] = 0;
      px[i + 3] = 255;
    }
  }
  ctx.putImageData(image, m.x, m.y);
}
