// Appends signed, chained events. Called inside the caller's transaction so that an event and
// the projection rows it explains are written together or not at all.
import {
  eventBody,
  GENESIS_PREV,
  JOURNAL_FORMAT_VERSION,
  type EventDataOf,
  type EventType,
} from '../../shared/journal-event.js';
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
  return { seq, hash, body, sig, at };
}
