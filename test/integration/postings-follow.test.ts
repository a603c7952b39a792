// The reference postings consumer's own edge cases, against a small in-test centre that speaks the
// feed contract (shared/postings.ts) and misbehaves on request: cut pages, pages that deliver again
// what was already applied, a crash at each step of a page (a torn tail on restart), a refused key,
// a malformed line. The exactly-once proof against the real centre is test/faults/postings-exactly-once.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postingIdOf, type Posting } from '../../shared/postings.js';
import { main } from '../../upstream/cli.js';
import { POSTINGS_CSV_COLUMNS } from '../../upstream/postings-csv.js';
import { FOLLOW_STEPS, FollowError, followPostings, parsePage, type FollowOptions, type FollowStep } from '../../upstream/postings-follow.js';
import { followCommand, POSTINGS_KEY_ENV } from '../../upstream/postings-follow-command.js';
import { FollowDirError, STATE_FILE } from '../../upstream/postings-follow-dir.js';
import { tempDir } from '../support/terminal.js';

const KEY = 'pk_test_0123456789abcdef';
const T1 = 'T0123456789AB';
const T2 = 'TABCDEF012345';

/** What the next request gets: the page as it is, or one of the faults. */
type Misbehaviour = 'cut-end' | 'cut-line' | 'destroy' | 'stale' | 'malformed' | 'http-503' | 'http-400';

class TestCentre {
  postings: Posting[] = [];
  acked = '0';
  pageLimit = 3;
  /** Faults for the next requests, in order; a request with none left is answered properly. */
  queue: Misbehaviour[] = [];
  requests = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get head(): string {
    return this.postings.at(-1)?.cursor ?? '0';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.headers.authorization !== `Bearer ${KEY}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_key', message: 'this key is not a postings key' }));
      return;
    }
    const fault = this.queue.shift();
    if (fault === 'http-503') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ error: 'unavailable', message: 'busy' }));
      return;
    }
    if (fault === 'http-400') {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request', message: 'after is not a cursor' }));
      return;
    }
    const url = new URL(req.url!, this.url);
    if (req.method === 'POST' && url.pathname === '/v1/postings/ack') {
      const { through } = JSON.parse(Buffer.concat(chunks).toString()) as { through: string };
      if (BigInt(through) > BigInt(this.acked)) this.acked = through;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ through: this.acked, head: this.head }));
      return;
    }
    const after = BigInt(url.searchParams.get('after') ?? '0');
    // A stale page starts two postings before where it was asked from: a delivery of what was applied.
    const applied = this.postings.filter((p) => BigInt(p.cursor) <= after);
    const from = fault === 'stale' && applied.length >= 3 ? BigInt(applied.at(-3)!.cursor) : after;
    const page = this.postings.filter((p) => BigInt(p.cursor) > from).slice(0, Number(url.searchParams.get('limit') ?? this.pageLimit));
    const last = page.at(-1)?.cursor ?? String(after > 0n ? after : 0n);
    const more = this.postings.some((p) => BigInt(p.cursor) > BigInt(last));
    let body = [...page.map((p) => JSON.stringify({ posting: p })), JSON.stringify({ end: { cursor: last, more } })].join('\n') + '\n';
    if (fault === 'malformed') body = body.replace('"kind":"payment"', '"kind":"refund"');
    if (fault === 'cut-end') body = body.slice(0, body.lastIndexOf('{"end"'));
    if (fault === 'cut-line') body = body.slice(0, body.length - 7);
    if (fault === 'destroy') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, 40), () => req.socket.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(body);
  }
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

let nextCursor = 100;
/** A payment at the centre, and its reversal when asked; the feed order is the order they are added. */
function payment(centre: TestCentre, o: { terminal?: string; seq: number; date?: string; account?: string; paise?: number; mode?: Posting['mode']; late?: boolean }): Posting {
  const terminalId = o.terminal ?? T1;
  const p: Posting = {
    v: 1, cursor: String((nextCursor += 7)), postingId: postingIdOf(terminalId, o.seq), kind: 'payment', accountNo: o.account ?? 'HAND0001',
    amountPaise: o.paise ?? 123_450, mode: o.mode ?? 'cash', receiptNo: `SS042-C1-2627-${String(o.seq).padStart(6, '0')}`,
    businessDate: o.date ?? '2026-11-26', at: `${o.date ?? '2026-11-26'}T06:00:00.000Z`, terminalId, seq: o.seq, eventHash: hash(`${terminalId}${o.seq}`),
    reverses: null, late: o.late ?? false,
  };
  centre.postings.push(p);
  return p;
}
function reversal(centre: TestCentre, of: Posting, seq: number, kind: 'void' | 'cheque-returned', date = of.businessDate): Posting {
  const p: Posting = {
    ...of, cursor: String((nextCursor += 7)), postingId: postingIdOf(of.terminalId, seq), kind, amountPaise: -of.amountPaise, businessDate: date,
    seq, eventHash: hash(`${of.terminalId}${seq}`), reverses: of.postingId, late: date !== of.businessDate,
  };
  centre.postings.push(p);
  return p;
}

function someFeed(centre: TestCentre): void {
  const a = payment(centre, { seq: 1, paise: 50_000 });
  payment(centre, { seq: 2, mode: 'upi', paise: 1 });
  const c = payment(centre, { seq: 3, mode: 'cheque', paise: 999_999 });
  payment(centre, { terminal: T2, seq: 1, date: '2026-11-27', mode: 'card' });
  reversal(centre, a, 4, 'void');
  payment(centre, { terminal: T2, seq: 2, date: '2026-11-27', mode: 'dd' });
  reversal(centre, c, 5, 'cheque-returned', '2026-11-28');
  payment(centre, { seq: 6, date: '2026-11-25', late: true });
}

/** Every day file's rows, as records keyed by the header. */
function rows(dir: string): Record<string, string>[] {
  return readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().flatMap((f) => parse(readFileSync(join(dir, f)), { columns: true }) as Record<string, string>[]);
}
const dirState = (dir: string) => JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as { cursor: string; files: Record<string, number> };
/** The folder's bytes, to show a refusal changed nothing. */
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

let centre: TestCentre;
let dir: string;
const base = (): FollowOptions => ({ url: centre.url, key: KEY, out: dir, timeoutMs: 2_000, retryDelayMs: () => 0, pageLimit: centre.pageLimit });

beforeEach(async () => {
  centre = new TestCentre();
  await centre.start();
  dir = tempDir('counterfoil-postings-follow-');
});
afterEach(async () => {
  await centre.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('postings follow: the daily files', () => {
  it('writes each posting once into the file of its business date, in the documented layout, and acks the head', async () => {
    someFeed(centre);
    const r = await followPostings(base());
    expect(r).toMatchObject({ written: 8, duplicates: 0, retries: 0, cursor: centre.head });
    expect(r.pages).toBe(3);
    expect(centre.acked).toBe(centre.head);
    expect(readdirSync(dir).sort()).toEqual([STATE_FILE, 'postings-2026-11-25.csv', 'postings-2026-11-26.csv', 'postings-2026-11-27.csv', 'postings-2026-11-28.csv'].sort());
    const text = readFileSync(join(dir, 'postings-2026-11-26.csv'), 'utf8');
    expect(text.startsWith(`${POSTINGS_CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`)).toBe(true);
    expect(text.split('\r\n')[1]).toBe(
      `"${T1}-1","payment","HAND0001","500.00","50000","cash","SS042-C1-2627-000001","2026-11-26","2026-11-26T06:00:00.000Z","${T1}","1","${hash(`${T1}1`)}","","no"`,
    );
    const all = rows(dir);
    expect(all.map((x) => x.posting_id).sort()).toEqual(centre.postings.map((p) => p.postingId).sort());
    const returned = all.find((x) => x.kind === 'cheque-returned')!;
    expect(returned).toMatchObject({ amount: '-9999.99', amount_paise: '-999999', reverses: `${T1}-3`, business_date: '2026-11-28', late: 'yes', mode: 'cheque' });
    expect(all.find((x) => x.posting_id === `${T1}-2`)).toMatchObject({ amount: '0.01', amount_paise: '1', mode: 'upi' });
    expect(dirState(dir)).toMatchObject({ cursor: centre.head });
    // Nothing new: one page, nothing written, nothing acked again.
    const requests = centre.requests;
    expect(await followPostings(base())).toMatchObject({ written: 0, pages: 1, cursor: centre.head });
    expect(centre.requests - requests).toBe(2); // the page, and the ack of a fresh start
    // New postings append to an existing day's file without a second header.
    payment(centre, { seq: 7 });
    expect(await followPostings(base())).toMatchObject({ written: 1 });
    expect(readFileSync(join(dir, 'postings-2026-11-26.csv'), 'utf8').match(/posting_id/g)).toHaveLength(1);
    expect(rows(dir)).toHaveLength(9);
  });

  it('keeps text from the feed on one line and never a formula', async () => {
    payment(centre, { seq: 1, account: '=HYPERLINK("http://x")' });
    centre.postings[0]!.receiptNo = '@SUM(1)\r\n"x"';
    await followPostings(base());
    const [row] = rows(dir);
    expect(row).toMatchObject({ account_no: `'=HYPERLINK("http://x")`, receipt_no: `'@SUM(1) "x"` });
    expect(readFileSync(join(dir, 'postings-2026-11-26.csv'), 'utf8').split('\r\n')).toHaveLength(3);
  });
});

describe('postings follow: pages that are not whole', () => {
  it('applies nothing of a page without its end line, or cut in a line, or cut on the wire, and reads it again', async () => {
    someFeed(centre);
    centre.queue = ['cut-end', 'cut-line', 'destroy', 'http-503'];
    const seen: FollowStep[] = [];
    const r = await followPostings({ ...base(), step: (s) => seen.push(s) });
    expect(r).toMatchObject({ written: 8, retries: 4, duplicates: 0 });
    // The first page read whole is the first 'read': nothing was written before it.
    expect(seen.slice(0, 2)).toEqual(['read', 'mid-write']);
    expect(rows(dir).map((x) => x.posting_id)).toEqual(expect.arrayContaining(centre.postings.map((p) => p.postingId)));
    expect(rows(dir)).toHaveLength(8);
  });

  it('parsePage refuses what is not a whole page and skips what was already applied', () => {
    const line = (p: Posting) => JSON.stringify({ posting: p });
    const [a, b] = [payment(centre, { seq: 1 }), payment(centre, { seq: 2 })];
    const end = (cursor: string, more = false) => JSON.stringify({ end: { cursor, more } });
    expect(() => parsePage(`${line(a)}\n${line(b)}\n`, '0')).toThrow(/without its end line/);
    expect(() => parsePage(`${line(a)}\n${end(b.cursor)}`, '0')).toThrow(/cut in a line/);
    expect(parsePage(`${line(a)}\n${line(b)}\n${end(b.cursor)}\n`, a.cursor)).toMatchObject({ postings: [b], duplicates: 1, cursor: b.cursor });
    expect(() => parsePage(`${line(b)}\n${line(a)}\n${end(b.cursor)}\n`, '0')).toThrow(FollowError);
    expect(() => parsePage(`${line(a)}\n${line(a)}\n${end(a.cursor)}\n`, '0')).toThrow(/out of feed order/);
    expect(() => parsePage(`${line(b)}\n${end(a.cursor)}\n`, '0')).toThrow(/behind/);
    expect(() => parsePage(`${line({ ...a, postingId: `${T2}-1` })}\n${end(a.cursor)}\n`, '0')).toThrow(/not its terminal and seq/);
    expect(() => parsePage(`${line({ ...a, amountPaise: -5 })}\n${end(a.cursor)}\n`, '0')).toThrow(/a payment of -5 paise/);
    expect(() => parsePage(`${line({ ...a, kind: 'void' })}\n${end(a.cursor)}\n`, '0')).toThrow(/a void of/);
    expect(() => parsePage(`${line({ ...a, businessDate: '2026-02-30' })}\n${end(a.cursor)}\n`, '0')).toThrow(/not a date/);
    expect(() => parsePage(`{"posting": 1}\n${end(a.cursor)}\n`, '0')).toThrow(/line 1: posting/);
    expect(() => parsePage(`not json\n${end(a.cursor)}\n`, '0')).toThrow(/line 1 is not JSON/);
    // An end behind where we asked from is read as no progress, never as a step back.
    expect(parsePage(`${end('5')}\n`, b.cursor)).toMatchObject({ postings: [], cursor: b.cursor });
  });

  it('skips a page delivered again over what was applied: each posting stays once', async () => {
    someFeed(centre);
    await followPostings({ ...base(), step: (s) => { if (s === 'acked' && centre.queue.length === 0 && centre.acked === centre.postings[2]!.cursor) centre.queue = ['stale']; } });
    const r = rows(dir).map((x) => x.posting_id);
    expect(r).toHaveLength(8);
    expect(new Set(r).size).toBe(8);
    payment(centre, { seq: 9 });
    centre.queue = ['stale'];
    const again = await followPostings(base());
    expect(again).toMatchObject({ written: 1, duplicates: 2 });
    expect(rows(dir)).toHaveLength(9);
  });
});

describe('postings follow: restarts', () => {
  for (const at of FOLLOW_STEPS) {
    it(`a crash at '${at}' leaves files that a restart completes with each posting once`, async () => {
      someFeed(centre);
      let crashes = 0;
      const crashOnce = (s: FollowStep) => {
        // The second page's step, so that a file already holds committed rows when the crash comes.
        if (s === at && centre.acked === centre.postings[2]!.cursor && crashes === 0) {
          crashes++;
          throw new Error(`crash at ${s}`);
        }
      };
      await expect(followPostings({ ...base(), step: crashOnce })).rejects.toThrow(`crash at ${at}`);
      const sizeBefore = readFileSync(join(dir, 'postings-2026-11-26.csv')).length;
      const r = await followPostings(base());
      const torn = at === 'mid-write' || at === 'written' || at === 'saving';
      expect(r.tailsDropped > 0, 'a torn or uncommitted tail cut on restart').toBe(torn);
      if (at === 'mid-write') expect(readFileSync(join(dir, 'postings-2026-11-26.csv')).length).toBeGreaterThan(0);
      expect(sizeBefore).toBeGreaterThan(0);
      const ids = rows(dir).map((x) => x.posting_id);
      expect(ids.sort()).toEqual(centre.postings.map((p) => p.postingId).sort());
      expect(centre.acked).toBe(centre.head);
      expect(existsSync(join(dir, `${STATE_FILE}.tmp`))).toBe(false);
    });
  }

  it('a crash in the very first page leaves a state that a restart resumes from', async () => {
    someFeed(centre);
    let crashed = false;
    const crashFirst = (s: FollowStep) => {
      if (s === 'mid-write' && !crashed) {
        crashed = true;
        throw new Error('crash in the first page');
      }
    };
    await expect(followPostings({ ...base(), step: crashFirst })).rejects.toThrow('crash in the first page');
    expect(dirState(dir)).toEqual({ v: 1, cursor: '0', files: {} });
    expect(await followPostings(base())).toMatchObject({ written: 8, tailsDropped: 1 });
    expect(rows(dir).map((x) => x.posting_id).sort()).toEqual(centre.postings.map((p) => p.postingId).sort());
  });

  it('cuts a torn tail back to the committed length before reading on', async () => {
    someFeed(centre);
    await followPostings(base());
    const file = join(dir, 'postings-2026-11-26.csv');
    const whole = readFileSync(file);
    writeFileSync(file, Buffer.concat([whole, Buffer.from('"T0123456789AB-99","paym')]));
    writeFileSync(join(dir, 'postings-2026-12-01.csv'), '"posting_id","kind"\r\n"T0');
    const r = await followPostings(base());
    expect(r).toMatchObject({ tailsDropped: 2, written: 0 });
    expect(readFileSync(file)).toEqual(whole);
    expect(existsSync(join(dir, 'postings-2026-12-01.csv'))).toBe(false);
  });
});

describe('postings follow: refusals change nothing', () => {
  it('a refused key is said in words, and nothing is written', async () => {
    someFeed(centre);
    const err = await followPostings({ ...base(), key: 'pk_wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FollowError);
    expect(err).toMatchObject({ code: 'key-refused', message: expect.stringMatching(/refused the key .*this key is not a postings key/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a malformed line in a whole page stops with an error and applies nothing of that page', async () => {
    someFeed(centre);
    await followPostings({ ...base(), pageLimit: 3, step: (s) => { if (s === 'acked') centre.queue = ['malformed']; } }).catch((e: unknown) => {
      expect(e).toMatchObject({ code: 'malformed', message: expect.stringMatching(/malformed postings page: line 1: posting.kind/) });
    });
    const before = snapshot(dir);
    expect(dirState(dir).cursor).toBe(centre.postings[2]!.cursor);
    centre.queue = ['malformed'];
    await expect(followPostings(base())).rejects.toMatchObject({ code: 'malformed' });
    expect(snapshot(dir)).toEqual(before);
    expect(centre.acked).toBe(centre.postings[2]!.cursor);
  });

  it('a request the centre refuses, and a centre that does not answer, stop with a clear error', async () => {
    someFeed(centre);
    centre.queue = ['http-400'];
    await expect(followPostings(base())).rejects.toMatchObject({ code: 'refused', message: expect.stringMatching(/refused the request \(400 bad_request: after is not a cursor\)/) });
    await centre.close();
    await expect(followPostings({ ...base(), maxAttempts: 3 })).rejects.toMatchObject({
      code: 'unreachable', message: expect.stringMatching(/did not answer: ECONNREFUSED \(3 tries in a row\)/),
    });
    expect(readdirSync(dir)).toEqual([]);
    await centre.start();
  });

  it('a folder it cannot vouch for is refused as it is', async () => {
    someFeed(centre);
    writeFileSync(join(dir, 'postings-2026-11-26.csv'), 'rows from somewhere');
    await expect(followPostings(base())).rejects.toThrow(/holds postings files but no postings-follow.state.json/);
    rmSync(join(dir, 'postings-2026-11-26.csv'));
    await followPostings(base());
    const file = join(dir, 'postings-2026-11-26.csv');
    writeFileSync(file, readFileSync(file).subarray(0, 10));
    const before = snapshot(dir);
    await expect(followPostings(base())).rejects.toThrow(FollowDirError);
    expect(snapshot(dir)).toEqual(before);
    writeFileSync(join(dir, STATE_FILE), '{"v":1,"cursor":"-1","files":{}}');
    await expect(followPostings(base())).rejects.toThrow(/is not a postings state file \(cursor: a cursor is/);
    // A day file taken away while the consumer was stopped starts again with its header.
    const sub = join(dir, 'again');
    mkdirSync(sub);
    await followPostings({ ...base(), out: sub });
    rmSync(join(sub, 'postings-2026-11-27.csv'));
    payment(centre, { terminal: T2, seq: 3, date: '2026-11-27' });
    const logged: string[] = [];
    await followPostings({ ...base(), out: sub, log: (l) => logged.push(l) });
    expect(logged).toContain('postings-2026-11-27.csv was taken away: its day starts a new file');
    expect(rows(sub).filter((x) => x.business_date === '2026-11-27').map((x) => x.posting_id)).toEqual([`${T2}-3`]);
  });
});

describe('counterfoil-upstream postings follow', () => {
  it('takes the key from a file or the environment, never argv, and exits by the documented statuses', async () => {
    someFeed(centre);
    const keyFile = join(dir, '..', `key-${process.pid}`);
    writeFileSync(keyFile, `${KEY}\n`);
    const out = join(dir, 'files');
    mkdirSync(out);
    try {
      expect(await main(['postings', 'follow', '--url', centre.url, '--out', out, '--key-file', keyFile, '--once'])).toBe(0);
      expect(rows(out)).toHaveLength(8);
      expect(await main(['postings', 'follow', '--url', centre.url, '--out', out, '--key', KEY, '--once'])).toBe(2);
      expect(await main(['postings', 'sideways', '--url', centre.url, '--out', out])).toBe(2);
      expect(await main(['postings', 'follow', '--url', 'ftp://x', '--out', out])).toBe(2);
      const lines: string[] = [];
      const o = { url: centre.url, out, once: true, intervalS: 60 };
      expect(await followCommand({ ...o, env: {} }, (l) => lines.push(l), (l) => lines.push(l))).toBe(2);
      expect(lines.at(-1)).toMatch(new RegExp(`--key-file FILE, or the environment variable ${POSTINGS_KEY_ENV}`));
      expect(await followCommand({ ...o, env: { [POSTINGS_KEY_ENV]: 'pk_wrong' } }, (l) => lines.push(l), (l) => lines.push(l))).toBe(3);
      expect(await followCommand({ ...o, env: { [POSTINGS_KEY_ENV]: 'a b' } }, (l) => lines.push(l), (l) => lines.push(l))).toBe(2);
      payment(centre, { seq: 10 });
      expect(await followCommand({ ...o, env: { [POSTINGS_KEY_ENV]: KEY } }, (l) => lines.push(l), () => undefined)).toBe(0);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ written: 1, cursor: centre.head });
      centre.queue = ['malformed'];
      payment(centre, { seq: 11 });
      expect(await followCommand({ ...o, env: { [POSTINGS_KEY_ENV]: KEY } }, () => undefined, () => undefined)).toBe(5);
      // Follow mode: runs again after each interval until something stops it.
      const sleeps: number[] = [];
      let rounds = 0;
      const code = await followCommand({ ...o, once: false, intervalS: 7, env: { [POSTINGS_KEY_ENV]: KEY }, options: { retryDelayMs: () => 0 },
        sleep: async (ms) => { sleeps.push(ms); if (++rounds === 2) centre.postings.push({ ...centre.postings[0]!, cursor: String(nextCursor += 7), businessDate: 'x' }); } },
      () => undefined, () => undefined);
      expect(code).toBe(5);
      expect(sleeps).toEqual([7_000, 7_000]);
      expect(rows(out)).toHaveLength(10);
    } finally {
      rmSync(keyFile, { force: true });
    }
  });
});
