// The receipt as a layout model: what to print, line by line, independent of how. Two encoders
// read it: ESC/POS bytes for the printer (escpos.ts) and a PNG preview (preview.ts), so the
// screen and the virtual printer show the picture the printer prints.

export type PaperWidth = 58 | 80;
export type Align = 'left' | 'center' | 'right';

/** Printable dots per line: 384 on 58 mm paper, 576 on 80 mm. */
export const PAPER_DOTS: Record<PaperWidth, number> = { 58: 384, 80: 576 };
/** Characters per line in the printer's Font A (12 dots wide). */
export const PAPER_COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

export type LayoutLine =
  /**
   * A line of text: printer text when it is plain ASCII, a shaped raster otherwise (Devanagari, ₹).
   * `lang: 'hi'` marks a Hindi line that repeats an English one: left out of English-only receipts.
   */
  | { kind: 'text'; text: string; align?: Align; bold?: boolean; large?: boolean; lang?: 'hi' }
  /** A picture already sized to the paper (the logo): black where dark. */
  | { kind: 'image'; png: Buffer }
  /** A label on the left and a value on the right of one line. */
  | { kind: 'pair'; left: string; right: string; bold?: boolean }
  | { kind: 'rule' }
  /** White text on black across the paper: DUPLICATE, CANCELLED. */
  | { kind: 'banner'; text: string }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number };

export interface ReceiptLayout {
  paper: PaperWidth;
  lines: LayoutLine[];
  cut: boolean;
  /** Kick the cash drawer open (cash payments). */
  openDrawer: boolean;
}

/** Printer text is ASCII only: thermal printers carry no Devanagari and no ₹. */
export function isPrinterText(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Word-wraps ASCII text to `columns`, breaking words longer than a line. */
export function wrapColumns(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w.length > 0; ) {
      const room = line ? columns - line.length - 1 : columns;
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (!line && w.length > columns) {
        lines.push(w.slice(0, columns));
        w = w.slice(columns);
      } else {
        lines.push(line);
        line = '';
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** "Label ...... value" in exactly `columns` characters (the value wins when both do not fit). */
export function pairLine(left: string, right: string, columns: number): string[] {
  if (left.length + 1 + right.length <= columns) return [left + ' '.repeat(columns - left.length - right.length) + right];
  return [...wrapColumns(left, columns), ...wrapColumns(right, columns).map((l) => l.padStart(columns))];
}
