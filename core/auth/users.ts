// Cashiers and supervisors, and the check of a PIN (issue 15 #3).
//
// One attempt per name is in flight at a time: attempts on a name queue behind each other, so the
// lock one sets is seen by the next (300 parallel guesses are 5 guesses and 295 refusals). The
// count is kept by the name typed (pin_attempts), not by the user, and an unknown name costs the
// same scrypt: its answers (codes, tries left, locks) and their timing are those of a user. How
// long a lock lasts is core/auth/lockout.ts. Every failure and lock is logged, never the PIN.
import { istTime } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { noopLogger, type Logger } from '../log.js';
import { afterFailure, current, lockedUntil, NO_ATTEMPTS, type AttemptState } from './lockout.js';
import { hashPin, pinMatches } from './pin.js';
import { authSettings, checkNewPin } from './policy.js';

export { LOCKOUT_STEPS_MINUTES, MAX_PIN_FAILURES } from './lockout.js';

export type Role = 'cashier' | 'supervisor';

export interface User {
  id: number;
  name: string;
  role: Role;
}

interface UserRow extends User {
  pin_hash: Buffer;
  pin_salt: Buffer;
}

/** A new user; the PIN must be as long as the terminal's setting asks for the role. */
export async function createUser(db: Db, name: string, role: Role, pin: string, now: Date): Promise<User> {
  checkNewPin(authSettings(db), role, pin);
  if (stmt(db, 'SELECT 1 FROM users WHERE name = ?').get(name)) throw new CounterfoilError('USER_EXISTS', { user: name });
  const { hash, salt } = await hashPin(pin);
  const info = stmt(db, 'INSERT INTO users (name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?)').run(
    name, role, hash, salt, now.toISOString(),
  );
  return { id: Number(info.lastInsertRowid), name, role };
}

export function findUser(db: Db, name: string): User | undefined {
  return stmt(db, 'SELECT id, name, role FROM users WHERE name = ?').get(name) as User | undefined;
}

// Checked against when a name is unknown, so a wrong name costs as long as a wrong PIN.
const DUMMY = { hash: Buffer.alloc(32), salt: Buffer.alloc(16) };

/** The attempt in flight for each name, per database: the next one waits for it. */
const inFlight = new WeakMap<Db, Map<string, Promise<unknown>>>();

/** Runs `attempt` after every earlier attempt on `name` has finished. */
function oneAtATime<T>(db: Db, name: string, attempt: () => Promise<T>): Promise<T> {
  let queues = inFlight.get(db);
  if (!queues) inFlight.set(db, (queues = new Map()));
  const before = queues.get(name) ?? Promise.resolve();
  const mine = before.then(attempt, attempt);
  const settled = mine.then(() => undefined, () => undefined);
  queues.set(name, settled);
  void settled.then(() => {
    if (queues.get(name) === settled) queues.delete(name);
  });
  return mine;
}

function attemptsOf(db: Db, name: string): AttemptState {
  const row = stmt(db, 'SELECT failures, last_failure_at, locked_until FROM pin_attempts WHERE name = ?').get(name) as
    | { failures: number; last_failure_at: string; locked_until: string | null }
    | undefined;
  if (!row) return NO_ATTEMPTS;
  return { failures: row.failures, lastFailureAt: new Date(row.last_failure_at), lockedUntil: row.locked_until ? new Date(row.locked_until) : null };
}

function saveAttempts(db: Db, name: string, s: AttemptState): void {
  stmt(db, `INSERT INTO pin_attempts (name, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`)
    .run(name, s.failures, s.lastFailureAt!.toISOString(), s.lockedUntil?.toISOString() ?? null);
}

/** Names whose streak is forgiven and whose lock has run out are forgotten (unknown names pile up otherwise). */
function forgetQuiet(db: Db, now: Date): void {
  const quietSince = new Date(now.getTime() - 24 * 60 * 60_000).toISOString();
  stmt(db, 'DELETE FROM pin_attempts WHERE last_failure_at <= ? AND (locked_until IS NULL OR locked_until <= ?)').run(quietSince, now.toISOString());
}

/**
 * Tries during a lock cost nothing (no scrypt), so one line each would let anyone at the counter
 * rotate the log away: at most one auth.refused line per name a minute, counting the rest.
 */
const refusals = new WeakMap<Db, Map<string, { loggedAt: number; unlogged: number }>>();
const REFUSAL_LOG_EVERY_MS = 60_000;

function logRefusal(db: Db, log: Logger, name: string, locked: Date, now: Date): void {
  let byName = refusals.get(db);
  if (!byName) refusals.set(db, (byName = new Map()));
  const seen = byName.get(name) ?? { loggedAt: -Infinity, unlogged: 0 };
  seen.unlogged++;
  if (now.getTime() - seen.loggedAt >= REFUSAL_LOG_EVERY_MS) {
    log.warn('auth.refused', { user: name, lockedUntil: locked.toISOString(), refused: seen.unlogged });
    seen.loggedAt = now.getTime();
    seen.unlogged = 0;
  }
  byName.set(name, seen);
}

export interface AuthenticateOptions {
  /** Where failures and locks are written (never the PIN). */
  log?: Logger;
}

/** The user, when the PIN is right; otherwise BAD_CREDENTIALS or USER_LOCKED (and the failure counted and logged). */
export function authenticate(db: Db, name: string, pin: string, now: Date, opts: AuthenticateOptions = {}): Promise<User> {
  const log = opts.log ?? noopLogger;
  return oneAtATime(db, name, async () => {
    const locked = lockedUntil(attemptsOf(db, name), now);
    if (locked) {
      logRefusal(db, log, name, locked, now);
      throw new CounterfoilError('USER_LOCKED', { user: name, until: istTime(locked) });
    }
    const row = stmt(db, 'SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    const right = await pinMatches(pin, row?.pin_hash ?? DUMMY.hash, row?.pin_salt ?? DUMMY.salt);
    if (row && right) {
      stmt(db, 'DELETE FROM pin_attempts WHERE name = ?').run(name);
      return { id: row.id, name: row.name, role: row.role };
    }
    // Read again: another process (the CLI) may have counted a failure while the hash ran.
    const { state, lockMinutes, remaining } = afterFailure(current(attemptsOf(db, name), now), now);
    db.transaction(() => {
      forgetQuiet(db, now);
      saveAttempts(db, name, state);
    }).immediate();
    if (lockMinutes !== null) {
      log.warn('auth.locked', { user: name, known: row !== undefined, failures: state.failures, minutes: lockMinutes, lockedUntil: state.lockedUntil!.toISOString() });
      throw new CounterfoilError('USER_LOCKED', { user: name, until: istTime(state.lockedUntil!) });
    }
    log.warn('auth.failed', { user: name, known: row !== undefined, failures: state.failures, remaining });
    throw new CounterfoilError('BAD_CREDENTIALS', { remaining });
  });
}
