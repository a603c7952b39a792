// One sync pass, as the timer, a payment or `counterfoil sync` runs it: ask the centre for its
// head (restore safety), send what it lacks, then fetch the consumers changed since last time.
import type { Terminal } from '../terminal/terminal.js';
import { followCentreVerifyUrlSoon, uploadJournal } from './agent.js';
import { checkCentralHead } from './central-head.js';
import { downloadConsumers } from './consumers.js';
import { stmt } from '../db/statements.js';
import { syncRow, syncStatus, type SyncStatus } from './state.js';

export interface PassOptions {
  timeoutMs?: number;
  /** Upload only (after a payment): the consumer feed waits for the timer. */
  uploadOnly?: boolean;
}

/**
 * A key rotation the centre has not received: the centre still holds the old key, so a read signed
 * with the new one would be refused. Events are self-authenticating, so the journal goes first and
 * the centre learns the new key from the rotation itself; a rewound terminal is still caught there
 * (a different event at a held seq is a fork, 409) and by the head check that follows.
 */
function rotationUnsent(t: Terminal): boolean {
  const acked = syncRow(t)?.acked_seq ?? 0;
  return stmt(t.db, "SELECT 1 FROM journal WHERE type = 'key.rotated' AND seq > ? LIMIT 1").get(acked) !== undefined;
}

export async function syncOnce(t: Terminal, opts: PassOptions = {}): Promise<SyncStatus> {
  if (syncRow(t) && rotationUnsent(t)) {
    const sent = await uploadJournal(t, opts.timeoutMs);
    if (sent.connection !== 'online') return sent;
  }
  const head = await checkCentralHead(t, opts.timeoutMs);
  if (head !== 'ok') return syncStatus(t);
  // The verify page the head answer announced (a terminal enrolled before centres announced it too).
  followCentreVerifyUrlSoon(t);
  const afterUpload = await uploadJournal(t, opts.timeoutMs);
  if (afterUpload.connection !== 'online' || opts.uploadOnly) return afterUpload;
  await downloadConsumers(t, opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs * 4 });
  return syncStatus(t);
}
