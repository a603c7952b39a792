// Devanagari (and anything else a printer cannot print as text) is shaped and drawn here with
// @napi-rs/canvas, which shapes conjuncts and matras correctly; the same drawing serves the
// ESC/POS raster (GS v 0) and the preview, so both show the same glyphs.
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { Align } from './layout.js';

const FONTS_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
let fontsReady = false;

/** Noto Sans Devanagari has no Latin letters; Noto Sans beside it fills in digits and ₹. */
export const RECEIPT_FONT_FAMILY = '"Noto Sans Devanagari", "Noto Sans"';

export function registerReceiptFonts(dir: string = FONTS_DIR): void {
  if (fontsReady) return;
  for (const [file, family] of [
    ['NotoSansDevanagari-Regular.ttf', 'Noto Sans Devanagari'],
    ['NotoSansDevanagari-Bold.ttf', 'Noto Sans Devanagari'],
    ['NotoSans-Regular.ttf', 'Noto Sans'],
    ['NotoSans-Bold.ttf', 'Noto Sans'],
  ] as const) {
    if (!GlobalFonts.registerFromPath(`${dir}${file}`, family)) throw new Error(`could not load font ${dir}${file}`);
  }
  fontsReady = true;
}

export interface ShapedStyle {
  bold?: boolean;
  large?: boolean;
}

/** Font size in dots: a 24-dot printer line holds Devanagari with its matras at 22 px. */
const fontPx = (style: ShapedStyle) => (style.large ? 40 : 22);
export const shapedLineHeight = (style: ShapedStyle) => Math.round(fontPx(style) * 1.45);

function setFont(ctx: SKRSContext2D, style: ShapedStyle): void {
  ctx.font = `${style.bold ? 'bold ' : ''}${fontPx(style)}px ${RECEIPT_FONT_FAMILY}`;
}

/** Splits text into lines that fit `widthDots` when drawn in `style`. */
export function wrapShaped(text: string, widthDots: number, style: ShapedStyle): string[] {
  registerReceiptFonts();
  const ctx = createCanvas(1, 1).getContext('2d');
  setFont(ctx, style);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(candidate).width > widthDots) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws one shaped line with its top at `top`, black on the current background. */
export function drawShapedLine(ctx: SKRSContext2D, text: string, top: number, widthDots: number, align: Align, style: ShapedStyle): void {
  registerReceiptFonts();
  setFont(ctx, style);
  ctx.textBaseline = 'alphabetic';
  const width = ctx.measureText(text).width;
  const x = align === 'center' ? (widthDots - width) / 2 : align === 'right' ? widthDots - width : 0;
  ctx.fillText(text, Math.max(0, x), top + Math.round(fontPx(style) * 1.1));
}

/**
 * One shaped line as a PNG, black on white: the picture sent as GS v 0. It is only as wide as the
 * text (in whole bytes of 8 dots), and the printer places it with ESC a: a centred word costs
 * its own width, not the paper's (a third of the bytes of a full-width raster, typically).
 */
export function shapedLinePng(text: string, widthDots: number, style: ShapedStyle): Buffer {
  registerReceiptFonts();
  const measure = createCanvas(1, 1).getContext('2d');
  setFont(measure, style);
  const width = Math.min(widthDots, Math.ceil((measure.measureText(text).width + 2) / 8) * 8);
  const height = shapedLineHeight(style);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  drawShapedLine(ctx, text, 0, width, 'left', style);
  return canvas.toBuffer('image/png');
}
