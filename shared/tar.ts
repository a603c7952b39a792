// A small POSIX ustar writer and a strict reader for the audit pack (docs/audit.md). The writer is
// deterministic — fixed mode 0644, uid/gid 0, mtime 0, no user or group names, zero padding, two
// zero end blocks and nothing after — so the same files always make the same bytes, and `tar -xf`
// opens them anywhere. The reader takes only what the writer makes: it rebuilds each header from
// the name and size it read and compares every byte, so a changed byte anywhere (a header, its
// checksum, the padding, the end blocks) is a named fault, never silently accepted.
// Pure: Uint8Array in and out, no Node APIs, so a browser or the terminal can use it alike.

export const TAR_BLOCK = 512;
/** A member's name: plain, lower case, in the archive's top folder (no paths, nothing to escape). */
export const TAR_NAME = /^[a-z0-9][a-z0-9._-]{0,98}$/;
/** 11 octal digits: a member is under 8 GiB. */
const MAX_SIZE = 8 ** 11 - 1;

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

export type TarFaultCode = 'tar-header' | 'tar-padding' | 'tar-end' | 'tar-truncated' | 'tar-duplicate';
export interface TarFault {
  code: TarFaultCode;
  message: string;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const octal = (n: number, digits: number) => `${n.toString(8).padStart(digits, '0')}\0`;

/** The 512-byte ustar header the writer makes for a regular file of this name and size. */
export function tarHeader(name: string, size: number): Uint8Array {
  if (!TAR_NAME.test(name)) throw new TypeError(`a tar member's name is plain lower-case ASCII: ${JSON.stringify(name)}`);
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_SIZE) throw new RangeError(`a tar member is 0..${MAX_SIZE} bytes`);
  const h = new Uint8Array(TAR_BLOCK);
  const put = (offset: number, s: string) => h.set(ascii(s), offset);
  put(0, name);
  put(100, octal(0o644, 7)); // mode
  put(108, octal(0, 7)); // uid
  put(116, octal(0, 7)); // gid
  put(124, octal(size, 11));
  put(136, octal(0, 11)); // mtime: fixed, so the bytes depend on the contents only
  put(148, '        '); // the checksum counts its own field as spaces
  put(156, '0'); // a regular file
  put(257, 'ustar\0');
  put(263, '00');
  put(329, octal(0, 7)); // devmajor
  put(337, octal(0, 7)); // devminor
  const sum = h.reduce((s, b) => s + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

const padTo = (n: number) => (TAR_BLOCK - (n % TAR_BLOCK)) % TAR_BLOCK;

/** The archive of these members, in this order. */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const names = new Set<string>();
  let total = 2 * TAR_BLOCK;
  for (const e of entries) {
    if (names.has(e.name)) throw new TypeError(`two tar members named ${e.name}`);
    names.add(e.name);
    total += TAR_BLOCK + e.data.length + padTo(e.data.length);
  }
  const out = new Uint8Array(total); // zero-filled: the padding and the end blocks
  let at = 0;
  for (const e of entries) {
    out.set(tarHeader(e.name, e.data.length), at);
    at += TAR_BLOCK;
    out.set(e.data, at);
    at += e.data.length + padTo(e.data.length);
  }
  return out;
}

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

/** Names the header fields that differ from the writer's, for the fault's sentence. */
function differingFields(got: Uint8Array, want: Uint8Array): string {
  const fields: [string, number, number][] = [
    ['name', 0, 100], ['mode', 100, 8], ['uid', 108, 8], ['gid', 116, 8], ['size', 124, 12], ['mtime', 136, 12], ['checksum', 148, 8],
    ['type', 156, 1], ['linkname', 157, 100], ['magic', 257, 6], ['version', 263, 2], ['uname', 265, 32], ['gname', 297, 32],
    ['devmajor', 329, 8], ['devminor', 337, 8], ['prefix', 345, 155], ['header padding', 500, 12],
  ];
  return fields.filter(([, o, n]) => got.subarray(o, o + n).some((b, i) => b !== want[o + i])).map(([f]) => f).join(', ');
}

export interface TarRead {
  entries: TarEntry[];
  faults: TarFault[];
}

/**
 * Reads an archive the writer made. Every departure from the writer's bytes is a fault; members
 * read before a fault that stops the walk (a header whose size cannot be read) are still given.
 */
export function readTar(bytes: Uint8Array): TarRead {
  const entries: TarEntry[] = [];
  const faults: TarFault[] = [];
  const names = new Set<string>();
  let at = 0;
  if (bytes.length % TAR_BLOCK !== 0) {
    faults.push({ code: 'tar-truncated', message: `the archive is ${bytes.length} bytes, not a whole number of ${TAR_BLOCK}-byte blocks` });
  }
  for (;;) {
    if (at + TAR_BLOCK > bytes.length) {
      faults.push({ code: 'tar-end', message: `the archive ends at byte ${at} without its two zero end blocks` });
      return { entries, faults };
    }
    const header = bytes.subarray(at, at + TAR_BLOCK);
    if (allZero(header)) break;
    const nameEnd = header.indexOf(0);
    const name = String.fromCharCode(...header.subarray(0, nameEnd === -1 || nameEnd > 100 ? 100 : nameEnd));
    const sizeText = String.fromCharCode(...header.subarray(124, 136));
    if (!/^[0-7]{11}\0$/.test(sizeText)) {
      faults.push({ code: 'tar-header', message: `the header at byte ${at} has no readable size: the rest of the archive cannot be read` });
      return { entries, faults };
    }
    const size = parseInt(sizeText.slice(0, 11), 8);
    let want: Uint8Array | null = null;
    try {
      want = tarHeader(name, size);
    } catch {
      faults.push({ code: 'tar-header', message: `the header at byte ${at} names ${JSON.stringify(name)}, which this format never writes` });
    }
    if (want && want.some((b, i) => b !== header[i])) {
      faults.push({ code: 'tar-header', message: `the header of ${name} at byte ${at} is not as written (${differingFields(header, want)})` });
    }
    at += TAR_BLOCK;
    if (at + size > bytes.length) {
      faults.push({ code: 'tar-truncated', message: `${name} is said to be ${size} bytes but the archive ends first` });
      return { entries, faults };
    }
    const data = bytes.slice(at, at + size);
    at += size;
    const pad = bytes.subarray(at, Math.min(at + padTo(size), bytes.length));
    if (!allZero(pad)) faults.push({ code: 'tar-padding', message: `the padding after ${name} is not zero bytes` });
    at += padTo(size);
    if (names.has(name)) faults.push({ code: 'tar-duplicate', message: `${name} is in the archive twice` });
    names.add(name);
    entries.push({ name, data });
  }
  // The first zero block is at `at`; the writer puts exactly two and nothing after.
  const end = bytes.subarray(at);
  if (end.length !== 2 * TAR_BLOCK || !allZero(end)) {
    faults.push({ code: 'tar-end', message: `the archive does not end with exactly two zero blocks (${end.length} bytes follow the last member${allZero(end) ? '' : ', not all zero'})` });
  }
  return { entries, faults };
}
