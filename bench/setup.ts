// A real terminal in a folder of the benchmark's temp dir, with the demo users and consumers,
// made the way `counterfoil init --demo-consumers` makes one.
import { createUser } from '../core/auth/users.js';
import { DEMO_USERS, demoConsumers } from '../shared/demo-data.js';
import type { ConsumerRecord } from '../shared/consumer-record.js';
import { upsertConsumers } from '../core/consumers/store.js';
import { initTerminal, type Terminal } from '../core/terminal/terminal.js';

export async function benchTerminal(dataDir: string, consumers: number | Iterable<ConsumerRecord>): Promise<Terminal> {
  const t = initTerminal(dataDir, { substation: 'SS042', counter: 'C1' });
  for (const u of DEMO_USERS) await createUser(t.db, u.name, u.role, u.pin, t.clock());
  upsertConsumers(t.db, typeof consumers === 'number' ? demoConsumers(consumers) : consumers, t.clock());
  return t;
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Seconds since a performance.now() reading. */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

/** A whole number from the environment (underscores allowed: 600_000), or the default; exits 2 on nonsense. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 1) {
    process.stderr.write(`${name} must be a positive whole number, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}
