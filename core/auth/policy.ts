// The terminal's log-in rules (shared/contract.ts AuthSettings), kept in meta: the digits a new PIN
// needs for each role and the idle minutes after which a session ends. No row: the defaults, which
// are also what first-run set-up holds the first supervisor to (there is no terminal yet to ask).
import { AuthSettings, Pin } from '../../shared/contract.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { asSettingValue, changeSettings, type Actor } from '../ledger/settings-changes.js';
import type { Terminal } from '../terminal/terminal.js';
import type { Role } from './users.js';

const KEY = 'auth_settings';

export const DEFAULT_AUTH_SETTINGS: AuthSettings = { supervisorPinMin: 6, cashierPinMin: 4, sessionIdleMinutes: 15 };

export function authSettings(db: Db): AuthSettings {
  const row = stmt(db, 'SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined;
  return row ? AuthSettings.parse(JSON.parse(row.value)) : { ...DEFAULT_AUTH_SETTINGS };
}

/** Journaled as settings.changed (section auth), in the same transaction as the meta row. */
export function saveAuthSettings(t: Terminal, s: AuthSettings, by: Actor): AuthSettings {
  const parsed = AuthSettings.parse(s);
  return changeSettings(t, 'auth', by, () => {
    const before = authSettings(t.db);
    stmt(t.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(parsed));
    const after = authSettings(t.db);
    return { before: asSettingValue(before), after: asSettingValue(after), result: after };
  });
}

/** Refuses a new PIN shorter than the role's minimum (user creation, set-up, any PIN change). */
export function checkNewPin(settings: AuthSettings, role: Role, pin: string): void {
  const form = Pin.safeParse(pin);
  if (!form.success) throw new CounterfoilError('INVALID_INPUT', { detail: `pin: ${form.error.issues[0]?.message ?? 'not a PIN'}` });
  if (role === 'supervisor' && pin.length < settings.supervisorPinMin) throw new CounterfoilError('SUPERVISOR_PIN_TOO_SHORT', { min: settings.supervisorPinMin });
  if (role === 'cashier' && pin.length < settings.cashierPinMin) throw new CounterfoilError('CASHIER_PIN_TOO_SHORT', { min: settings.cashierPinMin });
}
