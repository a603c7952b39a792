// The UPI payee the counter's dynamic QR pays (shared/upi.ts): set by a supervisor, kept in meta.
import { UpiPayee } from '../../shared/upi.js';
import { stmt } from '../db/statements.js';
import { changeSettings, type Actor } from '../ledger/settings-changes.js';
import type { Terminal } from './terminal.js';

export function upiPayee(t: Terminal): UpiPayee | null {
  const row = stmt(t.db, "SELECT value FROM meta WHERE key = 'upi_payee'").get() as { value: string } | undefined;
  return row ? UpiPayee.parse(JSON.parse(row.value)) : null;
}

/** Journaled as settings.changed (issue 15), with the change. */
export function saveUpiPayee(t: Terminal, payee: UpiPayee | null, by: Actor): UpiPayee | null {
  return changeSettings(t, 'upi', by, () => {
    const before = upiPayee(t);
    if (payee === null) stmt(t.db, "DELETE FROM meta WHERE key = 'upi_payee'").run();
    else stmt(t.db, "INSERT INTO meta (key, value) VALUES ('upi_payee', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(payee));
    const after = upiPayee(t);
    return { before, after, result: after };
  });
}
