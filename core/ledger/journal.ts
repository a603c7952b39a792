// Appends signed, chained events. Called inside the caller's transaction so that an event and
// the projection rows it explains are written together or not at all. Every event passes here,
// so this is where a clock set back is refused (issue 15 #11): a PC clock turned to yesterday
// would otherwise record payments and voids on a business day that is over.
import {
  eventBody,
  GENESIS_PREV,
  JOURNAL_FORMAT_VERSION,
  type EventDataOf,
  type EventType,
} from '../../shared/journal-event.js';
import { businessDate, istTime } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { sha256, type Signer } from './signer.js';

export interface AppendedEvent {
  seq: number;
  hash: Buffer;
  body: string;
  sig: Buffer;
  at: Date;
}

export interface JournalHead {
  seq: number;
  hash: Buffer | null;
}

export function journalHead(db: Db): JournalHead {
  const row = stmt(db, 'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: Buffer }
    | undefined;
  return row ? { seq: row.seq, hash: row.hash } : { seq: 0, hash: null };
}

/**
 * How far an event's time may fall behind the latest time in the journal: a clock corrected by a
 * minute, the CLI on a second PC beside the app. Anything further back is a clock set back.
 */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

const LATEST_AT = 'journal_latest_at';

/**
 * The latest event time recorded (meta journal_latest_at, kept by appendEvent). It is the highest
 * `at`, not the head's: with the head alone, a clock could creep back by the tolerance per event.
 * A ledger from before it was kept starts from its head's time.
 */
function latestEventTime(db: Db): string | null {
  const kept = stmt(db, 'SELECT value FROM meta WHERE key = ?').get(LATEST_AT) as { value: string } | undefined;
  if (kept) return kept.value;
  const head = stmt(db, "SELECT json_extract(body, '$.at') AS at FROM journal ORDER BY seq DESC LIMIT 1").get() as { at: string | null } | undefined;
  return head?.at ?? null;
}

const istStamp = (d: Date) => `${businessDate(d)} ${istTime(d)}`;

export function appendEvent<T extends EventType>(
  db: Db,
  signer: Signer,
  terminalId: string,
  type: T,
  data: EventDataOf<T>,
  at: Date,
): AppendedEvent {
  if (!db.inTransaction) throw new Error('appendEvent must run inside a transaction');
  // Another process on the same folder (the CLI beside the app) may have changed the key: never
  // sign with a key the ledger no longer names. A restart opens the new key.
  const ledgerKey = (stmt(db, "SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string } | undefined)?.value;
  if (ledgerKey !== undefined && ledgerKey !== signer.publicKeyB64) {
    throw new CounterfoilError('KEY_MISMATCH', { where: 'this running app (the terminal key was changed by another program: restart Counterfoil)', expected: '(the ledger’s)', found: signer.keyId });
  }
  const latest = latestEventTime(db);
  if (latest !== null && at.getTime() < Date.parse(latest) - CLOCK_TOLERANCE_MS) {
    throw new CounterfoilError('CLOCK_BEHIND_JOURNAL', { now: istStamp(at), last: istStamp(new Date(latest)) });
  }
  const head = journalHead(db);
  const seq = head.seq + 1;
  const body = eventBody({
    v: JOURNAL_FORMAT_VERSION,
    terminal: terminalId,
    key: signer.keyId,
    seq,
    prev: head.hash ? head.hash.toString('hex') : GENESIS_PREV,
    at: at.toISOString(),
    type,
    data: data as Record<string, unknown>,
  });
  const hash = sha256(body);
  const sig = signer.sign(body);
  stmt(db, 'INSERT INTO journal (seq, type, body, hash, sig) VALUES (?, ?, ?, ?, ?)').run(seq, type, body, hash, sig);
  // ISO instants in one format compare as text: max() keeps the latest.
  stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)').run(LATEST_AT, at.toISOString());
  return { seq, hash, body, sig, at };
}
