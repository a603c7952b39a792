// Exactly-once postings files under network faults and restarts: the reference consumer
// (`postings follow`) reads the real centre's postings feed through a seeded fault proxy (refused and
// reset connections before and after the server answers, cut replies, 500/503, delays, duplicate
// delivery) and is stopped at random points of a page's way into the files (after the read, in
// the middle of a write, after the write, between the state's two files, after the state, after
// the ack) by its fault-injection hook, then started again on the same folder. Each trial adds
// payments of every mode, voids and returned cheques at the centre (signed events of real test
// terminals, ingested in-process), runs the consumer until it is caught up, and then the daily files
// must hold every posting exactly once — compared with the centre's postings and with the
// terminals' own signed events — and the centre's recorded ack must be its head.
// POSTINGS_TRIALS raises the trial count; POSTINGS_SEED replays a run (every failure prints its seed).
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/demo-data.js';
import { postingIdOf } from '../../shared/postings.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { makePostingsClient, revokePostingsClient } from '../../upstream/postings/clients.js';
import { FOLLOW_STEPS, FollowError, followPostings, type FollowStep } from '../../upstream/postings-follow.js';
import { STATE_FILE } from '../../upstream/postings-follow-dir.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

const TRIALS = Number(process.env.POSTINGS_TRIALS ?? 300);
const SEED = Number(process.env.POSTINGS_SEED ?? Date.now() % 1_000_000);
/**
 * The backend other than the one carrying the count gets fewer trials. PostgreSQL carries it when
 * there is one (CI always has): it is what production runs, and here it is ten times faster than PGlite.
 */
const SECOND_TRIALS = Math.min(TRIALS, Number(process.env.POSTINGS_SECOND_TRIALS ?? 40));
const TERMINALS = 3;
const FAULT_RATE = 0.4;
/** The chance that the consumer is stopped at each step of a page it passes. */
const RESTART_RATE = 0.08;
/** Short, so that a reply that never comes costs little. */
const TIMEOUT_MS = 2_000;
/** Consumer starts allowed to catch up: at these rates, needing more means it is stuck. */
const MAX_STARTS = 200;
/** A new business day every this many trials on average, so postings spread over many day files. */
const NEW_DAY_RATE = 0.1;
/** Trials between two whole comparisons of the files with the centre and the terminals. */
const FULL_CHECK_EVERY = 10;

const CLIENT = 'billing (fault test)';

class Restart extends Error {}

interface Counter {
  tt: TestTerminal;
  /** The journal seq the centre holds up to. */
  sent: number;
}

const newTotals = () => ({
  trials: 0, retryAfter: 0, payments: 0, voids: 0, returned: 0, postings: 0, starts: 0, duplicates: 0, retries: 0, tailsDropped: 0, gaveUp: 0,
  restarts: Object.fromEntries(FOLLOW_STEPS.map((s) => [s, 0])) as Record<FollowStep, number>,
});

const backends = upstreamBackends();
for (const backend of backends) {
  const carries = backends.length === 1 || backend.name === 'PostgreSQL';
  const trials = carries ? TRIALS : SECOND_TRIALS;
  describe(`postings follow under network faults and restarts (${backend.name})`, () => {
    let dir: string;
    let out: string;
    let sql: Sql;
    let app: FastifyInstance;
    let proxy: FaultProxy;
    let key: string;
    let day = new Date('2026-11-26T04:30:00.000Z');
    const counters: Counter[] = [];
    const totals = newTotals();
    let n = 0;

    beforeAll(async () => {
      dir = tempDir('counterfoil-postings-faults-');
      out = join(dir, 'files');
      mkdirSync(out);
      sql = await backend.open();
      // The server's clock follows the terminals' days: the centre flags a terminal clock that runs ahead.
      app = await buildServer(sql, { now: () => new Date(day.getTime() + 3_600_000), postingsRequests: { max: 1_000_000, timeWindow: 60_000 } });
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      proxy = await FaultProxy.start({ target: url, random: seededRandom(SEED), faultRate: FAULT_RATE });
      key = (await makePostingsClient(sql, { name: CLIENT, by: 'test' })).key;
      for (let i = 0; i < TERMINALS; i++) {
        const tt = await makeTerminal({ now: day.toISOString(), counter: `C${i + 1}` });
        const code = await makeEnrollCode(sql, 'SS042', `C${i + 1}`);
        const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
        const enrolled = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: `C${i + 1}` } });
        expect(enrolled.statusCode, enrolled.body).toBe(200);
        counters.push({ tt, sent: 0 });
      }
      console.log(`postings exactly-once (${backend.name}): ${trials} trials, seed ${SEED} (replay with POSTINGS_SEED=${SEED} POSTINGS_TRIALS=${TRIALS})`);
    });
    afterAll(async () => {
      await proxy?.close();
      await app?.close();
      await sql?.close();
      counters.forEach((c) => c.tt.close());
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** The terminal's new events to the centre, in-process (no proxy on this side). */
    async function upload(c: Counter): Promise<void> {
      const events = (c.tt.t.db.prepare('SELECT seq, body, sig FROM journal WHERE seq > ? ORDER BY seq').all(c.sent) as { seq: number; body: string; sig: Buffer }[])
        .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
      if (events.length === 0) return;
      const sent = await app.inject({ method: 'POST', url: `/v1/terminals/${c.tt.t.id}/journal`, payload: { events } });
      expect(sent.statusCode, sent.body).toBe(200);
      c.sent = events.at(-1)!.seq;
    }

    /** A few payments of random modes on one counter, and voids and returned cheques of earlier ones. */
    async function business(c: Counter, rand: () => number): Promise<void> {
      const today = c.tt.clock.now.toISOString().slice(0, 10);
      // Sessions end as the clock moves on: the terminal's own helper signs in again when one has.
      const cashier = await c.tt.sessionOf('asha');
      const payments = 1 + Math.floor(rand() * 4);
      for (let i = 0; i < payments; i++) {
        const k = ++n;
        const base = { session: cashier, idempotencyKey: `postings-fault-${SEED}-${backend.name}-${k}`, accountNo: `ACC${String(k % 997).padStart(6, '0')}`,
          amountPaise: 10_000 + Math.floor(rand() * 490_000), autoOpenShift: true };
        const mode = ['cash', 'cheque', 'dd', 'upi', 'card'][Math.floor(rand() * 5)];
        if (mode === 'upi') await c.tt.call('payment.record', { ...base, mode, instrument: { utr: String(500_000_000_000 + k) } });
        else if (mode === 'card') await c.tt.call('payment.record', { ...base, mode, instrument: { last4: '4242', approval: `AP${String(k % 10_000).padStart(4, '0')}` } });
        else if (mode === 'cheque' || mode === 'dd') await c.tt.call('payment.record', { ...base, mode, instrument: { number: String(100_000 + (k % 900_000)), bank: 'PNB', date: today } });
        else await c.tt.call('payment.record', { ...base, mode: 'cash' });
        c.tt.clock.now = new Date(c.tt.clock.now.getTime() + 1_000);
        totals.payments++;
      }
      const db = c.tt.t.db;
      if (rand() < 0.35) {
        const p = db.prepare('SELECT receipt_no FROM payments WHERE void_seq IS NULL AND business_date = ? AND seq NOT IN (SELECT payment_seq FROM returned_cheques) ORDER BY random() LIMIT 1').get(today) as { receipt_no: string } | undefined;
        if (p) {
          await c.tt.call('payment.void', { session: cashier, receiptNo: p.receipt_no, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
          totals.voids++;
        }
      }
      if (rand() < 0.3) {
        const p = db.prepare("SELECT receipt_no FROM payments WHERE void_seq IS NULL AND mode IN ('cheque', 'dd') AND seq NOT IN (SELECT payment_seq FROM returned_cheques) ORDER BY random() LIMIT 1").get() as { receipt_no: string } | undefined;
        if (p) {
          await c.tt.call('cheque.return', { session: await c.tt.sessionOf('meena'), receiptNo: p.receipt_no, returnedOn: today, reason: 'funds insufficient' });
          totals.returned++;
        }
      }
    }

    /** Starts the consumer again and again (a crash at a step, a pass that gave up) until it is caught up. */
    async function followUntilCaughtUp(rand: () => number): Promise<void> {
      const pageLimit = 1 + Math.floor(rand() * 6);
      for (let start = 0; start < MAX_STARTS; start++) {
        totals.starts++;
        try {
          const r = await followPostings({
            url: proxy.url, key, out, pageLimit, timeoutMs: TIMEOUT_MS, maxAttempts: 5, retryDelayMs: () => 0,
            // The proxy's 503 asks for a second's wait: counted, not waited, so the run stays short.
            sleep: async (ms) => {
              if (ms >= 1_000) totals.retryAfter++;
            },
            log: (line) => {
              const cut = /^(\d+) day files? cut back/.exec(line);
              if (cut) totals.tailsDropped += Number(cut[1]);
            },
            step: (s) => {
              if (rand() < RESTART_RATE) {
                totals.restarts[s]++;
                throw new Restart(`stopped at ${s}`);
              }
            },
          });
          totals.duplicates += r.duplicates;
          totals.retries += r.retries;
          return;
        } catch (e) {
          if (e instanceof Restart) continue;
          if (e instanceof FollowError && e.code === 'unreachable') {
            totals.gaveUp++;
            continue;
          }
          throw e;
        }
      }
      throw new Error(`not caught up after ${MAX_STARTS} starts`);
    }

    /** What the files hold, what the centre holds, and what the terminals signed: one and the same. */
    async function check(full: boolean): Promise<void> {
      const [head] = await sql.query<{ cursor: string }>('SELECT cursor::text AS cursor FROM postings_head WHERE id = 1');
      const [client] = await sql.query<{ acked_through: string }>('SELECT acked_through::text AS acked_through FROM postings_clients WHERE name = $1', [CLIENT]);
      expect(client!.acked_through, 'the ack the centre recorded').toBe(head!.cursor);
      const state = JSON.parse(readFileSync(join(out, STATE_FILE), 'utf8')) as { cursor: string; files: Record<string, number> };
      expect(state.cursor, 'the folder\'s cursor').toBe(head!.cursor);
      if (!full) return;
      const files = readdirSync(out).filter((f) => f.endsWith('.csv'));
      const rows = files.flatMap((f) => (parse(readFileSync(join(out, f)), { columns: true }) as Record<string, string>[]).map((r): Record<string, string> => ({ ...r, file: f })));
      for (const r of rows) expect(r.file, `${r.posting_id} in the file of its business date`).toBe(`postings-${r.business_date}.csv`);
      const ids = rows.map((r) => r.posting_id!);
      const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(twice, 'postings written twice').toEqual([]);

      const held = await sql.query<{ posting_id: string; kind: string; account_no: string; amount_paise: string | number; mode: string; receipt_no: string;
        business_date: string; event_hash: string; reverses: string | null; late: boolean; cursor: string }>(
        "SELECT posting_id, kind, account_no, amount_paise, mode, receipt_no, to_char(business_date, 'YYYY-MM-DD') AS business_date, encode(event_hash, 'hex') AS event_hash, reverses, late, cursor::text AS cursor FROM postings ORDER BY cursor",
      );
      const byId = new Map(rows.map((r) => [r.posting_id!, r]));
      const missing = held.filter((p) => !byId.has(p.posting_id)).map((p) => p.posting_id);
      expect(missing, 'postings the centre holds that the files lack').toEqual([]);
      expect(rows.length, 'rows in the files vs postings at the centre').toBe(held.length);
      for (const p of held) {
        expect(byId.get(p.posting_id), p.posting_id).toMatchObject({
          kind: p.kind, account_no: p.account_no, amount_paise: String(p.amount_paise), mode: p.mode, receipt_no: p.receipt_no, business_date: p.business_date,
          event_hash: p.event_hash, reverses: p.reverses ?? '', late: p.late ? 'yes' : 'no',
        });
      }

      // Against the terminals' own signed journals: every payment posted once, every reversal once, naming its payment.
      const signed: { id: string; kind: string; amount: number; hash: string; reverses: string }[] = [];
      for (const c of counters) {
        const payments = new Map((c.tt.t.db.prepare('SELECT seq, amount_paise FROM payments').all() as { seq: number; amount_paise: number }[]).map((p) => [p.seq, p.amount_paise]));
        for (const ev of c.tt.t.db.prepare("SELECT seq, type, body, lower(hex(hash)) AS hash FROM journal WHERE type IN ('payment.recorded', 'payment.voided', 'cheque.returned') ORDER BY seq").all() as
          { seq: number; type: string; body: string; hash: string }[]) {
          const id = postingIdOf(c.tt.t.id, ev.seq);
          if (ev.type === 'payment.recorded') signed.push({ id, kind: 'payment', amount: payments.get(ev.seq)!, hash: ev.hash, reverses: '' });
          else {
            const { data } = JSON.parse(ev.body) as { data: { paymentSeq: number } };
            signed.push({ id, kind: ev.type === 'payment.voided' ? 'void' : 'cheque-returned', amount: -payments.get(data.paymentSeq)!, hash: ev.hash, reverses: postingIdOf(c.tt.t.id, data.paymentSeq) });
          }
        }
      }
      const fromFiles = rows.map((r) => ({ id: r.posting_id!, kind: r.kind!, amount: Number(r.amount_paise), hash: r.event_hash!, reverses: r.reverses! }));
      const byKey = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      expect(fromFiles.sort(byKey), 'the files vs the terminals\' signed events').toEqual(signed.sort(byKey));
      for (const r of rows) expect(Number(r.amount), r.posting_id).toBeCloseTo(Number(r.amount_paise) / 100, 5);

      for (const f of files) expect(state.files[f], `${f}'s committed length`).toBe(readFileSync(join(out, f)).length);
      totals.postings = held.length;
    }

    it('a key the centre does not know, or has revoked, stops the consumer in words and writes nothing', async () => {
      const empty = join(dir, `refused-${backend.name}`);
      mkdirSync(empty);
      const url = proxy.url.replace(/:\d+$/, `:${(app.server.address() as { port: number }).port}`);
      await expect(followPostings({ url, key: 'cfp_not-a-key-of-this-centre', out: empty, timeoutMs: TIMEOUT_MS })).rejects.toMatchObject({
        code: 'key-refused', message: expect.stringMatching(/^the centre refused the key \(401 /),
      });
      const made = await makePostingsClient(sql, { name: `revoked (${backend.name})`, by: 'test' });
      await revokePostingsClient(sql, { id: made.client.id, by: 'test' });
      await expect(followPostings({ url, key: made.key, out: empty, timeoutMs: TIMEOUT_MS })).rejects.toMatchObject({ code: 'key-refused' });
      expect(readdirSync(empty)).toEqual([]);
    });

    it(`writes every posting exactly once over ${trials} seeded trials`, async () => {
      const started = Date.now();
      try {
        for (let trial = 0; trial < trials; trial++) {
          const seed = SEED + trial;
          try {
            const rand = seededRandom(seed);
            proxy.random = rand;
            if (rand() < NEW_DAY_RATE) day = new Date(day.getTime() + 86_400_000);
            // One counter's business each trial, now and then another's as well.
            const busy = Math.floor(rand() * counters.length);
            for (const [i, c] of counters.entries()) {
              if (c.tt.clock.now < day) c.tt.clock.now = new Date(day);
              if (i === busy || rand() < 0.15) await business(c, rand);
              await upload(c);
            }
            await followUntilCaughtUp(rand);
            // The whole comparison every few trials and at the end (the files only grow, so a posting
            // written twice or never stays found); the state and the ack after every trial.
            await check(trial % FULL_CHECK_EVERY === 0 || trial === trials - 1);
            totals.trials++;
          } catch (e) {
            const where = `trial ${trial}, seed ${seed}: replay the run with POSTINGS_SEED=${SEED} POSTINGS_TRIALS=${TRIALS}`;
            if (e instanceof Error) e.message = `${where}\n${e.message}`;
            console.error(`postings exactly-once FAILED at ${where}`);
            throw e;
          }
        }
      } finally {
        console.log(
          `postings exactly-once (${backend.name}): ${totals.trials} trials, ${totals.postings} postings (${totals.payments} payments, ${totals.voids} voids, ` +
            `${totals.returned} returned cheques), ${totals.starts} consumer starts, restarts ${JSON.stringify(totals.restarts)}, ${totals.gaveUp} passes gave up, ` +
            `${totals.retries} retries (${totals.retryAfter} after a Retry-After), ${totals.duplicates} duplicates skipped, ${totals.tailsDropped} tails cut, ${proxy.forwarded} requests reached the server, ` +
            `faults ${JSON.stringify(proxy.tally)}, ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}`,
        );
      }
      expect(totals.trials).toBe(trials);
      if (trials >= 300) {
        // Every kind of fault met often, and a restart at every step.
        for (const [kind, count] of Object.entries(proxy.tally)) expect(count, `fault ${kind}`).toBeGreaterThanOrEqual(30);
        for (const [s, count] of Object.entries(totals.restarts)) expect(count, `restarts at ${s}`).toBeGreaterThanOrEqual(10);
      }
    }, Math.max(600_000, trials * 2_000));
  });
}
