// Online backup through SQLite's backup API (safe while the terminal keeps recording), and the
// check that a copy can be restored: it opens, passes integrity_check, and its journal verifies.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { keepPrivate, PRIVATE_FILE, PRIVATE_FOLDER } from '../terminal/data-folder.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { VerifyReport } from '../../shared/contract.js';
import { verifyLedger } from '../ledger/verify.js';
import { journalHead } from '../ledger/journal.js';
import type { Terminal } from '../terminal/terminal.js';
import { openDatabase } from './open.js';

export interface BackupCheck {
  ok: boolean;
  integrity: string;
  verify: VerifyReport;
}

export function checkBackup(file: string): BackupCheck {
  const db = openDatabase(file, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const verify = verifyLedger(db);
    return { ok: integrity === 'ok' && verify.ok, integrity, verify };
  } finally {
    db.close();
  }
}

export interface BackupResult {
  file: string;
  /** The copy's own check; its verify.headSeq is how far the copy reaches. */
  check: BackupCheck;
}

export async function backupLedger(t: Terminal, toDir: string): Promise<BackupResult> {
  // A copy holds the PIN hashes and every payment: 0600 from its first byte, and a folder made for
  // it 0700 (a folder the supervisor made keeps its own mode) (issue 15 #10).
  mkdirSync(toDir, { recursive: true, mode: PRIVATE_FOLDER });
  const head = journalHead(t.db);
  const stamp = t.clock().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const file = join(toDir, `counterfoil-${t.id}-${stamp}-seq${head.seq}.db`);
  closeSync(openSync(file, 'w', PRIVATE_FILE));
  keepPrivate(file, PRIVATE_FILE);
  await t.db.backup(file);
  // A copy on a USB stick must be one self-contained file: leave WAL mode so no -wal/-shm follow it.
  const copy = new Database(file);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  return { file, check: checkBackup(file) };
}
