// The high-water mark: the last journal seq and hash, kept in a small file outside the database,
// so a database put back from an older copy is noticed. It is written after each commit without
// fsync: after a power cut it may lag the database (harmless), but it is never ahead of it.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { sha256 } from './signer.js';

const RECORD_BYTES = 256;

export interface HeadMarkValue {
  terminal: string;
  seq: number;
  hash: string;
}

export type HeadMarkRead = { state: 'absent' } | { state: 'corrupt' } | { state: 'ok'; value: HeadMarkValue };

export function readHeadMark(file: string): HeadMarkRead {
  if (!existsSync(file)) return { state: 'absent' };
  const line = readFileSync(file, 'utf8').trimEnd();
  const m = /^(\{.*\}) ([0-9a-f]{16})$/.exec(line);
  if (!m || sha256(m[1]!).toString('hex').slice(0, 16) !== m[2]) return { state: 'corrupt' };
  try {
    const v = JSON.parse(m[1]!) as HeadMarkValue;
    if (typeof v.terminal !== 'string' || !Number.isSafeInteger(v.seq) || !/^[0-9a-f]{64}$/.test(v.hash)) {
      return { state: 'corrupt' };
    }
    return { state: 'ok', value: v };
  } catch {
    return { state: 'corrupt' };
  }
}

/** Overwrites one fixed-size record in place: one small write per commit, no rename, no fsync. */
export class HeadMarkWriter {
  private fd: number | null;
  constructor(file: string) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w', 0o600);
  }
  write(value: HeadMarkValue): void {
    if (this.fd === null) throw new Error('head mark is closed');
    const json = JSON.stringify(value);
    const line = `${json} ${sha256(json).toString('hex').slice(0, 16)}`;
    const buf = Buffer.alloc(RECORD_BYTES, ' ');
    if (buf.write(line, 'utf8') !== Buffer.byteLength(line)) throw new Error('head mark record too long');
    buf[RECORD_BYTES - 1] = 0x0a;
    writeSync(this.fd, buf, 0, RECORD_BYTES, 0);
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
