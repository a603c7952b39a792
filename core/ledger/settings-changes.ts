// Settings changes are journaled (issue 15): who changed which setting, when, and from what to
// what, as a `settings.changed` event in the same transaction as the change. A printer pointed
// elsewhere, a cash limit raised or the backup folder moved is then as provable as a payment, and
// a change whose event cannot be recorded (a clock set back, a ledger waiting for its head check)
// is not made at all.
import canonicalize from 'canonicalize';
import { userInfo } from 'node:os';
import type { EventDataOf } from '../../shared/journal-event.js';
import type { User } from '../auth/users.js';
import { assertWritable, type Terminal } from '../terminal/terminal.js';
import { appendEvent } from './journal.js';

export type SettingsSection = EventDataOf<'settings.changed'>['section'];

/** Who changes a setting: a logged-in user, or a program started by an OS user (osActor). */
export type Actor = Pick<User, 'name'>;

/** A host or command acting for the OS user who started it, e.g. "web-shell:asha" (as reprints say "cli:…"). */
export function osActor(program: string): Actor {
  return { name: `${program}:${userInfo().username}` };
}

/** A setting's value as the journal holds it: JSON, with null for "none". */
export type SettingValue = EventDataOf<'settings.changed'>['before'];

export interface SettingsChange<T> {
  before: SettingValue;
  after: SettingValue;
  /** What the caller returns (the setting as saved). */
  result: T;
}

/**
 * Runs `change` (which checks, writes and says what the setting was and is) and journals it in one
 * transaction. Saving a setting as it already was journals nothing.
 */
export function changeSettings<T>(t: Terminal, section: SettingsSection, by: Actor, change: () => SettingsChange<T>): T {
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const c = change();
      if (canonicalize(c.before) === canonicalize(c.after)) return { result: c.result, ev: null };
      const ev = appendEvent(t.db, t.signer, t.id, 'settings.changed', { section, by: by.name, before: c.before, after: c.after }, t.clock());
      return { result: c.result, ev };
    })
    .immediate();
  if (r.ev) t.markHead(r.ev.seq, r.ev.hash);
  return r.result;
}

/** A setting read back as the journal keeps it (drops undefined members, as JSON does). */
export function asSettingValue(value: unknown): SettingValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as SettingValue);
}
