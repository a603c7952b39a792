// `npm run bench:reports`: the day summary, the three exports and the settlement match on a busy
// terminal, printed as a markdown table beside the issue's goals. Never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchReports } from './reports.js';
import { machineLines } from './machine.js';
import { envCount } from './setup.js';
import { int, ms, table } from './stats.js';

const DAYS = envCount('BENCH_REPORT_DAYS', 30);
const PER_DAY = envCount('BENCH_REPORT_PER_DAY', 2_000);
const BIG_DAY = envCount('BENCH_REPORT_BIG_DAY', 5_000);

const dir = mkdtempSync(join(tmpdir(), 'counterfoil-bench-reports-'));
try {
  process.stdout.write(`${[`date: ${new Date().toISOString()}`, ...machineLines(dir),
    `parameters: BENCH_REPORT_DAYS=${DAYS} × BENCH_REPORT_PER_DAY=${PER_DAY} payments, and one day of BENCH_REPORT_BIG_DAY=${BIG_DAY}`].join('\n')}\n\n`);
  const r = await benchReports(dir, DAYS, PER_DAY, BIG_DAY);
  const yes = (met: boolean) => (met ? 'yes' : 'no');
  const rows = [
    [`day summary, one day of ${int(BIG_DAY)} payments: \`daySummary\``, ms(r.summaryBigDay.p50), ms(r.summaryBigDay.p99), `n=${r.summaryBigDay.n}`, '< 100 ms', yes(r.summaryBigDay.p99 < 100)],
    ...r.exports.map((e) => [
      `export ${DAYS} days × ${int(PER_DAY)} payments as ${e.format.toUpperCase()}, with manifest: \`makeExport\``,
      '', '', `${e.seconds.toFixed(2)} s, ${(e.bytes / 1024 / 1024).toFixed(1)} MiB`, '< 3 s', yes(e.seconds < 3),
    ]),
    [`settlement import + match, ${int(r.settlement.lines)} lines: \`importSettlement\``, '', '',
      `${r.settlement.seconds.toFixed(2)} s; ${int(r.settlement.matched)} matched, ${r.settlement.notSettled} not settled ` +
        `(${r.settlement.leftOut} left out of the file), ${r.settlement.otherExceptions} other`, 'finds the left-out', yes(r.settlement.notSettled === r.settlement.leftOut && r.settlement.otherExceptions === 0)],
  ];
  process.stdout.write(`${table(['measurement', 'p50', 'p99', 'result', 'goal', 'met'], rows)}\n\n`);
  process.stdout.write(`set-up (synchronous=OFF): ${int(DAYS * PER_DAY + BIG_DAY)} payments recorded in ${r.buildSeconds.toFixed(1)} s\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
