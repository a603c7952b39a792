// `npm run bench:money` (issue 18): the centre's money reconciliation at a state's size — the fleet
// of bench/central-fleet.ts (2,000 terminals × 30 days × 300 payments = 18 million payments) with a
// deposit slip per counter-day (60,000), the bank statement those slips and the providers' batches
// make (about 600,000 entries: each slip's cash, and its cheques in clearing batches of about nine
// each), and a provider line for every UPI and card payment (about 6.75 million), with failures
// planted at a small rate. Timed: reconciling the month (matching every entry again, then the
// monitor of every counter-day) and one day the same way, the monitor as the console asks for it,
// and a day's statement and settlement files imported through the real readers. Like every bench
// here it asserts nothing: goals are printed beside the numbers. Progress to stderr, report to stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedStatement, SettlementReportLine } from '../shared/bank-statement.js';
import { addDays } from '../shared/dates.js';
import { DEFAULT_MONEY_SETTINGS } from '../shared/money-monitor.js';
import { serverKey } from '../upstream/crypto.js';
import { importSettlement, importStatement } from '../upstream/money/imports.js';
import { moneyMonitor } from '../upstream/money/monitor.js';
import { reconcileMoney } from '../upstream/money/reconcile.js';
import { buildServer } from '../upstream/server.js';
import { openStore, type Sql } from '../upstream/store.js';
import { consoleCookie, makeConsoleUser } from '../test/support/console-users.js';
import { csvOf, settlementCsvOf } from '../test/support/statement-files.js';
import { benchDatabase, DAYS, NOW, PER_DAY, PER_DAY_EVENTS, seedFleet, SERVER_URL, TERMINALS } from './central-fleet.js';
import { machineLines } from './machine.js';
import { progress, secondsSince } from './setup.js';
import { int, ms, table } from './stats.js';

const S = DEFAULT_MONEY_SETTINGS;
const ACCOUNT = '30990000001';
/** Cheques of a slip are credited in clearing batches of this many entries (with the cash, ~10 entries a slip). */
const CLEARING_ENTRIES = 9;

/** The money side of the fleet, written set-wise once (table bench_money_seeded marks it). */
async function seedMoney(sql: Sql, first: string, last: string): Promise<void> {
  const [done] = await sql.query("SELECT 1 FROM pg_tables WHERE tablename = 'bench_money_seeded'");
  if (done) {
    progress('money seed: already there');
    return;
  }
  const started = performance.now();
  const step = async (what: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    await sql.query(text, params);
    progress(`money seed: ${what} (${secondsSince(t0).toFixed(0)} s)`);
  };
  await step('UPI and card references', `UPDATE payments SET reference = CASE mode WHEN 'upi' THEN 'U' ELSE 'C' END || substr(terminal_id, 8) || lpad(seq::text, 6, '0') WHERE mode IN ('upi', 'card') AND reference IS NULL`);
  // A slip per counter-day after its payments (1 in 200 counter-days never deposited), its event a stand-in.
  await step('deposit slips', `
    WITH day AS (
      SELECT terminal_id, business_date, SUM(amount_paise) FILTER (WHERE mode = 'cash') AS cash, SUM(amount_paise) FILTER (WHERE mode IN ('cheque', 'dd')) AS cheque
        FROM collections_daily GROUP BY terminal_id, business_date),
    slip AS (
      SELECT d.*, ${DAYS * PER_DAY_EVENTS} + (d.business_date - $1::date) + 1 AS seq, 'DS' || substr(d.terminal_id, 8) || to_char(d.business_date, 'MMDD') AS slip_no
        FROM day d WHERE hashtext(d.terminal_id || d.business_date) % 200 <> 0),
    ev AS (
      INSERT INTO events (terminal_id, seq, type, body, hash, sig, terminal_at, received_at)
      SELECT terminal_id, seq, 'deposit.recorded', '{"v":1,"seq":' || seq || '}', sha256(convert_to(slip_no, 'UTF8')), sha256(convert_to(slip_no, 'UTF8')) || sha256(convert_to(slip_no, 'UTF8')),
             (business_date + time '12:00') AT TIME ZONE 'UTC', (business_date + time '12:01') AT TIME ZONE 'UTC' FROM slip RETURNING 1)
    INSERT INTO deposits (terminal_id, seq, business_date, deposited_on, bank, slip_no, cash_paise, cheque_paise, recorded_by)
    SELECT terminal_id, seq, business_date, business_date, 'SBI', slip_no, COALESCE(cash, 0), COALESCE(cheque, 0), 'meena' FROM slip`, [first]);
  await sql.query('UPDATE terminals SET head_seq = (SELECT MAX(seq) FROM events e WHERE e.terminal_id = terminals.id)');
  // Statements: one a day; each slip's cash credited that day (1 in 150 never, 1 in 300 short by ₹500,
  // 1 in 500 twice) and its cheques in clearing entries naming the slip the next day.
  await step('statements', `INSERT INTO bank_statements (format, account, statement_ref, from_date, to_date, opening_paise, closing_paise, entries, file_name, file_sha256, file_bytes, imported_by, imported_at)
    SELECT 'camt053', '${ACCOUNT}', 'BENCH-' || d, d, d, 0, 0, 0, 'bench-' || d || '.xml', md5(d::text) || md5(d::text || 'x'), ''::bytea, 'bench', now()
      FROM generate_series($1::date, $2::date + 3, interval '1 day') d`, [first, last]);
  await step('bank entries for the slips', `
    INSERT INTO statement_lines (statement_id, line, account, booked_on, value_on, amount_paise, direction, narration, reference)
    SELECT s.id, row_number() OVER (PARTITION BY s.id ORDER BY x.terminal_id, x.k), '${ACCOUNT}', x.booked_on, x.booked_on, x.amount, 'credit', x.narration, x.slip_no
      FROM (
        SELECT d.terminal_id, 0 AS k, d.deposited_on AS booked_on,
               d.cash_paise - CASE WHEN hashtext(d.slip_no) % 300 = 1 THEN 50000 ELSE 0 END AS amount,
               'BY CASH DEP SLIP ' || d.slip_no AS narration, d.slip_no
          FROM deposits d WHERE d.cash_paise > 0 AND hashtext(d.slip_no) % 150 <> 0
        UNION ALL
        SELECT d.terminal_id, 100, d.deposited_on + 1, d.cash_paise, 'BY CASH DEP SLIP ' || d.slip_no || ' REPEAT', d.slip_no
          FROM deposits d WHERE d.cash_paise > 0 AND hashtext(d.slip_no) % 500 = 2
        UNION ALL
        SELECT d.terminal_id, k, d.deposited_on + 1,
               d.cheque_paise / ${CLEARING_ENTRIES} + CASE WHEN k = ${CLEARING_ENTRIES} THEN d.cheque_paise % ${CLEARING_ENTRIES} ELSE 0 END,
               'CLG CHQ DEP SLIP ' || d.slip_no || ' BATCH ' || k, d.slip_no
          FROM deposits d CROSS JOIN generate_series(1, ${CLEARING_ENTRIES}) k WHERE d.cheque_paise >= ${CLEARING_ENTRIES} AND hashtext(d.slip_no) % 150 <> 0
      ) x JOIN bank_statements s ON s.from_date = x.booked_on AND s.account = '${ACCOUNT}'`);
  // The providers: a line for each UPI (T+1) and card (T+2, 1.8 %) payment, linked as an import links
  // them; 1 in 400 never settled, 1 in 1,000 settled for ₹1 less.
  await step('settlement files', `INSERT INTO settlement_files (provider, mode, from_date, to_date, lines, file_name, file_sha256, file_bytes, imported_by, imported_at)
    SELECT p, m, $1::date, $2::date + 2, 0, p || '.csv', md5(p), ''::bytea, 'bench', now() FROM (VALUES ('upi-acq', 'upi'), ('card-acq', 'card')) v(p, m)`, [first, last]);
  await step('settlement lines', `
    INSERT INTO settlement_lines (file_id, line, provider, mode, reference, amount_paise, fee_paise, transacted_on, settled_on, batch, terminal_id, payment_seq, business_date, state)
    SELECT f.id, row_number() OVER (PARTITION BY f.id), f.provider, p.mode, p.reference,
           p.amount_paise - CASE WHEN hashtext(p.reference) % 1000 = 3 THEN 100 ELSE 0 END,
           CASE WHEN p.mode = 'card' THEN round(p.amount_paise * 0.018) ELSE 0 END,
           p.business_date, p.business_date + CASE WHEN p.mode = 'upi' THEN 1 ELSE 2 END,
           upper(p.mode) || 'SETL' || to_char(p.business_date + CASE WHEN p.mode = 'upi' THEN 1 ELSE 2 END, 'YYYYMMDD'),
           p.terminal_id, p.seq, p.business_date, CASE WHEN hashtext(p.reference) % 1000 = 3 THEN 'amount-mismatch' ELSE 'matched' END
      FROM payments p JOIN settlement_files f ON f.mode = p.mode
     WHERE p.mode IN ('upi', 'card') AND hashtext(p.reference) % 400 <> 0`);
  await step('provider batches', `INSERT INTO settlement_batches (provider, batch, settled_on, lines, gross_paise, fee_paise, net_paise)
    SELECT provider, batch, MAX(settled_on), COUNT(*), SUM(amount_paise), SUM(fee_paise), SUM(amount_paise - fee_paise) FROM settlement_lines GROUP BY provider, batch
    ON CONFLICT DO NOTHING`);
  await step('provider batch credits', `
    INSERT INTO statement_lines (statement_id, line, account, booked_on, value_on, amount_paise, direction, narration, reference)
    SELECT s.id, 1000000 + row_number() OVER (PARTITION BY s.id ORDER BY b.batch), '${ACCOUNT}', b.settled_on, b.settled_on, b.net, 'credit', 'NEFT ' || upper(b.provider) || ' SETTLEMENT ' || b.batch, ''
      FROM (SELECT provider, batch, settled_on, net_paise AS net FROM settlement_batches) b
      JOIN bank_statements s ON s.from_date = b.settled_on AND s.account = '${ACCOUNT}'`);
  await sql.exec('ANALYZE; CREATE TABLE bench_money_seeded (at TIMESTAMPTZ)');
  progress(`money seed: done in ${secondsSince(started).toFixed(0)} s`);
}

/** Peak resident memory of this process while `fn` runs (sampled every 50 ms), and its time. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: secondsSince(t0), peakMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** Reconciling [from, to] from scratch: every automatic match of its entries dropped, matched again, then the monitor of every counter-day. */
async function reconcileRange(sql: Sql, from: string, to: string, asOf: string) {
  // The entries a reconcile of [from, to] looks at: booked from its first day to the windows after its last.
  await sql.query(`DELETE FROM statement_matches WHERE rule <> 'manual' AND line_id IN (SELECT id FROM statement_lines WHERE booked_on BETWEEN $1::date AND $2::date)`, [from, addDays(to, Math.max(S.depositWindowDays, S.batchWindowDays))]);
  const matching = await measured(() => reconcileMoney(sql, S, { from, to }, new Date()));
  const monitor = await measured(() => moneyMonitor(sql, S, { from, to, asOf }));
  return { matching, monitor };
}

/** What an earlier run's file imports left, so this run's are new files again. */
async function removeImports(sql: Sql): Promise<void> {
  await sql.query("DELETE FROM statement_matches WHERE line_id IN (SELECT id FROM statement_lines WHERE account = 'BENCH-IMPORT')");
  await sql.query("DELETE FROM statement_lines WHERE account = 'BENCH-IMPORT'");
  await sql.query("DELETE FROM bank_statements WHERE account = 'BENCH-IMPORT'");
  await sql.query("DELETE FROM settlement_lines WHERE provider = 'bench-import'");
  await sql.query("DELETE FROM settlement_batches WHERE provider = 'bench-import'");
  await sql.query("DELETE FROM settlement_files WHERE provider = 'bench-import'");
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counterfoil-bench-money-'));
  const runStart = performance.now();
  const backend = SERVER_URL ? 'PostgreSQL' : 'PGlite';
  const sql = SERVER_URL ? await openStore({ databaseUrl: await benchDatabase(SERVER_URL) }) : await openStore({ dataDir: join(dir, 'pg') });
  try {
    await seedFleet(sql);
    const [span] = await sql.query<{ first: string; last: string }>("SELECT to_char(MIN(business_date), 'YYYY-MM-DD') AS first, to_char(MAX(business_date), 'YYYY-MM-DD') AS last FROM collections_daily");
    const { first, last } = span!;
    await seedMoney(sql, first, last);
    await removeImports(sql);
    const asOf = addDays(last, 5);
    const [counts] = await sql.query<{ payments: string; deposits: string; entries: string; lines: string }>(
      'SELECT (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM deposits) AS deposits, (SELECT count(*) FROM statement_lines) AS entries, (SELECT count(*) FROM settlement_lines) AS lines',
    );
    const [size] = await sql.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');

    progress('reconciling the month');
    const month = await reconcileRange(sql, first, last, asOf);
    progress(`month: matching ${month.matching.seconds.toFixed(1)} s, monitor ${month.monitor.seconds.toFixed(1)} s`);
    const day = addDays(last, -3);
    progress(`reconciling one day (${day})`);
    const oneDay = await reconcileRange(sql, day, day, asOf);
    progress(`day: matching ${oneDay.matching.seconds.toFixed(2)} s, monitor ${oneDay.monitor.seconds.toFixed(2)} s`);
    const m = month.monitor.value;
    const rows = [
      [`a month (${first} to ${last}): match ${int(month.matching.value.statementMatches)} entries`, `${month.matching.seconds.toFixed(1)} s`, `${month.matching.peakMiB.toFixed(0)} MiB`],
      [`a month: the monitor of ${int(m.rows.length)} counter-days`, `${month.monitor.seconds.toFixed(1)} s`, `${month.monitor.peakMiB.toFixed(0)} MiB`],
      ['a month in all', `${(month.matching.seconds + month.monitor.seconds).toFixed(1)} s`, `${Math.max(month.matching.peakMiB, month.monitor.peakMiB).toFixed(0)} MiB`],
      [`one day (${day}): match ${int(oneDay.matching.value.statementMatches)} entries`, `${oneDay.matching.seconds.toFixed(2)} s`, `${oneDay.matching.peakMiB.toFixed(0)} MiB`],
      [`one day: the monitor of ${int(oneDay.monitor.value.rows.length)} counter-days`, `${oneDay.monitor.seconds.toFixed(2)} s`, `${oneDay.monitor.peakMiB.toFixed(0)} MiB`],
      ['one day in all', `${(oneDay.matching.seconds + oneDay.monitor.seconds).toFixed(2)} s`, ''],
    ];

    // The console: the monitor and the morning's exceptions as a finance user asks for them.
    const key = await serverKey(sql);
    const app = await buildServer(sql, { now: () => NOW });
    const name = `bench.money${Date.now() % 100000}`;
    const cookie = await consoleCookie(app, await makeConsoleUser(sql, key, name, 'finance', NOW, 'bench'), NOW);
    const http = async (label: string, url: string) => {
      const t0 = performance.now();
      const r = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      progress(`${label}: ${ms(performance.now() - t0)}`);
      return [label, `${ms(performance.now() - t0)}`, `${(r.body.length / 2 ** 20).toFixed(1)} MiB answer`];
    };
    rows.push(await http('console: the monitor, one day', `/console/api/money/monitor?from=${day}&to=${day}&asOf=${asOf}`));
    rows.push(await http('console: the monitor, the month', `/console/api/money/monitor?from=${first}&to=${last}&asOf=${asOf}`));
    rows.push(await http(`console: the month’s red counter-days only`, `/console/api/money/monitor?from=${first}&to=${last}&asOf=${asOf}&colour=red`));
    rows.push(await http('console: the morning’s exceptions (62 days)', `/console/api/money/exceptions?asOf=${asOf}`));
    rows.push(await http('console: undeposited ageing', `/console/api/money/ageing?asOf=${asOf}`));
    await app.close();

    // A day's files through the real readers, into an account and a provider of their own (removed after).
    const entries = await sql.query<{ amount_paise: string; narration: string; reference: string }>(
      'SELECT amount_paise, narration, reference FROM statement_lines WHERE booked_on = $1::date ORDER BY id', [day]);
    let balance = 0;
    const statement: ParsedStatement = {
      format: 'csv', account: 'BENCH-IMPORT', statementId: null, from: day, to: day, openingPaise: 0, closingPaise: 0,
      lines: entries.map((e, i) => ({ line: i + 1, bookedOn: day, valueOn: day, amountPaise: Number(e.amount_paise), direction: 'credit' as const, narration: e.narration, reference: e.reference })),
    };
    for (const l of statement.lines) balance += l.amountPaise;
    statement.closingPaise = balance;
    const csv = csvOf(statement, 'marked');
    const imported = await measured(() => importStatement(sql, key, { name: 'bench.csv', bytes: Buffer.from(csv.text), format: 'csv', csv: { ...csv.input, account: 'BENCH-IMPORT' } }, 'bench', new Date()));
    const payments = await sql.query<{ reference: string; amount_paise: string; mode: string }>("SELECT reference, amount_paise, mode FROM payments WHERE business_date = $1::date AND mode = 'upi'", [day]);
    const lines: SettlementReportLine[] = payments.map((p, i) => ({ line: i + 1, reference: p.reference, amountPaise: Number(p.amount_paise), feePaise: 0, transactedOn: day, settledOn: addDays(day, 1), batch: 'BENCHIMPORT' }));
    const settlement = settlementCsvOf(lines, 'bench-import', 'upi');
    const settled = await measured(() => importSettlement(sql, key, { name: 'bench-settlement.csv', bytes: Buffer.from(settlement.text), input: settlement.input }, 'bench', new Date()));
    rows.push([`import a day’s statement CSV (${int(statement.lines.length)} entries, ${(csv.text.length / 2 ** 20).toFixed(1)} MiB)`, `${imported.seconds.toFixed(1)} s`, `${imported.peakMiB.toFixed(0)} MiB`]);
    rows.push([`import a day’s UPI settlement CSV (${int(lines.length)} lines, each linked to its payment)`, `${settled.seconds.toFixed(1)} s`, `${settled.peakMiB.toFixed(0)} MiB`]);
    await removeImports(sql);

    const header = [
      `date: ${new Date().toISOString()}`, ...machineLines(dir), `load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`,
      `backend: ${backend}; ${int(TERMINALS)} terminals × ${DAYS} days × ${PER_DAY} payments = ${int(Number(counts!.payments))} payments; ${int(Number(counts!.deposits))} deposit slips; ${int(Number(counts!.entries))} bank entries; ${int(Number(counts!.lines))} provider lines; database ${(Number(size!.bytes) / 2 ** 30).toFixed(1)} GiB`,
      `the month's monitor: ${int(m.counts.red)} red, ${int(m.counts.yellow)} yellow, ${int(m.counts.green)} green counter-days as of ${asOf}`,
      'peak memory: this process (Node) only; PostgreSQL runs apart',
    ];
    process.stdout.write(`${header.map((l) => `- ${l}`).join('\n')}\n\n`);
    process.stdout.write(`${table(['what', 'time', 'peak memory / answer'], rows)}\n\n`);
    process.stdout.write('goals: a month reconciled < 60 s; one day < 5 s\n');
    process.stdout.write(`run took ${secondsSince(runStart).toFixed(0)} s\n`);
  } finally {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
