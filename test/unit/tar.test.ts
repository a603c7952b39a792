// The audit pack's ustar (shared/tar.ts): the writer's bytes are what GNU tar reads, deterministic
// and fixed; the reader takes back exactly those and names every departure — a header byte, the
// padding, the end blocks, a truncated or over-long archive, a duplicate name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar, tarHeader, TAR_BLOCK, writeTar } from '../../shared/tar.js';

const enc = (s: string) => new TextEncoder().encode(s);
const FILES = [{ name: 'a.json', data: enc('{"x":1}\n') }, { name: 'empty', data: new Uint8Array(0) }, { name: 'block.bin', data: new Uint8Array(TAR_BLOCK).fill(7) }];

describe('the audit pack’s tar', () => {
  it('writes fixed headers, zero padding and two end blocks; reads back the same members with no fault', () => {
    const t = writeTar(FILES);
    expect(t.length).toBe(3 * TAR_BLOCK + TAR_BLOCK /* a.json */ + 0 + TAR_BLOCK /* block.bin */ + 2 * TAR_BLOCK);
    expect(Buffer.from(writeTar(FILES)).equals(Buffer.from(t))).toBe(true);
    const h = Buffer.from(tarHeader('a.json', 8));
    expect(h.subarray(100, 108).toString()).toBe('0000644\0');
    expect(h.subarray(136, 148).toString()).toBe('00000000000\0');
    expect(h.subarray(257, 265).toString()).toBe('ustar\u000000');
    const r = readTar(t);
    expect(r.faults).toEqual([]);
    expect(r.entries.map((e) => [e.name, Buffer.from(e.data).toString('hex')])).toEqual(FILES.map((f) => [f.name, Buffer.from(f.data).toString('hex')]));
  });

  it('is what tar -xf opens, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'counterfoil-tar-'));
    try {
      writeFileSync(join(dir, 'x.tar'), writeTar(FILES));
      execFileSync('tar', ['-xf', join(dir, 'x.tar'), '-C', dir]);
      for (const f of FILES) expect(Buffer.from(readFileSync(join(dir, f.name))).equals(Buffer.from(f.data))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to write a name it would not read back, or one name twice', () => {
    for (const name of ['../x', 'A.json', '', 'a/b', 'x'.repeat(100)]) expect(() => writeTar([{ name, data: new Uint8Array(0) }])).toThrow(/name/);
    expect(() => writeTar([FILES[0]!, FILES[0]!])).toThrow(/two tar members/);
  });

  it('names each departure from the written bytes', () => {
    const t = writeTar(FILES);
    const codes = (b: Uint8Array) => readTar(b).faults.map((f) => f.code);
    const flip = (at: number) => {
      const b = Uint8Array.from(t);
      b[at]! ^= 0x20;
      return b;
    };
    expect(codes(flip(108))).toContain('tar-header'); // uid
    expect(codes(flip(148))).toContain('tar-header'); // checksum
    expect(codes(flip(345))).toContain('tar-header'); // prefix
    expect(readTar(flip(136)).faults[0]!.message).toMatch(/mtime/);
    expect(codes(flip(TAR_BLOCK + 8 + 3))).toEqual(['tar-padding']); // after a.json's 8 bytes
    expect(codes(flip(t.length - 1))).toEqual(['tar-end']);
    expect(codes(Uint8Array.from([...t, ...new Uint8Array(TAR_BLOCK)]))).toEqual(['tar-end']); // a third zero block
    expect(codes(t.subarray(0, t.length - TAR_BLOCK))).toEqual(['tar-end']);
    expect(codes(t.subarray(0, t.length - 100))).toContain('tar-truncated');
    expect(codes(t.subarray(0, TAR_BLOCK + 4))).toContain('tar-truncated');
    const twice = new Uint8Array([...writeTar([FILES[0]!]).subarray(0, 2 * TAR_BLOCK), ...writeTar([FILES[0]!])]);
    expect(codes(twice)).toEqual(['tar-duplicate']);
    // A size that is not octal stops the walk with a fault rather than reading garbage.
    const b = Uint8Array.from(t);
    b[124] = 0x39;
    expect(codes(b)).toEqual(['tar-header']);
  });
});
