// The reference postings consumer (`counterfoil-upstream postings follow`, docs/billing.md): reads
// the centre's postings feed (shared/postings.ts) page by page into daily CSV files, exactly once
// whatever the network or a crash does. Only whole pages are applied — a page without its end line
// applies nothing and is asked for again; a posting at or before the kept cursor is a duplicate
// delivery and is skipped; the files, then the state, then the ack (postings-follow-dir.ts says why
// in that order). Network faults are retried with backoff (shared/backoff.ts); a refused key, a
// refused request and a malformed page stop with one line that says which.
import { BACKOFF, backoffMs } from '../shared/backoff.js';
import { isIsoDate } from '../shared/dates.js';
import { POSTINGS_PAGE_DEFAULT, PostingLine, PostingsAckAnswer, postingIdOf, type Posting } from '../shared/postings.js';
import { FeedEnd } from '../shared/upstream-api.js';
import { dayFileName, postingsCsv } from './postings-csv.js';
import { appendCommitted, ensureState, recoverDir, saveState, type FollowState } from './postings-follow-dir.js';

/** Points of a page's way into the files where the fault-injection hook runs (a crash there is survived). */
export const FOLLOW_STEPS = ['read', 'mid-write', 'written', 'saving', 'saved', 'acked'] as const;
export type FollowStep = (typeof FOLLOW_STEPS)[number];

export type FollowErrorCode = 'key-refused' | 'refused' | 'unreachable' | 'malformed';
/** Exit statuses of `postings follow` (docs/billing.md); 2 is a usage error or a folder it will not resume. */
export const FOLLOW_EXIT: Record<FollowErrorCode, number> = { 'key-refused': 3, refused: 4, malformed: 5, unreachable: 6 };

export class FollowError extends Error {
  constructor(readonly code: FollowErrorCode, message: string) {
    super(message);
  }
}

/** A fault worth trying again: nothing answered, the answer was cut, or the centre is busy. */
class Transient extends Error {
  constructor(message: string, readonly retryAfterMs = 0) {
    super(message);
  }
}

export interface FollowOptions {
  /** The centre, e.g. https://centre.example:8080 (the routes are under /v1). */
  url: string;
  key: string;
  out: string;
  pageLimit?: number;
  timeoutMs?: number;
  /** Network faults in a row before giving up (`unreachable`); follow mode passes Infinity. */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Fault injection: runs at each step; what it throws stops the consumer there, as a crash would. */
  step?: (step: FollowStep) => void;
  log?: (line: string) => void;
}

export interface FollowResult {
  cursor: string;
  pages: number;
  /** Postings written to the files in this run. */
  written: number;
  /** Postings delivered again at or before the kept cursor, skipped. */
  duplicates: number;
  /** Network faults met and retried. */
  retries: number;
  tailsDropped: number;
}

const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

function malformed(what: string): FollowError {
  return new FollowError('malformed', `the centre sent a malformed postings page: ${what}`);
}

/** A posting the contract allows but that cannot be right: refused before anything is written. */
function checkPosting(p: Posting, n: number): void {
  if (p.postingId !== postingIdOf(p.terminalId, p.seq)) throw malformed(`posting ${n}: its id ${p.postingId} is not its terminal and seq`);
  if (!isIsoDate(p.businessDate)) throw malformed(`posting ${n}: ${p.businessDate} is not a date`);
  const reversal = p.kind !== 'payment';
  if (reversal ? p.amountPaise >= 0 || p.reverses === null : p.amountPaise <= 0 || p.reverses !== null) {
    throw malformed(`posting ${n} (${p.postingId}): a ${p.kind} of ${p.amountPaise} paise${p.reverses ? ` reversing ${p.reverses}` : ''}`);
  }
}

/**
 * One page's text: its postings newer than `after`, and its end. A page whose last line is not a
 * whole end line was cut (Transient); a whole page with a line that is not a posting is malformed.
 */
export function parsePage(text: string, after: string): { postings: Posting[]; duplicates: number; cursor: string; more: boolean } {
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Transient('the page was cut in a line');
  lines.pop();
  const lastLine = lines.at(-1);
  let endLine: unknown;
  try {
    endLine = lastLine === undefined ? undefined : JSON.parse(lastLine);
  } catch {
    endLine = undefined;
  }
  const end = FeedEnd.safeParse(endLine);
  if (!end.success) throw new Transient('the page ended without its end line');
  const postings: Posting[] = [];
  let duplicates = 0;
  let previous = after;
  let last: string | null = null;
  const ids = new Set<string>();
  for (let i = 0; i < lines.length - 1; i++) {
    let json: unknown;
    try {
      json = JSON.parse(lines[i]!);
    } catch {
      throw malformed(`line ${i + 1} is not JSON`);
    }
    const line = PostingLine.safeParse(json);
    if (!line.success) {
      const issue = line.error.issues[0];
      throw malformed(`line ${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message}`);
    }
    const p = line.data.posting;
    checkPosting(p, i + 1);
    if (!newer(p.cursor, after)) {
      duplicates++;
      continue;
    }
    if (!newer(p.cursor, previous) || ids.has(p.postingId)) throw malformed(`line ${i + 1}: posting ${p.postingId} is out of feed order`);
    previous = last = p.cursor;
    ids.add(p.postingId);
    postings.push(p);
  }
  const { cursor, more } = end.data.end;
  if (last !== null && newer(last, cursor)) throw malformed(`the end cursor ${cursor} is behind the postings before it`);
  // A cursor never goes back: the page may end where we asked from (nothing new), never before.
  return { postings, duplicates, cursor: newer(after, cursor) ? after : cursor, more };
}

/** What a refusal says: the centre's {error, message}, else the status. */
async function refusal(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.message === 'string') return `${res.status} ${String(body.error ?? '')}: ${body.message}`;
  } catch {
    // not JSON: the status says it
  }
  return `HTTP ${res.status}`;
}

class Client {
  constructor(private readonly o: Required<Pick<FollowOptions, 'url' | 'key' | 'timeoutMs'>>) {}

  private async send(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.o.url.replace(/\/+$/, '')}${path}`, {
        ...init, headers: { ...init.headers, authorization: `Bearer ${this.o.key}` }, signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Transient(`the centre at ${this.o.url} did not answer: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    if (res.ok) return res;
    const why = await refusal(res);
    if (res.status === 401 || res.status === 403) throw new FollowError('key-refused', `the centre refused the key (${why}): ask its administrator for a postings key`);
    if (res.status === 429 || res.status >= 500) {
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new Transient(`the centre is busy (${why})`, Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1_000, BACKOFF.capMs) : 0);
    }
    throw new FollowError('refused', `the centre refused the request (${why})`);
  }

  async page(after: string, limit: number): Promise<string> {
    const res = await this.send(`/v1/postings?after=${after}&limit=${limit}`, { method: 'GET' });
    try {
      return await res.text();
    } catch (e) {
      throw new Transient(`the page was cut: ${(e as Error).message}`);
    }
  }

  async ack(through: string): Promise<void> {
    const res = await this.send('/v1/postings/ack', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ through }) });
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      throw new Transient(`the acknowledgement's answer was cut: ${(e as Error).message}`);
    }
    if (!PostingsAckAnswer.safeParse(json).success) throw malformed('the answer to an acknowledgement is not {through, head}');
  }
}

/** Writes one page's new postings into the day files and commits them with the state. */
function applyPage(dir: string, state: FollowState, postings: Posting[], cursor: string, step: (s: FollowStep) => void): FollowState {
  const byFile = new Map<string, Posting[]>();
  for (const p of postings) {
    const name = dayFileName(p.businessDate);
    byFile.set(name, [...(byFile.get(name) ?? []), p]);
  }
  const files = { ...state.files };
  for (const [name, rows] of byFile) {
    const committed = files[name] ?? 0;
    files[name] = appendCommitted(dir, name, committed, postingsCsv(rows, committed === 0), () => step('mid-write'));
  }
  step('written');
  const next: FollowState = { v: 1, cursor, files };
  saveState(dir, next, () => step('saving'));
  step('saved');
  return next;
}

/**
 * Reads the feed from the folder's cursor until the centre has nothing more, and acknowledges the
 * head. Start it again after it stopped anywhere (a crash, a FollowError): it picks up from the files.
 */
export async function followPostings(o: FollowOptions): Promise<FollowResult> {
  const step = o.step ?? (() => {});
  const log = o.log ?? (() => {});
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delay = o.retryDelayMs ?? ((attempt: number) => backoffMs(attempt));
  const maxAttempts = o.maxAttempts ?? 8;
  const client = new Client({ url: o.url, key: o.key, timeoutMs: o.timeoutMs ?? 60_000 });
  const recovered = recoverDir(o.out);
  for (const name of recovered.taken) log(`${name} was taken away: its day starts a new file`);
  if (recovered.tailsDropped > 0) log(`${recovered.tailsDropped} day file${recovered.tailsDropped === 1 ? '' : 's'} cut back to the saved state (a stop in the middle of a page)`);
  let state = recovered.state;
  const result: FollowResult = { cursor: state.cursor, pages: 0, written: 0, duplicates: 0, retries: 0, tailsDropped: recovered.tailsDropped };
  let failures = 0;
  const retrying = async <T>(what: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        const value = await what();
        failures = 0;
        return value;
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        failures++;
        result.retries++;
        if (failures >= maxAttempts) throw new FollowError('unreachable', `${e.message} (${failures} tries in a row)`);
        const wait = Math.max(e.retryAfterMs, delay(failures - 1));
        log(`${e.message}; trying again in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
      }
    }
  };
  const limit = o.pageLimit ?? POSTINGS_PAGE_DEFAULT;
  let acked: string | null = null;
  for (;;) {
    const after = state.cursor;
    const page = await retrying(async () => parsePage(await client.page(after, limit), after));
    step('read');
    result.pages++;
    result.duplicates += page.duplicates;
    if (page.postings.length > 0 || page.cursor !== state.cursor) {
      ensureState(o.out, recovered);
      state = applyPage(o.out, state, page.postings, page.cursor, step);
      result.written += page.postings.length;
    }
    result.cursor = state.cursor;
    // Acked after the state is saved, never before: a restart in between acks again (harmless).
    if (acked !== state.cursor) {
      await retrying(() => client.ack(state.cursor));
      acked = state.cursor;
      step('acked');
    }
    if (!page.more) return result;
  }
}
