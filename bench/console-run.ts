// `npm run bench:console` (issue 17): the centre's console at the size of a state's fleet — 2,000
// terminals with 30 days of 300 payments each held centrally (18 million payments) — and how long
// its three heaviest pages take from request to answer: the census, a terminal page, and a month's
// collections report. Like every bench here it asserts nothing: goals are printed beside the
// numbers. On PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL's server: a database of its
// own, kept between runs so the seeding is paid once; BENCH_CONSOLE_FRESH=1 seeds again); with
// neither, on PGlite at the size BENCH_CONSOLE_TERMINALS says. Progress to stderr, report to stdout.
//
// The rows are written set-wise in SQL as ingest would have projected them (events with bodies
// of a real event's length, payments, shift and day closes, a key per terminal, a few alerts):
// the pages read those tables, never the signatures.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CONSUMER_FIELDS } from '../shared/consumer-record.js';
import { addDays, businessDate } from '../shared/dates.js';
import { demoConsumers } from '../shared/demo-data.js';
import { serverKey } from '../upstream/crypto.js';
import { buildServer } from '../upstream/server.js';
import { openStore, type Sql } from '../upstream/store.js';
import { consoleCookie, makeConsoleUser } from '../test/support/console-users.js';
import { machineLines } from './machine.js';
import { envCount, progress, secondsSince } from './setup.js';
import { int, ms, percentile, table } from './stats.js';

const TERMINALS = envCount('BENCH_CONSOLE_TERMINALS', 2000);
const DAYS = envCount('BENCH_CONSOLE_DAYS', 30);
const PER_DAY = envCount('BENCH_CONSOLE_PAYMENTS', 300);
const SAMPLES = envCount('BENCH_CONSOLE_SAMPLES', 30);
const REPORT_SAMPLES = envCount('BENCH_CONSOLE_REPORT_SAMPLES', 8);
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const COUNTERS_PER_SUBSTATION = 20;
/** Consumers in the master an admin uploads from the console (0: skip that row). */
const IMPORT_RECORDS = envCount('BENCH_CONSOLE_IMPORT', 600_000);
/** Events a terminal-day holds: its payments, a shift close, a day close. */
const PER_DAY_EVENTS = PER_DAY + 2;
const NOW = new Date();

/** The bench's own database on the server, made once and kept (its name says its size). */
async function benchDatabase(adminUrl: string): Promise<string> {
  const name = `cf_bench_console_${TERMINALS}_${DAYS}_${PER_DAY}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (process.env.BENCH_CONSOLE_FRESH) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    const [exists] = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows;
    if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function seed(sql: Sql): Promise<void> {
  const [done] = await sql.query("SELECT 1 FROM pg_tables WHERE tablename = 'bench_console_seeded'");
  if (done) {
    progress('seed: already there (BENCH_CONSOLE_FRESH=1 to make it again)');
    return;
  }
  const first = addDays(businessDate(NOW), -(DAYS - 1));
  const started = performance.now();
  // Terminals: substation SS001… with 20 counters each, enrolled at 08:00 IST on the first day.
  await sql.query(
    `INSERT INTO terminals (id, public_key, key_id, substation, counter, enrolled_at, head_seq)
     SELECT 'T' || lpad(upper(to_hex(n)), 12, '0'), sha256(int8send(n)), substr(encode(sha256(int8send(n)), 'hex'), 1, 16),
            'SS' || lpad(((n - 1) / ${COUNTERS_PER_SUBSTATION} + 1)::text, 3, '0'), 'C' || ((n - 1) % ${COUNTERS_PER_SUBSTATION} + 1),
            ($1::date + time '02:30') AT TIME ZONE 'UTC', ${DAYS * PER_DAY_EVENTS}
       FROM generate_series(1, ${TERMINALS}) n`,
    [first],
  );
  await sql.query('INSERT INTO terminal_keys (terminal_id, from_seq, key_id, public_key) SELECT id, 1, key_id, public_key FROM terminals');
  const chunk = Math.max(1, Math.floor(200_000 / (DAYS * PER_DAY_EVENTS)));
  for (let from = 1; from <= TERMINALS; from += chunk) {
    const to = Math.min(TERMINALS, from + chunk - 1);
    // One event per seq; a day d's payments are seqs d*E+1 … d*E+PER_DAY, then its shift close and day close.
    // Payments from 09:00 IST a minute apart; the body is a stand-in of a real event's length.
    await sql.query(
      `INSERT INTO events (terminal_id, seq, type, body, hash, sig, terminal_at, received_at)
       SELECT t.id, d * ${PER_DAY_EVENTS} + i + 1,
              CASE WHEN i < ${PER_DAY} THEN 'payment.recorded' WHEN i = ${PER_DAY} THEN 'shift.closed' ELSE 'day.closed' END,
              '{"v":1,"seq":' || (d * ${PER_DAY_EVENTS} + i + 1) || ',"pad":"' || repeat('x', 420) || '"}',
              sha256(int8send(n * 1000000 + d * 1000 + i)), sha256(int8send(n)) || sha256(int8send(i)),
              ($1::date + d + time '03:30') AT TIME ZONE 'UTC' + make_interval(mins => i),
              ($1::date + d + time '03:30') AT TIME ZONE 'UTC' + make_interval(mins => i + 1)
         FROM generate_series($2::int, $3::int) n
         CROSS JOIN generate_series(0, ${DAYS - 1}) d
         CROSS JOIN generate_series(0, ${PER_DAY_EVENTS - 1}) i
         JOIN terminals t ON t.id = 'T' || lpad(upper(to_hex(n)), 12, '0')`,
      [first, from, to],
    );
    await sql.query(
      `INSERT INTO payments (terminal_id, seq, receipt_no, account_no, amount_paise, mode, cashier, business_date, recorded_at, voided_seq, late)
       SELECT e.terminal_id, e.seq, t.substation || '-' || t.counter || '-' || lpad(e.seq::text, 6, '0'),
              lpad(((e.seq * 7919 + length(e.terminal_id)) % 900000 + 100000)::text, 10, '21'),
              10000 + (e.seq * 37 % 400) * 1000,
              (ARRAY['cash', 'cash', 'cash', 'upi', 'upi', 'cheque', 'card', 'dd'])[e.seq % 8 + 1],
              (ARRAY['asha', 'ravi', 'sunita'])[e.seq % 3 + 1],
              $1::date + ((e.seq - 1) / ${PER_DAY_EVENTS})::int, e.terminal_at, NULL, false
         FROM events e JOIN terminals t ON t.id = e.terminal_id
        WHERE e.type = 'payment.recorded' AND e.terminal_id BETWEEN 'T' || lpad(upper(to_hex($2::int)), 12, '0') AND 'T' || lpad(upper(to_hex($3::int)), 12, '0')`,
      [first, from, to],
    );
    // What ingest keeps beside the payments (upstream/projections.ts): the daily collections.
    await sql.query(
      `INSERT INTO collections_daily (terminal_id, business_date, mode, cashier, payments, amount_paise)
       SELECT terminal_id, business_date, mode, cashier, COUNT(*), SUM(amount_paise) FROM payments
        WHERE terminal_id BETWEEN 'T' || lpad(upper(to_hex($1::int)), 12, '0') AND 'T' || lpad(upper(to_hex($2::int)), 12, '0')
        GROUP BY terminal_id, business_date, mode, cashier`,
      [from, to],
    );
    await sql.query(
      `INSERT INTO day_closes (terminal_id, seq, business_date, closed_at)
       SELECT e.terminal_id, e.seq, $1::date + ((e.seq - 1) / ${PER_DAY_EVENTS})::int, e.terminal_at
         FROM events e
        WHERE e.type = 'day.closed' AND e.terminal_at < $4::timestamptz
          AND e.terminal_id BETWEEN 'T' || lpad(upper(to_hex($2::int)), 12, '0') AND 'T' || lpad(upper(to_hex($3::int)), 12, '0')`,
      [first, from, to, NOW.toISOString()],
    );
    progress(`seed: terminals ${int(to)} of ${int(TERMINALS)}, ${secondsSince(started).toFixed(0)} s`);
  }
  await sql.query(`INSERT INTO alerts (terminal_id, kind, severity, source, detail, count, dedup_key)
                   SELECT id, 'gap', 'low', '10.0.0.1', '{"message":"a gap"}', 3, 'gap|' || id FROM terminals WHERE right(id, 1) = '7'`);
  await sql.exec('ANALYZE; CREATE TABLE bench_console_seeded (at TIMESTAMPTZ)');
  progress(`seed: done in ${secondsSince(started).toFixed(0)} s`);
}

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
  const cookie = await consoleCookie(app, admin, new Date(NOW.getTime() + 31_000));
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
    await seed(sql);
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
