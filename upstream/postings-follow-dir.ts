// The reference postings consumer's folder: the daily CSV files and the state file that says how
// much of them is committed. A page becomes part of the files in this order: rows appended to each
// day file and fsynced, then the state (the feed cursor and each day file's committed length)
// replaced atomically (temporary file, fsync, rename, fsync of the folder), and only then acked. So
// whatever point a crash stops at, the state names a cursor whose postings are all in the files,
// and the files hold nothing committed beyond it: on start each day file is cut back to its
// committed length (a torn tail from the crash goes) and reading resumes from the cursor.
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FeedCursor } from '../shared/upstream-api.js';
import { isDayFileName } from './postings-csv.js';

export const STATE_FILE = 'postings-follow.state.json';
const STATE_TMP = `${STATE_FILE}.tmp`;

const FollowState = z.strictObject({
  v: z.literal(1),
  /** Every posting up to and including this feed position is in the files. */
  cursor: FeedCursor,
  /** Each day file's committed length in bytes; anything past it is a crash's torn tail. */
  files: z.record(z.string().refine(isDayFileName, 'not a day file name'), z.number().int().nonnegative()),
});
export type FollowState = z.infer<typeof FollowState>;

/** The folder cannot be resumed safely as it is: exit 2, with what to do in words. */
export class FollowDirError extends Error {}

export interface Recovered {
  state: FollowState;
  /** Day files cut back to their committed length (bytes dropped), or removed (never committed). */
  tailsDropped: number;
  /** Day files the state had that are gone (a billing system took them): they start again empty. */
  taken: string[];
  /** No state file yet: it is saved before the first row is written (ensureState). */
  fresh: boolean;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads the state and puts the day files back to what it says; a folder it cannot vouch for is refused. */
export function recoverDir(dir: string): Recovered {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FollowDirError(`${dir} is not a folder`);
  const names = readdirSync(dir);
  const dayFiles = names.filter(isDayFileName);
  let state: FollowState;
  if (names.includes(STATE_FILE)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));
    } catch (e) {
      throw new FollowDirError(`${join(dir, STATE_FILE)} cannot be read: ${(e as Error).message}; restore it from a backup, or start an empty folder`);
    }
    const parsed = FollowState.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FollowDirError(`${join(dir, STATE_FILE)} is not a postings state file (${issue?.path.join('.') || 'file'}: ${issue?.message}); restore it, or start an empty folder`);
    }
    state = parsed.data;
  } else {
    // Without the state nothing says which rows were committed: starting over would write every
    // posting a second time beside files that already hold some.
    if (dayFiles.length > 0) {
      throw new FollowDirError(`${dir} holds postings files but no ${STATE_FILE}: restore the state file, or move the files away and start again`);
    }
    state = { v: 1, cursor: '0', files: {} };
  }
  rmSync(join(dir, STATE_TMP), { force: true });
  let tailsDropped = 0;
  const taken: string[] = [];
  for (const name of dayFiles) {
    const path = join(dir, name);
    const committed = state.files[name];
    const size = statSync(path).size;
    if (committed === undefined) {
      // Created by a page whose state was never saved: none of it is committed.
      rmSync(path);
      tailsDropped++;
    } else if (size > committed) {
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, committed);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      tailsDropped++;
    } else if (size < committed) {
      throw new FollowDirError(`${path} is shorter (${size} bytes) than its committed ${committed}: something other than this consumer changed it; restore it from a backup`);
    }
  }
  for (const name of Object.keys(state.files)) {
    if (!dayFiles.includes(name)) {
      taken.push(name);
      delete state.files[name];
    }
  }
  if (tailsDropped > 0) fsyncDir(dir);
  return { state, tailsDropped, taken, fresh: !names.includes(STATE_FILE) };
}

/**
 * Writes `bytes` at the file's committed length and cuts anything after them. Positional, so a tail
 * left by a crash is written over even if nothing cut it first. `midWrite` runs between the two
 * halves of the write: where a crash leaves a torn row (the consumer's fault-injection hook).
 */
export function appendCommitted(dir: string, name: string, committed: number, bytes: Buffer, midWrite: () => void): number {
  const fd = openSync(join(dir, name), committed === 0 ? 'w' : 'r+');
  try {
    const half = Math.ceil(bytes.length / 2);
    writeAll(fd, bytes.subarray(0, half), committed);
    midWrite();
    writeAll(fd, bytes.subarray(half), committed + half);
    ftruncateSync(fd, committed + bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return committed + bytes.length;
}

function writeAll(fd: number, bytes: Buffer, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/**
 * A new folder's state, saved before its first row is written: a crash in the first page then leaves
 * day files the state does not know (removed on start), never day files without a state (refused).
 * Not sooner: a refused key or an unreachable centre leaves the folder as it was.
 */
export function ensureState(dir: string, r: Recovered): void {
  if (!r.fresh) return;
  saveState(dir, r.state, () => {});
  r.fresh = false;
}

/** Replaces the state atomically; `beforeRename` is the hook's point between the two. */
export function saveState(dir: string, state: FollowState, beforeRename: () => void): void {
  const tmp = join(dir, STATE_TMP);
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, Buffer.from(`${JSON.stringify(state, null, 1)}\n`), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  beforeRename();
  renameSync(tmp, join(dir, STATE_FILE));
  // The rename, and any day file created for this page, are durable only once the folder is.
  fsyncDir(dir);
}
