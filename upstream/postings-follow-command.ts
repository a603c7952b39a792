// `counterfoil-upstream postings follow`: the reference consumer run from the command line, once
// (until caught up) or for good (every --interval seconds). The key comes from a file or the
// environment, never the command line, where `ps` would show it to every user of the machine.
// Stopping it at any moment is safe: the next start cuts the files back to the saved state.
import { readFileSync } from 'node:fs';
import { FOLLOW_EXIT, FollowError, followPostings, type FollowOptions } from './postings-follow.js';
import { FollowDirError } from './postings-follow-dir.js';

export const POSTINGS_KEY_ENV = 'COUNTERFOIL_POSTINGS_KEY';
export const FOLLOW_INTERVAL_DEFAULT_S = 60;

export interface FollowCommand {
  url: string;
  out: string;
  keyFile?: string;
  once: boolean;
  intervalS: number;
  /** Only the tests pass these. */
  env?: NodeJS.ProcessEnv;
  sleep?: (ms: number) => Promise<void>;
  options?: Partial<FollowOptions>;
}

/** The key, or the one line that says why there is none (exit 2). */
export function readKey(keyFile: string | undefined, env: NodeJS.ProcessEnv): { key: string } | { refused: string } {
  let key: string;
  if (keyFile !== undefined) {
    try {
      key = (readFileSync(keyFile, 'utf8').split(/\r?\n/)[0] ?? '').trim();
    } catch (e) {
      return { refused: `cannot read the key file ${keyFile}: ${(e as Error).message}` };
    }
  } else {
    key = (env[POSTINGS_KEY_ENV] ?? '').trim();
    if (!key) return { refused: `postings follow needs its key: --key-file FILE, or the environment variable ${POSTINGS_KEY_ENV}` };
  }
  // It goes into a header: a line break in it would be a second header.
  if (!key || !/^[\x21-\x7e]+$/.test(key)) return { refused: 'the postings key is empty or holds spaces or characters a key never has' };
  return { key };
}

/** Runs the command; its exit status. Lines go to `out` (progress, JSON) and `err` (one line on a stop). */
export async function followCommand(c: FollowCommand, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const k = readKey(c.keyFile, c.env ?? process.env);
  if ('refused' in k) {
    err(k.refused);
    return 2;
  }
  const sleep = c.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    try {
      const started = Date.now();
      const r = await followPostings({
        url: c.url, key: k.key, out: c.out, maxAttempts: c.once ? undefined : Infinity, log: (line) => err(line), sleep, ...c.options,
      });
      if (c.once || r.written > 0 || r.tailsDropped > 0) out(JSON.stringify({ ...r, seconds: (Date.now() - started) / 1000 }));
    } catch (e) {
      if (e instanceof FollowDirError) {
        err(e.message);
        return 2;
      }
      if (e instanceof FollowError) {
        err(e.message);
        return FOLLOW_EXIT[e.code];
      }
      throw e;
    }
    if (c.once) return 0;
    await sleep(c.intervalS * 1_000);
  }
}
