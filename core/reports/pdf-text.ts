// The PDF text engine of the reports: script runs, shaping through pdfkit's embedded fonts with a
// cache, and a painter that writes raw text and path operators (core/reports/pdf.ts lays out pages).
//
// Text is not drawn with pdfkit's doc.text(): for a month of payments (~400,000 cells) that took
// ~20 s, ~10 µs of overhead a cell plus a full OpenType shaping pass (fontkit) for every new
// string, and IDs and amounts are all new. Instead each string is split into script runs (pdfkit
// has no font fallback), each word or run is shaped once by pdfkit's embedded font and cached, and
// the glyphs are written as raw text operators. IDs, amounts, dates and times are set glyph by
// glyph from a per-character cache (no kerning; digits have none). Fonts are loaded afresh for
// each document: the bytes then depend only on the input. Each Devanagari run is wrapped in an
// /ActualText span inside its BT…ET, so copy and pdftotext give the logical order (ि before its
// consonant, reph before its syllable) rather than the visual glyph order; poppler honours
// ActualText only when the span and its glyphs share one graphics state, hence inside BT.
import { fileURLToPath } from 'node:url';
import type PDFDocument from 'pdfkit';

// ---------------------------------------------------------------------------------- script runs

const DEVANAGARI_CHAR = /[\u0900-\u097F\u200C\u200D]/;
/** Whitespace and punctuation both fonts have ($ & @ ` are missing from Noto Sans Devanagari). */
const NEUTRAL_CHAR = /[\s!"#%'()*+,\-./:;<=>?[\\\]^_{|}~–—…‘’“”]/;

export interface ScriptRun {
  text: string;
  devanagari: boolean;
}

/**
 * Splits text into runs of Devanagari (U+0900–U+097F and the ZWNJ/ZWJ joiners) and of everything
 * else, each to be drawn in its own font. Spaces and punctuation join the run they follow (or, at
 * the start, the run they precede); text of punctuation alone is one non-Devanagari run.
 */
export function scriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let lead = '';
  for (const ch of text) {
    const last = runs[runs.length - 1];
    if (NEUTRAL_CHAR.test(ch)) {
      if (last) last.text += ch;
      else lead += ch;
      continue;
    }
    const devanagari = DEVANAGARI_CHAR.test(ch);
    if (last && last.devanagari === devanagari) last.text += ch;
    else {
      runs.push({ text: lead + ch, devanagari });
      lead = '';
    }
  }
  if (lead) runs.push({ text: lead, devanagari: false });
  return runs;
}

// ------------------------------------------------------------------------------ fonts and glyphs

export const FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
export const FONT_FILES = {
  latin: 'NotoSans-Regular.ttf',
  latinBold: 'NotoSans-Bold.ttf',
  deva: 'NotoSansDevanagari-Regular.ttf',
  devaBold: 'NotoSansDevanagari-Bold.ttf',
} as const;
type FaceName = keyof typeof FONT_FILES;

/** The part of pdfkit 0.20's EmbeddedFont used here (it is not in pdfkit's public types). */
interface EmbeddedFont {
  id: string;
  ref(): unknown;
  /** Shapes text: glyph ids as 4-digit hex (added to the subset) and positions in 1/1000 em. */
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}

/**
 * A shaped run, drawn at the pen: each segment is a TJ array's content starting at (pen + dx, dy),
 * in 1/1000 em. Glyph ids are raw bytes in literal strings: half the size of hex, which matters at
 * ~30 MB of page content (before compression) for a month of payments.
 */
interface Run {
  font: EmbeddedFont;
  segments: { dx: number; dy: number; tj: string }[];
  advance: number;
  /** The /ActualText of a Devanagari run (a UTF-16BE literal string), null for other scripts. */
  actual: string | null;
}

interface Face {
  font: EmbeddedFont;
  runs: Map<string, Run>;
  /** Per character code: its glyph's bytes and advance, for text set glyph by glyph. */
  chars: Map<number, { bytes: string; advance: number }>;
}

/** IDs, amounts, dates and times: set glyph by glyph, which needs no shaping. */
const GLYPH_BY_GLYPH = /^[0-9A-Z₹.,:\-/ ]+$/;
const HAS_DEVANAGARI = /[\u0900-\u097F\u200C\u200D]/;

const round2 = (v: number) => Math.round(v * 100) / 100;
const num = (v: number) => String(round2(v));
const GRAPHEMES = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/** Bytes (chars 0–255) for a PDF literal string: parentheses and backslash escaped, and CR, which a reader would read as LF. */
function literalBytes(bytes: string): string {
  return bytes.replace(/[()\\\r]/g, (c) => (c === '\r' ? '\\r' : `\\${c}`));
}

/** pdfkit's 4-hex-digit glyph ids as two raw bytes each, escaped. */
const glyphBytes = (hex: string[]) => literalBytes(hex.map((h) => String.fromCharCode(parseInt(h.slice(0, 2), 16), parseInt(h.slice(2), 16))).join(''));

function actualText(text: string): string {
  let bytes = '\xFE\xFF';
  for (let i = 0; i < text.length; i++) bytes += String.fromCharCode(text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff);
  return `(${literalBytes(bytes)})`;
}

/**
 * pdfkit's own glyph placement as text operators: kerning and a mark's sideways shift become TJ
 * adjustments; a glyph raised or lowered starts a segment of its own.
 */
function shapeRun(font: EmbeddedFont, text: string, devanagari: boolean): Run {
  const [hex, pos] = font.encode(text);
  const segments: Run['segments'] = [];
  let pen = 0;
  let start = 0;
  let parts: string[] = [];
  let glyphs: string[] = [];
  const take = () => {
    if (glyphs.length) parts.push(`(${glyphBytes(glyphs)})`);
    glyphs = [];
  };
  const flush = () => {
    take();
    if (parts.length) segments.push({ dx: start, dy: 0, tj: parts.join(' ') });
    parts = [];
  };
  for (let i = 0; i < hex.length; i++) {
    const p = pos[i]!;
    if (p.yOffset) {
      flush();
      segments.push({ dx: pen + p.xOffset, dy: p.yOffset, tj: `(${glyphBytes([hex[i]!])})` });
      pen += p.xAdvance;
      continue;
    }
    if (!glyphs.length && !parts.length) start = pen;
    if (p.xOffset) {
      take();
      parts.push(num(-p.xOffset));
    }
    glyphs.push(hex[i]!);
    const after = p.xAdvance - p.advanceWidth - p.xOffset;
    if (after) {
      take();
      parts.push(num(-after));
    }
    pen += p.xAdvance;
  }
  flush();
  return { font, segments, advance: pen, actual: devanagari ? actualText(text) : null };
}

function advanceOf(runs: Run[], size: number): number {
  let units = 0;
  for (const r of runs) units += r.advance;
  return (units * size) / 1000;
}

export class Shaper {
  private readonly faces: Record<FaceName, Face>;
  private readonly strings = new Map<string, Run[]>();

  constructor(doc: PDFKit.PDFDocument) {
    const load = (name: FaceName): Face => {
      doc.font(FONT_DIR + FONT_FILES[name]);
      return { font: (doc as unknown as { _font: EmbeddedFont })._font, runs: new Map(), chars: new Map() };
    };
    this.faces = { latin: load('latin'), latinBold: load('latinBold'), deva: load('deva'), devaBold: load('devaBold') };
  }

  get fonts(): EmbeddedFont[] {
    return Object.values(this.faces).map((f) => f.font);
  }

  shape(text: string, bold: boolean): Run[] {
    if (!HAS_DEVANAGARI.test(text)) return [this.run(bold ? 'latinBold' : 'latin', text, false)];
    const key = `${bold ? 'b' : 'r'}${text}`;
    let runs = this.strings.get(key);
    if (!runs) {
      runs = scriptRuns(text).map((r) => this.run(r.devanagari ? (bold ? 'devaBold' : 'deva') : bold ? 'latinBold' : 'latin', r.text, r.devanagari));
      this.strings.set(key, runs);
    }
    return runs;
  }

  width(text: string, size: number, bold: boolean): number {
    return advanceOf(this.shape(text, bold), size);
  }

  private run(name: FaceName, text: string, devanagari: boolean): Run {
    const face = this.faces[name];
    if (!devanagari) {
      if (GLYPH_BY_GLYPH.test(text)) return this.glyphByGlyph(face, text);
      if (text.includes(' ')) {
        let run = face.runs.get(text);
        if (!run) face.runs.set(text, (run = this.wordByWord(face, text) ?? shapeRun(face.font, text, false)));
        return run;
      }
    }
    return this.shaped(face, text, devanagari);
  }

  private shaped(face: Face, text: string, devanagari: boolean): Run {
    let run = face.runs.get(text);
    if (!run) face.runs.set(text, (run = shapeRun(face.font, text, devanagari)));
    return run;
  }

  /**
   * Latin text from its words, each shaped once whatever string it comes in ("Page 12 of 1070"):
   * pdfkit shapes word by word itself, so this is the same output. Null if a word has a raised
   * or lowered glyph (it needs segments of its own).
   */
  private wordByWord(face: Face, text: string): Run | null {
    const tj: string[] = [];
    let advance = 0;
    const words = text.split(' ');
    for (let i = 0; i < words.length; i++) {
      const word = i < words.length - 1 ? `${words[i]} ` : words[i]!;
      if (!word) continue;
      const w = GLYPH_BY_GLYPH.test(word) ? this.glyphByGlyph(face, word) : this.shaped(face, word, false);
      const [seg, more] = w.segments;
      if (!seg || more || seg.dx || seg.dy) return null;
      tj.push(seg.tj);
      advance += w.advance;
    }
    return { font: face.font, segments: [{ dx: 0, dy: 0, tj: tj.join(' ') }], advance, actual: null };
  }

  private glyphByGlyph(face: Face, text: string): Run {
    let bytes = '';
    let advance = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let g = face.chars.get(code);
      if (!g) {
        const [h, p] = face.font.encode(text[i]!);
        face.chars.set(code, (g = { bytes: glyphBytes(h), advance: p.reduce((s, x) => s + x.xAdvance, 0) }));
      }
      bytes += g.bytes;
      advance += g.advance;
    }
    return { font: face.font, segments: [{ dx: 0, dy: 0, tj: `(${bytes})` }], advance, actual: null };
  }
}

// ------------------------------------------------------------------------------------- painting

export const PAGE_W = 595.28;
export const PAGE_H = 841.89;

/** Colours as fill operators (grey where it will do: it is the shorter operator, drawn ~400,000 times). */
export const INK = '0.1 g';
export const MUTED = '0.42 g';
export const RED = '0.72 0.1 0.1 rg';
const RULE = '0.76 g';
export const HEADER_FILL = '0.91 0.93 0.96 rg';
export const ZEBRA = '0.965 g';
const strokeOf = (fill: string) => (fill.endsWith(' rg') ? `${fill.slice(0, -2)}RG` : `${fill.slice(0, -1)}G`);

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'right';
  /** The box the text is aligned in (and clipped to, with an ellipsis). */
  width?: number;
}

/**
 * Writes content operators for the current page. pdfkit's pages are flipped (origin top left,
 * y down): fills and rules are drawn in that space, all under the text, which follows in one
 * q…Q/BT…ET that unflips it.
 */
export class Painter {
  private under: string[] = [];
  private ops: string[] = [];
  private font: EmbeddedFont | null = null;
  private size = 0;
  private color = '';
  /** Where the text line matrix stands (unflipped), for relative Td moves. */
  private tx = 0;
  private ty = 0;
  private readonly fitted = new Map<string, string>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    readonly shaper: Shaper,
  ) {}

  width(text: string, size: number, bold = false): number {
    return this.shaper.width(text, size, bold);
  }

  /** Draws text with its baseline at `baseline`, from the top of the page; returns its width. */
  text(text: string, x: number, baseline: number, s: TextStyle): number {
    if (!text) return 0;
    const bold = s.bold ?? false;
    let runs = this.shaper.shape(text, bold);
    let w = advanceOf(runs, s.size);
    if (s.width !== undefined && w > s.width) {
      runs = this.shaper.shape(this.fit(text, s.width, s.size, bold), bold);
      w = advanceOf(runs, s.size);
    }
    if (s.align === 'right' && s.width !== undefined) x += s.width - w;
    if (!this.ops.length) {
      this.ops.push(`q 1 0 0 -1 0 ${num(PAGE_H)} cm BT`);
      this.font = null;
      this.color = '';
      this.tx = 0;
      this.ty = 0;
    }
    const color = s.color ?? INK;
    if (color !== this.color) this.ops.push(color);
    this.color = color;
    const scale = s.size / 1000;
    const y = PAGE_H - baseline;
    let pen = x;
    for (const run of runs) {
      if (run.font !== this.font || s.size !== this.size) this.ops.push(`/${run.font.id} ${num(s.size)} Tf`);
      this.font = run.font;
      this.size = s.size;
      if (run.actual) this.ops.push(`/Span <</ActualText ${run.actual}>> BDC`);
      for (const seg of run.segments) {
        const sx = round2(pen + seg.dx * scale);
        const sy = round2(y + seg.dy * scale);
        this.ops.push(`${num(sx - this.tx)} ${num(sy - this.ty)} Td [${seg.tj}] TJ`);
        this.tx = sx;
        this.ty = sy;
      }
      if (run.actual) this.ops.push('EMC');
      pen += run.advance * scale;
    }
    return w;
  }

  /** The longest start of `text` (whole grapheme clusters) that fits `width` with an ellipsis. */
  fit(text: string, width: number, size: number, bold: boolean): string {
    const key = `${width} ${size} ${bold} ${text}`;
    const known = this.fitted.get(key);
    if (known !== undefined) return known;
    const clusters = Array.from(GRAPHEMES.segment(text), (g) => g.segment);
    const cut = (n: number) => `${clusters.slice(0, n).join('').trimEnd()}…`;
    let lo = 0;
    let hi = clusters.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(cut(mid), size, bold) <= width) lo = mid;
      else hi = mid - 1;
    }
    this.fitted.set(key, cut(lo));
    return cut(lo);
  }

  rect(x: number, y: number, w: number, h: number, color: string): void {
    this.under.push(`${color} ${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`);
  }

  hline(x1: number, x2: number, y: number, color = RULE, width = 0.5): void {
    this.under.push(`${strokeOf(color)} ${num(width)} w ${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S`);
  }

  /** Hands what was drawn to the current page; call before the page changes. */
  flush(): void {
    const parts: string[] = [];
    if (this.under.length) parts.push('q', ...this.under, 'Q');
    if (this.ops.length) parts.push(...this.ops, 'ET Q');
    // Bytes, not a string: the glyph ids are raw bytes, and pdfkit's own string-to-bytes loop is slow.
    if (parts.length) this.doc.addContent(Buffer.from(`${parts.join('\n')}\n`, 'latin1'));
    this.under = [];
    this.ops = [];
  }
}

