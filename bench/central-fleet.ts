// The centre at the size of a state's fleet, shared by the benches that read it (bench:console,
// bench:money): 2,000 terminals with 30 days of 300 payments each held centrally (18 million
// payments), in a PostgreSQL database of its own kept between runs so the seeding is paid once
// (BENCH_CONSOLE_FRESH=1 seeds again), or in PGlite at the size BENCH_CONSOLE_TERMINALS says.
//
// The rows are written set-wise in SQL as ingest would have projected them (events with bodies
// of a real event's length, payments, shift and day closes, a key per terminal, a few alerts):
// the pages read those tables, never the signatures.
import pg from 'pg';
import { addDays, businessDate } from '../shared/dates.js';
import type { Sql } from '../upstream/store.js';
import { envCount, progress, secondsSince } from './setup.js';
import { int } from './stats.js';

export const TERMINALS = envCount('BENCH_CONSOLE_TERMINALS', 2000);
export const DAYS = envCount('BENCH_CONSOLE_DAYS', 30);
export const PER_DAY = envCount('BENCH_CONSOLE_PAYMENTS', 300);
export const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const COUNTERS_PER_SUBSTATION = 20;
/** Events a terminal-day holds: its payments, a shift close, a day close. */
export const PER_DAY_EVENTS = PER_DAY + 2;
/** The day the fleet is seeded relative to (its last business day is this one's). */
export const NOW = new Date();

/** The bench's own database on the server, made once and kept (its name says its size). */
export async function benchDatabase(adminUrl: string): Promise<string> {
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

export async function seedFleet(sql: Sql): Promise<void> {
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
