// The postings feed's clients as the console makes, revokes and watches them (issue 19): the
// request bodies and what the console reads, shared by upstream/console/postings-api.ts and the
// console's Postings screen. The feed itself is stated in shared/postings.ts.
import { z } from 'zod';
import type { Light } from './console-api.js';

/** A billing system's name, as the console lists it and the admin log names it. */
export const PostingsClientName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{1,47}$/, 'a client name is 2–48 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit');
export const MakePostingsClientRequest = z.strictObject({ name: PostingsClientName });
export const PostingsClientId = z.string().regex(/^[1-9]\d{0,15}$/, 'not a client id');

/** A postings key: `cfp_` and 32 random bytes, base64url. Shown once when made; the centre keeps its SHA-256 only. */
export const POSTINGS_KEY = /^cfp_[A-Za-z0-9_-]{43}$/;

/** A client behind by postings older than this is flagged red. */
export const POSTINGS_LAG_RED_MS = 24 * 60 * 60_000;

export interface PostingsClientRow {
  id: string;
  name: string;
  /** The first 16 hex digits of the key's SHA-256: names a key in the admin log and on screen without being it. */
  fingerprint: string;
  madeAt: string;
  madeBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** The cursor the client has acknowledged applying through (0: nothing yet). */
  ackedThrough: string;
  /** When it last moved its acknowledgement forward; null: never. */
  ackedAt: string | null;
  /** Postings after its acknowledgement (the feed's head minus it). */
  behind: number;
  /** When the oldest posting it has not acknowledged reached the centre; null when it is not behind. */
  oldestUnackedAt: string | null;
  /** red: behind by postings more than a day old; green otherwise; a revoked client is not judged. */
  light: Light | null;
}

export interface PostingsClients {
  at: string;
  /** The feed's newest cursor. */
  head: string;
  clients: PostingsClientRow[];
}

/** What making a client answers: its row, and the key, this once. */
export interface MadePostingsClient {
  client: PostingsClientRow;
  key: string;
}

/** The light of a client that is not revoked: red once the oldest posting it has not acknowledged is more than a day old. */
export function postingsLight(oldestUnackedAt: string | null, now: Date): Light {
  return oldestUnackedAt !== null && now.getTime() - Date.parse(oldestUnackedAt) > POSTINGS_LAG_RED_MS ? 'red' : 'green';
}
