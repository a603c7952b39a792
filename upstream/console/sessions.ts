// Console sessions: a random token in an httpOnly, SameSite=Strict cookie; the centre keeps only
// its SHA-256. A session ends when signed out, after `idleMinutes` without a request, after
// SESSION_MAX_HOURS whatever happens, and when its user is disabled or reset. The role is read
// from the user at each request, so a role change takes effect at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/console-api.js';
import type { Sql } from '../store.js';

export const SESSION_COOKIE = 'counterfoil_console';
export const SESSION_MAX_HOURS = 12;
export const DEFAULT_IDLE_MINUTES = 15;

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export async function startSession(sql: Sql, name: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sql.query('INSERT INTO console_sessions (token_hash, user_name, created_at, last_seen_at) VALUES ($1, $2, $3, $3)', [hashOf(token), name, now.toISOString()]);
  return token;
}

/** The session's user, its idle clock restarted; null for a token that is unknown, ended, idle too long or too old. */
export async function sessionUser(sql: Sql, token: string, idleMinutes: number, now = new Date()): Promise<{ name: string; role: Role } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await sql.query<{ name: string; role: Role }>(
    `UPDATE console_sessions s SET last_seen_at = $2
     FROM console_users u
     WHERE s.token_hash = $1 AND u.name = s.user_name AND s.ended_at IS NULL AND u.disabled_at IS NULL AND u.password_hash IS NOT NULL
       AND s.last_seen_at > $2::timestamptz - make_interval(mins => $3::int)
       AND s.created_at > $2::timestamptz - make_interval(hours => $4::int)
     RETURNING u.name, u.role`,
    [hashOf(token), now.toISOString(), idleMinutes, SESSION_MAX_HOURS],
  );
  return row ?? null;
}

export async function endSession(sql: Sql, token: string, now = new Date()): Promise<void> {
  await sql.query('UPDATE console_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL', [hashOf(token), now.toISOString()]);
}
