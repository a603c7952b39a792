// The consumer feed, terminal side (DESIGN §6): pages of changed records after a cursor, read as a
// stream and written in small transactions, so 600,000 consumers never sit in memory at once and
// a cashier's lookup waits at most one small write (`npm run bench:sync` measures it). The cursor
// moves only when a page's end line arrives: a cut page is read again next time (writes are
// upserts, so that is harmless). It asks for the counter record: a mobile's last 4 digits, never the
// whole number (issue 15 #10), with what the centre knows was paid and not applied (version 3,
// issue 19); a centre from before version 3 refuses it, and is asked for version 2 instead.
import { ConsumerRecord, CounterConsumerRecord, CounterConsumerRecord3, counterRecordOf } from '../../shared/consumer-record.js';
import { CounterfoilError } from '../../shared/errors.js';
import { FEED_PAGE_DEFAULT, FEED_RECORD_COUNTER, FeedEnd, type FeedRecordVersion } from '../../shared/upstream-api.js';
import { upsertConsumers } from '../consumers/store.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import { messageOf, readJson, Unreachable, upstreamFetch } from './http.js';
import { noteFailure, noteSuccess, syncRow } from './state.js';

// Small: a lookup waits for the write in progress, and the search index grows with each one.
const WRITE_BATCH = 200;

export interface ConsumerDownload {
  /** 'more': stopped at maxPages with pages left; the cursor resumes there. */
  outcome: 'done' | 'more' | 'unreachable' | 'error';
  records: number;
  pages: number;
  cursor: string;
}

class BadFeed extends Error {}

/** Reads NDJSON lines from a streamed body, one at a time. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of body) {
    rest += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line.trim()) yield line;
    }
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest;
}

/** Applies one page; returns its end line, or throws Unreachable when the page was cut. */
async function applyPage(t: Terminal, body: ReadableStream<Uint8Array>): Promise<{ records: number; cursor: string; more: boolean }> {
  let batch: (CounterConsumerRecord | CounterConsumerRecord3)[] = [];
  let records = 0;
  const flush = () => {
    if (batch.length) upsertConsumers(t.db, batch, t.clock());
    records += batch.length;
    batch = [];
  };
  try {
    for await (const line of lines(body)) {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new BadFeed(`line ${records + batch.length + 1} is not JSON`);
      }
      if (typeof json === 'object' && json && 'end' in json) {
        const end = FeedEnd.safeParse(json);
        if (!end.success) throw new BadFeed('the end line is malformed');
        flush();
        return { records, cursor: end.data.end.cursor, more: end.data.end.more };
      }
      const consumer = (json as { consumer?: unknown }).consumer;
      const v3 = CounterConsumerRecord3.safeParse(consumer);
      let r = v3.success ? v3 : CounterConsumerRecord.safeParse(consumer);
      if (!r.success && typeof consumer === 'object' && consumer && 'postedNotApplied' in consumer) {
        // A note this counter cannot read is dropped, never the record with it: one odd receipt
        // must not stop every consumer's updates.
        const { postedNotApplied: _unread, ...rest } = consumer as Record<string, unknown>;
        r = CounterConsumerRecord.safeParse(rest);
      }
      if (r.success) batch.push(r.data);
      else {
        // A centre from before the counter record sends the whole one: keep only what a counter keeps.
        const whole = ConsumerRecord.safeParse(consumer);
        if (!whole.success) throw new BadFeed(`record ${records + batch.length + 1}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
        batch.push(counterRecordOf(whole.data));
      }
      if (batch.length === WRITE_BATCH) {
        flush();
        // Let waiting lookups and payments run between two writes.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (e) {
    if (e instanceof BadFeed) throw e;
    throw new Unreachable(`the page was cut: ${(e as Error).message}`);
  }
  throw new Unreachable('the page ended without its end line');
}

export async function downloadConsumers(
  t: Terminal,
  opts: { timeoutMs?: number; pageLimit?: number; maxPages?: number; onPage?: (p: { records: number; cursor: string }) => void } = {},
): Promise<ConsumerDownload> {
  const row = syncRow(t);
  if (!row) throw new CounterfoilError('NOT_ENROLLED');
  let cursor = row.consumer_cursor;
  let records = 0;
  let pages = 0;
  const limit = opts.pageLimit ?? FEED_PAGE_DEFAULT;
  let version: FeedRecordVersion = FEED_RECORD_COUNTER;
  for (;;) {
    try {
      const res = await upstreamFetch(t, row.upstream_url, {
        method: 'GET', path: `/v1/terminals/${t.id}/consumers?after=${cursor}&limit=${limit}&record=${version}`, signed: true, timeoutMs: opts.timeoutMs ?? 120_000,
      });
      if (res.status !== 200 || !res.body) {
        const json = await readJson(res);
        if (res.status === 400 && version === '3' && (json as { error?: unknown } | null)?.error === 'invalid_record') {
          version = '2'; // a centre from before version 3: the counter record alone
          continue;
        }
        noteFailure(t, 'degraded', res.status >= 500 ? 'UPSTREAM_ERROR' : 'UPSTREAM_REFUSED', { detail: messageOf(json, res.status) });
        return { outcome: 'error', records, pages, cursor };
      }
      const page = await applyPage(t, res.body);
      records += page.records;
      pages++;
      cursor = page.cursor;
      stmt(t.db, 'UPDATE sync_state SET consumer_cursor = ?, consumers_synced_at = ? WHERE id = 1').run(cursor, t.clock().toISOString());
      noteSuccess(t);
      opts.onPage?.({ records, cursor });
      if (!page.more) return { outcome: 'done', records, pages, cursor };
      if (opts.maxPages !== undefined && pages >= opts.maxPages) return { outcome: 'more', records, pages, cursor };
    } catch (e) {
      if (e instanceof BadFeed) {
        noteFailure(t, 'degraded', 'UPSTREAM_ERROR', { detail: `consumer feed: ${e.message}` });
        return { outcome: 'error', records, pages, cursor };
      }
      if (!(e instanceof Unreachable) && (e as Error).name !== 'TimeoutError') throw e;
      noteFailure(t, 'offline', 'UPSTREAM_UNREACHABLE', { detail: (e as Error).message });
      return { outcome: 'unreachable', records, pages, cursor };
    }
  }
}
