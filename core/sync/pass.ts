// One sync pass, as the timer, a payment or `counterfoil sync` runs it: ask the centre for its
// head (restore safety), send what it lacks, then fetch the consumers changed since last time.
import type { Terminal } from '../terminal/terminal.js';
import { uploadJournal } from './agent.js';
import { checkCentralHead } from './central-head.js';
import { downloadConsumers } from './consumers.js';
import { syncStatus, type SyncStatus } from './state.js';

export interface PassOptions {
  timeoutMs?: number;
  /** Upload only (after a payment): the consumer feed waits for the timer. */
  uploadOnly?: boolean;
}

export async function syncOnce(t: Terminal, opts: PassOptions = {}): Promise<SyncStatus> {
  const head = await checkCentralHead(t, opts.timeoutMs);
  if (head !== 'ok') return syncStatus(t);
  const afterUpload = await uploadJournal(t, opts.timeoutMs);
  if (afterUpload.connection !== 'online' || opts.uploadOnly) return afterUpload;
  await downloadConsumers(t, opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs * 4 });
  return syncStatus(t);
}
