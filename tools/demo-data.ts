// Writes the deterministic demo consumers to a file, e.g. for the upstream's consumer import:
//   npx tsx tools/demo-data.ts --consumers 600000 [--seed 42] --out consumers.ndjson|.csv
// Streams record by record, so 600,000 consumers never sit in memory at once.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { demoConsumers } from '../shared/demo-data.js';
import { CONSUMER_FIELDS } from '../shared/consumer-record.js';

const COLUMNS = CONSUMER_FIELDS;

/** RFC 4180: every field quoted, quotes doubled. */
const csvLine = (fields: (string | number)[]) => `${fields.map((f) => `"${String(f).replaceAll('"', '""')}"`).join(',')}\r\n`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { consumers: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const count = Number(values.consumers);
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || !values.out) {
    process.stderr.write('usage: tsx tools/demo-data.ts --consumers N [--seed S] --out FILE.ndjson|FILE.csv\n');
    process.exitCode = 2;
    return;
  }
  const csv = values.out.endsWith('.csv');
  const out = createWriteStream(values.out);
  // UTF-8 BOM so spreadsheet programs read the Hindi names correctly.
  if (csv) out.write(`\uFEFF${csvLine(COLUMNS)}`);
  for (const c of demoConsumers(count, { seed })) {
    const line = csv ? csvLine(COLUMNS.map((k) => c[k])) : `${JSON.stringify(c)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  process.stderr.write(`wrote ${count} demo consumers (seed ${seed}) to ${values.out}\n`);
}

await main();
