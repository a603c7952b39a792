// The data folder is the app user's alone (issue 15 #10): it holds the PIN hashes, the key and
// every payment, and a folder left 0755 with a 0644 database let any OS user on the counter PC copy
// the hashes and crack them offline. Every terminal is set up and opened through here:
// - the process umask becomes 077, so whatever the app writes from now on (SQLite's -wal and
//   -shm, logs, print files, exports, backups) is made 0600 / 0700 from the first byte;
// - the folder is made 0700 and what an earlier version left in it is made 0600 (folders 0700).
// Symbolic links are never followed: chmod through one would change a file outside the folder.
// On Windows the mode bits mean little (the folder sits in the user's profile); chmod is harmless there.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_FOLDER = 0o700;

/** From here on, this process creates nothing that group or others can read. */
export function restrictUmask(): void {
  // A worker thread may not set the umask (Node refuses); its files get their modes explicitly.
  if (!isMainThread) return;
  const before = process.umask(0o077);
  process.umask(before | 0o077);
}

// A path that vanished meanwhile (a log rotated, a browser profile's lock), or a file system or
// owner that does not take modes (a FAT stick, a file another user left): nothing to do about it here.
const BEYOND_US = new Set(['ENOENT', 'EPERM', 'ENOTSUP', 'EROFS']);

/** Gives `path` the private `mode` unless it has it already; false when it cannot be read or changed. */
export function keepPrivate(path: string, mode: number): boolean {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return false;
    if ((st.mode & 0o777) !== mode) chmodSync(path, mode);
    return true;
  } catch (e) {
    if (BEYOND_US.has((e as NodeJS.ErrnoException).code ?? '')) return false;
    throw e;
  }
}

function makePrivate(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (BEYOND_US.has((e as NodeJS.ErrnoException).code ?? '')) return;
    throw e;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (keepPrivate(path, PRIVATE_FOLDER)) makePrivate(path);
    } else if (entry.isFile()) {
      keepPrivate(path, PRIVATE_FILE);
    }
  }
}

/** Makes the data folder (if needed) and keeps it and everything in it private to this user. */
export function claimDataFolder(dataDir: string): void {
  restrictUmask();
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_FOLDER });
  keepPrivate(dataDir, PRIVATE_FOLDER);
  makePrivate(dataDir);
}
