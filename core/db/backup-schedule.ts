// The backup a counter takes by itself: at every shift close, an online copy of the ledger to the
// folder a supervisor chose (a USB stick), checked like any backup, keeping the newest N copies of
// this terminal there. A failed backup never fails the shift close: its outcome is kept for the
// supervisor (backup.status) and the next close tries again.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BackupSettings, type BackupOutcome } from '../../shared/contract.js';
import { stmt } from './statements.js';
import { changeSettings, type Actor } from '../ledger/settings-changes.js';
import type { Terminal } from '../terminal/terminal.js';
import { backupLedger } from './backup.js';

export { BackupSettings, type BackupOutcome };

const DEFAULT: BackupSettings = { dir: null, keep: 14 };

export function backupSettings(t: Terminal): BackupSettings {
  const row = stmt(t.db, "SELECT value FROM meta WHERE key = 'backup_settings'").get() as { value: string } | undefined;
  return row ? BackupSettings.parse(JSON.parse(row.value)) : { ...DEFAULT };
}

/** Journaled as settings.changed (issue 15), with the change. */
export function saveBackupSettings(t: Terminal, s: BackupSettings, by: Actor): BackupSettings {
  const parsed = BackupSettings.parse(s);
  return changeSettings(t, 'backup', by, () => {
    const before = backupSettings(t);
    stmt(t.db, "INSERT INTO meta (key, value) VALUES ('backup_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(parsed));
    const after = backupSettings(t);
    return { before, after, result: after };
  });
}

export function lastBackup(t: Terminal): BackupOutcome | null {
  const row = stmt(t.db, "SELECT value FROM meta WHERE key = 'backup_last'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as BackupOutcome) : null;
}

/** This terminal's copies in `dir`, oldest first (the names sort by time). */
function copiesOf(dir: string, terminalId: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(`counterfoil-${terminalId}-`) && f.endsWith('.db')).sort();
}

/** Backs up to the chosen folder, if one is set; records and returns the outcome (null: none set). Never throws. */
export async function scheduledBackup(t: Terminal): Promise<BackupOutcome | null> {
  const { dir, keep } = backupSettings(t);
  if (!dir) return null;
  const at = t.clock().toISOString();
  let outcome: BackupOutcome;
  try {
    const r = await backupLedger(t, dir);
    let removed = 0;
    if (r.check.ok) {
      for (const old of copiesOf(dir, t.id).slice(0, -keep)) {
        rmSync(join(dir, old), { force: true });
        removed++;
      }
    }
    outcome = {
      at, ok: r.check.ok, file: r.file, headSeq: r.check.verify.headSeq,
      error: r.check.ok ? null : `the copy failed its check: ${r.check.integrity}; ${r.check.verify.faults.length} journal faults`, removed,
    };
  } catch (e) {
    outcome = { at, ok: false, file: null, headSeq: null, error: `could not write to ${dir}: ${(e as Error).message}`, removed: 0 };
  }
  try {
    stmt(t.db, "INSERT INTO meta (key, value) VALUES ('backup_last', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(outcome));
  } catch {
    // The outcome is also returned; a database that cannot take one meta row has bigger news.
  }
  return outcome;
}
