// Where print bytes go. tcp://HOST:9100 is the raw port of network printers; file:PATH keeps the
// bytes (tests, and printers shared as device files). USB, serial and the OS spooler come with
// the print queue.
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { CounterfoilError } from '../../shared/errors.js';
import { decodeStatus, STATUS_REQUEST, type PrinterState } from './printer-status.js';

export type PrinterTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'file'; path: string };

export function parsePrinterTarget(s: string): PrinterTarget {
  const tcp = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(s);
  if (tcp && Number(tcp[2]) > 0 && Number(tcp[2]) < 65536) return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (s.startsWith('file:') && s.length > 5) return { kind: 'file', path: s.slice(5) };
  throw new CounterfoilError('INVALID_INPUT', { detail: `printer must be tcp://HOST:PORT or file:PATH, not "${s}"` });
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
      const socket = connect({ host, port });
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

/**
 * Sends a job only to a printer that says it is ready, then asks again: the job counts as
 * printed when the printer is back to ready after it (DLE EOT answers once the data is consumed).
 */
export async function printJob(target: PrinterTarget, bytes: Buffer, timeoutMs = 10_000): Promise<PrintOutcome> {
  if (target.kind === 'file') {
    writeFileSync(target.path, bytes);
    return { printed: true, state: 'ready' };
  }
  let conn: PrinterConnection;
  try {
    conn = await PrinterConnection.open(target.host, target.port, timeoutMs);
  } catch (e) {
    return { printed: false, state: 'unreachable', detail: (e as Error).message };
  }
  try {
    const before = await conn.status(timeoutMs);
    if (!printable(before)) return { printed: false, state: before };
    await conn.write(bytes);
    const after = await conn.status(timeoutMs);
    return { printed: printable(after), state: after };
  } catch (e) {
    return { printed: false, state: 'unreachable', detail: (e as Error).message };
  } finally {
    conn.close();
  }
}

/** The printer's state for the status bar, without printing. */
export async function queryPrinter(target: PrinterTarget, timeoutMs = 3_000): Promise<PrintOutcome> {
  return printJob(target, Buffer.alloc(0), timeoutMs).then((o) => ({ ...o, printed: false }));
}
