// The ESC/POS byte stream cut into commands, the way an Epson TM printer reads it.
// Reading is resumable: `readCommand` answers `undefined` when the bytes so far end inside a command,
// so the server can find job boundaries (the cut) while bytes are still arriving.

export type Align = 'left' | 'center' | 'right';
export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export type CommandOp =
  | { op: 'text'; byte: number }
  | { op: 'lf' }
  | { op: 'tab' }
  | { op: 'init' }
  | { op: 'align'; align: Align }
  | { op: 'bold'; on: boolean }
  | { op: 'underline'; dots: 0 | 1 | 2 }
  | { op: 'reverse'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'print-mode'; bold: boolean; underline: boolean; width: number; height: number }
  | { op: 'feed-lines'; lines: number }
  | { op: 'feed-dots'; dots: number }
  | { op: 'line-spacing'; dots: number | undefined }
  | { op: 'raster'; widthBytes: number; height: number; scaleX: number; scaleY: number; data: Uint8Array }
  | { op: 'qr-model'; model: number }
  | { op: 'qr-module-size'; dots: number }
  | { op: 'qr-level'; level: QrLevel }
  | { op: 'qr-store'; data: Uint8Array }
  | { op: 'qr-print' }
  | { op: 'cut'; feedDots: number }
  | { op: 'drawer-kick' }
  /** DLE EOT n: answered by the server the moment its bytes arrive, wherever they are. */
  | { op: 'status-request'; n: number }
  /** GS r n: answered in stream order. */
  | { op: 'transmit-status'; which: 'paper' | 'drawer' }
  /** Understood, changes nothing this printer draws (code page, font B, barcode settings, …). */
  | { op: 'setting'; name: string }
  /** Understood, would show on real paper, not drawn here: reported in the job summary. */
  | { op: 'not-drawn'; name: string }
  | { op: 'unknown' };

export type Command = CommandOp & { length: number };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

// The longest NUL-terminated parameter run accepted before the bytes count as garbage.
const MAX_TERMINATED_RUN = 255;

/** The command starting at `at`, or undefined when more bytes are needed to know it. */
export function readCommand(b: Uint8Array, at: number): Command | undefined {
  const r = new Reader(b, at);
  if (!r.has(1)) return undefined;
  const b0 = r.byte(0);
  if (b0 >= 0x20) return { op: 'text', byte: b0, length: 1 };
  if (b0 === 0x0a) return { op: 'lf', length: 1 };
  if (b0 === 0x09) return { op: 'tab', length: 1 };
  if (b0 === 0x0d) return r.setting(1, 'CR');
  if (b0 === 0x0c) return r.setting(1, 'FF');
  if (b0 !== ESC && b0 !== GS && b0 !== FS && b0 !== DLE) return r.unknown(1);
  if (!r.has(2)) return undefined;
  const c = String.fromCharCode(r.byte(1));
  if (b0 === DLE) return readDle(r);
  if (b0 === ESC) return readEsc(r, c);
  if (b0 === GS) return readGs(r, c);
  return readFs(r, c);
}

class Reader {
  constructor(readonly b: Uint8Array, readonly at: number) {}
  byte(i: number): number {
    return this.b[this.at + i] ?? 0;
  }
  has(n: number): boolean {
    return this.b.length - this.at >= n;
  }
  make(length: number, op: CommandOp): Command | undefined {
    return this.has(length) ? { ...op, length } : undefined;
  }
  unknown(length: number) {
    return this.make(length, { op: 'unknown' });
  }
  setting(length: number, name: string) {
    return this.make(length, { op: 'setting', name });
  }
  notDrawn(length: number, name: string) {
    return this.make(length, { op: 'not-drawn', name });
  }
  /** A one-parameter command: `f` turns the parameter into the operation. */
  param(f: (n: number) => CommandOp) {
    return this.has(3) ? this.make(3, f(this.byte(2))) : undefined;
  }
  /** A NUL-terminated run from offset `from`: its whole length, or undefined while still arriving. */
  terminated(from: number, max: number): number | undefined {
    for (let i = from; i <= from + max; i++) {
      if (!this.has(i + 1)) return undefined;
      if (this.byte(i) === 0) return i + 1;
    }
    return from + max + 1;
  }
}

function readDle(r: Reader) {
  const b1 = r.byte(1);
  if (b1 === 0x04) {
    if (!r.has(3)) return undefined;
    const n = r.byte(2);
    return n >= 1 && n <= 4 ? r.make(3, { op: 'status-request', n }) : r.unknown(2);
  }
  if (b1 === 0x05) return r.setting(3, 'DLE ENQ');
  if (b1 === 0x14) {
    if (!r.has(3)) return undefined;
    const fn = r.byte(2);
    if (fn === 1) return r.make(5, { op: 'drawer-kick' });
    if (fn === 2) return r.setting(5, 'DLE DC4 2');
    if (fn === 7) return r.setting(4, 'DLE DC4 7');
    if (fn === 8) return r.setting(10, 'DLE DC4 8');
  }
  return r.unknown(2);
}

const ALIGNS: Record<number, Align> = { 0: 'left', 1: 'center', 2: 'right', 48: 'left', 49: 'center', 50: 'right' };

function readEsc(r: Reader, c: string): Command | undefined {
  switch (c) {
    case '@': return r.make(2, { op: 'init' });
    case 'a': return r.param((n) => {
      const align = ALIGNS[n];
      return align ? { op: 'align', align } : { op: 'setting', name: 'ESC a (out of range)' };
    });
    case 'E': return r.param((n) => ({ op: 'bold', on: (n & 1) === 1 }));
    case '-': return r.param((n) => ({ op: 'underline', dots: n === 1 || n === 49 ? 1 : n === 2 || n === 50 ? 2 : 0 }));
    case '!': return r.param((n) => ({
      op: 'print-mode', bold: (n & 0x08) !== 0, underline: (n & 0x80) !== 0,
      width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1,
    }));
    case 'd': return r.param((n) => ({ op: 'feed-lines', lines: n }));
    case 'J': return r.param((n) => ({ op: 'feed-dots', dots: n }));
    case '2': return r.make(2, { op: 'line-spacing', dots: undefined });
    case '3': return r.param((n) => ({ op: 'line-spacing', dots: n }));
    // ESC p m t1 t2: five bytes, whatever a shorter encoder meant.
    case 'p': return r.make(5, { op: 'drawer-kick' });
    case 't': case 'R': case 'M': case 'G': case ' ': case 'V': case '{': case '=': case 'U':
    case '%': case 'r': case 'T': case '?': case 'e':
      return r.setting(3, `ESC ${c}`);
    case 'S': case 'L': case '<': return r.setting(2, `ESC ${c}`);
    case '$': case '\\': case 'c': return r.setting(4, `ESC ${c}`);
    case 'D': {
      const end = r.terminated(2, 32);
      return end === undefined ? undefined : r.setting(end, 'ESC D');
    }
    case '*': {
      if (!r.has(5)) return undefined;
      const m = r.byte(2);
      const columns = r.byte(3) + r.byte(4) * 256;
      const bytesPerColumn = m === 0 || m === 1 ? 1 : m === 32 || m === 33 ? 3 : 0;
      return bytesPerColumn ? r.notDrawn(5 + columns * bytesPerColumn, 'ESC * bit image') : r.unknown(2);
    }
    case '&': return readUserCharacters(r);
    default: return r.unknown(2);
  }
}

// ESC & y c1 c2 [x d1…d(y×x)]…: one definition per character from c1 to c2.
function readUserCharacters(r: Reader) {
  if (!r.has(5)) return undefined;
  const y = r.byte(2);
  const first = r.byte(3);
  const last = r.byte(4);
  if (last < first) return r.unknown(2);
  let end = 5;
  for (let ch = first; ch <= last; ch++) {
    if (!r.has(end + 1)) return undefined;
    end += 1 + y * r.byte(end);
  }
  return r.notDrawn(end, 'ESC & user-defined characters');
}

function readGs(r: Reader, c: string): Command | undefined {
  switch (c) {
    case '!': return r.param((n) => {
      const width = (n >> 4) + 1;
      const height = (n & 0x0f) + 1;
      return width <= 8 && height <= 8 ? { op: 'size', width, height } : { op: 'setting', name: 'GS ! (out of range)' };
    });
    case 'B': return r.param((n) => ({ op: 'reverse', on: (n & 1) === 1 }));
    case 'V': {
      if (!r.has(3)) return undefined;
      const m = r.byte(2);
      if (m === 0 || m === 1 || m === 48 || m === 49) return r.make(3, { op: 'cut', feedDots: 0 });
      if ([65, 66, 97, 98, 103, 104].includes(m)) return r.has(4) ? r.make(4, { op: 'cut', feedDots: r.byte(3) }) : undefined;
      return r.unknown(3);
    }
    case 'v': return readRaster(r);
    case '(': {
      if (!r.has(5)) return undefined;
      const length = 5 + r.byte(3) + r.byte(4) * 256;
      if (!r.has(length)) return undefined;
      const fn = String.fromCharCode(r.byte(2));
      if (fn === 'k') return readSymbol(r, length);
      // GS ( L fn 2/50 prints the graphics stored before it.
      if (fn === 'L' && length >= 7 && (r.byte(6) === 2 || r.byte(6) === 50)) return r.notDrawn(length, 'GS ( L graphics');
      return r.setting(length, `GS ( ${fn}`);
    }
    case '8': {
      if (!r.has(3)) return undefined;
      if (r.byte(2) !== 0x4c) return r.unknown(2);
      if (!r.has(7)) return undefined;
      const p = r.byte(3) + r.byte(4) * 0x100 + r.byte(5) * 0x10000 + r.byte(6) * 0x1000000;
      return r.notDrawn(7 + p, 'GS 8 L graphics');
    }
    case 'r': return r.param((n) => {
      if (n === 1 || n === 49) return { op: 'transmit-status', which: 'paper' };
      if (n === 2 || n === 50) return { op: 'transmit-status', which: 'drawer' };
      return { op: 'setting', name: 'GS r (not answered)' };
    });
    case 'k': {
      if (!r.has(3)) return undefined;
      const m = r.byte(2);
      if (m <= 6) {
        const end = r.terminated(3, MAX_TERMINATED_RUN);
        return end === undefined ? undefined : r.notDrawn(end, 'GS k barcode');
      }
      if (m >= 65 && m <= 79) return r.has(4) ? r.notDrawn(4 + r.byte(3), 'GS k barcode') : undefined;
      return r.unknown(3);
    }
    case 'H': case 'f': case 'h': case 'w': case 'a': case 'b': case 'E': case 'I': case 'j': case 'T': case 'g':
      return r.setting(3, `GS ${c}`);
    case 'L': case 'W': case 'P': case '$': case '\\': return r.setting(4, `GS ${c}`);
    case '^': return r.setting(5, 'GS ^');
    case ':': return r.setting(2, 'GS :');
    default: return r.unknown(2);
  }
}

// GS v 0 m xL xH yL yH d1…dk, k = (xL + xH×256) × (yL + yH×256).
function readRaster(r: Reader) {
  if (!r.has(3)) return undefined;
  if (r.byte(2) !== 0x30) return r.unknown(2);
  if (!r.has(8)) return undefined;
  const m = r.byte(3);
  if (!(m <= 3 || (m >= 48 && m <= 51))) return r.unknown(4);
  const widthBytes = r.byte(4) + r.byte(5) * 256;
  const height = r.byte(6) + r.byte(7) * 256;
  const length = 8 + widthBytes * height;
  if (!r.has(length)) return undefined;
  return r.make(length, {
    op: 'raster', widthBytes, height, scaleX: m & 1 ? 2 : 1, scaleY: m & 2 ? 2 : 1,
    data: r.b.subarray(r.at + 8, r.at + length),
  });
}

const QR_LEVELS: Record<number, QrLevel> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };

// GS ( k pL pH cn fn …: cn 49 is QR Code; the others (PDF417, MaxiCode, …) are not drawn.
function readSymbol(r: Reader, length: number) {
  if (length < 7) return r.setting(length, 'GS ( k (short)');
  const cn = r.byte(5);
  const fn = r.byte(6);
  if (cn !== 49) return fn === 81 ? r.notDrawn(length, `GS ( k symbol cn=${cn}`) : r.setting(length, `GS ( k cn=${cn}`);
  const n = r.byte(7);
  switch (fn) {
    case 65: return r.make(length, { op: 'qr-model', model: n });
    case 67: return n >= 1 && n <= 16 ? r.make(length, { op: 'qr-module-size', dots: n }) : r.setting(length, 'GS ( k QR size (out of range)');
    case 69: {
      const level = QR_LEVELS[n];
      return level ? r.make(length, { op: 'qr-level', level }) : r.setting(length, 'GS ( k QR level (out of range)');
    }
    case 80: return r.make(length, { op: 'qr-store', data: r.b.subarray(r.at + 8, r.at + length) });
    case 81: return r.make(length, { op: 'qr-print' });
    default: return r.setting(length, `GS ( k QR fn ${fn}`);
  }
}

function readFs(r: Reader, c: string) {
  switch (c) {
    case '&': case '.': return r.setting(2, `FS ${c}`);
    case '!': case '-': case 'C': case 'W': return r.setting(3, `FS ${c}`);
    case 'S': return r.setting(4, 'FS S');
    case 'p': return r.notDrawn(4, 'FS p NV bit image');
    default: return r.unknown(2);
  }
}

/** How many bytes at the start are nothing but status requests (DLE EOT, GS r). */
export function leadingStatusLength(b: Uint8Array): number {
  let at = 0;
  for (;;) {
    const cmd = readCommand(b, at);
    if (!cmd || (cmd.op !== 'status-request' && cmd.op !== 'transmit-status')) return at;
    at += cmd.length;
  }
}
