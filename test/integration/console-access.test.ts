// Issue 17: who may reach the centre's console. Every /console/api route refuses no session and
// the wrong role — walked from the routes the server actually has, so a route added without a
// declared access fails here — and passes the right one; sign-in is locked after wrong attempts
// even when they come in parallel from many addresses; an admin needs a TOTP code, each code
// once; sessions are httpOnly SameSite=Strict cookies that end when idle; a request that can
// change something from another origin is refused; every change to a user is in the admin log.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Capability, type Role } from '../../shared/console-api.js';
import { listAdminLog, verifyAdminLog } from '../../upstream/admin-log.js';
import { raiseAlert } from '../../upstream/alerts.js';
import { LOCKOUT, createUser, beginSetup, finishSetup, totpCodeFor } from '../../upstream/console/users.js';
import { serverKey, type ServerKey } from '../../upstream/crypto.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { consoleCookie, CONSOLE_PASSWORD, loginBody, makeConsoleUser, ORIGIN, type TestUser } from '../support/console-users.js';
import { upstreamBackends } from '../support/upstream-db.js';

const START = new Date('2026-12-07T04:30:00.000Z');
const HOST = { host: 'localhost:80' };

describe.each(upstreamBackends())('issue 17: console access ($name)', (backend) => {
  let sql: Sql;
  let key: ServerKey;
  let app: FastifyInstance;
  let clock = START;
  /** Moves the clock on (a fresh TOTP step each time an admin signs in). */
  const tick = (seconds = 31) => (clock = new Date(clock.getTime() + seconds * 1000));
  const users = {} as Record<Role, TestUser>;

  beforeAll(async () => {
    sql = await backend.open();
    key = await serverKey(sql);
    app = await buildServer(sql, { now: () => clock });
    for (const role of ROLES) users[role] = await makeConsoleUser(sql, key, `${role}1`, role, clock);
    tick();
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  const call = (method: string, url: string, opts: { cookie?: string; payload?: unknown; origin?: string | null; ip?: string } = {}) =>
    app.inject({
      method: method as 'GET', url, remoteAddress: opts.ip ?? '127.0.0.1',
      headers: { ...HOST, ...(opts.origin === null ? {} : { origin: opts.origin ?? ORIGIN }), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      ...(opts.payload === undefined || method === 'GET' ? {} : { payload: opts.payload as object }),
    });
  const signedIn = async (role: Role) => {
    tick();
    return consoleCookie(app, users[role], clock);
  };

  it('every console route declares who may call it; each refuses no session and the roles without its capability, and serves those with it', async () => {
    const routes = app.consoleRoutes.filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThanOrEqual(13);
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`), 'routes with no declared access').toEqual([]);
    const concrete = (url: string) => url.replace(':id', 'T0A0B0C0D0E0F').replace(':name', 'nobody');
    // One session per role for the walk (a sign-in is a deliberately slow password check); signing out ends it.
    const sessions = new Map<Role, string>();
    const sessionOf = async (role: Role) => sessions.get(role) ?? sessions.set(role, await signedIn(role)).get(role)!;
    for (const r of routes) {
      const url = concrete(r.url);
      const what = `${r.method} ${r.url}`;
      if (r.access === 'public') {
        expect((await call(r.method, url, { payload: {} })).statusCode, what).not.toBe(401);
        continue;
      }
      expect((await call(r.method, url, { payload: {} })).statusCode, `${what} without a session`).toBe(401);
      expect((await call(r.method, url, { payload: {}, cookie: 'counterfoil_console=forged-or-old-token-aaaaaaaaaaaaaaaaaaaaaaaa' })).statusCode, `${what} with a forged cookie`).toBe(401);
      for (const role of ROLES) {
        const allowed = r.access === 'signed-in' || can(role, r.access as Capability);
        const status = (await call(r.method, url, { payload: {}, cookie: await sessionOf(role) })).statusCode;
        if (url.endsWith('/logout')) sessions.delete(role);
        if (allowed) expect([401, 403], `${what} as ${role} (allowed) answered ${status}`).not.toContain(status);
        else expect(status, `${what} as ${role}`).toBe(403);
      }
    }
  });

  it('a route added without a declared access answers no one, signed in or not', async () => {
    const extra = await buildServer(sql, { now: () => clock });
    // Registered the way a careless new route would be: no config.access.
    extra.get('/console/api/new-thing', async () => ({ secret: true }));
    expect(extra.consoleRoutes.find((r) => r.url === '/console/api/new-thing')).toMatchObject({ access: undefined });
    tick();
    const cookie = await consoleCookie(extra, users.admin, clock);
    const r = await extra.inject({ method: 'GET', url: '/console/api/new-thing', headers: { ...HOST, cookie } });
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain('secret');
    await extra.close();
  });

  it('the session cookie is httpOnly, SameSite=Strict and scoped to /console; signing out ends it', async () => {
    tick();
    const r = await call('POST', '/console/api/login', { payload: loginBody(users.finance, clock) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ name: 'finance1', role: 'finance', capabilities: ['fleet.read', 'events.read', 'collections.read', 'money.read', 'money.act', 'audit.pack'] });
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/console/);
    const cookie = setCookie.split(';')[0]!;
    expect((await call('GET', '/console/api/me', { cookie })).statusCode).toBe(200);
    expect((await call('POST', '/console/api/logout', { cookie, payload: {} })).statusCode).toBe(200);
    expect((await call('GET', '/console/api/me', { cookie })).statusCode).toBe(401);
  });

  it('a session ends after the idle minutes without a request, and each request restarts that clock', async () => {
    const cookie = await signedIn('viewer');
    tick(14 * 60);
    expect((await call('GET', '/console/api/census', { cookie })).statusCode).toBe(200);
    tick(14 * 60);
    expect((await call('GET', '/console/api/census', { cookie })).statusCode).toBe(200);
    tick(15 * 60 + 1);
    expect((await call('GET', '/console/api/census', { cookie })).statusCode).toBe(401);
  });

  it('a request that can change something is refused unless its Origin is this server (CSRF), even with a good session', async () => {
    const cookie = await signedIn('admin');
    const make = (origin: string | null) => call('POST', '/console/api/enroll-codes', { cookie, origin, payload: { substation: 'SS042', counter: 'C9' } });
    for (const origin of ['http://evil.example', 'null', 'http://localhost:8081', null]) {
      const r = await make(origin);
      expect(r.statusCode, `Origin ${origin}`).toBe(403);
      expect(r.json().error).toBe('cross_origin');
    }
    expect((await sql.query("SELECT 1 FROM enroll_codes WHERE counter = 'C9'")).length).toBe(0);
    expect((await make(ORIGIN)).statusCode).toBe(200);
    // A read needs no Origin (a browser sends none on a plain GET).
    expect((await call('GET', '/console/api/census', { cookie, origin: null })).statusCode).toBe(200);
  });

  it('an admin signs in only with a code from the authenticator app, and each code only once', async () => {
    tick();
    const admin = users.admin;
    const noCode = await call('POST', '/console/api/login', { payload: { name: admin.name, password: admin.password } });
    expect(noCode.statusCode).toBe(401);
    const wrong = await call('POST', '/console/api/login', { payload: { name: admin.name, password: admin.password, totp: totpCodeFor(admin.secret!, admin.name, new Date(clock.getTime() + 300_000)) } });
    expect(wrong.statusCode).toBe(401);
    const body = loginBody(admin, clock);
    expect((await call('POST', '/console/api/login', { payload: body })).statusCode).toBe(200);
    // The same code again (someone who watched it typed): refused.
    expect((await call('POST', '/console/api/login', { payload: body })).statusCode).toBe(401);
    tick();
    expect((await call('POST', '/console/api/login', { payload: loginBody(admin, clock) })).statusCode).toBe(200);
  });

  it(`${LOCKOUT.attempts} wrong sign-ins lock the name; 40 parallel guesses from 40 addresses get no more than ${LOCKOUT.attempts} password checks, and the right password waits out the lock`, async () => {
    const victim = await makeConsoleUser(sql, key, 'victim', 'finance', clock);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call('POST', '/console/api/login', { ip: `10.9.0.${i + 1}`, payload: { name: 'victim', password: `guess number ${i}` } })),
    );
    const statuses = guesses.map((g) => g.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(LOCKOUT.attempts);
    expect(statuses.filter((s) => s === 423).length).toBe(40 - LOCKOUT.attempts);
    // The right password during the lock: still locked (the lock is not a password oracle).
    const during = await call('POST', '/console/api/login', { ip: '10.9.1.1', payload: loginBody(victim, clock) });
    expect(during.statusCode).toBe(423);
    expect(during.json().lockedUntil).toBe(new Date(clock.getTime() + LOCKOUT.minutes * 60_000).toISOString());
    const [alert] = await sql.query<{ kind: string; detail: { user: string } }>("SELECT kind, detail FROM alerts WHERE kind = 'console_lockout'");
    expect(alert?.detail.user).toBe('victim');
    tick(LOCKOUT.minutes * 60 + 1);
    expect((await call('POST', '/console/api/login', { ip: '10.9.1.1', payload: loginBody(victim, clock) })).statusCode).toBe(200);
    // Cleared by the right password: five more tries before the next lock.
    expect((await call('POST', '/console/api/login', { ip: '10.9.1.2', payload: { name: 'victim', password: 'wrong again here' } })).statusCode).toBe(401);
  });

  it('an unknown name answers as a wrong password does, and a source that keeps being refused gets 429', async () => {
    const unknown = await call('POST', '/console/api/login', { ip: '10.8.0.1', payload: { name: 'nobody', password: 'whatever-it-is' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({ error: 'bad_credentials', message: 'wrong name, password or code' });
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await call('POST', '/console/api/login', { ip: '10.8.0.2', payload: { name: `nobody${i}`, password: 'whatever-it-is' } })).statusCode;
    expect(last).toBe(429);
    expect((await sql.query("SELECT 1 FROM alerts WHERE kind = 'console_guessing'")).length).toBe(1);
  });

  it('a set-up link works once and for a day; an admin’s needs a code from the app it offers; bad input changes nothing', async () => {
    const link = await createUser(sql, key, { name: 'newadmin', role: 'admin' }, 'admin1', clock);
    const begin = await call('POST', '/console/api/setup/begin', { payload: { token: link.token } });
    expect(begin.statusCode).toBe(200);
    const offer = begin.json() as { name: string; role: string; totp: { secret: string; uri: string } };
    expect(offer).toMatchObject({ name: 'newadmin', role: 'admin' });
    expect(offer.totp.uri).toMatch(/^otpauth:\/\/totp\/Counterfoil%20centre:newadmin\?/);
    // Asked again (a reload), the same secret: the app scanned first still works.
    expect((await beginSetup(sql, link.token, clock)).totp?.secret).toBe(offer.totp.secret);
    const short = await call('POST', '/console/api/setup/finish', { payload: { token: link.token, password: 'short', totp: '123456' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toMatch(/12 characters/);
    const noCode = await call('POST', '/console/api/setup/finish', { payload: { token: link.token, password: CONSOLE_PASSWORD } });
    expect(noCode.statusCode).toBe(422);
    expect((await sql.query<{ password_hash: string | null }>("SELECT password_hash FROM console_users WHERE name = 'newadmin'"))[0]!.password_hash).toBeNull();
    const ok = await call('POST', '/console/api/setup/finish', { payload: { token: link.token, password: CONSOLE_PASSWORD, totp: totpCodeFor(offer.totp.secret, 'newadmin', clock) } });
    expect(ok.statusCode).toBe(200);
    expect((await call('POST', '/console/api/setup/finish', { payload: { token: link.token, password: CONSOLE_PASSWORD, totp: '000000' } })).statusCode).toBe(410);
    const late = await createUser(sql, key, { name: 'lateuser', role: 'viewer' }, 'admin1', clock);
    await expect(finishSetup(sql, key, { token: late.token, password: CONSOLE_PASSWORD }, new Date(clock.getTime() + 24 * 3_600_000 + 1))).rejects.toThrow(/expired/);
  });

  it('an admin manages users from the console: a new user’s set-up link, a role change at once, a disable that ends the session, never the last admin; each in the admin log by name', async () => {
    const admin = await signedIn('admin');
    const made = await call('POST', '/console/api/users', { cookie: admin, payload: { name: 'ravi', role: 'viewer' } });
    expect(made.statusCode).toBe(200);
    const link = made.json() as { token: string; url: string };
    expect(link.url).toBe(`http://localhost:80/console/#setup=${link.token}`);
    expect((await call('POST', '/console/api/users', { cookie: admin, payload: { name: 'ravi', role: 'viewer' } })).statusCode).toBe(409);
    expect((await call('POST', '/console/api/users', { cookie: admin, payload: { name: 'Ravi Kumar', role: 'boss' } })).statusCode).toBe(400);
    await finishSetup(sql, key, { token: link.token, password: CONSOLE_PASSWORD }, clock);
    const ravi: TestUser = { name: 'ravi', role: 'viewer', password: CONSOLE_PASSWORD, secret: null };
    tick();
    const raviCookie = await consoleCookie(app, ravi, clock);
    expect((await call('GET', '/console/api/admin-log', { cookie: raviCookie })).statusCode).toBe(403);
    expect((await call('PATCH', '/console/api/users/ravi', { cookie: admin, payload: { role: 'auditor' } })).statusCode).toBe(200);
    expect((await call('GET', '/console/api/admin-log', { cookie: raviCookie })).statusCode).toBe(200);
    expect((await call('PATCH', '/console/api/users/ravi', { cookie: admin, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await call('GET', '/console/api/census', { cookie: raviCookie })).statusCode).toBe(401);
    tick();
    expect((await call('POST', '/console/api/login', { payload: loginBody(ravi, clock) })).statusCode).toBe(401);

    // newadmin (made in the test before) and admin1 are the admins; disabling both is refused at the second.
    expect((await call('PATCH', '/console/api/users/newadmin', { cookie: admin, payload: { disabled: true } })).statusCode).toBe(200);
    const last = await call('PATCH', '/console/api/users/admin1', { cookie: admin, payload: { role: 'viewer' } });
    expect(last.statusCode).toBe(409);
    expect(last.json().error).toBe('last_admin');

    const log = (await listAdminLog(sql, 500)).filter((e) => e.subject === 'ravi').reverse();
    expect(log.map((e) => [e.actor, e.action, (e.before as { role?: string } | null)?.role ?? null, (e.after as { role: string }).role])).toEqual([
      ['admin1', 'user.created', null, 'viewer'],
      ['ravi', 'user.setup-completed', 'viewer', 'viewer'],
      ['admin1', 'user.role-changed', 'viewer', 'auditor'],
      ['admin1', 'user.disabled', 'auditor', 'auditor'],
    ]);
    expect(JSON.stringify(await listAdminLog(sql, 500))).not.toMatch(/scrypt\$|setup_token|totp_secret/);
    expect((await verifyAdminLog(sql, key.publicRaw)).ok).toBe(true);
  });

  it('a fork’s evidence is shown to admins only', async () => {
    await raiseAlert(sql, { kind: 'fork', terminalId: 'T0A0B0C0D0E0F', source: '10.0.0.5', detail: { message: 'a different event at seq 7', evidence: { held: 'body A', sent: 'body B' } } });
    const as = async (role: Role) => ((await call('GET', '/console/api/alerts', { cookie: await signedIn(role) })).json() as { alerts: { kind: string; detail: { evidence: unknown } }[] }).alerts.find((a) => a.kind === 'fork')!;
    expect((await as('admin')).detail.evidence).toEqual({ held: 'body A', sent: 'body B' });
    for (const role of ['finance', 'auditor', 'viewer'] as const) expect((await as(role)).detail.evidence, role).toBe('shown to admins only');
  });
});
