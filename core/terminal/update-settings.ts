// The desktop app's update setting (electron/main/updater.ts): the address electron-updater's
// generic provider reads latest.yml from, set by a supervisor and kept in meta. No row, or url
// null, is the default: updates are off. The host reads it at every tick, with the number of open
// shifts, because an update never installs while a shift is open.
import { UpdateSettings } from '../../shared/contract.js';
import { stmt } from '../db/statements.js';
import { changeSettings, type Actor } from '../ledger/settings-changes.js';
import type { Terminal } from './terminal.js';

const KEY = 'update_settings';

export function updateSettings(t: Terminal): UpdateSettings {
  const row = stmt(t.db, 'SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined;
  return row ? UpdateSettings.parse(JSON.parse(row.value)) : { url: null };
}

/** Checks the whole setting first: a bad one throws and leaves the stored one as it was. Journaled. */
export function saveUpdateSettings(t: Terminal, s: UpdateSettings, by: Actor): UpdateSettings {
  const parsed = UpdateSettings.parse(s);
  return changeSettings(t, 'update', by, () => {
    const before = updateSettings(t);
    if (parsed.url === null) stmt(t.db, 'DELETE FROM meta WHERE key = ?').run(KEY);
    else stmt(t.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(parsed));
    const after = updateSettings(t);
    return { before, after, result: after };
  });
}
