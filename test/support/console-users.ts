// Central console users for tests: made through the same set-up link a person follows, and signed
// in through POST /console/api/login (with a fresh TOTP step for an admin).
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../shared/console-api.js';
import type { ServerKey } from '../../upstream/crypto.js';
import { beginSetup, createUser, finishSetup, totpCodeFor } from '../../upstream/console/users.js';
import type { Sql } from '../../upstream/store.js';

export const CONSOLE_PASSWORD = 'correct horse battery';
export const ORIGIN = 'http://localhost:80';

export interface TestUser {
  name: string;
  role: Role;
  password: string;
  /** An admin's TOTP secret. */
  secret: string | null;
}

export async function makeConsoleUser(sql: Sql, key: ServerKey, name: string, role: Role, now: Date, by = 'cli:test'): Promise<TestUser> {
  const link = await createUser(sql, key, { name, role }, by, now);
  const offer = await beginSetup(sql, link.token, now);
  const secret = offer.totp?.secret ?? null;
  // The set-up takes the code of the 30 s step before `now` (within the window), so an admin can sign
  // in at `now` itself with a code not used yet, on a server whose clock reads `now` too.
  const setupCode = secret ? { totp: totpCodeFor(secret, name, new Date(now.getTime() - 30_000)) } : {};
  await finishSetup(sql, key, { token: link.token, password: CONSOLE_PASSWORD, ...setupCode }, now);
  return { name, role, password: CONSOLE_PASSWORD, secret };
}

/** The login request's body for `u` at `now` (an admin's code is the one for now). */
export const loginBody = (u: TestUser, now: Date) => ({ name: u.name, password: u.password, ...(u.secret ? { totp: totpCodeFor(u.secret, u.name, now) } : {}) });

/** Signs in and returns the Cookie header for later requests; throws on a refusal. */
export async function consoleCookie(app: FastifyInstance, u: TestUser, now: Date): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/console/api/login', headers: { origin: ORIGIN, host: 'localhost:80' }, payload: loginBody(u, now) });
  if (r.statusCode !== 200) throw new Error(`sign-in as ${u.name}: ${r.statusCode} ${r.body}`);
  const c = r.cookies.find((x) => x.name === 'counterfoil_console');
  if (!c) throw new Error('no session cookie');
  return `${c.name}=${c.value}`;
}
