// `npm run bench`: measures the ledger's costs on this machine and prints them as a markdown
// table. It never asserts a timing: the goals are printed beside the numbers for a person to judge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConsumers } from './consumers.js';
import { machineLines } from './machine.js';
import { benchPayments } from './payments.js';
import { benchPrint } from './print.js';
import { envCount, progress } from './setup.js';
import { int, ms, table } from './stats.js';
import { benchVerify } from './verify.js';

const PAYMENTS = envCount('BENCH_PAYMENTS', 2_000);
const WARMUP = Math.max(20, Math.round(PAYMENTS / 10));
const CONSUMERS = envCount('BENCH_CONSUMERS', 600_000);
const EVENTS = Math.max(3, envCount('BENCH_EVENTS', 100_000));
const LOOKUPS = 2_000;
const SEARCHES = 1_000;

const yesNo = (met: boolean) => (met ? 'yes' : 'no');
const ratio = (v: number) => `${v.toFixed(2)}×`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counterfoil-bench-'));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const header = [
      `date: ${new Date().toISOString()}`,
      ...machineLines(dir),
      `parameters: BENCH_PAYMENTS=${PAYMENTS} (after ${WARMUP} warm-up), BENCH_CONSUMERS=${CONSUMERS}, ` +
        `BENCH_EVENTS=${EVENTS}; ${LOOKUPS} account lookups, ${SEARCHES} name searches, search limit 20`,
    ];
    process.stdout.write(`${header.join('\n')}\n\n`);

    progress(`payments: ${PAYMENTS} + ${WARMUP} warm-up, each beside a floor write`);
    const pay = await benchPayments(dir, PAYMENTS, WARMUP);
    progress('printing: 200 receipts to ESC/POS and to PNG');
    const print = await benchPrint(dir, 200);
    progress(`consumers: loading ${CONSUMERS.toLocaleString('en-US')}`);
    const cons = await benchConsumers(dir, CONSUMERS, LOOKUPS, SEARCHES);
    progress(`verify: building ${EVENTS.toLocaleString('en-US')} events`);
    const ver = await benchVerify(dir, EVENTS);

    const r50 = pay.payment.p50 / pay.floor.p50;
    const r99 = pay.payment.p99 / pay.floor.p99;
    const rows = [
      ['payment commit: dispatch `payment.record`', ms(pay.payment.p50), ms(pay.payment.p99), `n=${int(pay.payment.n)}`, '', ''],
      ['floor: autocommit INSERT (FULL) + Ed25519 sign', ms(pay.floor.p50), ms(pay.floor.p99), `n=${int(pay.floor.n)}`, '', ''],
      ['payment ÷ floor', ratio(r50), ratio(r99), '', '≤ 1.5×', yesNo(r50 <= 1.5 && r99 <= 1.5)],
      ['receipt to ESC/POS (80 mm, Hindi + English, QR)', ms(print.escpos.p50), ms(print.escpos.p99), `${int(print.bytes)} bytes`, '≤ 25 KB', yesNo(print.bytes <= 25 * 1024)],
      ['receipt preview PNG (80 mm)', ms(print.preview.p50), ms(print.preview.p99), `n=${int(print.preview.n)}`, '', ''],
      [`load ${int(CONSUMERS)} consumers`, '', '', `${cons.loadSeconds.toFixed(1)} s (${int(CONSUMERS / cons.loadSeconds)}/s)`, '', ''],
      ['exact account lookup: `searchConsumers`', ms(cons.exact.p50), ms(cons.exact.p99), `n=${int(cons.exact.n)}`, 'p99 < 1 ms', yesNo(cons.exact.p99 < 1)],
      ['name search: `searchConsumers`', ms(cons.names.p50), ms(cons.names.p99), `n=${int(cons.names.n)}`, 'p99 < 15 ms', yesNo(cons.names.p99 < 15)],
      [
        `verify ${int(ver.events)} events: \`verifyLedger\``,
        '',
        '',
        `${int(ver.events / ver.verifySeconds)} events/s, ${ver.verifySeconds.toFixed(1)} s${ver.ok ? '' : `, NOT OK: ${ver.faults} faults`}`,
        '',
        '',
      ],
    ];
    process.stdout.write(`${table(['measurement', 'p50', 'p99', 'result', 'goal', 'met'], rows)}\n\n`);

    process.stdout.write('name search by kind of query:\n\n');
    const kindRows = cons.byKind.map(({ kind, summary }) => [kind, ms(summary.p50), ms(summary.p99), `n=${int(summary.n)}`]);
    process.stdout.write(`${table(['query', 'p50', 'p99', 'result'], kindRows)}\n\n`);
    process.stdout.write(
      `verify set-up (synchronous=OFF, set-up only): ${int(ver.events)} events built in ${ver.buildSeconds.toFixed(1)} s; ` +
        `recordPayment took ${ms(ver.buildFirstMs)} a payment over the first tenth, ${ms(ver.buildLastMs)} over the last\n`,
    );
  } finally {
    cleanUp();
  }
}

await main();
