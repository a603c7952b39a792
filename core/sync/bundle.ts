// Offline carry-over: the unsent signed journal written to one file (a USB stick) that the
// upstream's `import-bundle` feeds through the very same ingest as an upload. Events are
// self-authenticating, so the file needs no protection of its own: a changed byte is refused.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FORMAT } from '../../shared/upstream-api.js';
import { stmt } from '../db/statements.js';
import { journalHead } from '../ledger/journal.js';
import type { Terminal } from '../terminal/terminal.js';
import { syncRow } from './state.js';

export interface BundleWritten {
  file: string;
  fromSeq: number;
  toSeq: number;
  events: number;
}

/** Writes the events the centre has not acknowledged (all of them if never enrolled) to DIR. */
export function exportBundle(t: Terminal, toDir: string, opts: { fromSeq?: number } = {}): BundleWritten {
  const fromSeq = opts.fromSeq ?? (syncRow(t)?.acked_seq ?? 0) + 1;
  const toSeq = journalHead(t.db).seq;
  mkdirSync(toDir, { recursive: true });
  const file = join(toDir, `counterfoil-bundle-${t.id}-${fromSeq}-${toSeq}.json`);
  const tmp = `${file}.partial`;
  const fd = openSync(tmp, 'w');
  let events = 0;
  try {
    writeSync(fd, `{"format":${JSON.stringify(BUNDLE_FORMAT)},"terminalId":${JSON.stringify(t.id)},"events":[`);
    for (const r of stmt(t.db, 'SELECT seq, body, sig FROM journal WHERE seq >= ? ORDER BY seq').iterate(fromSeq) as Iterable<{ seq: number; body: string; sig: Buffer }>) {
      writeSync(fd, `${events ? ',' : ''}\n${JSON.stringify({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') })}`);
      events++;
    }
    writeSync(fd, '\n]}\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return { file, fromSeq, toSeq, events };
}
