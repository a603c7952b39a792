// The account-number format the terminal holds hand-typed accounts to (shared/account-format.ts),
// kept in meta. No row: the default (the utility's 10 digits). Journaled as settings.changed
// (section account-format) in the same transaction as the row, like every setting.
import { AccountFormat, DEFAULT_ACCOUNT_FORMAT } from '../../shared/account-format.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { asSettingValue, changeSettings, type Actor } from '../ledger/settings-changes.js';
import type { Terminal } from '../terminal/terminal.js';

const KEY = 'account_format';

export function accountFormat(db: Db): AccountFormat {
  const row = stmt(db, 'SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined;
  return row ? AccountFormat.parse(JSON.parse(row.value)) : { ...DEFAULT_ACCOUNT_FORMAT };
}

export function saveAccountFormat(t: Terminal, f: AccountFormat, by: Actor): AccountFormat {
  const parsed = AccountFormat.safeParse(f);
  if (!parsed.success) throw new CounterfoilError('INVALID_INPUT', { detail: parsed.error.issues[0]?.message ?? 'not an account format' });
  return changeSettings(t, 'account-format', by, () => {
    const before = accountFormat(t.db);
    stmt(t.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(parsed.data));
    const after = accountFormat(t.db);
    return { before: asSettingValue(before), after: asSettingValue(after), result: after };
  });
}
