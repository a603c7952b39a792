// The virtual printer: a loopback TCP server that takes ESC/POS like a networked Epson on port 9100,
// answers status requests, and saves each printed job as job-<n>.bin (the bytes) and job-<n>.png
// (the paper). Its state can be scripted to test how the terminal copes with a printer in trouble.
import { EventEmitter } from 'node:events';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { leadingStatusLength } from './commands.js';
import { decodeJob, type DecodedJob, type JobSummary } from './decode.js';
import { JobStream } from './job-stream.js';
import { RealtimeScanner } from './realtime-scanner.js';
import { renderPng } from './render-png.js';
import {
  parseState, prints, realtimeStatus, transmittedStatus,
  type Condition, type PrinterState, type PrinterStateText,
} from './status.js';

export const HOST = '127.0.0.1';

export interface VirtualPrinterOptions {
  /** Default 9100; 0 picks a free port (tests). */
  port?: number;
  /** Where job-<n>.bin and job-<n>.png go; created when missing. Numbering continues after jobs already there. */
  outDir: string;
  /** Dots per line: 576 (80 mm paper, the default) or 384 (58 mm). */
  widthDots?: number;
  state?: PrinterStateText | PrinterState;
}

export interface PrintedJob {
  n: number;
  bytes: Buffer;
  binPath: string;
  pngPath: string;
  summary: JobSummary;
}

/** A job that came while the printer could not print (paper out, cover open, offline): not saved. */
export interface DiscardedJob {
  bytes: Buffer;
  reason: string;
}

/** The job a drop-at-byte fault cut off: its N bytes received before the connection was reset. */
export interface DroppedJob {
  bytes: Buffer;
}

type Events = {
  job: [PrintedJob];
  discarded: [DiscardedJob];
  dropped: [DroppedJob];
};

export class VirtualPrinter extends EventEmitter<Events> {
  static async start(options: VirtualPrinterOptions): Promise<VirtualPrinter> {
    const printer = new VirtualPrinter(options);
    await printer.listen(options.port ?? 9100);
    return printer;
  }

  readonly outDir: string;
  readonly widthDots: number;
  private condition: Condition = 'ready';
  private dropAtByte: number | undefined;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextNumber = 1;
  private saving: Promise<void> = Promise.resolve();

  private constructor(options: VirtualPrinterOptions) {
    super();
    this.outDir = resolve(options.outDir);
    this.widthDots = options.widthDots ?? 576;
    if (this.widthDots !== 384 && this.widthDots !== 576) throw new Error('width must be 384 (58 mm) or 576 (80 mm) dots');
    if (options.state) this.setState(options.state);
    this.server = createServer((socket) => this.serve(socket));
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get state(): PrinterState {
    return this.dropAtByte === undefined ? { condition: this.condition } : { condition: 'ready', dropAtByte: this.dropAtByte };
  }

  setState(state: PrinterStateText | PrinterState): void {
    const s = typeof state === 'string' ? parseState(state) : state;
    this.condition = s.condition;
    this.dropAtByte = 'dropAtByte' in s ? s.dropAtByte : undefined;
  }

  /** The next event of that kind, e.g. `await printer.next('job')`. */
  next<K extends keyof Events>(event: K): Promise<Events[K][0]> {
    return new Promise((done) => {
      (this as EventEmitter).once(event, done);
    });
  }

  /** Resolves once every job received so far is saved and announced. */
  async settled(): Promise<void> {
    await this.saving;
    await new Promise((done) => setImmediate(done));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
    await this.saving;
  }

  private async listen(port: number): Promise<void> {
    await mkdir(this.outDir, { recursive: true });
    const numbers = (await readdir(this.outDir)).map((f) => /^job-(\d+)\.bin$/.exec(f)?.[1]).filter((n) => n !== undefined).map(Number);
    this.nextNumber = Math.max(0, ...numbers) + 1;
    await new Promise<void>((done, fail) => {
      this.server.once('error', fail);
      this.server.listen({ host: HOST, port }, () => {
        this.server.off('error', fail);
        done();
      });
    });
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    // A real printer answers a status byte at once; so does this one (no Nagle delay).
    socket.setNoDelay(true);
    // A client that vanishes mid-job is an ordinary day for a printer, not a crash.
    socket.on('error', () => {});
    const reply = (byte: number) => {
      if (socket.writable) socket.write(Uint8Array.of(byte));
    };
    const scanner = new RealtimeScanner((n) => reply(realtimeStatus(this.condition, n)));
    // The condition that kept the printer from printing while the job in progress was arriving,
    // and the condition as the latest bytes arrived.
    let blockedBy: Condition | undefined;
    let blockedNow: Condition | undefined;
    const jobs = new JobStream({
      job: (bytes) => {
        this.finishJob(bytes, blockedBy ?? blockedNow);
        blockedBy = undefined;
      },
      transmitStatus: (which) => reply(transmittedStatus(this.condition, which)),
    });
    socket.on('data', (chunk: Buffer) => {
      const cutoff = this.dropCutoff(jobs.bytes, chunk);
      const accepted = cutoff === undefined ? chunk : chunk.subarray(0, cutoff);
      scanner.push(accepted);
      if (cutoff !== undefined) {
        const all = Buffer.concat([jobs.bytes, accepted]);
        const bytes = all.subarray(leadingStatusLength(all));
        this.dropAtByte = undefined;
        jobs.discard();
        // An RST, as from a printer losing power. (A Node client that has just read a status reply
        // may see it as a plain end: libuv reports a reset that follows data as end of stream.)
        socket.resetAndDestroy();
        this.emit('dropped', { bytes });
        return;
      }
      blockedNow = prints(this.condition) ? undefined : this.condition;
      jobs.push(accepted);
      if (jobs.bytes.length) blockedBy ??= blockedNow;
    });
    // 'close' alone follows an abrupt end; a job cut short by its client still prints what came.
    socket.on('end', () => jobs.end());
    socket.on('close', () => {
      jobs.end();
      this.sockets.delete(socket);
    });
  }

  /**
   * Where in `chunk` an armed drop-at-byte N fires: once the job in progress holds N bytes. Status
   * requests ahead of the job do not count, so a status poll is never mistaken for the job.
   */
  private dropCutoff(pending: Buffer, chunk: Buffer): number | undefined {
    const n = this.dropAtByte;
    if (n === undefined) return undefined;
    const all = Buffer.concat([pending, chunk]);
    const lead = leadingStatusLength(all);
    const trigger = Math.max(n, 1);
    // A job already past N when the fault was armed is not "the next job".
    if (pending.length - lead >= trigger || all.length - lead < trigger) return undefined;
    return lead + n - pending.length;
  }

  private finishJob(bytes: Buffer, blockedBy: Condition | undefined): void {
    let decoded: DecodedJob;
    try {
      decoded = decodeJob(bytes, this.widthDots);
    } catch (err) {
      this.emit('discarded', { bytes, reason: `decoder failed: ${String(err)}` });
      return;
    }
    if (isBlank(decoded)) return;
    if (blockedBy) {
      this.emit('discarded', { bytes, reason: `printer ${blockedBy}` });
      return;
    }
    const n = this.nextNumber++;
    const job: PrintedJob = {
      n, bytes, summary: decoded.summary,
      binPath: join(this.outDir, `job-${n}.bin`),
      pngPath: join(this.outDir, `job-${n}.png`),
    };
    // One save at a time, so jobs are announced in the order they were printed.
    const saved = this.saving.then(async () => {
      await writeFile(job.binPath, bytes);
      await writeFile(job.pngPath, await renderPng(decoded.page));
    });
    this.saving = saved.catch(() => {});
    void saved.then(
      () => this.emit('job', job),
      (err: unknown) => this.emit('discarded', { bytes, reason: `not saved: ${String(err)}` }),
    );
  }
}

// Status polls and the ESC @ that some encoders send after every cut leave nothing on paper.
function isBlank({ summary: s, page }: DecodedJob): boolean {
  return !s.textLines.length && !s.rasterImages && !s.qrPayloads.length && !s.cut && !s.drawerKicked
    && !s.unknownBytes && !s.notDrawn.length && page.height === 0;
}
