// Cashiers and supervisors. Five wrong PINs in a row lock the user for LOCKOUT_MINUTES.
import { istTime } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { hashPin, pinMatches } from './pin.js';

export type Role = 'cashier' | 'supervisor';
export const MAX_PIN_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

export interface User {
  id: number;
  name: string;
  role: Role;
}

interface UserRow extends User {
  pin_hash: Buffer;
  pin_salt: Buffer;
  failed_attempts: number;
  locked_until: string | null;
}

export async function createUser(db: Db, name: string, role: Role, pin: string, now: Date): Promise<User> {
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

/** The user, when the PIN is right; otherwise BAD_CREDENTIALS or USER_LOCKED (and the failure counted). */
export async function authenticate(db: Db, name: string, pin: string, now: Date): Promise<User> {
  const row = stmt(db, 'SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  if (!row) {
    await pinMatches(pin, DUMMY.hash, DUMMY.salt);
    throw new CounterfoilError('BAD_CREDENTIALS', { remaining: MAX_PIN_FAILURES });
  }
  if (row.locked_until && new Date(row.locked_until) > now) {
    throw new CounterfoilError('USER_LOCKED', { user: name, until: istTime(new Date(row.locked_until)) });
  }
  if (await pinMatches(pin, row.pin_hash, row.pin_salt)) {
    stmt(db, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
    return { id: row.id, name: row.name, role: row.role };
  }
  const failures = (stmt(db, 'UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts').get(row.id) as {
    failed_attempts: number;
  }).failed_attempts;
  if (failures >= MAX_PIN_FAILURES) {
    const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    stmt(db, 'UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(until.toISOString(), row.id);
    throw new CounterfoilError('USER_LOCKED', { user: name, until: istTime(until) });
  }
  throw new CounterfoilError('BAD_CREDENTIALS', { remaining: MAX_PIN_FAILURES - failures });
}
