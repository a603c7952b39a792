// `npm run bench:console` (issue 17): the centre's console at the size of a state's fleet — 2,000
// terminals with 30 days of 300 payments each held centrally (18 million payments) — and how long
// its three heaviest pages take from request to answer: the census, a terminal page, and a month's
// collections report. Like every bench here it asserts nothing: goals are printed beside the
// numbers. On PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL's server: a database of its
// own, kept between runs so the seeding is paid once; BENCH_CONSOLE_FRESH=1 seeds again); with
// neither, on PGlite at the size BENCH_CONSOLE_TERMINALS says. Progress to stderr, report to stdout.
// The fleet is bench/central-fleet.ts's.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSUMER_FIELDS } from '../shared/consumer-record.js';
import { addDays, businessDate } from '../shared/dates.js';
import { demoConsumers } from '../shared/demo-data.js';
import { serverKey } from '../upstream/crypto.js';
import { buildServer } from '../upstream/server.js';
import { openStore, type Sql } from '../upstream/store.js';
import { consoleCookie, makeConsoleUser } from '../test/support/console-users.js';
import { benchDatabase, DAYS, NOW, PER_DAY, seedFleet, SERVER_URL, TERMINALS } from './central-fleet.js';
import { machineLines } from './machine.js';
import { envCount, progress, secondsSince } from './setup.js';
import { int, ms, percentile, table } from './stats.js';

const SAMPLES = envCount('BENCH_CONSOLE_SAMPLES', 30);
const REPORT_SAMPLES = envCount('BENCH_CONSOLE_REPORT_SAMPLES', 8);
/** Consumers in the master an admin uploads from the console (0: skip that row). */
const IMPORT_RECORDS = envCount('BENCH_CONSOLE_IMPORT', 600_000);

async function timed(label: string, n: number, request: () => Promise<{ statusCode: number; body: string }>): Promise<string[]> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n + 2; i++) {
    const t0 = performance.now();
    const r = await request();
    const dt = performance.now() - t0;
    if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    bytes = r.body.length;
    if (i >= 2) samples.push(dt); // two warm-up requests
  }
  const sorted = samples.sort((a, b) => a - b);
  const [p50, p95] = [percentile(sorted, 50), percentile(sorted, 95)];
  progress(`${label}: p50 ${ms(p50)} p95 ${ms(p95)}`);
  return [label, int(n), ms(p50), ms(p95), `${(bytes / 1024).toFixed(0)} KiB`];
}

/**
 * The consumer master uploaded from the console as an admin does: one multipart POST of the CSV,
 * then the job polled until it ends; the time to each phase and in all.
 */
async function consoleImport(sql: Sql, app: Awaited<ReturnType<typeof buildServer>>): Promise<string> {
  const key = await serverKey(sql);
  const csv = [CONSUMER_FIELDS.join(','), ...[...demoConsumers(IMPORT_RECORDS, { seed: Date.now() % 1000 })].map((c) => CONSUMER_FIELDS.map((f) => `"${String(c[f]).replace(/"/g, '""')}"`).join(','))].join('\n');
  const name = `bench.admin${Date.now() % 100000}`;
  const admin = await makeConsoleUser(sql, key, name, 'admin', NOW, 'bench');
  const cookie = await consoleCookie(app, admin, NOW);
  const boundary = '----counterfoil-bench';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="master.csv"\r\nContent-Type: text/csv\r\n\r\n`), Buffer.from(csv), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  progress(`console import: uploading ${int(IMPORT_RECORDS)} records (${(payload.length / 2 ** 20).toFixed(0)} MiB)`);
  const t0 = performance.now();
  const started = await app.inject({
    method: 'POST', url: '/console/api/consumers/import', payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, host: 'localhost:80', origin: 'http://localhost:80', cookie },
  });
  if (started.statusCode !== 200) throw new Error(`console import: ${started.statusCode} ${started.body}`);
  const uploaded = performance.now() - t0;
  const id = (started.json() as { id: string }).id;
  let checkedAt = 0;
  for (;;) {
    const job = (await app.inject({ method: 'GET', url: `/console/api/consumers/import/${id}`, headers: { cookie } })).json() as { phase: string; changed: number | null; message: string | null };
    if (job.phase === 'importing' && !checkedAt) checkedAt = performance.now() - t0;
    if (job.phase !== 'checking' && job.phase !== 'importing') {
      if (job.phase !== 'done') throw new Error(`console import: ${job.phase} ${job.message}`);
      const total = performance.now() - t0;
      return `consumer master from the console, ${int(IMPORT_RECORDS)} records (${(payload.length / 2 ** 20).toFixed(0)} MiB): uploaded in ${(uploaded / 1000).toFixed(1)} s, every record checked by ${(checkedAt / 1000).toFixed(1)} s, imported (${int(job.changed ?? 0)} new or changed) by ${(total / 1000).toFixed(1)} s`;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counterfoil-bench-console-'));
  const runStart = performance.now();
  const backend = SERVER_URL ? 'PostgreSQL' : 'PGlite';
  const sql = SERVER_URL ? await openStore({ databaseUrl: await benchDatabase(SERVER_URL) }) : await openStore({ dataDir: join(dir, 'pg') });
  try {
    await seedFleet(sql);
    const key = await serverKey(sql);
    const app = await buildServer(sql, { now: () => NOW });
    const [existing] = await sql.query("SELECT 1 FROM console_users WHERE name = 'bench.finance'");
    if (existing) await sql.query("DELETE FROM console_sessions WHERE user_name = 'bench.finance'");
    if (existing) await sql.query("DELETE FROM console_users WHERE name = 'bench.finance'");
    const cookie = await consoleCookie(app, await makeConsoleUser(sql, key, 'bench.finance', 'finance', NOW, 'bench'), NOW);
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

    const [counts] = await sql.query<{ payments: string; events: string }>('SELECT (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM events) AS events');
    const [size] = await sql.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    const today = businessDate(NOW);
    const monthFrom = addDays(today, -(DAYS - 1));
    let pick = 0;
    const terminalId = () => `T${((pick++ * 7919) % TERMINALS + 1).toString(16).toUpperCase().padStart(12, '0')}`;
    const rows = [
      await timed('census page (every terminal)', SAMPLES, () => get('/console/api/census')),
      await timed('terminal page (31 days)', SAMPLES, () => get(`/console/api/terminals/${terminalId()}`)),
      await timed('a terminal-day’s payments, each signature re-checked', SAMPLES, () => get(`/console/api/terminals/${terminalId()}/days/${addDays(today, -1)}`)),
      await timed(`collections, ${DAYS} days by counter × mode`, REPORT_SAMPLES, () => get(`/console/api/collections?from=${monthFrom}&to=${today}&by=counter,mode`)),
      await timed(`collections, ${DAYS} days by day × substation`, REPORT_SAMPLES, () => get(`/console/api/collections?from=${monthFrom}&to=${today}&by=day,substation`)),
      await timed(`collections, ${DAYS} days by day × counter × mode (every row)`, REPORT_SAMPLES, () => get(`/console/api/collections?from=${monthFrom}&to=${today}&by=day,counter,mode`)),
      await timed(`collections export, ${DAYS} days by counter × mode, XLSX signed`, REPORT_SAMPLES, () => get(`/console/api/collections/export?from=${monthFrom}&to=${today}&by=counter,mode&format=xlsx`)),
    ];
    const importLine = IMPORT_RECORDS > 0 ? await consoleImport(sql, app) : null;
    await app.close();
    const header = [
      `date: ${new Date().toISOString()}`, ...machineLines(dir), `load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`,
      `backend: ${backend}; ${int(TERMINALS)} terminals × ${DAYS} days × ${PER_DAY} payments = ${int(Number(counts!.payments))} payments, ${int(Number(counts!.events))} events; database ${(Number(size!.bytes) / 2 ** 30).toFixed(1)} GiB`,
    ];
    process.stdout.write(`${header.map((l) => `- ${l}`).join('\n')}\n\n`);
    process.stdout.write(`${table(['request → answer (Fastify inject, JSON included)', 'samples', 'p50', 'p95', 'answer'], rows)}\n\n`);
    if (importLine) process.stdout.write(`${importLine}\n\n`);
    process.stdout.write('goals: census and terminal page p95 < 300 ms; a month’s collections report p95 < 2 s\n');
    process.stdout.write(`run took ${secondsSince(runStart).toFixed(0)} s\n`);
  } finally {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
