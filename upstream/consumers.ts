// The consumer master: imported from the billing system's CSV (or seeded for a demo) and sent to
// terminals as a delta feed (DESIGN §6). Every record is checked against shared/consumer-record.ts
// before anything is written; an import is all or nothing. Imports are serialized by a table
// lock, so change_seq values commit in order and a terminal's cursor never skips a change.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { ConsumerRecord, CONSUMER_FIELDS } from '../shared/consumer-record.js';
import { demoConsumers } from '../shared/demo-data.js';
import type { FeedRecordVersion } from '../shared/upstream-api.js';
import type { PaidDueCheck } from '../shared/paid-still-due.js';
import { appendAdminLog } from './admin-log.js';
import { closeCheck, judgeBatch, openCheck, type OpenCheck } from './billing/paid-due-store.js';
import { serverKey } from './crypto.js';
import type { Sql } from './store.js';

const BATCH = 1_000;

/** A file's SHA-256 (hex), read as a stream: the admin log names the very file imported. */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (e) {
    throw new ImportError(`${file}: ${(e as Error).message}`);
  }
  return hash.digest('hex');
}

export class ImportError extends Error {}

/**
 * Writes a batch with each account's bill baseline and what counters are told of it (the
 * paid-still-due check judges it first); returns how many records were new or changed. The change
 * cursor also moves when only what counters are told changed, so the feed carries it.
 */
async function upsertBatch(tx: Sql, check: OpenCheck, batch: ConsumerRecord[]): Promise<number> {
  // The same account twice in one statement would be refused by ON CONFLICT: the later row wins.
  const judged = await judgeBatch(tx, check, [...new Map(batch.map((r) => [r.accountNo, r])).values()]);
  await tx.query(
    `INSERT INTO consumers (account_no, record, bill_due_paise, bill_since, posted_not_applied)
     SELECT x.record ->> 'accountNo', x.record, x.due, x.since, x.pna FROM jsonb_to_recordset($1::jsonb) AS x(record jsonb, due bigint, since timestamptz, pna jsonb)
     ON CONFLICT (account_no) DO UPDATE SET record = excluded.record, bill_due_paise = excluded.bill_due_paise, bill_since = excluded.bill_since,
       posted_not_applied = excluded.posted_not_applied,
       change_seq = CASE WHEN consumers.record IS DISTINCT FROM excluded.record OR consumers.posted_not_applied IS DISTINCT FROM excluded.posted_not_applied
                         THEN nextval('consumer_changes') ELSE consumers.change_seq END,
       updated_at = CASE WHEN consumers.record IS DISTINCT FROM excluded.record THEN now() ELSE consumers.updated_at END
     WHERE consumers.record IS DISTINCT FROM excluded.record OR consumers.posted_not_applied IS DISTINCT FROM excluded.posted_not_applied
        OR consumers.bill_due_paise <> excluded.bill_due_paise OR consumers.bill_since <> excluded.bill_since`,
    [JSON.stringify(judged.map(({ record, due, since, pna }) => ({ record, due, since, pna })))],
  );
  return judged.filter((j) => j.changed).length;
}

/** Who imports what: the admin log's entry and the paid-still-due check name it. */
export interface ImportSource {
  by: string;
  action: 'consumers.imported' | 'consumers.seeded';
  subject: string;
}

/**
 * Writes checked records in one transaction, checking each account's bill against the payments
 * since its baseline (upstream/billing/paid-still-due.ts) and storing the check; the admin log's
 * entry for the import comes last in the same transaction (none without a source: a test's or a
 * bench's own writes). Returns how many were new or changed.
 */
export async function upsertConsumerRecords(
  sql: Sql, records: AsyncIterable<ConsumerRecord> | Iterable<ConsumerRecord>, source?: ImportSource,
): Promise<{ read: number; changed: number; check: PaidDueCheck }> {
  return sql.transaction(async (tx) => {
    await tx.query('LOCK TABLE consumers IN EXCLUSIVE MODE');
    const check = await openCheck(tx, source?.by ?? 'system', source?.subject ?? 'records written directly');
    let read = 0;
    let changed = 0;
    let batch: ConsumerRecord[] = [];
    for await (const r of records) {
      read++;
      batch.push(r);
      if (batch.length === BATCH) {
        changed += await upsertBatch(tx, check, batch);
        batch = [];
      }
    }
    if (batch.length) changed += await upsertBatch(tx, check, batch);
    const closed = await closeCheck(tx, check, read);
    if (source) await appendAdminLog(tx, await serverKey(tx), {
      actor: source.by, action: source.action, subject: source.subject, before: null,
      after: { read, changed, paidStillDue: { check: closed.id, accounts: closed.accounts, unknownPayments: closed.unknownPayments } }, note: null,
    });
    return { read, changed, check: closed };
  });
}

/** One record of a consumers CSV, checked: the record, or what is wrong with it (line: the record's number, header not counted). */
export type CsvRecord = { ok: true; record: ConsumerRecord } | { ok: false; record: number; field: string; message: string };

/**
 * Reads a consumers CSV (header row of CONSUMER_FIELDS, UTF-8, optional BOM) record by record,
 * each checked against shared/consumer-record.ts. A header without every column, or a file that
 * cannot be read or parsed, throws ImportError. `onBytes` hears how far into the file the reader is.
 */
export async function* csvRecordsChecked(file: string, onBytes?: (bytes: number) => void, label = file): AsyncGenerator<CsvRecord> {
  const input = createReadStream(file);
  let bytes = 0;
  if (onBytes) input.on('data', (chunk) => onBytes((bytes += chunk.length)));
  const parser = parse({ bom: true, columns: true, skip_empty_lines: true });
  input.on('error', (e) => parser.destroy(e)); // pipe() does not pass a read error on
  input.pipe(parser);
  let record = 0;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      record++;
      const missing = CONSUMER_FIELDS.filter((f) => !(f in row));
      if (missing.length) throw new ImportError(`${label}: the header lacks ${missing.join(', ')} (columns are ${CONSUMER_FIELDS.join(',')})`);
      const due = row.amountDuePaise ?? '';
      const candidate = { ...Object.fromEntries(CONSUMER_FIELDS.map((f) => [f, row[f]])), amountDuePaise: /^\d+$/.test(due) ? Number(due) : due };
      const r = ConsumerRecord.safeParse(candidate);
      if (r.success) yield { ok: true, record: r.data };
      else {
        const i = r.error.issues[0]!;
        yield { ok: false, record, field: i.path.join('.'), message: i.message };
      }
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`${label}: ${(e as Error).message}`);
  }
}

/** The records of a consumers CSV, checked; the first bad one throws ImportError naming it. */
async function* csvRecords(file: string, onBytes?: (bytes: number) => void, label = file): AsyncGenerator<ConsumerRecord> {
  for await (const r of csvRecordsChecked(file, onBytes, label)) {
    if (!r.ok) throw new ImportError(`${label}, record ${r.record}: ${r.field}: ${r.message}`);
    yield r.record;
  }
}

/** Imports a CSV: all of it, or (on the first bad record) nothing; logged with the file's SHA-256. */
export async function importConsumersCsv(
  sql: Sql, file: string, by = 'system', opts: { onBytes?: (bytes: number) => void; name?: string } = {},
): Promise<{ read: number; changed: number; check: PaidDueCheck }> {
  const digest = await fileSha256(file);
  return upsertConsumerRecords(sql, csvRecords(file, opts.onBytes, opts.name), { by, action: 'consumers.imported', subject: `${opts.name ?? basename(file)} sha256:${digest}` });
}

export async function seedDemoConsumers(sql: Sql, count: number, seed = 42, by = 'system'): Promise<number> {
  return (await upsertConsumerRecords(sql, demoConsumers(count, { seed }), { by, action: 'consumers.seeded', subject: `demo seed ${seed}` })).changed;
}

// The record each feed version sends (shared/upstream-api.ts): the whole record, the counter
// record with the mobile's last 4 digits in place of the number (issue 15 #10), or that and what
// the centre knows was paid and not applied (issue 19; JSON null when nothing).
const COUNTER_RECORD_SQL = "(record - 'mobile') || jsonb_build_object('mobileLast4', right(record ->> 'mobile', 4))";
const FEED_RECORD_SQL: Record<FeedRecordVersion, string> = {
  '1': 'record',
  '2': COUNTER_RECORD_SQL,
  '3': `${COUNTER_RECORD_SQL} || jsonb_build_object('postedNotApplied', posted_not_applied)`,
};

/** One page of the feed as NDJSON: the records changed after `after`, then the end line. */
export async function feedPage(
  sql: Sql, after: string, limit: number, version: FeedRecordVersion = '1',
): Promise<{ ndjson: string; records: number; cursor: string; more: boolean }> {
  const rows = await sql.query<{ record: string; change_seq: string | number }>(
    `SELECT (${FEED_RECORD_SQL[version]})::text AS record, change_seq FROM consumers WHERE change_seq > $1 ORDER BY change_seq LIMIT $2`,
    [after, limit + 1],
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const cursor = page.length ? String(page[page.length - 1]!.change_seq) : after;
  const lines = page.map((r) => `{"consumer":${r.record}}\n`);
  lines.push(`${JSON.stringify({ end: { cursor, more } })}\n`);
  return { ndjson: lines.join(''), records: page.length, cursor, more };
}
