// The counter as a cashier feels it: the real renderer bundle in Chromium, served by the web shell
// (`web-shell/main.ts --demo`: its core, its print loop, the virtual printer as the printer), on a
// terminal holding N consumers. Every time here is taken in the page with performance.now(), by a
// small harness the page gets before it loads (HARNESS below), so Playwright's own round trips
// never count. The harness also notes when each contract call leaves on the WebSocket and when its
// answer comes back, which is how the rows are split into their parts.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import WebSocket from 'ws';
import { openDatabase } from '../core/db/open.js';
import { printJob } from '../core/print/transports.js';
import { DATA_FILES } from '../core/terminal/terminal.js';
import { DEMO_USERS, demoAccountNo, seededRandom } from '../shared/demo-data.js';
import { progress, secondsSince } from './setup.js';
import { percentile } from './stats.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Summaries: nearest-rank, as bench/stats.ts, with p95 and the maximum the UI rows report.

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function spread(samples: readonly number[]): Spread {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.length ? s[s.length - 1]! : Number.NaN };
}

// ---------------------------------------------------------------------------------------------
// Set-up: the terminal, the bundle, the web shell.

/**
 * The terminal the shell will open: `initTerminal`, the demo users, `upsertConsumers` of N demo
 * consumers (bench/setup.ts), made in a child process (bench/ui-terminal-child.ts) so this one
 * stays responsive to Ctrl-C. Made before the shell starts, because `--demo` adds its 5,000 only
 * to a terminal it makes itself. Resolves with the seconds it took.
 */
export function makeTerminal(dataDir: string, consumers: number, onChild: (child: ChildProcess | null) => void): Promise<number> {
  const start = performance.now();
  const child = fork(fileURLToPath(new URL('./ui-terminal-child.ts', import.meta.url)), [dataDir, String(consumers)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  onChild(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      onChild(null);
      if (code === 0) resolve(secondsSince(start));
      else reject(new Error(`making the terminal failed (${signal ?? code})`));
    });
  });
}

/**
 * The renderer bundle built from the source as it is now, with the command the e2e suites use,
 * into outDir (served with the shell's --static) so a build running elsewhere never rewrites
 * renderer/dist under this benchmark, nor this one under it.
 */
export function buildRenderer(outDir: string): void {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'tools', 'build', 'renderer.vite.config.mjs'),
      '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`the renderer build failed (${r.status ?? r.signal}): ${r.stderr}`);
}

/** Whether the bundle carries React's development build (jsxDEV), which is slower than production. */
export function bundleIsDevelopment(outDir: string): boolean {
  const assets = join(outDir, 'assets');
  return readdirSync(assets).filter((f) => f.endsWith('.js')).some((f) => readFileSync(join(assets, f), 'utf8').includes('react-jsx-dev-runtime.development'));
}

export interface Shell {
  child: ChildProcess;
  /** The one-time login link it printed: opens the page once. */
  url: string;
  /** Every line the shell wrote on stderr (its own and the virtual printer's). */
  log: string[];
  stop(): Promise<void>;
}

/** `node --import tsx web-shell/main.ts --data DIR --demo --port 0 --no-open --static DIR`. */
export function startShell(dataDir: string, staticDir: string): Promise<Shell> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'web-shell', 'main.ts'), '--data', dataDir, '--demo', '--port', '0', '--no-open', '--static', staticDir],
    // Its own process group, so a Ctrl-C at the terminal reaches it only through stop(), in order.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const log: string[] = [];
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Counterfoil web shell: (http:\/\/127\.0\.0\.1:\d+\/login\?once=\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, log, stop });
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const lines = err.split('\n');
      err = lines.pop()!;
      log.push(...lines);
    });
    child.once('exit', (c, s) => reject(new Error(`the web shell exited (${s ?? c}): ${[...log, err].slice(-10).join('\n')}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// The page's harness: plain JavaScript, installed with page.addInitScript before the app loads.

/**
 * - Wraps WebSocket so each contract call's send and answer time is noted (the answer's id is
 *   read with a regex from the start of the text, not by parsing the whole answer again).
 * - armPayment(): before Enter on the confirm step; its promise `payment` resolves when the
 *   receipt number and then the printed state have been put in the DOM and painted.
 * - armKey(): before one keystroke in the search box; its promise `key` resolves when the list
 *   holds the answer to the query that keystroke made, painted.
 * "Painted": after the DOM change, the next requestAnimationFrame, then a task posted from it,
 * which runs once that frame's style, layout and paint are done on the main thread.
 */
export const HARNESS = String.raw`(() => {
  const B = { calls: [] };
  globalThis.__bench = B;
  const byId = new Map();
  const Native = globalThis.WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        const t = performance.now();
        const text = typeof e.data === 'string' ? e.data : '';
        const m = /^\{"id":(\d+)/.exec(text);
        const c = m && byId.get(Number(m[1]));
        if (!c) return;
        byId.delete(c.id);
        c.answered = t;
        c.ok = text.startsWith('{"id":' + c.id + ',"result":{"ok":true');
        if (c.channel === 'receipt.status') c.printed = text.includes('"state":"printed"');
      });
    }
    send(data) {
      try {
        const m = JSON.parse(data);
        const c = { id: m.id, channel: m.channel, query: m.channel === 'consumer.search' ? m.input.query : undefined, sent: performance.now() };
        B.calls.push(c);
        byId.set(c.id, c);
      } catch {}
      return super.send(data);
    }
  };

  const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve(performance.now());
    ch.port2.postMessage(0);
  }));
  const PRINTED = /रसीद छपी|Receipt printed/;

  B.armPayment = () => {
    const r = { key: null, handler: null, keyWall: null, receiptNo: null, receiptDom: null, receiptPaint: null, printedDom: null, printedPaint: null, timedOut: false, callsFrom: B.calls.length };
    const onKey = (e) => {
      if (e.key !== 'Enter' || r.key !== null) return;
      r.handler = performance.now();
      r.keyWall = Date.now();
      r.key = e.timeStamp > 0 && e.timeStamp <= r.handler ? e.timeStamp : r.handler;
    };
    addEventListener('keydown', onKey, true);
    B.payment = new Promise((resolve) => {
      let obs = null;
      const finish = () => {
        clearTimeout(timer);
        obs.disconnect();
        removeEventListener('keydown', onKey, true);
        r.calls = B.calls.slice(r.callsFrom);
        resolve(r);
      };
      const timer = setTimeout(() => { r.timedOut = true; r.calls = B.calls.slice(r.callsFrom); finish(); }, 30000);
      const check = () => {
        if (r.key === null) return;
        if (r.receiptDom === null) {
          const el = document.querySelector('[data-testid="receipt-no"]');
          if (el) {
            r.receiptDom = performance.now();
            r.receiptNo = el.textContent.split(':').pop().trim();
            afterPaint().then((t) => { r.receiptPaint = t; if (r.printedPaint !== null) finish(); });
          }
        }
        if (r.receiptDom !== null && r.printedDom === null) {
          const el = document.querySelector('[data-testid="print-state"]');
          if (el && PRINTED.test(el.textContent)) {
            r.printedDom = performance.now();
            afterPaint().then((t) => { r.printedPaint = t; if (r.receiptPaint !== null) finish(); });
          }
        }
      };
      obs = new MutationObserver(check);
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return true;
  };

  B.armKey = () => {
    const r = { input: null, handler: null, value: null, dom: null, paint: null, results: 0, timedOut: false, callsFrom: B.calls.length };
    const onInput = (e) => {
      if (r.input !== null || e.target.id !== 'consumer-search') return;
      r.handler = performance.now();
      r.input = e.timeStamp > 0 && e.timeStamp <= r.handler ? e.timeStamp : r.handler;
      r.value = e.target.value;
    };
    addEventListener('input', onInput, true);
    B.key = new Promise((resolve) => {
      let obs = null;
      const finish = () => {
        clearTimeout(timer);
        obs.disconnect();
        removeEventListener('input', onInput, true);
        r.calls = B.calls.slice(r.callsFrom);
        resolve(r);
      };
      const timer = setTimeout(() => { r.timedOut = true; finish(); }, 20000);
      const check = () => {
        if (r.input === null || r.dom !== null) return;
        const box = document.getElementById('consumer-search');
        const list = document.getElementById('consumer-results');
        if (!box || !list || box.value !== r.value || list.getAttribute('aria-busy') !== 'false') return;
        r.dom = performance.now();
        r.results = list.children.length;
        afterPaint().then((t) => { r.paint = t; finish(); });
      };
      obs = new MutationObserver(check);
      obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
    });
    return true;
  };
})();`;

interface TracedCall {
  id: number;
  channel: string;
  query?: string;
  sent: number;
  answered?: number;
  ok?: boolean;
  printed?: boolean;
}

interface PaymentTrace {
  key: number;
  handler: number;
  keyWall: number;
  receiptNo: string | null;
  receiptDom: number | null;
  receiptPaint: number | null;
  printedDom: number | null;
  printedPaint: number | null;
  timedOut: boolean;
  calls: TracedCall[];
}

interface KeyTrace {
  input: number | null;
  handler: number | null;
  value: string | null;
  dom: number | null;
  paint: number | null;
  results: number;
  timedOut: boolean;
  calls: TracedCall[];
}

// ---------------------------------------------------------------------------------------------
// Log in and open the shift, by keyboard as at the counter.

export async function logInAndOpenShift(page: Page, url: string): Promise<void> {
  await page.addInitScript({ content: HARNESS });
  await page.goto(url);
  await page.locator('input[name="user"]').fill('asha');
  await page.locator('input[name="pin"]').fill('1111');
  await page.keyboard.press('Enter');
  await page.locator('input[name="float"]').fill('2,000');
  await page.keyboard.press('Enter');
  await page.locator('#consumer-search').waitFor();
}

// ---------------------------------------------------------------------------------------------
// Row A: Enter on the confirm step → the receipt job confirmed by the printer, on the screen.

export interface PaymentRow {
  /** Enter → "receipt printed" painted: the row's number. */
  printed: Spread;
  /** Enter → receipt number painted. */
  receipt: Spread;
  /** Enter → payment.record leaves on the WebSocket (the screen's own work before the call). */
  toCall: Spread;
  /** payment.record sent → its answer back in the page (the shell: dispatch, the ledger write, the socket). */
  recordCall: Spread;
  /** Enter → the printer confirmed the job (print_jobs.printed_at, wall clock, 1 ms steps). */
  printerConfirmed: Spread;
  /** The printer's confirmation → "receipt printed" painted: how long the screen took to learn it. */
  confirmedToScreen: Spread;
  /** Enter → the first receipt.status sent (the done step asks once it mounts). */
  firstStatusSent: Spread;
  /** Enter → the first receipt.status answer. */
  firstStatus: Spread;
  /** How many first answers already said printed. */
  firstSaidPrinted: number;
  /** Enter → the receipt.status answer that said printed. */
  statusAnswer: Spread;
  /** receipt.status calls per payment until one said printed. */
  statusCalls: Spread;
  /** receipt.preview sent → answered (the PNG the done step shows, rendered by the shell). */
  previewCall: Spread;
  /** Payments whose screen did not say printed within 30 s, or whose trace was incomplete. */
  failures: string[];
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function payOne(page: Page, account: string, rupees: number): Promise<PaymentTrace> {
  const search = page.locator('#consumer-search');
  await search.fill(account);
  await page.locator(`#consumer-${account}`).waitFor();
  await search.press('Enter');
  const amount = page.locator('input[name="amount"]');
  await amount.fill(String(rupees));
  await amount.press('Enter');
  await page.getByTestId('confirm-amount').waitFor();
  // The step takes a press once Enter is up and it has been seen for a moment (fresh-press.ts).
  await page.locator('[data-testid="confirm-record"][data-armed="true"]').waitFor();
  // The record button takes the focus in an effect after the step mounts: Enter must reach it.
  await page.waitForFunction('document.activeElement && document.activeElement.matches("section.confirm button.primary")');
  await page.evaluate('__bench.armPayment()');
  await page.keyboard.press('Enter');
  const trace = (await page.evaluate('__bench.payment')) as PaymentTrace;
  // Next consumer: Enter on the done step's focused button.
  await page.waitForFunction('document.activeElement && document.activeElement.matches("section.done button.primary")');
  await page.keyboard.press('Enter');
  await search.waitFor();
  return trace;
}

/** print_jobs.printed_at of each receipt (ms since the epoch), read after the run. */
export function printedAtByReceipt(dataDir: string): Map<string, number> {
  const db = openDatabase(join(dataDir, DATA_FILES.db), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT p.receipt_no AS receiptNo, j.printed_at AS printedAt FROM print_jobs j JOIN payments p ON p.seq = j.payment_seq WHERE j.kind = 'receipt' AND j.printed_at IS NOT NULL")
      .all() as { receiptNo: string; printedAt: string }[];
    return new Map(rows.map((r) => [r.receiptNo, Date.parse(r.printedAt)]));
  } finally {
    db.close();
  }
}

export async function benchPaymentsUi(
  page: Page,
  opts: { payments: number; warmup: number; consumers: number },
): Promise<{ traces: PaymentTrace[]; seconds: number }> {
  const rand = seededRandom(250);
  const used = new Set<number>();
  const traces: PaymentTrace[] = [];
  const start = performance.now();
  const total = opts.warmup + opts.payments;
  for (let i = 0; i < total; i++) {
    let n: number;
    do n = Math.floor(rand() * opts.consumers);
    while (used.has(n) && used.size < opts.consumers);
    used.add(n);
    const rupees = 100 + Math.floor(rand() * 801);
    const trace = await payOne(page, demoAccountNo(n), rupees);
    if (i >= opts.warmup) traces.push(trace);
    if ((i + 1) % 20 === 0) progress(`payments ${i + 1}/${total} (${secondsSince(start).toFixed(0)} s)`);
  }
  return { traces, seconds: secondsSince(start) };
}

/** The row and its parts from the page's traces and the printer's confirmations in the ledger. */
export function paymentRow(traces: PaymentTrace[], printedAt: Map<string, number>, seconds: number): PaymentRow {
  const failures: string[] = [];
  let firstSaidPrinted = 0;
  const s = {
    printed: [] as number[], receipt: [] as number[], toCall: [] as number[], recordCall: [] as number[], printerConfirmed: [] as number[],
    confirmedToScreen: [] as number[], firstStatusSent: [] as number[], firstStatus: [] as number[], statusAnswer: [] as number[], statusCalls: [] as number[], previewCall: [] as number[],
  };
  for (const t of traces) {
    const record = t.calls.find((c) => c.channel === 'payment.record');
    if (t.timedOut || t.printedPaint === null || t.receiptPaint === null || !record?.answered || !t.receiptNo) {
      failures.push(`receipt ${t.receiptNo ?? '(none)'}: ${t.timedOut ? 'the screen did not say printed within 30 s' : 'incomplete trace'}`);
      continue;
    }
    s.printed.push(t.printedPaint - t.key);
    s.receipt.push(t.receiptPaint - t.key);
    s.toCall.push(record.sent - t.key);
    s.recordCall.push(record.answered - record.sent);
    const statuses = t.calls.filter((c) => c.channel === 'receipt.status');
    if (statuses[0]) s.firstStatusSent.push(statuses[0].sent - t.key);
    if (statuses[0]?.answered !== undefined) s.firstStatus.push(statuses[0].answered - t.key);
    if (statuses[0]?.printed) firstSaidPrinted++;
    const said = statuses.find((c) => c.printed);
    if (said?.answered !== undefined) {
      s.statusAnswer.push(said.answered - t.key);
      s.statusCalls.push(statuses.indexOf(said) + 1);
    }
    const preview = t.calls.find((c) => c.channel === 'receipt.preview');
    if (preview?.answered !== undefined) s.previewCall.push(preview.answered - preview.sent);
    const at = printedAt.get(t.receiptNo);
    if (at !== undefined) {
      // Wall clocks of the page and the shell are the same machine's; the Enter's is keyWall,
      // taken in the handler, so the time the key waited before the handler is added back.
      const enterWall = t.keyWall - (t.handler - t.key);
      s.printerConfirmed.push(at - enterWall);
      s.confirmedToScreen.push(t.printedPaint - t.key - (at - enterWall));
    } else {
      failures.push(`receipt ${t.receiptNo}: no printed_at in print_jobs`);
    }
  }
  return {
    printed: spread(s.printed), receipt: spread(s.receipt), toCall: spread(s.toCall), recordCall: spread(s.recordCall),
    printerConfirmed: spread(s.printerConfirmed), confirmedToScreen: spread(s.confirmedToScreen), firstStatusSent: spread(s.firstStatusSent),
    firstStatus: spread(s.firstStatus), firstSaidPrinted,
    statusAnswer: spread(s.statusAnswer),
    statusCalls: spread(s.statusCalls), previewCall: spread(s.previewCall), failures, seconds,
  };
}

// ---------------------------------------------------------------------------------------------
// Row B: search as you type over the N consumers.

/** What cashiers type, as in bench/consumers.ts, plus whole account numbers typed digit by digit. */
const QUERY_KINDS: Record<string, (rand: () => number, consumers: number) => string> = {
  account: (r, n) => demoAccountNo(Math.floor(r() * n)),
  'first name': (r) => pick(r, ['Ramesh', 'Sunita', 'Mohammad', 'Priya', 'Gurpreet', 'Nirmala', 'Imran', 'Kavita', 'Shyam', 'Usha']),
  surname: (r) => pick(r, ['Sharma', 'Verma', 'Gupta', 'Yadav', 'Srivastava', 'Khan', 'Siddiqui', 'Tripathi', 'Kushwaha', 'Katiyar']),
  'first last': (r) =>
    `${pick(r, ['Ramesh', 'Sunita', 'Anil', 'Farida', 'Rajesh', 'Deepak', 'Asha'])} ${pick(r, ['Sharma', 'Gupta', 'Khan', 'Mishra', 'Singh', 'Dixit'])}`,
  partial: (r) => pick(r, ['shar', 'sunit', 'ram', 'kush', 'verm', 'tiwa', 'gup', 'sriv', 'priy', 'sidd', 'ansa', 'kati']),
  hindi: (r) => pick(r, ['शर्मा', 'रमेश', 'सुनीता', 'गुप्ता', 'यादव', 'मोहम्मद', 'श्रीवास्तव', 'सिंह']),
  'mobile last 4': (r) => String(Math.floor(r() * 10_000)).padStart(4, '0'),
  'no match': (r) => pick(r, ['Chatterjee', 'Banerjee', 'Fernandes', 'Iyer', 'Reddy', 'Menon']),
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** The screen searches from the 3rd character on (query.trim().length ≥ 3, UTF-16 units). */
const searches = (q: string) => q.trim().length >= 3;

export interface KeySample {
  kind: string;
  query: string;
  total: number;
  /** input event → consumer.search sent. */
  toCall: number;
  /** consumer.search sent → answered. */
  call: number;
  /** answer in the page → the list in the DOM (React's render and commit). */
  toDom: number;
  /** answer in the page → list painted. */
  toPaint: number;
  results: number;
}

export interface SearchRow {
  /** What each timed keystroke left in the box, in order (for the same queries without a browser). */
  typed: string[];
  total: Spread;
  toCall: Spread;
  call: Spread;
  toDom: Spread;
  toPaint: Spread;
  byKind: { kind: string; total: Spread; call: Spread }[];
  queries: number;
  failures: string[];
  seconds: number;
}

/**
 * One keystroke as a keyboard makes it: the key goes down (keydown, keypress, input: trusted
 * events through the browser's input path), the screen answers, then the key comes up, as a
 * finger holds a key for longer than the answer takes. Playwright knows the US keys only; a
 * Devanagari character goes down the same way through CDP's Input.dispatchKeyEvent with its text,
 * as an InScript keyboard sends it. (Text inserted with no key events at all, Input.insertText,
 * measured about half the time in a trial: see bench/README.md.)
 */
async function keyDown(page: Page, cdp: CDPSession, ch: string): Promise<void> {
  if (US_KEY.test(ch)) await page.keyboard.down(ch);
  else await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch });
}

async function keyUp(page: Page, cdp: CDPSession, ch: string): Promise<void> {
  if (US_KEY.test(ch)) await page.keyboard.up(ch);
  else await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
}

const US_KEY = /^[\x20-\x7e]$/;

async function typeTimed(page: Page, cdp: CDPSession, ch: string): Promise<KeyTrace> {
  await page.evaluate('__bench.armKey()');
  await keyDown(page, cdp, ch);
  const trace = (await page.evaluate('__bench.key')) as KeyTrace;
  await keyUp(page, cdp, ch);
  return trace;
}

export async function benchSearchUi(page: Page, opts: { keystrokes: number; warmup: number; consumers: number }): Promise<SearchRow> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await searchAsYouType(page, cdp, opts);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function searchAsYouType(page: Page, cdp: CDPSession, opts: { keystrokes: number; warmup: number; consumers: number }): Promise<SearchRow> {
  const rand = seededRandom(300);
  const kinds = Object.keys(QUERY_KINDS);
  const samples: KeySample[] = [];
  const failures: string[] = [];
  const search = page.locator('#consumer-search');
  let timed = 0;
  let queries = 0;
  const start = performance.now();
  const total = opts.warmup + opts.keystrokes;
  while (timed < total) {
    const kind = pick(rand, kinds);
    const query = QUERY_KINDS[kind]!(rand, opts.consumers);
    queries++;
    await search.fill('');
    await page.waitForFunction('document.getElementById("consumer-results")?.children.length === 0');
    const chars = [...query];
    for (let i = 0; i < chars.length && timed < total; i++) {
      const typed = chars.slice(0, i + 1).join('');
      if (!searches(typed)) {
        await keyDown(page, cdp, chars[i]!);
        await keyUp(page, cdp, chars[i]!);
        continue;
      }
      const t = await typeTimed(page, cdp, chars[i]!);
      timed++;
      if (t.timedOut || t.input === null || t.paint === null || t.dom === null) {
        failures.push(`"${typed}": ${t.input === null ? 'no input event' : 'the list did not settle within 20 s'}`);
        continue;
      }
      const call = t.calls.find((c) => c.channel === 'consumer.search' && c.query === t.value);
      if (!call?.answered) {
        failures.push(`"${typed}": no consumer.search answered for it`);
        continue;
      }
      if (t.value !== typed) failures.push(`"${typed}": the box held "${t.value ?? ''}"`);
      if (timed > opts.warmup) {
        const label = kind === 'account' ? (typed.length === query.length ? 'account, whole' : 'account, prefix') : kind;
        samples.push({
          kind: label, query: typed, total: t.paint - t.input, toCall: call.sent - t.input, call: call.answered - call.sent,
          toDom: t.dom - call.answered, toPaint: t.paint - call.answered, results: t.results,
        });
      }
      if (timed % 50 === 0) progress(`keystrokes ${timed}/${total} (${secondsSince(start).toFixed(0)} s)`);
    }
    // A cashier reads the list before the next query: and a pause lets the status bar's polls be.
    await sleep(50);
  }
  const labels = ['account, prefix', 'account, whole', ...kinds.filter((k) => k !== 'account')];
  return {
    typed: samples.map((s) => s.query),
    total: spread(samples.map((s) => s.total)),
    toCall: spread(samples.map((s) => s.toCall)),
    call: spread(samples.map((s) => s.call)),
    toDom: spread(samples.map((s) => s.toDom)),
    toPaint: spread(samples.map((s) => s.toPaint)),
    byKind: labels.map((kind) => {
      const of = samples.filter((s) => s.kind === kind);
      return { kind, total: spread(of.map((s) => s.total)), call: spread(of.map((s) => s.call)) };
    }),
    queries,
    failures,
    seconds: secondsSince(start),
  };
}

/**
 * The same queries as `consumer.search` calls over the shell's WebSocket from this process, with
 * no browser: one connection, one call at a time, send → answer. What the shell and the socket
 * take, to set beside the page's "sent → answered".
 */
export async function benchSearchDirect(origin: string, cookie: string, queries: string[]): Promise<Spread> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, { origin, headers: { Cookie: cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    // consumer.search needs a session: a cashier logs in once, as the counter does.
    const session = await new Promise<string>((resolve, reject) => {
      const cashier = DEMO_USERS.find((u) => u.role === 'cashier')!;
      ws.once('message', (m: Buffer) => {
        const answer = JSON.parse(m.toString()) as { result: { ok: boolean; value?: { session: string } } };
        if (answer.result.ok && answer.result.value) resolve(answer.result.value.session);
        else reject(new Error('log-in for the search bench failed'));
      });
      ws.send(JSON.stringify({ id: 0, channel: 'auth.login', input: { user: cashier.name, pin: cashier.pin } }));
    });
    const ask = (id: number, query: string) =>
      new Promise<number>((resolve, reject) => {
        const start = performance.now();
        const onMessage = (m: Buffer) => {
          const answer = JSON.parse(m.toString()) as { id: number; result: { ok: boolean } };
          if (answer.id !== id) return;
          ws.off('message', onMessage);
          if (answer.result.ok) resolve(performance.now() - start);
          else reject(new Error(`consumer.search "${query}" failed`));
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id, channel: 'consumer.search', input: { session, query, limit: 20 } }));
      });
    const warm = queries.slice(0, 20);
    for (const [i, q] of warm.entries()) await ask(i + 1, q);
    const out: number[] = [];
    for (const [i, q] of queries.entries()) out.push(await ask(1000 + i, q));
    return spread(out);
  } finally {
    ws.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The print exchange alone: what `printJob` (core/print/transports.ts: connect, ask the status,
// write the job, ask again) costs against the shell's virtual printer, from this process, with
// bytes the print loop really sent (the printer keeps each job as job-N.bin). Then the same with
// TCP_NODELAY set on this side's socket, to show what Nagle's algorithm adds: the status request
// written right after the job waits for the job's ACK, which the receiver delays.

export interface PrintExchange {
  asShipped: Spread;
  noDelay: Spread;
  bytes: number;
  notPrinted: number;
}

export async function benchPrintExchange(dataDir: string, port: number, iterations: number): Promise<PrintExchange | null> {
  const job = join(dataDir, 'virtual-printer-jobs', 'job-1.bin');
  if (!existsSync(job)) return null;
  const bytes = readFileSync(job);
  const target = { kind: 'tcp' as const, host: '127.0.0.1', port };
  let notPrinted = 0;
  const run = async (): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < iterations + 5; i++) {
      const start = performance.now();
      const r = await printJob(target, bytes);
      if (!r.printed) notPrinted++;
      if (i >= 5) out.push(performance.now() - start);
    }
    return out;
  };
  const asShipped = await run();
  const connect = Socket.prototype.connect;
  // Only for the second pass, only in this process: every socket it opens gets TCP_NODELAY.
  (Socket.prototype as { connect: unknown }).connect = function (this: Socket, ...args: unknown[]) {
    this.setNoDelay(true);
    return (connect as (...a: unknown[]) => Socket).apply(this, args);
  };
  let noDelay: number[];
  try {
    noDelay = await run();
  } finally {
    Socket.prototype.connect = connect;
  }
  return { asShipped: spread(asShipped), noDelay: spread(noDelay), bytes: bytes.length, notPrinted };
}

// ---------------------------------------------------------------------------------------------
// Processor time: the machine (/proc/stat) and this benchmark's own process tree (/proc/PID/stat).

/** Processor seconds the whole machine has been busy (all cores); NaN where there is no /proc. */
export function machineBusySeconds(): number {
  try {
    const cols = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = cols.slice(0, 8).reduce((a, b) => a + b, 0) - cols[3]! - cols[4]!;
    return busy / 100; // USER_HZ
  } catch {
    return Number.NaN;
  }
}

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  cpu: number;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // fields after comm: state ppid … utime(12) stime(13)
      out.push({ pid: Number(p), ppid: Number(f[1]), comm, cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Processor seconds used so far by the web shell (and its printer) and by Chromium, below this process. */
export function treeCpu(shellPid: number): { shell: number; printer: number; chromium: number; bench: number } {
  const all = processes();
  const kids = new Map<number, Proc[]>();
  for (const p of all) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p]);
  const sum = (root: number, skip: Set<number> = new Set()): number => {
    let total = 0;
    const stack = [root];
    while (stack.length) {
      const pid = stack.pop()!;
      if (skip.has(pid)) continue;
      const me = all.find((p) => p.pid === pid);
      if (me) total += me.cpu;
      for (const k of kids.get(pid) ?? []) stack.push(k.pid);
    }
    return total;
  };
  const printerPids = (kids.get(shellPid) ?? []).map((p) => p.pid);
  const shellOnly = sum(shellPid, new Set(printerPids));
  const printer = printerPids.reduce((s, pid) => s + sum(pid), 0);
  const chromium = (kids.get(process.pid) ?? []).filter((p) => p.pid !== shellPid).reduce((s, p) => s + sum(p.pid), 0);
  const bench = all.find((p) => p.pid === process.pid)?.cpu ?? 0;
  return { shell: shellOnly, printer, chromium, bench };
}
