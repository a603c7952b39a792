// The sync rows: what the centre's ingest costs beside the signature checks it cannot avoid, how
// acknowledgements feel when a whole division's terminals sync at once, and what downloading the
// consumer master costs a terminal. The upstream runs in this process; the terminals of the last
// two rows run in child processes (bench/sync-fleet-host.ts, bench/sync-download-child.ts), so the
// server's event loop and memory are not theirs.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, verify } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createUser } from '../core/auth/users.js';
import { recordPayment } from '../core/ledger/payments.js';
import { openShift } from '../core/ledger/shifts.js';
import { publicKeyFromRaw, rawPublicKey } from '../core/ledger/signer.js';
import { initTerminal } from '../core/terminal/terminal.js';
import { demoAccountNo, seededRandom } from '../shared/demo-data.js';
import type { Paise } from '../shared/money.js';
import { MAX_BATCH_EVENTS } from '../shared/upstream-api.js';
import { seedDemoConsumers } from '../upstream/consumers.js';
import { serverKey } from '../upstream/crypto.js';
import { enrollTerminal, makeEnrollCode } from '../upstream/enroll.js';
import { ingestJournal, type IncomingEvent } from '../upstream/ingest.js';
import { buildServer } from '../upstream/server.js';
import { openStore, type Sql } from '../upstream/store.js';
import { progress, secondsSince } from './setup.js';
import { summarize, type Summary } from './stats.js';

// ---------------------------------------------------------------------------------------------
// The upstream's store: a fresh PostgreSQL database made on the named server and dropped after,
// or a PGlite folder in the benchmark's temp dir.

export type Backend = 'PostgreSQL' | 'PGlite';

export interface BenchStore {
  backend: Backend;
  sql: Sql;
  /** Closes the store and drops what was made for it; a second call is a no-op. */
  dispose(): Promise<void>;
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Drops a bench database once its pool is closed. Plain DROP first: PostgreSQL itself stops an
 * autovacuum worker busy in it, whereas WITH (FORCE) asks for the right to signal that worker,
 * which a role without pg_signal_backend lacks (42501, seen on PostgreSQL 15 after the 600,000
 * consumer seed). FORCE only as the last resort, for a connection left behind.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (e) {
      // 55006: still in use by another session (PostgreSQL has waited 5 s for it already).
      if ((e as { code?: string }).code !== '55006' || attempt === 3) {
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        return;
      }
    }
  }
}

/** Stores still open, so an interrupted run can still drop its databases. */
const openStores = new Set<BenchStore>();

export async function openBenchStore(backend: Backend, dir: string, adminUrl: string | undefined): Promise<BenchStore> {
  let sql: Sql;
  let drop: () => Promise<void> = async () => {};
  if (backend === 'PostgreSQL') {
    if (!adminUrl) throw new Error('PostgreSQL needs BENCH_DATABASE_URL or DATABASE_URL');
    // Lower-case hex: a valid identifier without quoting.
    const name = `cf_bench_${randomBytes(6).toString('hex')}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    drop = () => dropDatabase(adminUrl, name);
    try {
      sql = await openStore({ databaseUrl: url.toString() });
    } catch (e) {
      await drop();
      throw e;
    }
  } else {
    const folder = join(dir, `pglite-${randomBytes(4).toString('hex')}`);
    mkdirSync(folder, { recursive: true });
    sql = await openStore({ dataDir: folder });
  }
  let disposing: Promise<void> | undefined;
  const store: BenchStore = {
    backend,
    sql,
    dispose: () =>
      (disposing ??= (async () => {
        openStores.delete(store);
        try {
          await sql.close();
        } finally {
          await drop();
        }
      })()),
  };
  openStores.add(store);
  return store;
}

/** For Ctrl-C: closes every store still open (dropping its database). */
export async function disposeAllStores(): Promise<void> {
  await Promise.allSettled([...openStores].map((s) => s.dispose()));
}

// ---------------------------------------------------------------------------------------------
// Row 1: ingest against raw Ed25519 verification.

interface JournalOfTerminal {
  id: string;
  publicKey: Buffer;
  substation: string;
  counter: string;
  events: IncomingEvent[];
}

export interface IngestJournals {
  terminals: JournalOfTerminal[];
  events: number;
  payments: number;
  buildSeconds: number;
}

// At most ₹900 a payment: an account would pass the ₹1,99,999.99 daily cash limit after 222
// payments, so at most 100 go to each account (as bench/verify.ts does).
const accountsFor = (payments: number) => Math.max(2_000, Math.ceil(payments / 100));

/**
 * `events` journal events from `terminals` real terminals (genesis, one shift opening, then cash
 * payments through `recordPayment`), read back as the agent uploads them. The set-up runs with
 * `synchronous = OFF`, as bench/verify.ts's does: the events are the same, and nothing here is timed.
 */
export async function buildIngestJournals(dir: string, events: number, terminals: number): Promise<IngestJournals> {
  const start = performance.now();
  const out: JournalOfTerminal[] = [];
  let payments = 0;
  for (let k = 0; k < terminals; k++) {
    const count = Math.floor(events / terminals) + (k < events % terminals ? 1 : 0);
    const n = Math.max(0, count - 2);
    const counter = `I${k + 1}`;
    const t = initTerminal(join(dir, `ingest-${k + 1}`), { substation: 'SS042', counter });
    try {
      const cashier = await createUser(t.db, 'asha', 'cashier', '1234', t.clock());
      t.db.pragma('synchronous = OFF');
      openShift(t, cashier, 0 as Paise);
      const accounts = accountsFor(n);
      const rand = seededRandom(7_000 + k);
      for (let i = 0; i < n; i++) {
        recordPayment(t, cashier, {
          session: '0'.repeat(32),
          idempotencyKey: `ingest-${k}-${i}`.padEnd(8, '-'),
          accountNo: demoAccountNo((i * 13 + k) % accounts),
          amountPaise: (100 + Math.floor(rand() * 801)) * 100,
          autoOpenShift: false,
          mode: 'cash',
          instrument: {},
        });
      }
      payments += n;
      const rows = t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[];
      out.push({
        id: t.id,
        publicKey: rawPublicKey(t.signer.publicKey),
        substation: t.substation,
        counter,
        events: rows.map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') })),
      });
      progress(`ingest journal: terminal ${k + 1}/${terminals}, ${rows.length.toLocaleString('en-US')} events (${secondsSince(start).toFixed(0)} s)`);
    } finally {
      t.db.pragma('synchronous = FULL');
      t.close();
    }
  }
  return { terminals: out, events: out.reduce((s, t) => s + t.events.length, 0), payments, buildSeconds: secondsSince(start) };
}

/**
 * `node:crypto` Ed25519 verify over every event, as the ingest does it (body to bytes, signature
 * from base64url, one KeyObject a terminal): the least the centre must spend on each event.
 */
export function verifyRate(journals: IngestJournals): { perSecond: number; seconds: number } {
  const keys = journals.terminals.map((j) => publicKeyFromRaw(j.publicKey));
  const pass = (limit: number) => {
    let bad = 0;
    let n = 0;
    for (const [k, j] of journals.terminals.entries()) {
      for (const e of j.events) {
        if (n++ >= limit) return bad;
        if (!verify(null, Buffer.from(e.body, 'utf8'), keys[k]!, Buffer.from(e.sig, 'base64url'))) bad++;
      }
    }
    return bad;
  };
  pass(1_000); // warm-up
  const start = performance.now();
  const bad = pass(Number.POSITIVE_INFINITY);
  const seconds = secondsSince(start);
  if (bad) throw new Error(`${bad} signatures did not verify: the journal was built wrong`);
  return { perSecond: journals.events / seconds, seconds };
}

export interface IngestResult {
  backend: Backend;
  /** 1: one terminal's batches after another's; more: that many terminals' uploads at once. */
  streams: number;
  events: number;
  seconds: number;
  /** The faster of two verify passes, one just before the ingest and one just after. */
  verifyPerSecond: number;
  verifyBefore: number;
  verifyAfter: number;
  /** Refused batches, and counts the centre holds that differ from what was sent. */
  errors: string[];
}

/**
 * The centre's ingest, timed from the first batch to the last acknowledgement: `ingestJournal`
 * (the function behind POST /v1/terminals/{id}/journal, without HTTP) in batches of 500, as the
 * agent sends them. `concurrent`: every terminal's batches at once (each terminal in order);
 * otherwise one terminal after another.
 */
export async function benchIngest(store: BenchStore, journals: IngestJournals, concurrent: boolean): Promise<IngestResult> {
  const { sql } = store;
  const key = await serverKey(sql);
  for (const j of journals.terminals) {
    const code = await makeEnrollCode(sql, j.substation, j.counter);
    const r = await enrollTerminal(sql, { code, terminalId: j.id, publicKey: j.publicKey.toString('base64url'), substation: j.substation, counter: j.counter });
    if (!r.ok) throw new Error(`enrolling ${j.id}: ${r.message}`);
  }
  // The raw verify rate next to this ingest, in the same process, on the same bodies: once before
  // and once after, the faster one counting (a database settling after CREATE DATABASE or a
  // checkpoint can take the processor from a single pass).
  const before = verifyRate(journals).perSecond;
  const errors: string[] = [];
  let done = 0;
  const step = Math.max(MAX_BATCH_EVENTS, Math.round(journals.events / 10 / MAX_BATCH_EVENTS) * MAX_BATCH_EVENTS);
  const start = performance.now();
  const upload = async (j: JournalOfTerminal) => {
    for (let i = 0; i < j.events.length; i += MAX_BATCH_EVENTS) {
      const batch = j.events.slice(i, i + MAX_BATCH_EVENTS);
      const r = await ingestJournal(sql, key, j.id, batch, new Date());
      const last = batch[batch.length - 1]!.seq;
      if (!r.ok) {
        errors.push(`${j.id} seq ${batch[0]!.seq}–${last}: ${r.status} ${r.error}: ${r.message}`);
        return;
      }
      if (r.ackedThrough !== last) errors.push(`${j.id}: acknowledged ${r.ackedThrough} for a batch ending at ${last}`);
      const prev = done;
      done += batch.length;
      if (Math.floor(done / step) > Math.floor(prev / step)) {
        progress(`ingest on ${store.backend}${concurrent ? `, ${journals.terminals.length} at once` : ''}: ${done.toLocaleString('en-US')}/${journals.events.toLocaleString('en-US')} events (${secondsSince(start).toFixed(1)} s)`);
      }
    }
  };
  if (concurrent) await Promise.all(journals.terminals.map(upload));
  else for (const j of journals.terminals) await upload(j);
  const seconds = secondsSince(start);
  const after = verifyRate(journals).perSecond;

  // What the centre holds must be exactly what was sent.
  const [held] = await sql.query<{ events: string; payments: string }>('SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM payments) AS payments');
  if (Number(held!.events) !== journals.events) errors.push(`the centre holds ${held!.events} events, ${journals.events} were sent`);
  if (Number(held!.payments) !== journals.payments) errors.push(`the centre projected ${held!.payments} payments, ${journals.payments} were sent`);
  return {
    backend: store.backend, streams: concurrent ? journals.terminals.length : 1, events: journals.events, seconds,
    verifyPerSecond: Math.max(before, after), verifyBefore: before, verifyAfter: after, errors,
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes: typed messages over IPC, with tsx loaded so they run the TypeScript sources.

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface Child {
  proc: ChildProcess;
  /** Sends a message and resolves with the child's next reply ({type:'error'} rejects). */
  ask<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

export function startChild(file: string): Child {
  const proc = fork(here(file), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(proc);
  let exited = false;
  proc.once('exit', () => {
    exited = true;
    children.delete(proc);
  });
  return {
    proc,
    ask<T>(message: unknown) {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (m: { type?: string; message?: string }) => {
          proc.off('exit', onExit);
          if (m.type === 'error') reject(new Error(`${file}: ${m.message}`));
          else resolve(m as T);
        };
        const onExit = (code: number | null) => {
          proc.off('message', onMessage);
          reject(new Error(`${file} exited (${code}) before it answered`));
        };
        proc.once('message', onMessage);
        proc.once('exit', onExit);
        proc.send(message as object);
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send({ type: 'close' });
      const timer = setTimeout(() => proc.kill(), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** For Ctrl-C: ends the children this benchmark started (each by its own handle). */
export function killChildren(): void {
  for (const c of children) c.kill();
}

// ---------------------------------------------------------------------------------------------
// Row 2: a fleet of terminals uploading at once.

/** Processor seconds the whole machine has been busy (all cores), from /proc/stat; NaN where there is none. */
function machineBusySeconds(): number {
  try {
    const cols = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    const busy = cols.slice(0, 8).reduce((a, b) => a + b, 0) - cols[3]! - cols[4]!;
    return busy / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

export interface FleetRound {
  payments: number;
  events: number;
  /** From telling the hosts to upload to the last acknowledgement. */
  seconds: number;
}

export interface FleetResult {
  backend: Backend;
  terminals: number;
  hosts: number;
  rounds: FleetRound[];
  /** One sample per uploadJournal call. */
  upload: Summary & { max: number };
  /** One sample per POST …/journal: request sent to the answer's headers. */
  post: Summary & { max: number };
  /** The same POSTs at the server: Fastify's onRequest to onResponse. */
  server: Summary & { max: number };
  /** The server process's event-loop delay during the upload rounds (ms). */
  serverLoopDelay: { p99: number; max: number };
  /**
   * Processor seconds spent during the upload rounds (from telling the hosts to upload to the
   * last answer): by the terminal hosts, by this process (the server), and by the whole machine
   * (/proc/stat; NaN elsewhere) and by this machine's PostgreSQL processes (/proc; 0 when the
   * server runs elsewhere or the store is PGlite), out of `available` (wall time × cores).
   */
  cpu: { terminals: number; server: number; postgres: number; machine: number; available: number };
  errors: string[];
  setupSeconds: number;
}

/** What a fleet host answers after an upload round (bench/sync-fleet-host.ts). */
export interface HostUploaded {
  type: 'uploaded';
  /** Processor seconds the host spent in the round (process.cpuUsage). */
  cpuSeconds: number;
  uploadMs: number[];
  postMs: number[];
  errors: string[];
  heads: { id: string; headSeq: number; ackedSeq: number }[];
}

export async function benchFleet(dir: string, store: BenchStore, opts: { terminals: number; rounds: number; hosts: number }): Promise<FleetResult> {
  const { sql } = store;
  const start = performance.now();
  const app = await buildServer(sql);
  // Time at the server too, so a slow acknowledgement can be placed: in the server, or on the way.
  const received = new WeakMap<object, number>();
  const serverMs: number[] = [];
  app.addHook('onRequest', async (req) => {
    received.set(req, performance.now());
  });
  app.addHook('onResponse', async (req) => {
    const at = received.get(req);
    if (at !== undefined && req.method === 'POST' && req.url.endsWith('/journal')) serverMs.push(performance.now() - at);
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const hosts: Child[] = [];
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const all: { counter: string; code: string }[] = [];
    for (let i = 0; i < opts.terminals; i++) {
      const counter = `C${i + 1}`;
      all.push({ counter, code: await makeEnrollCode(sql, 'SS042', counter) });
    }
    const hostCount = Math.min(opts.hosts, opts.terminals);
    for (let h = 0; h < hostCount; h++) hosts.push(startChild('./sync-fleet-host.ts'));
    progress(`fleet: ${opts.terminals} terminals in ${hostCount} processes: init, a cashier each, enroll`);
    await Promise.all(
      hosts.map((host, h) =>
        host.ask({ type: 'init', dir: join(dir, `fleet-${h + 1}`), url, seed: 500 + h, terminals: all.filter((_, i) => i % hostCount === h) }),
      ),
    );
    const setupSeconds = secondsSince(start);

    const rounds: FleetRound[] = [];
    const uploadMs: number[] = [];
    const postMs: number[] = [];
    const errors: string[] = [];
    const cpu = { terminals: 0, server: 0, postgres: 0, machine: 0, available: 0 };
    let heads: HostUploaded['heads'] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const paid = await Promise.all(hosts.map((host) => host.ask<{ payments: number; events: number }>({ type: 'pay' })));
      const roundStart = performance.now();
      const serverCpu = process.cpuUsage();
      const machineCpu = machineBusySeconds();
      const postgresCpu = postgresBusySeconds();
      loop.enable();
      // The same instant for every host: each starts all of its terminals' uploads at once.
      const answers = await Promise.all(hosts.map((host) => host.ask<HostUploaded>({ type: 'upload' })));
      const seconds = secondsSince(roundStart);
      loop.disable();
      const used = process.cpuUsage(serverCpu);
      cpu.server += (used.user + used.system) / 1e6;
      cpu.machine += machineBusySeconds() - machineCpu;
      cpu.postgres += postgresBusySeconds() - postgresCpu;
      cpu.available += seconds * cpus().length;
      for (const a of answers) cpu.terminals += a.cpuSeconds;
      heads = answers.flatMap((a) => a.heads);
      for (const a of answers) {
        uploadMs.push(...a.uploadMs);
        postMs.push(...a.postMs);
        errors.push(...a.errors.map((e) => `round ${r + 1}: ${e}`));
      }
      const round = { payments: paid.reduce((s, p) => s + p.payments, 0), events: paid.reduce((s, p) => s + p.events, 0), seconds };
      rounds.push(round);
      progress(`fleet round ${r + 1}/${opts.rounds}: ${round.events} events from ${opts.terminals} terminals acknowledged in ${seconds.toFixed(2)} s`);
    }

    // The centre must hold each terminal's journal exactly up to the terminal's head.
    const held = new Map(
      (await sql.query<{ id: string; head_seq: string; events: string }>(
        'SELECT t.id, t.head_seq, (SELECT COUNT(*) FROM events e WHERE e.terminal_id = t.id) AS events FROM terminals t',
      )).map((r) => [r.id, r]),
    );
    for (const h of heads) {
      const row = held.get(h.id);
      if (!row) errors.push(`${h.id}: unknown to the centre`);
      else if (Number(row.head_seq) !== h.headSeq || Number(row.events) !== h.headSeq || h.ackedSeq !== h.headSeq) {
        errors.push(`${h.id}: local head ${h.headSeq}, acknowledged ${h.ackedSeq}; the centre's head ${row.head_seq} with ${row.events} events`);
      }
    }
    const withMax = (xs: number[]) => ({ ...summarize(xs), max: Math.max(...xs) });
    return {
      backend: store.backend, terminals: opts.terminals, hosts: hostCount, rounds, upload: withMax(uploadMs), post: withMax(postMs), server: withMax(serverMs),
      serverLoopDelay: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }, cpu, errors, setupSeconds,
    };
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
    await app.close();
  }
}

/**
 * Processor seconds used by this machine's `postgres` processes, their exited children included
 * (a backend's time goes to the postmaster when it ends); NaN where /proc cannot tell.
 */
function postgresBusySeconds(): number {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      // After "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14–17.
      const f = stat.slice(close + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    }
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// Row 3: the consumer master downloaded by one terminal.

/** What bench/sync-download-child.ts answers. */
export interface DownloadChildResult {
  type: 'downloaded';
  outcome: string;
  records: number;
  pages: number;
  /** Consumers in the terminal's cache afterwards. */
  held: number;
  seconds: number;
  /** The kernel's high-water mark of the child's resident set (VmHWM, bytes; NaN without /proc): its whole life. */
  maxRss: number;
  /** Sampled every 100 ms during the download. */
  peakRss: number;
  peakHeapUsed: number;
  /** V8's `external` (Buffers and ArrayBuffers, fetch's body chunks among them). */
  peakExternal: number;
  /** Before the download started (the terminal made, tsx and the modules loaded). */
  startRss: number;
  startHeapUsed: number;
  lookups: number;
  /** From when a lookup was due (its 50 ms tick) to its answer: what a cashier would wait. */
  lookupWait: Summary & { max: number };
  /** The lookup call alone. */
  lookupCallMax: number;
}

export interface DownloadResult extends DownloadChildResult {
  backend: Backend;
  consumers: number;
  seedSeconds: number;
}

export async function benchConsumerDownload(dir: string, store: BenchStore, count: number): Promise<DownloadResult> {
  const { sql } = store;
  progress(`consumer download: seeding ${count.toLocaleString('en-US')} consumers upstream (${store.backend})`);
  const seedStart = performance.now();
  const seeded = await seedDemoConsumers(sql, count);
  const seedSeconds = secondsSince(seedStart);
  if (seeded !== count) throw new Error(`seedDemoConsumers wrote ${seeded} consumers, not ${count}`);
  progress(`consumer download: seeded in ${seedSeconds.toFixed(1)} s; one terminal downloads them`);
  const app = await buildServer(sql);
  const child = startChild('./sync-download-child.ts');
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const code = await makeEnrollCode(sql, 'SS042', 'D1');
    const r = await child.ask<DownloadChildResult>({ type: 'download', dir: join(dir, 'download'), url, code, counter: 'D1', consumers: count });
    return { ...r, backend: store.backend, consumers: count, seedSeconds };
  } finally {
    await child.stop();
    await app.close();
  }
}
