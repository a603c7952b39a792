// import-bundle: a terminal's journal carried on a USB stick during a long outage goes through
// exactly the checks an upload does (ingestJournal, in batches of the upload size), so a bundle
// can neither add what an upload could not nor be counted twice when the terminal later syncs.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Bundle, MAX_BATCH_EVENTS } from '../shared/upstream-api.js';
import { appendAdminLog } from './admin-log.js';
import type { ServerKey } from './crypto.js';
import { ingestJournal, type IngestResult } from './ingest.js';
import type { Sql } from './store.js';

const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

export class BundleError extends Error {}

export type BundleImport = { terminalId: string; events: number; result: IngestResult };

export async function importBundle(sql: Sql, key: ServerKey, file: string, now: () => Date = () => new Date(), by = 'system'): Promise<BundleImport> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new BundleError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_BUNDLE_BYTES) throw new BundleError(`${file} is ${size} bytes; a bundle is at most ${MAX_BUNDLE_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BundleError(`${file} is not JSON: ${(e as Error).message}`);
  }
  const parsed = Bundle.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new BundleError(`${file} is not a counterfoil bundle: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  const { terminalId, events } = parsed.data;
  if (events.some((e, i) => i > 0 && e.seq !== events[i - 1]!.seq + 1)) throw new BundleError(`${file}: the events are not consecutive`);
  let result: IngestResult | null = null;
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
    result = await ingestJournal(sql, key, terminalId, events.slice(i, i + MAX_BATCH_EVENTS), now(), 'import-bundle');
    if (!result.ok) break;
  }
  if (!result) throw new BundleError(`${file} holds no events`);
  const outcome: Record<string, string | number> = { events: events.length, ackedThrough: result.ackedThrough, ...(result.ok ? {} : { refused: result.error }) };
  await sql.transaction(async (tx) => {
    await appendAdminLog(tx, key, {
      actor: by, action: 'bundle.imported', subject: terminalId, before: null,
      after: { ...outcome, fileSha256: createHash('sha256').update(readFileSync(file)).digest('hex') }, note: null,
    });
  });
  return { terminalId, events: events.length, result };
}
