// What a printer in standard mode does with one job's commands: where each character, image and
// QR Code lands on the paper (a Page of marks, drawn by render-png.ts) and what the job held
// (the JobSummary tests assert on). Pure: no canvas, no I/O, and no input makes it throw.
import { cp437Char } from './cp437.js';
import { readCommand, type Align, type Command, type QrLevel } from './commands.js';
import { qrMatrix } from './qr-symbol.js';

export interface JobSummary {
  /** Each printed line of text, trailing spaces removed; paper feeds without text are not lines. */
  textLines: string[];
  rasterImages: number;
  qrPayloads: string[];
  cut: boolean;
  drawerKicked: boolean;
  /** Bytes that are no ESC/POS command, including a command cut short by the end of the job. */
  unknownBytes: number;
  /** Commands understood but not drawn, or refused as a real printer would; the first 50. */
  notDrawn: string[];
}

export type Mark =
  | { kind: 'glyph'; x: number; y: number; char: string; width: number; height: number; bold: boolean; underline: 0 | 1 | 2; reverse: boolean }
  | { kind: 'dots'; x: number; y: number; columns: number; rows: number; scaleX: number; scaleY: number; dots: Uint8Array }
  | { kind: 'cut'; y: number };

export interface Page {
  width: number;
  height: number;
  marks: Mark[];
}

export interface DecodedJob {
  summary: JobSummary;
  page: Page;
}

// Font A and the ESC 2 line spacing of an 80 mm TM printer, in dots.
export const CELL_WIDTH = 12;
export const CELL_HEIGHT = 24;
const DEFAULT_LINE_SPACING = 30;
const DEFAULT_TAB_COLUMNS = 8;
// Past this the PNG stops growing (a skia canvas has a size limit); the summary still counts everything.
const MAX_PAGE_HEIGHT = 30_000;
const MAX_NOTES = 50;

interface Style {
  bold: boolean;
  underline: 0 | 1 | 2;
  reverse: boolean;
  width: number;
  height: number;
}

interface Glyph extends Style {
  char: string;
}

const plainStyle = (): Style => ({ bold: false, underline: 0, reverse: false, width: 1, height: 1 });

export function decodeJob(bytes: Uint8Array, paperWidth: number): DecodedJob {
  return new Interpreter(paperWidth).run(bytes);
}

class Interpreter {
  private readonly summary: JobSummary = {
    textLines: [], rasterImages: 0, qrPayloads: [], cut: false, drawerKicked: false, unknownBytes: 0, notDrawn: [],
  };
  private readonly marks: Mark[] = [];
  private y = 0;
  private align: Align = 'left';
  private style = plainStyle();
  private lineSpacing = DEFAULT_LINE_SPACING;
  private line: Glyph[] = [];
  private lineAlign: Align = 'left';
  private lineWidth = 0;
  private qr = { moduleSize: 3, level: 'L' as QrLevel, data: undefined as Uint8Array | undefined };

  constructor(private readonly paperWidth: number) {}

  run(bytes: Uint8Array): DecodedJob {
    let at = 0;
    while (at < bytes.length) {
      const cmd = readCommand(bytes, at);
      if (!cmd) {
        this.summary.unknownBytes += bytes.length - at;
        break;
      }
      this.apply(cmd);
      at += cmd.length;
    }
    // Text left without LF stays in a real printer's buffer, unprinted until the next job.
    if (this.line.length) this.note('text without a final LF (not printed)');
    if (this.y > MAX_PAGE_HEIGHT) this.note(`receipt longer than ${MAX_PAGE_HEIGHT} dots: picture cut short`);
    const height = Math.min(this.y, MAX_PAGE_HEIGHT);
    return { summary: this.summary, page: { width: this.paperWidth, height, marks: this.marks.filter((m) => m.y < height) } };
  }

  private apply(cmd: Command): void {
    switch (cmd.op) {
      case 'text': return this.addGlyph(cp437Char(cmd.byte));
      case 'tab': {
        const columns = Math.floor(this.lineWidth / CELL_WIDTH);
        const spaces = DEFAULT_TAB_COLUMNS - (columns % DEFAULT_TAB_COLUMNS);
        for (let i = 0; i < spaces; i++) this.addGlyph(' ');
        return;
      }
      case 'lf': return this.printLine(this.lineSpacing);
      case 'feed-lines': {
        // Prints the buffer, which is itself the first of the n lines.
        const printed = this.line.length > 0;
        if (printed) this.printLine(this.lineSpacing);
        this.y += Math.max(0, cmd.lines - (printed ? 1 : 0)) * this.lineSpacing;
        return;
      }
      case 'feed-dots':
        if (this.line.length) this.printLine(cmd.dots);
        else this.y += cmd.dots;
        return;
      case 'line-spacing': this.lineSpacing = cmd.dots ?? DEFAULT_LINE_SPACING; return;
      case 'init':
        if (this.line.length) this.note('ESC @ discarded unprinted text');
        this.line = [];
        this.lineWidth = 0;
        this.align = 'left';
        this.style = plainStyle();
        this.lineSpacing = DEFAULT_LINE_SPACING;
        this.qr = { moduleSize: 3, level: 'L', data: undefined };
        return;
      case 'align':
        // Epson: ESC a takes effect only at the beginning of a line.
        if (this.line.length) this.note('ESC a ignored: not at the beginning of a line');
        else this.align = cmd.align;
        return;
      case 'bold': this.style.bold = cmd.on; return;
      case 'underline': this.style.underline = cmd.dots; return;
      case 'reverse': this.style.reverse = cmd.on; return;
      case 'size': this.style.width = cmd.width; this.style.height = cmd.height; return;
      case 'print-mode':
        this.style = { ...this.style, bold: cmd.bold, underline: cmd.underline ? 1 : 0, width: cmd.width, height: cmd.height };
        return;
      case 'raster': return this.printRaster(cmd.widthBytes, cmd.height, cmd.scaleX, cmd.scaleY, cmd.data);
      case 'qr-model':
        if (cmd.model !== 50) this.note(`QR model ${cmd.model} drawn as model 2`);
        return;
      case 'qr-module-size': this.qr.moduleSize = cmd.dots; return;
      case 'qr-level': this.qr.level = cmd.level; return;
      case 'qr-store': this.qr.data = cmd.data.slice(); return;
      case 'qr-print': return this.printQr();
      case 'cut':
        if (this.line.length) {
          this.note('GS V with text in the buffer (a real printer cuts only at the beginning of a line)');
          this.printLine(this.lineSpacing);
        }
        this.y += cmd.feedDots;
        this.marks.push({ kind: 'cut', y: this.y });
        this.y += 8;
        this.summary.cut = true;
        return;
      case 'drawer-kick': this.summary.drawerKicked = true; return;
      case 'not-drawn': this.note(cmd.name); return;
      case 'unknown': this.summary.unknownBytes += cmd.length; return;
      case 'status-request': case 'transmit-status': case 'setting': return;
    }
  }

  private note(text: string): void {
    if (this.summary.notDrawn.length < MAX_NOTES) this.summary.notDrawn.push(text);
  }

  private addGlyph(char: string): void {
    const advance = CELL_WIDTH * this.style.width;
    // A full line prints by itself and the text goes on in the next one.
    if (this.line.length && this.lineWidth + advance > this.paperWidth) this.printLine(this.lineSpacing);
    if (!this.line.length) this.lineAlign = this.align;
    this.line.push({ ...this.style, char });
    this.lineWidth += advance;
  }

  private printLine(advance: number): void {
    if (!this.line.length) {
      this.y += advance;
      return;
    }
    const lineHeight = Math.max(...this.line.map((g) => g.height * CELL_HEIGHT));
    let x = this.alignedX(this.lineWidth, this.lineAlign);
    for (const g of this.line) {
      const y = this.y + lineHeight - g.height * CELL_HEIGHT;
      this.marks.push({ kind: 'glyph', x, y, char: g.char, width: g.width, height: g.height, bold: g.bold, underline: g.underline, reverse: g.reverse });
      x += g.width * CELL_WIDTH;
    }
    this.summary.textLines.push(this.line.map((g) => g.char).join('').trimEnd());
    this.y += Math.max(advance, lineHeight);
    this.line = [];
    this.lineWidth = 0;
  }

  private alignedX(width: number, align: Align): number {
    const free = Math.max(0, this.paperWidth - width);
    return align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
  }

  private printRaster(widthBytes: number, height: number, scaleX: number, scaleY: number, data: Uint8Array): void {
    // Epson: in standard mode GS v 0 is ignored when the print buffer holds data.
    if (this.line.length) return this.note('GS v 0 ignored: text in the print buffer (send LF first)');
    if (widthBytes === 0 || height === 0) return;
    const columns = widthBytes * 8;
    const dots = new Uint8Array(columns * height);
    for (let i = 0; i < dots.length; i++) dots[i] = ((data[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
    this.placeDots(columns, height, scaleX, scaleY, dots);
    this.summary.rasterImages += 1;
  }

  private printQr(): void {
    if (this.line.length) return this.note('QR print ignored: text in the print buffer (send LF first)');
    const data = this.qr.data;
    if (!data) return this.note('QR print with no stored data');
    const matrix = qrMatrix(data, this.qr.level);
    if (!matrix) return this.note('QR data too long for a QR Code');
    // Like the printer, no quiet zone is added: the encoder must leave white space around it.
    this.placeDots(matrix.size, matrix.size, this.qr.moduleSize, this.qr.moduleSize, matrix.modules);
    this.summary.qrPayloads.push(new TextDecoder().decode(data));
  }

  private placeDots(columns: number, rows: number, scaleX: number, scaleY: number, dots: Uint8Array): void {
    // What does not fit the print area is not printed.
    const x = this.alignedX(columns * scaleX, this.align);
    this.marks.push({ kind: 'dots', x, y: this.y, columns, rows, scaleX, scaleY, dots });
    this.y += rows * scaleY;
  }
}
