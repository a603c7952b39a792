// A child process of bench/sync.ts: one real terminal, enrolled over HTTP, downloads the whole
// consumer master with `downloadConsumers` while a cashier looks an account up every 50 ms. Its
// own process, so the memory measured is the terminal's and not the server's. Run only by
// bench/sync.ts.
import { readFileSync, rmSync } from 'node:fs';
import { searchConsumers } from '../core/consumers/store.js';
import { enroll } from '../core/sync/agent.js';
import { downloadConsumers } from '../core/sync/consumers.js';
import { initTerminal, type Terminal } from '../core/terminal/terminal.js';
import { demoAccountNo, seededRandom } from '../shared/demo-data.js';
import { summarize } from './stats.js';
import type { DownloadChildResult } from './sync.js';

const LOOKUP_EVERY_MS = 50;
const SAMPLE_EVERY_MS = 100;

/**
 * The kernel's high-water mark of this process's resident set (VmHWM), in bytes; NaN without
 * /proc. Not process.resourceUsage().maxRSS: Linux carries ru_maxrss across fork and exec, so
 * in a forked child it starts at the parent's resident set (the server's, here) and says nothing
 * about the child's own.
 */
function residentHighWater(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) * 1024;
  } catch {
    return Number.NaN;
  }
}

let terminal: Terminal | undefined;
let dataDir = '';

interface DownloadMessage {
  type: 'download';
  dir: string;
  url: string;
  code: string;
  counter: string;
  consumers: number;
}

async function download(m: DownloadMessage): Promise<DownloadChildResult> {
  dataDir = m.dir;
  const t = initTerminal(m.dir, { substation: 'SS042', counter: m.counter });
  terminal = t;
  await enroll(t, m.url, m.code);

  const startMem = process.memoryUsage();
  let peakRss = startMem.rss;
  let peakHeapUsed = startMem.heapUsed;
  let peakExternal = startMem.external;
  const sample = () => {
    const u = process.memoryUsage();
    peakRss = Math.max(peakRss, u.rss);
    peakHeapUsed = Math.max(peakHeapUsed, u.heapUsed);
    peakExternal = Math.max(peakExternal, u.external);
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);

  // A lookup is due every 50 ms; its wait runs from when it was due to its answer, so time spent
  // behind the feed's writes counts. One that comes due while another waits is not stacked.
  const rand = seededRandom(50);
  const waits: number[] = [];
  let callMax = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (due: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      const start = performance.now();
      searchConsumers(t.db, demoAccountNo(Math.floor(rand() * m.consumers)), 20);
      const end = performance.now();
      callMax = Math.max(callMax, end - start);
      waits.push(end - due);
      schedule(Math.max(due + LOOKUP_EVERY_MS, end));
    }, Math.max(0, due - performance.now()));
  };
  schedule(performance.now() + LOOKUP_EVERY_MS);

  const start = performance.now();
  let shown = 0;
  const r = await downloadConsumers(t, {
    onPage: ({ records }) => {
      if (records - shown >= 100_000) {
        shown = records;
        process.stderr.write(`[bench] consumer download: ${records.toLocaleString('en-US')} records (${((performance.now() - start) / 1000).toFixed(0)} s)\n`);
      }
    },
  });
  const seconds = (performance.now() - start) / 1000;
  stopped = true;
  clearTimeout(timer);
  clearInterval(sampler);
  sample();

  const { n } = t.db.prepare('SELECT COUNT(*) AS n FROM consumers').get() as { n: number };
  return {
    type: 'downloaded',
    outcome: r.outcome,
    records: r.records,
    pages: r.pages,
    held: n,
    seconds,
    maxRss: residentHighWater(),
    peakRss,
    peakHeapUsed,
    peakExternal,
    startRss: startMem.rss,
    startHeapUsed: startMem.heapUsed,
    lookups: waits.length,
    lookupWait: { ...summarize(waits), max: Math.max(...waits) },
    lookupCallMax: callMax,
  };
}

function close(): void {
  terminal?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

process.on('message', (m: DownloadMessage | { type: 'close' }) => {
  void (async () => {
    try {
      if (m.type === 'download') process.send!(await download(m));
      else if (m.type === 'close') close();
    } catch (e) {
      process.send!({ type: 'error', message: (e as Error).stack ?? String(e) });
    }
  })();
});
process.on('disconnect', close);
