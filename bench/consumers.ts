// Row 3: finding a consumer at the counter, in a cache the size of a large division.
import { join } from 'node:path';
import { demoAccountNo, demoConsumers, seededRandom } from '../shared/demo-data.js';
import type { ConsumerRecord } from '../shared/consumer-record.js';
import { searchConsumers } from '../core/consumers/store.js';
import { benchTerminal, progress, secondsSince } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface ConsumerResult {
  loadSeconds: number;
  exact: Summary;
  names: Summary;
  /** Name search split by kind of query, to show which kind sets the p99. */
  byKind: { kind: string; summary: Summary }[];
}

const LIMIT = 20; // what the counter screen asks for

// What cashiers type: names from the demo set, in both scripts, whole and in part. The search
// index holds no locality, so no query names one. Misses are names the set does not have: a
// limited search cannot stop early on them.
const QUERY_KINDS: Record<string, (rand: () => number) => string> = {
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

/** Passes the consumers through, saying on stderr how far the load has got. */
function* withProgress(records: Iterable<ConsumerRecord>, count: number, startMs: number): Generator<ConsumerRecord> {
  let n = 0;
  for (const r of records) {
    yield r;
    if (++n % 100_000 === 0) progress(`loading consumers ${n.toLocaleString('en-US')}/${count.toLocaleString('en-US')} (${secondsSince(startMs).toFixed(0)} s)`);
  }
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function benchConsumers(dir: string, count: number, lookups: number, searches: number): Promise<ConsumerResult> {
  const start = performance.now();
  const t = await benchTerminal(join(dir, 'consumers'), withProgress(demoConsumers(count), count, start));
  const loadSeconds = secondsSince(start);
  try {
    const { db } = t;
    const rand = seededRandom(600);
    const warmup = Math.max(10, Math.round(lookups / 20));

    const exact: number[] = [];
    for (let i = 0; i < warmup + lookups; i++) {
      const account = demoAccountNo(Math.floor(rand() * count));
      const ms = time(() => searchConsumers(db, account, LIMIT));
      if (i >= warmup) exact.push(ms);
      if ((i + 1) % 500 === 0) progress(`account lookups ${i + 1}/${warmup + lookups}`);
    }

    const kinds = Object.keys(QUERY_KINDS);
    const all: number[] = [];
    const perKind = new Map<string, number[]>(kinds.map((k) => [k, []]));
    for (let i = 0; i < warmup + searches; i++) {
      const kind = pick(rand, kinds);
      const query = QUERY_KINDS[kind]!(rand);
      const ms = time(() => searchConsumers(db, query, LIMIT));
      if (i >= warmup) {
        all.push(ms);
        perKind.get(kind)!.push(ms);
      }
      if ((i + 1) % 250 === 0) progress(`name searches ${i + 1}/${warmup + searches}`);
    }
    return {
      loadSeconds,
      exact: summarize(exact),
      names: summarize(all),
      byKind: kinds.map((kind) => ({ kind, summary: summarize(perKind.get(kind)!) })),
    };
  } finally {
    t.close();
  }
}
