// `npm run bench:sync`: the sync rows (upstream ingest beside raw Ed25519 verify, a fleet of
// terminals uploading at once, the consumer master downloaded by one terminal), printed as a
// markdown table. Like `npm run bench`, it never asserts a timing: goals are printed beside the
// numbers for a person to judge. Progress goes to stderr, the report to stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineLines } from './machine.js';
import { envCount, progress, secondsSince } from './setup.js';
import { int, ms, table } from './stats.js';
import {
  benchConsumerDownload,
  benchFleet,
  benchIngest,
  buildIngestJournals,
  disposeAllStores,
  killChildren,
  openBenchStore,
  type Backend,
  type IngestResult,
} from './sync.js';

const EVENTS = envCount('BENCH_SYNC_EVENTS', 20_000);
const CONSUMERS = envCount('BENCH_SYNC_CONSUMERS', 600_000);
const TERMINALS = envCount('BENCH_SYNC_TERMINALS', 200);
const ROUNDS = envCount('BENCH_SYNC_ROUNDS', 5);
const HOSTS = envCount('BENCH_SYNC_HOSTS', 4);
/** The ingest journal comes from this many terminals (each one's batches in order). */
const INGEST_TERMINALS = 4;
const DATABASE_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined;

const yesNo = (met: boolean) => (met ? 'yes' : 'no');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The server's own name for itself, so the report says which PostgreSQL it ran on. */
async function serverVersion(store: { sql: { query<T>(text: string): Promise<T[]> } }): Promise<string> {
  const [row] = await store.sql.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  return row?.v ?? '?';
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counterfoil-bench-sync-'));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    killChildren();
    void disposeAllStores().finally(() => {
      cleanUp();
      process.exit(130);
    });
  });
  const runStart = performance.now();
  try {
    const backends: Backend[] = DATABASE_URL ? ['PostgreSQL', 'PGlite'] : ['PGlite'];
    // The fleet and the download run once, on the server the upstream is deployed on when one is named.
    const serverBackend: Backend = backends[0]!;
    // Everything here shares the machine's cores: a busy machine shows in every row.
    const header = [`date: ${new Date().toISOString()}`, ...machineLines(dir), `load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`];
    if (DATABASE_URL) {
      const probe = await openBenchStore('PostgreSQL', dir, DATABASE_URL);
      try {
        header.push(`upstream: PostgreSQL ${await serverVersion(probe)} (${new URL(DATABASE_URL).host}, a fresh database per store, dropped after) and PGlite (embedded, a folder in the temp dir)`);
      } finally {
        await probe.dispose();
      }
    } else {
      header.push('upstream: PGlite only (embedded, a folder in the temp dir); set BENCH_DATABASE_URL to a PostgreSQL server to add it');
    }
    header.push(
      `parameters: BENCH_SYNC_EVENTS=${EVENTS} (from ${INGEST_TERMINALS} terminals), BENCH_SYNC_TERMINALS=${TERMINALS} in BENCH_SYNC_HOSTS=${HOSTS} processes, ` +
        `BENCH_SYNC_ROUNDS=${ROUNDS}, BENCH_SYNC_CONSUMERS=${CONSUMERS}`,
    );
    process.stdout.write(`${header.join('\n')}\n\n`);

    progress(`ingest: building ${EVENTS.toLocaleString('en-US')} events on ${INGEST_TERMINALS} terminals`);
    const journals = await buildIngestJournals(dir, EVENTS, INGEST_TERMINALS);
    const ingests: IngestResult[] = [];
    for (const backend of backends) {
      for (const concurrent of backend === 'PostgreSQL' ? [false, true] : [false]) {
        const store = await openBenchStore(backend, dir, DATABASE_URL);
        try {
          ingests.push(await benchIngest(store, journals, concurrent));
        } finally {
          await store.dispose();
        }
      }
    }

    const fleetStore = await openBenchStore(serverBackend, dir, DATABASE_URL);
    const fleet = await (async () => {
      try {
        return await benchFleet(dir, fleetStore, { terminals: TERMINALS, rounds: ROUNDS, hosts: HOSTS });
      } finally {
        await fleetStore.dispose();
      }
    })();

    const downloadStore = await openBenchStore(serverBackend, dir, DATABASE_URL);
    const dl = await (async () => {
      try {
        return await benchConsumerDownload(dir, downloadStore, CONSUMERS);
      } finally {
        await downloadStore.dispose();
      }
    })();

    const rows: string[][] = [];
    for (const r of ingests) {
      const ratio = r.events / r.seconds / r.verifyPerSecond;
      const how = r.streams === 1 ? 'one terminal after another' : `${r.streams} terminals at once`;
      rows.push([`ingest on ${r.backend}: \`ingestJournal\`, ${how}`, '', '', `${int(r.events / r.seconds)} events/s, ${r.seconds.toFixed(1)} s`, '', '']);
      rows.push([`  Ed25519 verify, same bodies, same process`, '', '', `${int(r.verifyPerSecond)} events/s (${int(r.verifyBefore)} before, ${int(r.verifyAfter)} after)`, '', '']);
      rows.push([`  ingest ÷ verify`, '', '', `${ratio.toFixed(2)}${r.errors.length ? `, ${r.errors.length} ERRORS` : ''}`, '≥ 0.5', yesNo(ratio >= 0.5 && r.errors.length === 0)]);
    }
    const events = fleet.rounds.reduce((s, r) => s + r.events, 0);
    const roundSeconds = fleet.rounds.map((r) => r.seconds);
    rows.push([
      `${fleet.terminals} terminals at once (${fleet.backend}): \`uploadJournal\` call`,
      ms(fleet.upload.p50), ms(fleet.upload.p99), `n=${int(fleet.upload.n)}, max ${ms(fleet.upload.max)}`, '', '',
    ]);
    rows.push([`  the POST inside it, to the answer's headers`, ms(fleet.post.p50), ms(fleet.post.p99), `n=${int(fleet.post.n)}, max ${ms(fleet.post.max)}`, '', '']);
    rows.push([`  the same POST at the server, in → answered`, ms(fleet.server.p50), ms(fleet.server.p99), `n=${int(fleet.server.n)}, max ${ms(fleet.server.max)}`, '', '']);
    rows.push([`  errors`, '', '', `${fleet.errors.length}`, '0', yesNo(fleet.errors.length === 0)]);
    rows.push([
      `  a round, all ${fleet.terminals} acknowledged`, '', '',
      `${(Math.min(...roundSeconds)).toFixed(2)}–${(Math.max(...roundSeconds)).toFixed(2)} s (${int(events / roundSeconds.reduce((a, b) => a + b, 0))} events/s)`, '', '',
    ]);
    rows.push([`seed ${int(dl.consumers)} consumers upstream (${dl.backend}): \`seedDemoConsumers\``, '', '', `${dl.seedSeconds.toFixed(1)} s (${int(dl.consumers / dl.seedSeconds)}/s)`, '', '']);
    const dlOk = dl.outcome === 'done' && dl.records === dl.consumers && dl.held === dl.consumers;
    rows.push([
      `consumer download ${int(dl.consumers)}: \`downloadConsumers\``, '', '',
      `${dl.seconds.toFixed(1)} s (${int(dl.records / dl.seconds)}/s), ${dl.pages} pages${dlOk ? '' : `, NOT OK: ${dl.outcome}, ${dl.records} read, ${dl.held} held`}`, '', '',
    ]);
    rows.push([`  terminal's peak memory`, '', '', `peak RSS ${Number.isNaN(dl.maxRss) ? `${mib(dl.peakRss)} (sampled)` : `${mib(dl.maxRss)} (VmHWM; sampled ${mib(dl.peakRss)})`}, ` +
        `heap used ${mib(dl.peakHeapUsed)}, external ${mib(dl.peakExternal)}; at start RSS ${mib(dl.startRss)}, heap ${mib(dl.startHeapUsed)}`, '', '']);
    rows.push([`  account lookup every 50 ms meanwhile, due → answer`, ms(dl.lookupWait.p50), ms(dl.lookupWait.p99), `n=${int(dl.lookups)}, max ${ms(dl.lookupWait.max)}`, '', '']);
    process.stdout.write(`${table(['measurement', 'p50', 'p99', 'result', 'goal', 'met'], rows)}\n\n`);

    const problems = [...ingests.flatMap((r) => r.errors.map((e) => `ingest on ${r.backend}: ${e}`)), ...fleet.errors.map((e) => `fleet: ${e}`)];
    if (!dlOk) problems.push(`download: outcome ${dl.outcome}, ${dl.records} records read, ${dl.held} held, ${dl.consumers} seeded`);
    for (const p of problems.slice(0, 20)) process.stdout.write(`problem: ${p}\n`);
    if (problems.length > 20) process.stdout.write(`… and ${problems.length - 20} more problems\n`);
    const { cpu } = fleet;
    // /proc/stat counts in 10 ms ticks, so a short round can read a little over 100%.
    const pct = (x: number) => `${Math.min(100, (100 * x) / cpu.available).toFixed(0)}%`;
    process.stdout.write(
      `fleet, during the upload rounds (${(cpu.available / cpus().length).toFixed(1)} s × ${cpus().length} cores = ${cpu.available.toFixed(1)} processor-s): ` +
        (Number.isNaN(cpu.machine) ? '' : `machine busy ${pct(cpu.machine)}; `) +
        `the terminals' processes used ${pct(cpu.terminals)}, the server process ${pct(cpu.server)}` +
        (cpu.postgres > 0 ? `, PostgreSQL's processes ${pct(cpu.postgres)}` : '') +
        (Number.isNaN(cpu.machine) ? '' : `, the rest (the kernel, anything else running) ${pct(cpu.machine - cpu.terminals - cpu.server - (cpu.postgres || 0))}`) +
        `; the server's event loop was late by up to ${ms(fleet.serverLoopDelay.max)} (p99 ${ms(fleet.serverLoopDelay.p99)})\n`,
    );
    process.stdout.write(
      `set-up: ingest journal built in ${journals.buildSeconds.toFixed(1)} s (synchronous=OFF, set-up only); ` +
        `fleet made and enrolled in ${fleet.setupSeconds.toFixed(1)} s; a lookup call alone at most ${ms(dl.lookupCallMax)}; ` +
        `the whole run took ${secondsSince(runStart).toFixed(0)} s\n`,
    );
  } finally {
    await disposeAllStores();
    cleanUp();
  }
}

await main();
