// The centre's console users (issue 17, DESIGN §9): made by an admin (or `create-admin` on the
// server) with a one-time set-up link, through which the user sets their own password and, for an
// admin, an authenticator app (TOTP). Sign-in counts a wrong attempt before it checks the
// password, in one row-locked UPDATE, so parallel guesses each take a turn and a burst gets no
// more than LOCKOUT.attempts checks. Every change to a user is an admin-log entry.
import { createHash, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Role, SetupLink, SetupOffer, UserSummary } from '../../shared/console-api.js';
import { appendAdminLog } from '../admin-log.js';
import { raiseAlert } from '../alerts.js';
import type { ServerKey } from '../crypto.js';
import type { Sql } from '../store.js';
import { DECOY_HASH, hashPassword, passwordMatches } from './passwords.js';

/** Wrong sign-ins in a row before a name is locked, and for how long; each wrong one after a lock locks it again. */
export const LOCKOUT = { attempts: 5, minutes: 15 } as const;
/** How long a set-up link works. */
export const SETUP_HOURS = 24;
const TOTP_PERIOD = 30;
const ISSUER = 'Counterfoil centre';

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const totpOf = (secret: string, name: string) =>
  new OTPAuth.TOTP({ issuer: ISSUER, label: name, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: OTPAuth.Secret.fromBase32(secret) });

export class UserError extends Error {
  constructor(readonly code: 'user_exists' | 'no_user' | 'last_admin' | 'bad_setup' | 'bad_totp', message: string) {
    super(message);
  }
}

interface Row {
  name: string; role: Role; password_hash: string | null; totp_secret: string | null; totp_last_step: string | number | null;
  setup_token_hash: Uint8Array | null; setup_expires_at: Date | string | null; setup_totp_secret: string | null;
  failed_attempts: number; locked_until: Date | string | null; disabled_at: Date | string | null; created_at: Date | string;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const summary = (r: Row, now: Date): UserSummary => ({
  name: r.name, role: r.role, active: r.password_hash !== null, disabled: r.disabled_at !== null,
  lockedUntil: r.locked_until && new Date(r.locked_until) > now ? iso(r.locked_until) : null,
  setupPending: r.setup_token_hash !== null && r.setup_expires_at !== null && new Date(r.setup_expires_at) > now,
  createdAt: iso(r.created_at)!,
});
/** What the admin log shows of a user: never a hash, secret or token. */
const logged = (r: Pick<Row, 'role' | 'disabled_at' | 'password_hash'>) => ({ role: r.role, disabled: r.disabled_at !== null, active: r.password_hash !== null });

async function issueSetup(tx: Sql, name: string, now: Date): Promise<SetupLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SETUP_HOURS * 3_600_000);
  await tx.query('UPDATE console_users SET setup_token_hash = $2, setup_expires_at = $3, setup_totp_secret = NULL WHERE name = $1', [name, tokenHash(token), expiresAt.toISOString()]);
  return { name, token, expiresAt: expiresAt.toISOString() };
}

/** A new user with no password yet, and the one-time link through which they set it. */
export async function createUser(sql: Sql, key: ServerKey, u: { name: string; role: Role }, by: string, now = new Date()): Promise<SetupLink> {
  return sql.transaction(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM console_users WHERE name = $1', [u.name]);
    if (exists) throw new UserError('user_exists', `there is already a user ${u.name}`);
    await tx.query('INSERT INTO console_users (name, role, created_at) VALUES ($1, $2, $3)', [u.name, u.role, now.toISOString()]);
    const link = await issueSetup(tx, u.name, now);
    await appendAdminLog(tx, key, { actor: by, action: 'user.created', subject: u.name, before: null, after: { role: u.role, disabled: false, active: false }, note: null }, now);
    return link;
  });
}

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  /** A new set-up link; the old password and second factor stop working, and the user's sessions end. */
  reset?: true;
}

/**
 * Changes a user's role or disables them, or resets them (a new set-up link). Refuses to leave the
 * centre without an active, enabled admin. The user's sessions end on any change but a role
 * change (which takes effect at their next request).
 */
export async function changeUser(sql: Sql, key: ServerKey, name: string, change: UserChange, by: string, now = new Date()): Promise<SetupLink | null> {
  return sql.transaction(async (tx) => {
    await tx.query('LOCK TABLE console_users IN SHARE ROW EXCLUSIVE MODE');
    const [before] = await tx.query<Row>('SELECT * FROM console_users WHERE name = $1', [name]);
    if (!before) throw new UserError('no_user', `there is no user ${name}`);
    const after = { ...before };
    if (change.role) after.role = change.role;
    if (change.disabled !== undefined) after.disabled_at = change.disabled ? (before.disabled_at ?? now) : null;
    if (change.reset) Object.assign(after, { password_hash: null, totp_secret: null, totp_last_step: null });
    const stillAdmin = (r: Row) => r.role === 'admin' && r.disabled_at === null && r.password_hash !== null;
    if (stillAdmin(before) && !stillAdmin(after)) {
      const [others] = await tx.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM console_users WHERE name <> $1 AND role = 'admin' AND disabled_at IS NULL AND password_hash IS NOT NULL", [name],
      );
      if (others!.n === 0) throw new UserError('last_admin', `${name} is the only admin who can sign in: make another admin first`);
    }
    await tx.query('UPDATE console_users SET role = $2, disabled_at = $3, password_hash = $4, totp_secret = $5, totp_last_step = $6 WHERE name = $1', [
      name, after.role, iso(after.disabled_at), after.password_hash, after.totp_secret, after.totp_last_step,
    ]);
    if (change.disabled || change.reset) await tx.query('UPDATE console_sessions SET ended_at = $2 WHERE user_name = $1 AND ended_at IS NULL', [name, now.toISOString()]);
    const link = change.reset ? await issueSetup(tx, name, now) : null;
    const action = change.reset ? 'user.reset' : change.disabled !== undefined && change.disabled !== (before.disabled_at !== null) ? (change.disabled ? 'user.disabled' : 'user.enabled') : 'user.role-changed';
    await appendAdminLog(tx, key, { actor: by, action, subject: name, before: logged(before), after: logged(after), note: null }, now);
    return link;
  });
}

export async function listUsers(sql: Sql, now = new Date()): Promise<UserSummary[]> {
  return (await sql.query<Row>('SELECT * FROM console_users ORDER BY name')).map((r) => summary(r, now));
}

async function pendingSetup(tx: Sql, token: string, now: Date): Promise<Row> {
  const [row] = await tx.query<Row>('SELECT * FROM console_users WHERE setup_token_hash = $1 FOR UPDATE', [tokenHash(token)]);
  if (!row || !row.setup_expires_at || new Date(row.setup_expires_at) <= now) {
    throw new UserError('bad_setup', 'this set-up link has been used or has expired: ask an admin for a new one');
  }
  return row;
}

/** What the set-up page shows for a link: who it is for and, for an admin, the TOTP secret to scan (the same one until the link is used). */
export async function beginSetup(sql: Sql, token: string, now = new Date()): Promise<SetupOffer> {
  return sql.transaction(async (tx) => {
    const row = await pendingSetup(tx, token, now);
    if (row.role !== 'admin') return { name: row.name, role: row.role, totp: null };
    let secret = row.setup_totp_secret;
    if (!secret) {
      secret = new OTPAuth.Secret({ size: 20 }).base32;
      await tx.query('UPDATE console_users SET setup_totp_secret = $2 WHERE name = $1', [row.name, secret]);
    }
    return { name: row.name, role: row.role, totp: { secret, uri: totpOf(secret, row.name).toString() } };
  });
}

/** The 30-second step a code is for, if it is right within one step either way. */
function totpStep(secret: string, name: string, code: string, now: Date): number | null {
  const delta = totpOf(secret, name).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
}

/** Sets the password (and an admin's second factor, proven by a code from the app) and uses up the link. */
export async function finishSetup(sql: Sql, key: ServerKey, s: { token: string; password: string; totp?: string }, now = new Date()): Promise<void> {
  const hash = await hashPassword(s.password);
  await sql.transaction(async (tx) => {
    const row = await pendingSetup(tx, s.token, now);
    let secret: string | null = null;
    let step: number | null = null;
    if (row.role === 'admin') {
      secret = row.setup_totp_secret;
      step = secret && s.totp ? totpStep(secret, row.name, s.totp, now) : null;
      if (step === null) throw new UserError('bad_totp', 'type the 6-digit code the authenticator app shows for this account');
    }
    await tx.query(
      `UPDATE console_users SET password_hash = $2, totp_secret = $3, totp_last_step = $4, setup_token_hash = NULL, setup_expires_at = NULL,
         setup_totp_secret = NULL, failed_attempts = 0, locked_until = NULL WHERE name = $1`,
      [row.name, hash, secret, step],
    );
    await appendAdminLog(tx, key, {
      actor: row.name, action: 'user.setup-completed', subject: row.name, before: logged(row),
      after: { ...logged({ ...row, password_hash: hash }), secondFactor: secret !== null }, note: null,
    }, now);
  });
}

export type SignIn =
  | { ok: true; name: string; role: Role }
  | { ok: false; error: 'bad_credentials' | 'locked'; lockedUntil?: string };

/**
 * Checks a sign-in. The attempt is counted first (the UPDATE takes the row's lock, and a row
 * locked meanwhile fails its WHERE on re-check), then the password and, for an admin, the TOTP
 * code (each code once); only a right answer clears the count. A wrong name, password or code all
 * answer the same, after the same scrypt work.
 */
export async function signIn(sql: Sql, c: { name: string; password: string; totp?: string }, now = new Date()): Promise<SignIn> {
  const lockUntil = new Date(now.getTime() + LOCKOUT.minutes * 60_000).toISOString();
  const [turn] = await sql.query<Row>(
    `UPDATE console_users SET failed_attempts = failed_attempts + 1,
       locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
     WHERE name = $1 AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
     RETURNING *`,
    [c.name, LOCKOUT.attempts, lockUntil, now.toISOString()],
  );
  if (!turn) {
    const [locked] = await sql.query<{ locked_until: Date | string }>('SELECT locked_until FROM console_users WHERE name = $1 AND locked_until > $2', [c.name, now.toISOString()]);
    if (locked) return { ok: false, error: 'locked', lockedUntil: iso(locked.locked_until)! };
    await passwordMatches(c.password, DECOY_HASH);
    return { ok: false, error: 'bad_credentials' };
  }
  const refuse = async (): Promise<SignIn> => {
    if (turn.failed_attempts >= LOCKOUT.attempts) {
      await raiseAlert(sql, {
        kind: 'console_lockout', terminalId: null, source: 'console', subject: turn.name,
        detail: { user: turn.name, message: `${turn.failed_attempts} wrong sign-ins in a row: ${turn.name} is locked for ${LOCKOUT.minutes} minutes` },
      });
    }
    return { ok: false, error: 'bad_credentials' };
  };
  const passwordRight = await passwordMatches(c.password, turn.password_hash ?? DECOY_HASH);
  if (!passwordRight || turn.password_hash === null || turn.disabled_at !== null) return refuse();
  let step: number | null = null;
  if (turn.role === 'admin') {
    step = turn.totp_secret && c.totp ? totpStep(turn.totp_secret, turn.name, c.totp, now) : null;
    if (step === null || (turn.totp_last_step !== null && step <= Number(turn.totp_last_step))) return refuse();
  }
  await sql.query('UPDATE console_users SET failed_attempts = 0, locked_until = NULL, totp_last_step = COALESCE($2, totp_last_step) WHERE name = $1', [turn.name, step]);
  return { ok: true, name: turn.name, role: turn.role };
}

/** The current TOTP code for a secret (the demo's admin, and tests). */
export const totpCodeFor = (secret: string, name: string, now = new Date()) => totpOf(secret, name).generate({ timestamp: now.getTime() });
