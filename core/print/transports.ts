// Where print bytes go:
// - tcp://HOST:9100, the raw port of network printers; the only one that answers status here.
// - file:PATH, a file or a device: USB printers on Linux are /dev/usb/lp0, serial ones
//   /dev/ttyUSB0 or /dev/ttyS0 (set the baud rate once with `stty -F /dev/ttyUSB0 38400 raw`).
//   On Windows, a USB printer installed with the Generic / Text Only driver and shared is
//   file:\\localhost\SHARE (the spooler takes the bytes as they are), a serial one file:\\.\COM3
//   (after `mode COM3 BAUD=…`). docs/operations.md §2 has the steps; none of these answer status,
//   but one that cannot be written (a device not there, no permission) is 'unreachable'.
// - cups:QUEUE, the operating system's printer on Linux: a raw job through `lp -o raw`.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, writeFileSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { CounterfoilError } from '../../shared/errors.js';
import { decodeStatus, STATUS_REQUEST, type PrinterState } from './printer-status.js';

export type PrinterTarget =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'file'; path: string }
  | { kind: 'cups'; queue: string };

export function parsePrinterTarget(s: string): PrinterTarget {
  const tcp = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(s);
  if (tcp && Number(tcp[2]) > 0 && Number(tcp[2]) < 65536) return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (s.startsWith('file:') && s.length > 5) return { kind: 'file', path: s.slice(5) };
  const cups = /^cups:([A-Za-z0-9_.-]{1,127})$/.exec(s);
  if (cups) return { kind: 'cups', queue: cups[1]! };
  throw new CounterfoilError('INVALID_INPUT', { detail: `printer must be tcp://HOST:PORT, file:PATH or cups:QUEUE, not "${s}"` });
}

export interface PrintOutcome {
  /** True only when the printer took the job and answered ready afterwards. */
  printed: boolean;
  state: PrinterState;
  detail?: string;
}

/** A TCP connection that can read the printer's status answers back. */
class PrinterConnection {
  private received = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private closedWith: string | null = null;
  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closedWith ??= 'connection closed';
      this.waiter?.();
    });
    socket.on('error', (e) => {
      this.closedWith = e.message;
    });
  }

  static open(host: string, port: number, timeoutMs: number): Promise<PrinterConnection> {
    return new Promise((resolve, reject) => {
      // No Nagle: the status request after a job must not wait for the job's delayed ACK (~40 ms).
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('no answer'));
      }, timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new PrinterConnection(socket));
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  /** Asks DLE EOT 1, 2, 4 and reads the three answers. */
  async status(timeoutMs: number): Promise<PrinterState> {
    this.received = Buffer.alloc(0);
    await this.write(STATUS_REQUEST);
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < 3) {
      if (this.closedWith) throw new Error(this.closedWith);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('the printer did not answer its status');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    const state = decodeStatus(this.received.subarray(0, 3));
    if (!state) throw new Error(`the printer answered its status with ${this.received.subarray(0, 3).toString('hex')}`);
    return state;
  }

  close(): void {
    this.socket.end();
  }
}

const printable = (s: PrinterState) => s === 'ready' || s === 'paper-low';

/** Runs `talk` on a fresh connection; a printer that cannot be reached, or stops answering, is 'unreachable'. */
async function withConnection(
  target: { host: string; port: number },
  timeoutMs: number,
  talk: (conn: PrinterConnection) => Promise<PrintOutcome>,
): Promise<PrintOutcome> {
  let conn: PrinterConnection;
  try {
    conn = await PrinterConnection.open(target.host, target.port, timeoutMs);
  } catch (e) {
    return { printed: false, state: 'unreachable', detail: (e as Error).message };
  }
  try {
    return await talk(conn);
  } catch (e) {
    return { printed: false, state: 'unreachable', detail: (e as Error).message };
  } finally {
    conn.close();
  }
}

/**
 * Sends a job only to a printer that says it is ready, then asks again: the job counts as
 * printed when the printer is back to ready after it (DLE EOT answers once the data is consumed).
 */
export async function printJob(target: PrinterTarget, bytes: Buffer, timeoutMs = 10_000): Promise<PrintOutcome> {
  if (target.kind === 'file') return writeToFile(target.path, bytes);
  if (target.kind === 'cups') return printThroughCups(target.queue, bytes, timeoutMs);
  return withConnection(target, timeoutMs, async (conn) => {
    const before = await conn.status(timeoutMs);
    if (!printable(before)) return { printed: false, state: before };
    await conn.write(bytes);
    const after = await conn.status(timeoutMs);
    return { printed: printable(after), state: after };
  });
}

/** A device (/dev/…) must be there already: opening a missing one would make a plain file in /dev (as root) and call it printed. */
const isDevice = (path: string) => path.startsWith('/dev/');

// The printer ports a `file:` printer may name without a print folder (issue 15): USB, parallel and
// serial devices on Linux (/dev/serial/by-id is udev's stable name for a serial adapter), and on
// Windows a COM or LPT port or a printer shared by this PC (\\localhost\POS80, the spooler takes
// the raw job). Anything else is a file, and files go only to the print folder (core/print/settings.ts).
const PRINTER_PORTS = [
  /^\/dev\/usb\/lp\d{1,3}$/,
  /^\/dev\/lp\d{1,3}$/,
  /^\/dev\/tty(?:USB|ACM|S)\d{1,3}$/,
  /^\/dev\/serial\/by-id\/(?!\.\.?$)[A-Za-z0-9_.:+-]{1,120}$/,
  /^(?:\\\\\.\\)?(?:COM|LPT)\d{1,3}$/i,
  /^\\\\localhost\\[A-Za-z0-9 _.-]{1,80}$/i,
];

/** A printer port by its exact name: no `..`, no other folder. */
export function isPrinterDevice(path: string): boolean {
  return PRINTER_PORTS.some((p) => p.test(path));
}

/**
 * Writes the job to a file or device. A missing device, a folder that does not exist, a file it
 * may not write: the printer is 'unreachable' and the OS says why, as for a TCP printer that does
 * not answer; the job stays queued.
 */
// A plain file is never written through a symbolic link: one put in the print folder must not
// carry the job (and its truncation) to a file outside it. (Windows has no O_NOFOLLOW: 0.)
const NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

function writeToFile(path: string, bytes: Buffer): PrintOutcome {
  try {
    const fd = isDevice(path) ? openSync(path, constants.O_WRONLY) : openSync(path, NEW_FILE, 0o600);
    try {
      writeFileSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
    return { printed: true, state: 'ready' };
  } catch (e) {
    return { printed: false, state: 'unreachable', detail: (e as Error).message };
  }
}

const NO_STATE = 'this kind of printer does not report its state';

/**
 * Whether a file or device could be written now, without opening it (opening a serial port can
 * reset the printer): it is there and writable, or, for a plain file, its folder is.
 */
async function fileState(path: string): Promise<PrintOutcome> {
  // Windows' printer shares (\\localhost\POS80) and ports (\\.\COM3) are not files to stat: only a job says.
  if (path.startsWith('\\\\')) return { printed: false, state: 'ready', detail: NO_STATE };
  try {
    const found = await stat(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' && !isDevice(path)) return null;
      throw e;
    });
    if (found?.isDirectory()) return { printed: false, state: 'unreachable', detail: `${path} is a folder, not a printer or a file` };
    await access(found ? path : dirname(path), constants.W_OK);
    return { printed: false, state: 'ready', detail: NO_STATE };
  } catch (e) {
    return { printed: false, state: 'unreachable', detail: (e as Error).message };
  }
}

/** Hands a raw job to CUPS. CUPS says when it has the job, not when paper came out. */
function printThroughCups(queue: string, bytes: Buffer, timeoutMs: number): Promise<PrintOutcome> {
  return new Promise((resolve) => {
    const lp = spawn('lp', ['-d', queue, '-o', 'raw'], { stdio: ['pipe', 'ignore', 'pipe'], timeout: timeoutMs });
    let err = '';
    lp.stderr.on('data', (d: Buffer) => (err += d.toString()));
    lp.on('error', (e) => resolve({ printed: false, state: 'unreachable', detail: `lp: ${e.message}` }));
    lp.on('close', (code) =>
      resolve(code === 0 ? { printed: true, state: 'ready' } : { printed: false, state: 'unreachable', detail: err.trim() || `lp exited ${code}` }),
    );
    lp.stdin.on('error', () => {}); // a failing lp closes its stdin early; 'close' reports it
    lp.stdin.end(bytes);
  });
}

/**
 * The printer's state for the status bar, without printing. Only a TCP printer answers; a file or
 * device is 'unreachable' when a job could not be written to it now.
 */
export async function queryPrinter(target: PrinterTarget, timeoutMs = 3_000): Promise<PrintOutcome> {
  if (target.kind === 'file') return fileState(target.path);
  if (target.kind !== 'tcp') return { printed: false, state: 'ready', detail: NO_STATE };
  return withConnection(target, timeoutMs, async (conn) => ({ printed: false, state: await conn.status(timeoutMs) }));
}
