// Issue 19: the postings feed to billing (/v1/postings, shared/postings.ts, docs/billing.md). A
// real terminal takes payments in several modes, voids one, closes its day, has a cheque returned
// after the close and signs a payment back-dated to the closed day; it syncs to the centre, and
// the feed holds exactly one posting per such event with every field what the signed event says.
// Paging, re-reading, acknowledging, the keys (made, revoked, refused), the limits, the cursor
// order under concurrent ingest on PostgreSQL, and the migration's backfill of history.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../core/ledger/journal.js';
import { businessDate } from '../../shared/dates.js';
import type { EventDataOf } from '../../shared/journal-event.js';
import { Posting, PostingLine, PostingsAckAnswer, postingIdOf } from '../../shared/postings.js';
import { FeedEnd } from '../../shared/upstream-api.js';
import { listAdminLog, verifyAdminLog } from '../../upstream/admin-log.js';
import { serverKey } from '../../upstream/crypto.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { ingestJournal } from '../../upstream/ingest.js';
import { keyFingerprint, makePostingsClient, revokePostingsClient } from '../../upstream/postings/clients.js';
import { postingsPage } from '../../upstream/postings/feed.js';
import { buildServer } from '../../upstream/server.js';
import { migrateUpstream, type Sql } from '../../upstream/store.js';
import { makeTerminal, PINS, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

type Page = { postings: Posting[]; end: { cursor: string; more: boolean } };

/** A page's lines, each checked against the contract; exactly one end line, last. */
function pageOf(body: string): Page {
  const lines = body.split('\n');
  expect(lines.pop()).toBe('');
  const end = FeedEnd.parse(JSON.parse(lines.pop()!)).end;
  return { postings: lines.map((l) => PostingLine.parse(JSON.parse(l)).posting), end };
}

const journalOf = (tt: TestTerminal, from = 1) =>
  (tt.t.db.prepare('SELECT seq, body, sig FROM journal WHERE seq >= ? ORDER BY seq').all(from) as { seq: number; body: string; sig: Buffer }[])
    .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
const hashOf = (tt: TestTerminal, seq: number) => createHash('sha256').update((tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(seq) as { body: string }).body, 'utf8').digest('hex');

describe.each(upstreamBackends())('issue 19: the postings feed to billing ($name)', (backend) => {
  let clock = new Date('2026-11-26T06:00:00.000Z');
  const day = businessDate(clock);
  let tt: TestTerminal;
  let sql: Sql;
  let app: FastifyInstance;
  let key: string;
  let clientId: string;
  type Receipt = { receiptNo: string; seq: number };
  const receipts = {} as Record<'cash' | 'cheque' | 'upi' | 'card' | 'dd' | 'voided', Receipt>;
  let voidSeq = 0;
  let returnSeq = 0;
  let lateSeq = 0;

  const read = (query: string, k: string | null = key, on = app) =>
    on.inject({ method: 'GET', url: `/v1/postings${query}`, headers: k === null ? {} : { authorization: `Bearer ${k}` } });
  const ack = (through: unknown, k: string = key) =>
    app.inject({ method: 'POST', url: '/v1/postings/ack', headers: { authorization: `Bearer ${k}` }, payload: { through } });
  const whole = async (k = key) => {
    const r = await read('?after=0', k);
    expect(r.statusCode, r.body).toBe(200);
    return pageOf(r.body);
  };
  const counts = async () => sql.query<{ postings: string; acked: string }>('SELECT (SELECT COUNT(*) FROM postings)::text AS postings, (SELECT acked_through::text FROM postings_clients WHERE id = $1) AS acked', [clientId]);

  beforeAll(async () => {
    tt = await makeTerminal({ now: clock.toISOString() });
    const asha = await tt.login('asha');
    const base = (i: number, amountPaise: number) => ({ session: asha, idempotencyKey: `postings-${i}-xxxx`, accountNo: '2100000007', amountPaise, autoOpenShift: true });
    receipts.cash = await tt.call('payment.record', { ...base(1, 10_000), mode: 'cash' });
    receipts.cheque = await tt.call('payment.record', { ...base(2, 25_000), accountNo: '2100000015', mode: 'cheque', instrument: { number: '123456', bank: 'State Bank of India', date: day } });
    receipts.upi = await tt.call('payment.record', { ...base(3, 20_000), mode: 'upi', instrument: { utr: '123456789012' } });
    receipts.card = await tt.call('payment.record', { ...base(4, 30_000), mode: 'card', instrument: { last4: '4242', approval: 'A1B2C3' } });
    receipts.dd = await tt.call('payment.record', { ...base(5, 15_000), mode: 'dd', instrument: { number: '654321', bank: 'Canara Bank', date: day } });
    receipts.voided = await tt.call('payment.record', { ...base(6, 12_000), mode: 'cash' });
    voidSeq = (await tt.call('payment.void', { session: asha, receiptNo: receipts.voided.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'typed twice' })).seq;
    await tt.call('shift.close', { session: asha, count: { notes: { '100': 1 }, coinsPaise: 0 } });
    const meena = await tt.login('meena');
    await tt.call('day.close', { session: meena, date: day });
    // The next morning: the cheque comes back unpaid (a reversal of a closed day), and a payment
    // signed for the closed day (a back-dated clock) arrives: both late corrections.
    clock = new Date('2026-11-27T05:00:00.000Z');
    tt.clock.now = clock;
    returnSeq = (await tt.call('cheque.return', { session: await tt.login('meena'), receiptNo: receipts.cheque.receiptNo, returnedOn: businessDate(clock), reason: 'signature differs' })).seq;
    const body = JSON.parse((tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(receipts.cash.seq) as { body: string }).body).data as EventDataOf<'payment.recorded'>;
    lateSeq = tt.t.db.transaction(() => appendEvent(tt.t.db, tt.t.signer, tt.t.id, 'payment.recorded', { ...body, receiptNo: 'LATE-1', idempotencyKey: 'postings-late-xxxx', amountPaise: 7_000 }, clock)).immediate().seq;

    sql = await backend.open();
    app = await buildServer(sql, { now: () => clock, postingsRequests: { max: 10_000, timeWindow: 60_000 } });
    const code = await makeEnrollCode(sql, 'SS042', 'C1');
    const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
    expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: 'C1' } })).statusCode).toBe(200);
    // Two batches, as a terminal syncs: up to the void, then the rest.
    const events = journalOf(tt);
    for (const batch of [events.filter((e) => e.seq <= voidSeq), events.filter((e) => e.seq > voidSeq)]) {
      const r = await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events: batch } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const made = await makePostingsClient(sql, { name: 'Billing A', by: 'admin1', now: clock });
    key = made.key;
    clientId = made.client.id;
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    tt?.close();
  });

  it('holds exactly one posting per payment, void, returned cheque and late payment, every field what the signed event says', async () => {
    const { postings, end } = await whole();
    const T = tt.t.id;
    const id = (seq: number) => postingIdOf(T, seq);
    const expected = [
      { seq: receipts.cash.seq, kind: 'payment', accountNo: '2100000007', amountPaise: 10_000, mode: 'cash', receiptNo: receipts.cash.receiptNo, businessDate: day, reverses: null, late: false },
      { seq: receipts.cheque.seq, kind: 'payment', accountNo: '2100000015', amountPaise: 25_000, mode: 'cheque', receiptNo: receipts.cheque.receiptNo, businessDate: day, reverses: null, late: false },
      { seq: receipts.upi.seq, kind: 'payment', accountNo: '2100000007', amountPaise: 20_000, mode: 'upi', receiptNo: receipts.upi.receiptNo, businessDate: day, reverses: null, late: false },
      { seq: receipts.card.seq, kind: 'payment', accountNo: '2100000007', amountPaise: 30_000, mode: 'card', receiptNo: receipts.card.receiptNo, businessDate: day, reverses: null, late: false },
      { seq: receipts.dd.seq, kind: 'payment', accountNo: '2100000007', amountPaise: 15_000, mode: 'dd', receiptNo: receipts.dd.receiptNo, businessDate: day, reverses: null, late: false },
      { seq: receipts.voided.seq, kind: 'payment', accountNo: '2100000007', amountPaise: 12_000, mode: 'cash', receiptNo: receipts.voided.receiptNo, businessDate: day, reverses: null, late: false },
      { seq: voidSeq, kind: 'void', accountNo: '2100000007', amountPaise: -12_000, mode: 'cash', receiptNo: receipts.voided.receiptNo, businessDate: day, reverses: id(receipts.voided.seq), late: false },
      { seq: returnSeq, kind: 'cheque-returned', accountNo: '2100000015', amountPaise: -25_000, mode: 'cheque', receiptNo: receipts.cheque.receiptNo, businessDate: '2026-11-27', reverses: id(receipts.cheque.seq), late: true },
      { seq: lateSeq, kind: 'payment', accountNo: '2100000007', amountPaise: 7_000, mode: 'cash', receiptNo: 'LATE-1', businessDate: day, reverses: null, late: true },
    ];
    expect(postings.map(({ seq, kind, accountNo, amountPaise, mode, receiptNo, businessDate: d, reverses, late }) => ({ seq, kind, accountNo, amountPaise, mode, receiptNo, businessDate: d, reverses, late }))).toEqual(expected);
    for (const [i, p] of postings.entries()) {
      expect(p.cursor).toBe(String(i + 1));
      expect(p.postingId).toBe(id(p.seq));
      expect(p.terminalId).toBe(T);
      expect(p.eventHash).toBe(hashOf(tt, p.seq));
      const [held] = await sql.query<{ hash: string; at: string }>("SELECT encode(hash, 'hex') AS hash, body::jsonb ->> 'at' AS at FROM events WHERE terminal_id = $1 AND seq = $2", [T, p.seq]);
      expect(p.eventHash).toBe(held!.hash);
      expect(p.at).toBe(held!.at);
    }
    expect(end).toEqual({ cursor: '9', more: false });
    // Nothing else the terminal journaled (shift opened and closed, day closed, login …) posts.
    expect((await sql.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM events WHERE terminal_id = $1', [T]))[0]!.n).toBeGreaterThan(postings.length);
  });

  it('re-sending the journal (a replay) adds nothing to the feed', async () => {
    const r = await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events: journalOf(tt) } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await whole()).postings).toHaveLength(9);
  });

  it('pages with a small limit return every posting once, in order; re-reading a cursor gives the same postings', async () => {
    const all = (await whole()).postings;
    for (const limit of [1, 2, 4]) {
      const seen: Posting[] = [];
      let after = '0';
      for (;;) {
        const r = await read(`?after=${after}&limit=${limit}`);
        expect(r.headers['content-type']).toMatch(/^application\/x-ndjson/);
        const page = pageOf(r.body);
        expect(page.postings.length).toBeLessThanOrEqual(limit);
        const again = await read(`?after=${after}&limit=${limit}`);
        expect(again.body).toBe(r.body);
        seen.push(...page.postings);
        if (!page.end.more) {
          expect(page.end.cursor).toBe(after === '0' && page.postings.length === 0 ? '0' : page.postings.at(-1)?.cursor ?? after);
          break;
        }
        expect(page.end.cursor).toBe(page.postings.at(-1)!.cursor);
        after = page.end.cursor;
      }
      expect(seen).toEqual(all);
    }
    // Past the head: an empty page that ends where it was asked from.
    expect(pageOf((await read('?after=9')).body)).toEqual({ postings: [], end: { cursor: '9', more: false } });
    expect(pageOf((await read('?after=500')).body)).toEqual({ postings: [], end: { cursor: '500', more: false } });
  });

  it('a bad cursor or limit is a 400 that changes nothing', async () => {
    const before = await counts();
    for (const q of ['?after=-1', '?after=abc', '?after=1.5', '?after=', '?after=9999999999999999999', '?after=1&after=2', '?limit=0', '?limit=5001', '?limit=x', '?limit=1e3', '?limit=']) {
      const r = await read(q);
      expect(r.statusCode, q).toBe(400);
      expect(r.json(), q).toMatchObject({ error: expect.stringMatching(/^invalid_(cursor|limit)$/), message: expect.any(String) });
    }
    expect(await counts()).toEqual(before);
  });

  it('no key, a malformed, an unknown or a revoked key is a 401 with a clear message', async () => {
    const before = await counts();
    const noKey = await read('', null);
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()).toEqual({ error: 'unauthorized', message: expect.stringMatching(/Authorization: Bearer/) });
    expect(noKey.headers['www-authenticate']).toMatch(/^Bearer/);
    const basic = await app.inject({ method: 'GET', url: '/v1/postings', headers: { authorization: `Basic ${key}` } });
    expect(basic.statusCode).toBe(401);
    expect((await read('', 'not-a-key')).json().message).toMatch(/not a postings key/);
    const unknown = `cfp_${'A'.repeat(43)}`;
    expect((await read('', unknown)).json()).toEqual({ error: 'unauthorized', message: 'unknown postings key' });
    expect((await ack('1', unknown)).statusCode).toBe(401);
    const other = await makePostingsClient(sql, { name: 'Short lived', by: 'admin1', now: clock });
    expect((await read('', other.key)).statusCode).toBe(200);
    await revokePostingsClient(sql, { id: other.client.id, by: 'admin1', now: clock });
    const revoked = await read('', other.key);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().message).toMatch(/"Short lived" was revoked/);
    expect((await ack('1', other.key)).statusCode).toBe(401);
    await expect(revokePostingsClient(sql, { id: other.client.id, by: 'admin1' })).rejects.toThrow(/was revoked/);
    // The revoked client's acknowledgement never moved.
    const [row] = await sql.query<{ acked_through: string }>('SELECT acked_through::text AS acked_through FROM postings_clients WHERE id = $1', [other.client.id]);
    expect(row!.acked_through).toBe('0');
    expect(await counts()).toEqual(before);
  });

  it('a key is kept only as its SHA-256; making and revoking are signed admin-log entries naming its fingerprint, never the key', async () => {
    const made = await makePostingsClient(sql, { name: 'Billing Audit', by: 'admin1', now: clock });
    expect(made.key).toMatch(/^cfp_[A-Za-z0-9_-]{43}$/);
    const [row] = await sql.query<{ key_hash: Uint8Array }>('SELECT key_hash FROM postings_clients WHERE id = $1', [made.client.id]);
    expect(Buffer.from(row!.key_hash).toString('hex')).toBe(createHash('sha256').update(made.key).digest('hex'));
    await revokePostingsClient(sql, { id: made.client.id, by: 'admin2', now: clock });
    const dump = JSON.stringify(await sql.query('SELECT * FROM postings_clients')) + JSON.stringify(await sql.query('SELECT body FROM admin_log'));
    expect(dump).not.toContain(made.key.slice(4));
    const entries = (await listAdminLog(sql, 50)).filter((e) => e.subject === 'Billing Audit');
    expect(entries.map((e) => [e.action, e.actor])).toEqual([['postings.client-revoked', 'admin2'], ['postings.client-made', 'admin1']]);
    expect(entries[1]!.after).toEqual({ client: made.client.id, fingerprint: keyFingerprint(made.key) });
    expect(made.client.fingerprint).toBe(keyFingerprint(made.key));
    expect((await verifyAdminLog(sql, (await serverKey(sql)).publicRaw)).ok).toBe(true);
    // The same name twice while live is refused; once revoked, the name may have a new key.
    const live = await makePostingsClient(sql, { name: 'Billing Twice', by: 'admin1', now: clock });
    await expect(makePostingsClient(sql, { name: 'Billing Twice', by: 'admin1', now: clock })).rejects.toThrow(/already has a key/);
    await revokePostingsClient(sql, { id: live.client.id, by: 'admin1', now: clock });
    await makePostingsClient(sql, { name: 'Billing Twice', by: 'admin1', now: clock });
  });

  it('ack moves forward only, answers where the client stands, refuses past the head; two clients are apart', async () => {
    const second = await makePostingsClient(sql, { name: 'Billing B', by: 'admin1', now: clock });
    const answer = async (r: Awaited<ReturnType<typeof ack>>) => {
      expect(r.statusCode, r.body).toBe(200);
      return PostingsAckAnswer.parse(r.json());
    };
    expect(await answer(await ack('4'))).toEqual({ through: '4', head: '9' });
    const firstAt = (await sql.query<{ acked_at: Date }>('SELECT acked_at FROM postings_clients WHERE id = $1', [clientId]))[0]!.acked_at;
    clock = new Date(clock.getTime() + 60_000);
    // Older and equal: nothing changes, not even the time of the last ack.
    expect(await answer(await ack('2'))).toEqual({ through: '4', head: '9' });
    expect(await answer(await ack('4'))).toEqual({ through: '4', head: '9' });
    expect((await sql.query<{ acked_at: Date }>('SELECT acked_at FROM postings_clients WHERE id = $1', [clientId]))[0]!.acked_at).toEqual(firstAt);
    const past = await ack('10');
    expect(past.statusCode).toBe(409);
    expect(past.json()).toMatchObject({ error: 'beyond_head', head: '9', message: expect.stringMatching(/past the feed's newest posting \(9\)/) });
    for (const bad of [-1, '1.5', 'x', 7, null, '']) {
      const r = await ack(bad);
      expect(r.statusCode, String(bad)).toBe(400);
      expect(r.json().error).toBe('invalid_body');
    }
    const extra = await app.inject({ method: 'POST', url: '/v1/postings/ack', headers: { authorization: `Bearer ${key}` }, payload: { through: '5', client: '2' } });
    expect(extra.statusCode).toBe(400);
    expect(await answer(await ack('1', second.key))).toEqual({ through: '1', head: '9' });
    expect(await answer(await ack('9'))).toEqual({ through: '9', head: '9' });
    const rows = await sql.query<{ name: string; acked_through: string }>("SELECT name, acked_through::text AS acked_through FROM postings_clients WHERE name IN ('Billing A', 'Billing B') ORDER BY name");
    expect(rows).toEqual([{ name: 'Billing A', acked_through: '9' }, { name: 'Billing B', acked_through: '1' }]);
  });

  it('requests past the per-key limit answer 429 rate_limited; another key is not held up', async () => {
    const limited = await buildServer(sql, { now: () => clock, postingsRequests: { max: 5, timeWindow: 60_000 } });
    try {
      for (let i = 0; i < 5; i++) expect((await read('?limit=1', key, limited)).statusCode).toBe(200);
      const r = await read('?limit=1', key, limited);
      expect(r.statusCode).toBe(429);
      expect(r.json()).toMatchObject({ error: 'rate_limited' });
      expect((await limited.inject({ method: 'POST', url: '/v1/postings/ack', headers: { authorization: `Bearer ${key}` }, payload: { through: '1' } })).statusCode).toBe(429);
      const other = await makePostingsClient(sql, { name: 'Billing C', by: 'admin1', now: clock });
      expect((await read('?limit=1', other.key, limited)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('refused requests from one source answer 429 past the limit, with one postings_key_guessing alert', async () => {
    const guesser = await buildServer(sql, { now: () => clock });
    try {
      const guess = () => guesser.inject({ method: 'GET', url: '/v1/postings', remoteAddress: '192.0.2.77', headers: { authorization: `Bearer cfp_${'B'.repeat(43)}` } });
      for (let i = 0; i < 30; i++) expect((await guess()).statusCode).toBe(401);
      expect((await guess()).statusCode).toBe(429);
      const alerts = await sql.query<{ kind: string; source: string }>("SELECT kind, source FROM alerts WHERE kind = 'postings_key_guessing'");
      expect(alerts).toEqual([{ kind: 'postings_key_guessing', source: '192.0.2.77' }]);
    } finally {
      await guesser.close();
    }
  });

  it('the migration backfills history held before it: the same postings ingest writes', async () => {
    const before = (await whole()).postings;
    // The centre as it was before migration 15, holding the same events and projections.
    await sql.exec('DROP TABLE postings_clients; DROP TABLE postings; DROP TABLE postings_head; DELETE FROM schema_migrations WHERE version = 15;');
    expect(await migrateUpstream(sql)).toEqual([15]);
    const fresh = await makePostingsClient(sql, { name: 'Billing after', by: 'admin1', now: clock });
    const after = (await whole(fresh.key)).postings;
    expect(after).toEqual(before);
    expect(await postingsPage(sql, '0', 100)).toMatchObject({ postings: 9, cursor: '9', more: false });
    // Ingest continues from the backfilled head.
    const asha = await tt.login('asha');
    const next = await tt.call('payment.record', { session: asha, idempotencyKey: 'postings-next-xxxx', accountNo: '2100000007', amountPaise: 11_000, mode: 'cash', autoOpenShift: true });
    const r = await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events: journalOf(tt) } });
    expect(r.statusCode, r.body).toBe(200);
    const page = pageOf((await read('?after=9', fresh.key)).body);
    expect(page.postings.map((p) => [p.cursor, p.seq, p.amountPaise])).toEqual([['10', next.seq, 11_000]]);
  });

  if (backend.name === 'PostgreSQL') {
    it('concurrent ingest on PostgreSQL: cursors commit in order, so a reader never passes a posting not yet visible', async () => {
      const key2 = await serverKey(sql);
      // Two terminals, each with payments, enrolled; their batches ingested at once, many times.
      const terminals: TestTerminal[] = [];
      try {
        for (const counter of ['C7', 'C8']) {
          const t = await makeTerminal({ now: clock.toISOString(), counter });
          terminals.push(t);
          const code = await makeEnrollCode(sql, 'SS042', counter);
          const publicKey = (t.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
          expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: t.t.id, publicKey, substation: 'SS042', counter } })).statusCode).toBe(200);
        }
        const sent = [0, 0];
        const [head0] = await sql.query<{ cursor: string }>('SELECT cursor::text AS cursor FROM postings_head');
        let reads = 0;
        let stop = false;
        // A reader polling as fast as it can: every page it reads must continue the one before it
        // without a hole, and every posting must still be there when read again at the end.
        const seen: string[] = [];
        const reader = (async () => {
          let after = head0!.cursor;
          while (!stop) {
            const page = await postingsPage(sql, after, 1_000);
            for (const line of page.ndjson.trim().split('\n').slice(0, -1)) {
              const p = PostingLine.parse(JSON.parse(line)).posting;
              expect(BigInt(p.cursor), 'a cursor skipped').toBe(BigInt(after) + 1n);
              after = p.cursor;
              seen.push(p.postingId);
            }
            reads++;
          }
        })();
        try {
        for (let round = 0; round < 15; round++) {
          const batches = [];
          for (const [i, t] of terminals.entries()) {
            const session = await t.login('asha');
            const from = sent[i]! + 1;
            for (let n = 0; n < 3; n++) {
              await t.call('payment.record', { session, idempotencyKey: `race-${i}-${round}-${n}-xxxx`, accountNo: '2100000007', amountPaise: 10_000 + n, mode: 'cash', autoOpenShift: true });
            }
            const events = journalOf(t, from);
            sent[i] = events.at(-1)!.seq;
            batches.push({ id: t.t.id, events });
          }
          const results = await Promise.all(batches.map((b) => ingestJournal(sql, key2, b.id, b.events, clock)));
          for (const r of results) expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
        }
        } finally {
          stop = true;
          await reader;
        }
        const final = await postingsPage(sql, head0!.cursor, 5_000);
        const all = final.ndjson.trim().split('\n').slice(0, -1).map((l) => PostingLine.parse(JSON.parse(l)).posting.postingId);
        expect(all).toHaveLength(2 * 15 * 3);
        // What the reader saw while ingest ran is what is there: nothing it passed came later.
        expect(all.slice(0, seen.length)).toEqual(seen);
        expect(reads).toBeGreaterThan(0);
      } finally {
        for (const t of terminals) t.close();
      }
    });
  }
});
