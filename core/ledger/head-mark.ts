// The high-water mark: the last journal seq and hash, kept in a small file outside the database,
// so a database put back from an older copy is noticed. It is written after each commit without
// fsync: after a power cut it may lag the database (harmless), but it is never ahead of it.
//
// The mark is signed by the terminal key (issue 15 #4): a mark anyone could write (the old
// JSON-and-checksum format) let a restore over a rewritten mark erase a paid receipt. A signature
// rather than an HMAC, because `counterfoil restore` must check it where only the public key is
// readable (the desktop app keeps the private key in the OS vault). The mark names its key, so a
// rotation needs nothing special: any key of this terminal's ledger is accepted, but a retired key
// only for a seq up to its retirement. What a signature cannot stop is a genuine older mark put
// back beside an older database by someone who kept both; the centre's head check answers that.
import { closeSync, existsSync, openSync, readFileSync, writeSync, type PathLike } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Db } from '../db/open.js';
import { terminalKeys } from './keys.js';
import { publicKeyFromRaw, verifySignature, type Signer } from './signer.js';

const RECORD_BYTES = 256;
export const HEAD_MARK_FORMAT = 'counterfoil-head-mark/2';

export interface HeadMarkValue {
  terminal: string;
  seq: number;
  hash: string;
}

/** What the terminal key signs: domain-separated, so it can never pass for an event, a code or a manifest. */
export function headMarkText(v: HeadMarkValue, keyId: string): string {
  return [HEAD_MARK_FORMAT, v.terminal, String(v.seq), v.hash, keyId].join('|');
}

export type HeadMarkRead =
  | { state: 'absent' }
  /** Not a mark at all: junk, cut short, overwritten. */
  | { state: 'unreadable' }
  /** The format before signatures: its checksum proves nothing, anyone could have written it. */
  | { state: 'unsigned'; value: HeadMarkValue }
  | { state: 'signed'; value: HeadMarkValue; keyId: string; text: string; sig: Buffer };

const SIGNED = /^counterfoil-head-mark\/2\|([^|\s]{1,64})\|(\d{1,15})\|([0-9a-f]{64})\|([0-9a-f]{16})\|([A-Za-z0-9_-]{86})$/;
const UNSIGNED = /^(\{.*\}) [0-9a-f]{16}$/;

export function readHeadMark(file: PathLike): HeadMarkRead {
  if (!existsSync(file)) return { state: 'absent' };
  const line = readFileSync(file, 'latin1').trimEnd();
  const m = SIGNED.exec(line);
  if (m) {
    const value = { terminal: m[1]!, seq: Number(m[2]), hash: m[3]! };
    return { state: 'signed', value, keyId: m[4]!, text: line.slice(0, line.lastIndexOf('|')), sig: Buffer.from(m[5]!, 'base64url') };
  }
  const old = UNSIGNED.exec(line);
  if (old) {
    try {
      const v = JSON.parse(old[1]!) as Partial<HeadMarkValue>;
      if (typeof v.terminal === 'string' && Number.isSafeInteger(v.seq) && typeof v.hash === 'string') {
        return { state: 'unsigned', value: { terminal: v.terminal, seq: v.seq!, hash: v.hash } };
      }
    } catch {
      // not JSON: unreadable
    }
  }
  return { state: 'unreadable' };
}

/** A key that may sign this terminal's head mark, and the last seq it may vouch for (null: the key in force). */
export interface HeadMarkKey {
  keyId: string;
  publicKey: KeyObject;
  lastSeq: number | null;
}

/** The keys of this ledger, from its journal (genesis and every rotation). */
export function headMarkKeys(db: Db): HeadMarkKey[] {
  const keys: HeadMarkKey[] = [];
  for (const k of terminalKeys(db)) {
    try {
      keys.push({ keyId: k.keyId, publicKey: publicKeyFromRaw(Buffer.from(k.publicKey, 'base64url')), lastSeq: k.toSeq });
    } catch {
      // A malformed key in the journal vouches for nothing (verify reports it).
    }
  }
  return keys;
}

export type HeadMarkCheck =
  | { state: 'good'; value: HeadMarkValue; keyId: string }
  | { state: 'absent' }
  /** Damaged, old-format or not signed by a key of this ledger: says nothing; `seq` is what it claims, if readable. */
  | { state: 'untrusted'; why: string; seq: number | null };

/** Whether the mark read is this terminal's, signed by one of its keys within that key's seqs. */
export function checkHeadMark(read: HeadMarkRead, terminalId: string, keys: readonly HeadMarkKey[]): HeadMarkCheck {
  switch (read.state) {
    case 'absent':
      return read;
    case 'unreadable':
      return { state: 'untrusted', why: 'the head mark file is unreadable', seq: null };
    case 'unsigned':
      return { state: 'untrusted', why: 'the head mark is in the old unsigned format, which anyone could have written', seq: read.value.seq };
    case 'signed': {
      const untrusted = (why: string) => ({ state: 'untrusted', why, seq: read.value.seq }) as const;
      if (read.value.terminal !== terminalId) return untrusted(`the head mark names terminal ${read.value.terminal}`);
      const key = keys.find((k) => k.keyId === read.keyId);
      if (!key || !verifySignature(key.publicKey, read.text, read.sig)) return untrusted('the head mark is not signed by a key of this terminal');
      if (key.lastSeq !== null && read.value.seq > key.lastSeq) return untrusted(`the head mark is signed by key ${key.keyId}, retired at seq ${key.lastSeq}`);
      return { state: 'good', value: read.value, keyId: read.keyId };
    }
  }
}

/** Overwrites one fixed-size record in place: one small write and one signature per commit, no rename, no fsync. */
export class HeadMarkWriter {
  private fd: number | null;
  constructor(file: string) {
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w', 0o600);
  }
  write(value: HeadMarkValue, signer: Signer): void {
    if (this.fd === null) throw new Error('head mark is closed');
    const text = headMarkText(value, signer.keyId);
    const line = `${text}|${signer.sign(text).toString('base64url')}`;
    const buf = Buffer.alloc(RECORD_BYTES, ' ');
    if (buf.write(line, 'latin1') !== line.length || line.length >= RECORD_BYTES) throw new Error('head mark record too long');
    buf[RECORD_BYTES - 1] = 0x0a;
    writeSync(this.fd, buf, 0, RECORD_BYTES, 0);
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
