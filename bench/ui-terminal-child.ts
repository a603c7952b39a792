// A child process of bench/ui-run.ts: makes the terminal the web shell will open (initTerminal,
// the demo users, upsertConsumers of N demo consumers in one call, as bench/setup.ts does). Its
// own process because the load holds its thread for tens of seconds: the benchmark's process stays
// free to answer a Ctrl-C (end this child, remove the temp dir) meanwhile.
// Usage (only by bench/ui.ts): ui-terminal-child.ts DATA_DIR CONSUMERS
import { demoConsumers } from '../shared/demo-data.js';
import type { ConsumerRecord } from '../shared/consumer-record.js';
import { benchTerminal, progress, secondsSince } from './setup.js';

function* withProgress(records: Iterable<ConsumerRecord>, count: number, startMs: number): Generator<ConsumerRecord> {
  let n = 0;
  for (const r of records) {
    yield r;
    if (++n % 100_000 === 0) progress(`loading consumers ${n.toLocaleString('en-US')}/${count.toLocaleString('en-US')} (${secondsSince(startMs).toFixed(0)} s)`);
  }
}

const [dataDir, count] = [process.argv[2]!, Number(process.argv[3])];
const start = performance.now();
const t = await benchTerminal(dataDir, withProgress(demoConsumers(count), count, start));
t.close();
