// One connection's bytes cut into jobs. A job begins at its first byte that is not a status request
// (a driver may poll DLE EOT for hours on one connection) and ends at a paper cut (GS V) or when the
// connection closes. Commands are read as they arrive, so GS V bytes inside image data end nothing.
import { readCommand } from './commands.js';

// A client streaming endlessly without a cut still gets its bytes printed in pieces this large.
const MAX_JOB_BYTES = 16 * 1024 * 1024;

export interface JobStreamHandlers {
  job(bytes: Buffer): void;
  /** GS r n, answered in stream order like any other command. */
  transmitStatus(which: 'paper' | 'drawer'): void;
}

export class JobStream {
  private pending: Buffer = Buffer.alloc(0);
  private parsed = 0;

  constructor(private readonly on: JobStreamHandlers) {}

  /** The bytes of the job in progress (none while only status requests have come). */
  get bytes(): Buffer {
    return this.pending;
  }

  push(chunk: Uint8Array): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (let cmd = readCommand(this.pending, this.parsed); cmd; cmd = readCommand(this.pending, this.parsed)) {
      if (cmd.op === 'transmit-status') this.on.transmitStatus(cmd.which);
      if (this.parsed === 0 && (cmd.op === 'status-request' || cmd.op === 'transmit-status')) {
        this.pending = this.pending.subarray(cmd.length);
        continue;
      }
      this.parsed += cmd.length;
      if (cmd.op === 'cut') this.finish(this.parsed);
    }
    if (this.pending.length > MAX_JOB_BYTES) this.end();
  }

  /** The connection closed: whatever arrived since the last cut is a job. */
  end(): void {
    if (this.pending.length) this.finish(this.pending.length);
  }

  discard(): void {
    this.pending = Buffer.alloc(0);
    this.parsed = 0;
  }

  private finish(length: number): void {
    const job = Buffer.from(this.pending.subarray(0, length));
    this.pending = Buffer.from(this.pending.subarray(length));
    this.parsed = Math.max(0, this.parsed - length);
    this.on.job(job);
  }
}
