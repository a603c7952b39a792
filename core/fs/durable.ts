// Files that must survive a power cut whole: written beside, fsynced, renamed into place, and
// the directory entry fsynced, so the path holds the old bytes or the new ones, never a mix.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `text` to `file` durably with the given mode (0600 for keys). */
export function writeFileDurably(file: string, text: string, mode = 0o600): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncDir(dirname(file));
}

/** Renames durably: after a power cut the name points at the old file or the new one. */
export function renameDurably(from: string, to: string): void {
  renameSync(from, to);
  syncDir(dirname(to));
}

export function syncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
