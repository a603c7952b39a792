// Talking to the centre: JSON posts, and GETs signed with the terminal's key (DESIGN §6). Every
// answer's Date header is a clock reading: the skew is kept for the status bar and used to stamp
// signed reads, so a terminal whose clock is wrong still gets its consumers and its head.
import { READ_HEADERS, readSigningText } from '../../shared/upstream-api.js';
import type { Terminal } from '../terminal/terminal.js';
import { noteClock, syncRow } from './state.js';

/** Nothing answered: refused, reset, timed out, or the answer was cut before its headers. */
export class Unreachable extends Error {}

export interface Request {
  method: 'GET' | 'POST';
  /** From /v1 on, with its query. */
  path: string;
  json?: unknown;
  signed?: boolean;
  timeoutMs: number;
}

function measureClock(t: Terminal, res: Response, sentAt: number): void {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The Date header has whole seconds: compare with the middle of the exchange.
  const local = (sentAt + t.clock().getTime()) / 2;
  noteClock(t, date + 500 - local);
}

// The centre takes each signed read once (a replay is refused): two reads must never carry the same
// time, even when the clock has not moved since the last one or a stale skew (a restored copy's)
// puts a read back onto a time already signed. Kept per terminal id, not per open Terminal: two
// openings of one terminal in a process (a restore's staging copy, the CLI beside a host) sign with
// the same key. The centre remembers reads for twice its window; so do we, with a margin.
const signedMs = new Map<string, Set<number>>();
const REMEMBER_MS = 15 * 60_000;

/** The time a signed read carries: the clock corrected by the skew, never one already signed. */
export function readTime(t: Pick<Terminal, 'id' | 'clock'>, skew: number): string {
  let ms = t.clock().getTime() + skew;
  let signed = signedMs.get(t.id);
  if (!signed) signedMs.set(t.id, (signed = new Set()));
  while (signed.has(ms)) ms += 1;
  signed.add(ms);
  // Forget only what lies far behind this read: a read stamped days back (a restored copy's stale
  // skew) must not wipe out the times signed a moment ago.
  for (const old of signed) if (old < ms - REMEMBER_MS) signed.delete(old);
  return new Date(ms).toISOString();
}

async function send(t: Terminal, base: string, r: Request): Promise<Response> {
  const headers: Record<string, string> = {};
  if (r.json !== undefined) headers['content-type'] = 'application/json';
  if (r.signed) {
    const skew = syncRow(t)?.clock_skew_ms ?? 0;
    const time = readTime(t, skew);
    headers[READ_HEADERS.time] = time;
    headers[READ_HEADERS.signature] = t.signer.sign(readSigningText(r.path, time)).toString('base64url');
  }
  const sentAt = t.clock().getTime();
  let res: Response;
  try {
    res = await fetch(`${base}${r.path}`, {
      method: r.method, headers, signal: AbortSignal.timeout(r.timeoutMs),
      ...(r.json === undefined ? {} : { body: JSON.stringify(r.json) }),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Unreachable(cause?.code ?? cause?.message ?? (e as Error).message);
  }
  measureClock(t, res, sentAt);
  return res;
}

/**
 * Sends a request; a signed read refused for clock skew is sent once more with the measured skew,
 * and one refused as a replay (another process on this folder signed the same read in the same
 * millisecond) once more with a later time.
 */
export async function upstreamFetch(t: Terminal, base: string, r: Request): Promise<Response> {
  const res = await send(t, base, r);
  if (!r.signed || res.status !== 401) return res;
  const body = (await res.clone().json().catch(() => null)) as { error?: unknown } | null;
  return body?.error === 'clock_skew' || body?.error === 'replayed_read' ? send(t, base, r) : res;
}

/** The whole answer as JSON (null when it is not JSON); a body cut midway counts as unreachable. */
export async function readJson(res: Response): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new Unreachable(`the answer was cut: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const messageOf = (json: unknown, status: number): string =>
  typeof json === 'object' && json && 'message' in json ? String((json as { message: unknown }).message) : `HTTP ${status}`;
export const errorOf = (json: unknown): string | undefined =>
  typeof json === 'object' && json && 'error' in json ? String((json as { error: unknown }).error) : undefined;
