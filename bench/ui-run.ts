// `npm run bench:ui`: the counter-app issue's rows, measured in the real product: the web shell
// with the virtual printer as its printer, the renderer bundle in Chromium, a terminal holding
// BENCH_UI_CONSUMERS consumers. Like the other benchmarks it prints a markdown table, asserts
// nothing and exits 0 whatever the numbers; progress goes to stderr, the report to stdout.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { browserMissing, CHROMIUM } from '../test/support/browser.js';
import { machineLines } from './machine.js';
import { envCount, progress, secondsSince } from './setup.js';
import { int, ms, table } from './stats.js';
import {
  benchPaymentsUi,
  benchPrintExchange,
  benchSearchDirect,
  benchSearchUi,
  buildRenderer,
  bundleIsDevelopment,
  logInAndOpenShift,
  machineBusySeconds,
  makeTerminal,
  paymentRow,
  printedAtByReceipt,
  startShell,
  treeCpu,
  type Shell,
  type Spread,
} from './ui.js';

const CONSUMERS = envCount('BENCH_UI_CONSUMERS', 600_000);
const PAYMENTS = envCount('BENCH_UI_PAYMENTS', 200);
const PAY_WARMUP = Math.max(20, Math.round(PAYMENTS / 10));
const KEYSTROKES = envCount('BENCH_UI_KEYSTROKES', 300);
const KEY_WARMUP = Math.max(20, Math.round(KEYSTROKES / 10));
const GOAL_P95_MS = 250;

const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
const msOr = (v: number) => (Number.isNaN(v) ? '—' : ms(v));
const row = (name: string, s: Spread, goal = '', met = ''): string[] =>
  [name, msOr(s.p50), msOr(s.p95), msOr(s.p99), msOr(s.max), `n=${int(s.n)}`, goal, met];
const plain = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(v < 10 ? 2 : 0));

interface CpuMark {
  at: number;
  machine: number;
  tree: ReturnType<typeof treeCpu>;
}

function cpuMark(shellPid: number): CpuMark {
  return { at: performance.now(), machine: machineBusySeconds(), tree: treeCpu(shellPid) };
}

/** Where the processor went between two marks, as shares of all cores' time. */
function cpuLine(what: string, a: CpuMark, b: CpuMark): string {
  const available = ((b.at - a.at) / 1000) * cpus().length;
  const pct = (x: number) => `${Math.max(0, Math.min(100, (100 * x) / available)).toFixed(0)}%`;
  const d = (k: keyof CpuMark['tree']) => b.tree[k] - a.tree[k];
  const mine = d('shell') + d('printer') + d('chromium') + d('bench');
  return (
    `${what} (${((b.at - a.at) / 1000).toFixed(0)} s × ${cpus().length} cores): ` +
    (Number.isNaN(a.machine) ? '' : `machine busy ${pct(b.machine - a.machine)}; `) +
    `web shell ${pct(d('shell'))}, virtual printer ${pct(d('printer'))}, Chromium ${pct(d('chromium'))}, this script (Playwright) ${pct(d('bench'))}` +
    (Number.isNaN(a.machine) ? '' : `, everything else on the machine ${pct(b.machine - a.machine - mine)}`)
  );
}

/**
 * Debian's Chromium with the flags of test/support/browser.ts's launchChromium(), but without
 * Playwright's own signal handlers: on Ctrl-C those close the browser and exit the process at
 * once, before this script has stopped the web shell and removed the temp dir.
 */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

async function main(): Promise<void> {
  const missing = browserMissing();
  if (missing) {
    process.stderr.write(`bench:ui needs Chromium: ${missing}\n`);
    process.exit(2);
  }
  const runStart = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'counterfoil-bench-ui-'));
  const dataDir = join(dir, 'terminal');
  const staticDir = join(dir, 'renderer');
  let loader: ChildProcess | null = null;
  let shell: Shell | null = null;
  let browser: Browser | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      if (loader && loader.exitCode === null && loader.signalCode === null) {
        const gone = new Promise((r) => loader!.once('exit', r));
        loader.kill('SIGTERM');
        await gone;
      }
      await browser?.close().catch(() => undefined);
      await shell?.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    })());
  // `on`, not `once`: a Ctrl-C reaches this process twice (from the terminal, and relayed by npm
  // and tsx), and with no listener left tsx's own handler would exit before the clean-up is done.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: stopping the browser and the web shell, removing the temp dir');
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  try {
    const header = [
      `date: ${new Date().toISOString()}`,
      ...machineLines(dir),
      `load average at start: ${load()}`,
    ];

    progress('building the renderer bundle');
    let t0 = performance.now();
    mkdirSync(staticDir);
    buildRenderer(staticDir);
    const buildSeconds = secondsSince(t0);
    const devBundle = bundleIsDevelopment(staticDir);

    progress(`terminal: loading ${CONSUMERS.toLocaleString('en-US')} consumers`);
    const loadSeconds = await makeTerminal(dataDir, CONSUMERS, (c) => (loader = c));

    progress('starting the web shell (--demo: the virtual printer as its printer) and Chromium');
    t0 = performance.now();
    shell = await startShell(dataDir, staticDir);
    const printerLine = shell.log.find((l) => /virtual printer listening/.test(l));
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await logInAndOpenShift(page, shell.url);
    const startSeconds = secondsSince(t0);
    header.push(
      `browser: Chromium ${browser.version()} (headless, playwright-core), viewport 1366×768; renderer bundle built now (${devBundle ? 'React DEVELOPMENT build' : 'production React'})`,
      `web shell: web-shell/main.ts --demo on a terminal made first; printer: ${printerLine ? 'virtual printer (tcp, 127.0.0.1)' : 'NOT STARTED'}`,
      `parameters: BENCH_UI_CONSUMERS=${CONSUMERS}, BENCH_UI_PAYMENTS=${PAYMENTS} (after ${PAY_WARMUP} warm-up), BENCH_UI_KEYSTROKES=${KEYSTROKES} (after ${KEY_WARMUP} warm-up)`,
    );
    process.stdout.write(`${header.join('\n')}\n\n`);
    if (!printerLine) throw new Error(`the web shell did not start the virtual printer: ${shell.log.slice(-5).join(' | ')}`);

    progress(`payments: ${PAYMENTS} + ${PAY_WARMUP} warm-up, Enter on the confirm step → receipt printed on the screen`);
    const shellPid = shell.child.pid!;
    const cpuA0 = cpuMark(shellPid);
    const loadBeforeA = load();
    const pay = await benchPaymentsUi(page, { payments: PAYMENTS, warmup: PAY_WARMUP, consumers: CONSUMERS });
    const cpuA1 = cpuMark(shellPid);
    const loadAfterA = load();

    progress(`search as you type: ${KEYSTROKES} + ${KEY_WARMUP} warm-up keystrokes over ${CONSUMERS.toLocaleString('en-US')} consumers`);
    const search = await benchSearchUi(page, { keystrokes: KEYSTROKES, warmup: KEY_WARMUP, consumers: CONSUMERS });
    const cpuB1 = cpuMark(shellPid);
    const loadAfterB = load();

    progress('the same queries over the web shell\'s WebSocket from this process, no browser');
    // The page's session cookie (httpOnly: the browser context gives it, not the page).
    const origin = new URL(shell.url).origin;
    const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
    const direct = await benchSearchDirect(origin, cookie, search.typed);

    progress('the print exchange alone: printJob to the same virtual printer, as shipped and with TCP_NODELAY');
    const printerPort = Number(/127\.0\.0\.1:(\d+)/.exec(printerLine)![1]);
    const exchange = await benchPrintExchange(dataDir, printerPort, 30);

    await browser.close();
    browser = null;
    await shell.stop();
    const printedAt = printedAtByReceipt(dataDir);
    const a = paymentRow(pay.traces, printedAt, pay.seconds);

    const met = a.printed.p95 < GOAL_P95_MS ? 'yes' : 'no';
    const rows = [
      row('A. Enter on confirm → "रसीद छपी" (receipt printed) painted', a.printed, `p95 < ${GOAL_P95_MS} ms`, met),
      row('  Enter → receipt number painted', a.receipt),
      row('  Enter → `payment.record` sent', a.toCall),
      row('  `payment.record` sent → answered', a.recordCall),
      row('  Enter → printer confirmed the job (`printed_at`)', a.printerConfirmed),
      row('  printer confirmed → "printed" painted', a.confirmedToScreen),
      row('  Enter → first `receipt.status` sent', a.firstStatusSent),
      row('  Enter → first `receipt.status` answered', a.firstStatus),
      row('  Enter → `receipt.status` answer saying printed', a.statusAnswer),
      row('  `receipt.preview` sent → answered', a.previewCall),
      row(`B. keystroke → results painted (${int(CONSUMERS)} consumers)`, search.total, '—', '—'),
      row('  `input` event → `consumer.search` sent', search.toCall),
      row('  `consumer.search` sent → answered', search.call),
      row('  answer → list in the DOM (React render + commit)', search.toDom),
      row('  answer → list painted', search.toPaint),
      row('  same queries, `consumer.search` over the WebSocket from Node, no browser', direct),
    ];
    process.stdout.write(`${table(['measurement', 'p50', 'p95', 'p99', 'max', 'result', 'goal', 'met'], rows)}\n\n`);

    const sc = a.statusCalls;
    process.stdout.write(
      `receipt.status calls until one said printed: p50 ${plain(sc.p50)}, p95 ${plain(sc.p95)}, max ${plain(sc.max)}; the first call said printed for ${int(a.firstSaidPrinted)} of ${int(a.firstStatus.n)} ` +
        `(the done step asks once it mounts, then every 100 ms for 3 s and every 1,000 ms after while the answer is "waiting")\n\n`,
    );

    if (exchange) {
      process.stdout.write(
        `print exchange alone (\`printJob\` from this process to the same virtual printer, a ${int(exchange.bytes)}-byte receipt the print loop sent, n=${exchange.asShipped.n} each): ` +
          `p50 ${ms(exchange.asShipped.p50)}, p95 ${ms(exchange.asShipped.p95)} as shipped; p50 ${ms(exchange.noDelay.p50)}, p95 ${ms(exchange.noDelay.p95)} with TCP_NODELAY on this side` +
          `${exchange.notPrinted ? `; ${exchange.notPrinted} NOT PRINTED` : ''}\n\n`,
      );
    }

    process.stdout.write('search as you type, by kind of query (keystrokes from the 3rd character on):\n\n');
    const kindRows = search.byKind.map(({ kind, total, call }) => [kind, msOr(total.p50), msOr(total.p95), msOr(total.max), msOr(call.p50), msOr(call.p95), `n=${int(total.n)}`]);
    process.stdout.write(`${table(['query', 'p50', 'p95', 'max', 'call p50', 'call p95', 'result'], kindRows)}\n\n`);

    const problems = [...a.failures.map((f) => `payment: ${f}`), ...search.failures.map((f) => `search: ${f}`)];
    for (const p of problems.slice(0, 20)) process.stdout.write(`problem: ${p}\n`);
    if (problems.length > 20) process.stdout.write(`… and ${problems.length - 20} more problems\n`);
    process.stdout.write(`${cpuLine('processor during the payments', cpuA0, cpuA1)}\n`);
    process.stdout.write(`${cpuLine('processor during the search', cpuA1, cpuB1)}\n`);
    process.stdout.write(`load average: ${loadBeforeA} before the payments, ${loadAfterA} after them, ${loadAfterB} after the search\n`);
    process.stdout.write(
      `set-up: renderer built in ${buildSeconds.toFixed(1)} s; ${int(CONSUMERS)} consumers loaded in ${loadSeconds.toFixed(1)} s; ` +
        `shell, Chromium, log-in and shift open in ${startSeconds.toFixed(1)} s; payments took ${pay.seconds.toFixed(0)} s ` +
        `(${int(PAYMENTS + PAY_WARMUP)}), search ${search.seconds.toFixed(0)} s (${int(search.queries)} queries); the whole run took ${secondsSince(runStart).toFixed(0)} s\n`,
    );
  } finally {
    await cleanUp();
  }
}

await main();
