// Exactly-once upload under network faults: the sync agent talks to the reference upstream through
// a seeded fault proxy (refused and reset connections before and after the server commits, cut
// replies, 500/503, delays, duplicate delivery). Each trial records payments, uploads through the
// faults until nothing is queued, and then the centre's journal for that terminal must equal the
// terminal's, row for row: 0 lost, 0 duplicated, no alert. SYNC_TRIALS raises the trial count;
// SYNC_SEED replays a run (or, with SYNC_TRIALS=1, one trial; every failure prints its seed).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, syncStatus, uploadJournal, type SyncStatus } from '../../core/sync/agent.js';
import { seededRandom } from '../../shared/demo-data.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import { openStore, type Sql } from '../../upstream/store.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';

const TRIALS = Number(process.env.SYNC_TRIALS ?? 300);
const SEED = Number(process.env.SYNC_SEED ?? Date.now() % 1_000_000);
/** Trials share a terminal, each adding events on top of what the centre already holds. */
const TRIALS_PER_TERMINAL = 20;
const FAULT_RATE = 0.5;
/** Short, so that a reply that never comes costs little; the agent's default is 30 s. */
const TIMEOUT_MS = 2_000;
/** Upload passes allowed to drain the queue: at a 50 % fault rate, needing more means the agent is stuck. */
const MAX_ROUNDS = 100;
/** One seed in 50 stays offline long enough that one pass needs two batches (at most 500 events each). */
const LONG_OFFLINE_EVERY = 50;
/** The terminals' fixed clock, and the server's: the centre flags a terminal clock that runs ahead. */
const NOW = '2026-11-26T06:00:00.000Z';

let dir: string;
let sql: Sql;
let app: FastifyInstance;
let proxy: FaultProxy;
const terminals: TestTerminal[] = [];
const totals = { trials: 0, events: 0, payments: 0, uploads: 0, longOffline: 0 };
let paymentNo = 0;

beforeAll(async () => {
  dir = tempDir('counterfoil-sync-faults-');
  sql = await openStore({ dataDir: join(dir, 'pg') });
  app = await buildServer(sql, { now: () => new Date(NOW) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  proxy = await FaultProxy.start({ target: url, random: seededRandom(SEED), faultRate: FAULT_RATE });
  console.log(`sync exactly-once: ${TRIALS} trials, seed ${SEED} (replay with SYNC_SEED=${SEED} SYNC_TRIALS=${TRIALS})`);
});
afterAll(async () => {
  await proxy?.close();
  await app?.close();
  await sql?.close();
  terminals.forEach((tt) => tt.close());
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Fails instead of waiting forever when the agent does not come back. */
async function watchdog<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung: no answer ${3 * TIMEOUT_MS} ms after a ${TIMEOUT_MS} ms timeout`)), 3 * TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** A new terminal with a signed-in cashier, enrolled through the proxy's faults with its one-time code. */
async function newTerminal(seed: number): Promise<{ tt: TestTerminal; session: string }> {
  const tt = await makeTerminal({ now: NOW });
  terminals.push(tt);
  const session = await tt.login('asha');
  const code = await makeEnrollCode(sql, 'SS042', 'C1');
  // Enrollment draws its faults from a stream of its own, so a trial's faults do not depend on
  // whether its terminal was new: a seed replayed alone meets the same faults.
  proxy.random = seededRandom(seed ^ 0x5a5a5a);
  let lastError: unknown;
  for (let attempt = 0; attempt < MAX_ROUNDS && !syncStatus(tt.t).enrolled; attempt++) {
    try {
      await watchdog(enroll(tt.t, proxy.url, code, TIMEOUT_MS), 'enroll');
    } catch (e) {
      lastError = e;
    }
  }
  if (!syncStatus(tt.t).enrolled) throw new Error(`enrollment never succeeded through the faults; last: ${String(lastError)}`);
  return { tt, session };
}

const pay = (tt: TestTerminal, session: string, rand: () => number) => {
  const n = ++paymentNo;
  return tt.call('payment.record', {
    session, idempotencyKey: `sync-fault-${n}-${SEED}`, accountNo: 'HAND0001', amountPaise: 10_000 + Math.floor(rand() * 500_000),
    mode: 'upi', instrument: { utr: String(400_000_000_000 + n) }, autoOpenShift: true,
  });
};

const serverHead = async (terminalId: string) => {
  const [row] = await sql.query<{ head_seq: string | number; head_hash: string | null; frozen_reason: string | null }>(
    "SELECT head_seq, encode(head_hash, 'hex') AS head_hash, frozen_reason FROM terminals WHERE id = $1", [terminalId],
  );
  return { seq: Number(row?.head_seq ?? 0), hash: row?.head_hash ?? null, frozen: row?.frozen_reason ?? null };
};

/** One upload pass through the proxy; the agent may never claim an acknowledgement the centre lacks. */
async function upload(tt: TestTerminal): Promise<SyncStatus> {
  totals.uploads++;
  const s = await watchdog(uploadJournal(tt.t, TIMEOUT_MS), 'uploadJournal');
  expect(s.stopped, 'the agent stopped (a 409 from the centre)').toBeNull();
  const head = await serverHead(tt.t.id);
  expect(s.ackedSeq, 'the agent counts as acknowledged events the centre does not hold').toBeLessThanOrEqual(head.seq);
  expect(head.seq, 'the centre holds events past the terminal head').toBeLessThanOrEqual(s.headSeq);
  return s;
}

async function runTrial(tt: TestTerminal, session: string, seed: number): Promise<number> {
  const rand = seededRandom(seed);
  proxy.random = rand;
  const heldBefore = (await serverHead(tt.t.id)).seq;
  const longOffline = seed % LONG_OFFLINE_EVERY === 0;
  const payments = longOffline ? 501 + Math.floor(rand() * 60) : 15 + Math.floor(rand() * 31);
  if (longOffline) totals.longOffline++;
  // Payments in small groups, usually uploading after each: many small batches meet many faults.
  for (let done = 0; done < payments; ) {
    const group = Math.min(payments - done, 1 + Math.floor(rand() * 6));
    for (let i = 0; i < group; i++) await pay(tt, session, rand);
    done += group;
    if (!longOffline && rand() < 0.6) await upload(tt);
  }
  totals.payments += payments;
  let status = syncStatus(tt.t);
  for (let round = 0; round < MAX_ROUNDS && status.queueDepth > 0; round++) status = await upload(tt);
  expect(status, `still queued after ${MAX_ROUNDS} upload passes`).toMatchObject({ queueDepth: 0, stopped: null });
  expect(status.ackedSeq).toBe(status.headSeq);

  // The centre's journal for this terminal is the terminal's, row for row.
  const local = (tt.t.db.prepare('SELECT seq, body, lower(hex(hash)) AS hash, lower(hex(sig)) AS sig FROM journal ORDER BY seq').all() as {
    seq: number; body: string; hash: string; sig: string;
  }[]);
  const held = (
    await sql.query<{ seq: string | number; body: string; hash: string; sig: string }>(
      "SELECT seq, body, encode(hash, 'hex') AS hash, encode(sig, 'hex') AS sig FROM events WHERE terminal_id = $1 ORDER BY seq", [tt.t.id],
    )
  ).map((r) => ({ ...r, seq: Number(r.seq) }));
  expect(held.length, 'events held centrally vs recorded').toBe(local.length);
  expect(new Set(held.map((r) => r.seq)).size, 'a seq held twice').toBe(held.length);
  expect(new Set(held.map((r) => r.hash)).size, 'an event held twice').toBe(held.length);
  expect(held.map((r) => r.seq)).toEqual(local.map((_, i) => i + 1));
  expect(held).toEqual(local);
  const head = await serverHead(tt.t.id);
  expect(head).toEqual({ seq: local.length, hash: local.at(-1)!.hash, frozen: null });
  const alerts = await sql.query<{ kind: string; detail: unknown }>('SELECT kind, detail FROM alerts WHERE terminal_id = $1', [tt.t.id]);
  expect(alerts, 'alerts raised for this terminal').toEqual([]);
  // The payments projection is written with each event, so it too holds each payment once.
  const projected = await sql.query<{ seq: string | number }>('SELECT seq FROM payments WHERE terminal_id = $1 ORDER BY seq', [tt.t.id]);
  expect(projected.map((r) => Number(r.seq)), 'payments projected centrally').toEqual(
    (tt.t.db.prepare("SELECT seq FROM journal WHERE type = 'payment.recorded' ORDER BY seq").all() as { seq: number }[]).map((r) => r.seq),
  );
  // The checkpoint the terminal keeps anchors the head it has acknowledged.
  const anchor = tt.t.db.prepare('SELECT acked_seq, acked_hash, checkpoint_json FROM sync_state').get() as {
    acked_seq: number; acked_hash: string; checkpoint_json: string;
  };
  expect(anchor.acked_hash).toBe(local.at(-1)!.hash);
  expect(JSON.parse(anchor.checkpoint_json)).toMatchObject({ terminalId: tt.t.id, seq: anchor.acked_seq, hash: anchor.acked_hash });
  return head.seq - heldBefore;
}

describe('sync upload under network faults', () => {
  it(`holds every event exactly once over ${TRIALS} seeded trials`, async () => {
    const started = Date.now();
    let current: { tt: TestTerminal; session: string } | undefined;
    try {
      for (let trial = 0; trial < TRIALS; trial++) {
        const seed = SEED + trial;
        try {
          if (trial % TRIALS_PER_TERMINAL === 0) current = await newTerminal(seed);
          totals.events += await runTrial(current!.tt, current!.session, seed);
          totals.trials++;
        } catch (e) {
          const where =
            `trial ${trial}, seed ${seed}: replay this trial alone (on a new terminal) with SYNC_SEED=${seed} SYNC_TRIALS=1, ` +
            `or the whole run with SYNC_SEED=${SEED} SYNC_TRIALS=${TRIALS}`;
          if (e instanceof Error) e.message = `${where}\n${e.message}`;
          console.error(`sync exactly-once FAILED at ${where}`);
          throw e;
        }
      }
    } finally {
      console.log(
        `sync exactly-once: ${totals.trials} trials, ${totals.events} events (${totals.payments} payments, ${totals.longOffline} long offline), ` +
          `${totals.uploads} upload passes, ${proxy.forwarded} requests reached the server, faults ${JSON.stringify(proxy.tally)}, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}`,
      );
    }
    expect(totals.trials).toBe(TRIALS);
    if (TRIALS >= 300) {
      // The floor, and every kind of fault met often.
      expect(totals.events).toBeGreaterThanOrEqual(10_000);
      for (const [kind, n] of Object.entries(proxy.tally)) expect(n, `fault ${kind}`).toBeGreaterThanOrEqual(50);
    }
  }, Math.max(600_000, TRIALS * 2_000));
});
