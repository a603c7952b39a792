// The console's API under /console/api (issue 17): sign-in and set-up, the census and alerts for
// every central user, and the administration an admin does while the server runs. Each route
// declares its access (access.ts checks it); each administrative change is an admin-log entry
// written by the module that makes it.
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AlertActionRequest, AlertId, ChangeUserRequest, can, CollectionsQueryString, OutOfServiceRequest, CreateUserRequest, EnrollCodeRequest, LoginRequest, ROLE_CAPABILITIES, RevokeRequest, SetupBeginRequest, SetupFinishRequest, TerminalId, UserName, type Me,
} from '../../shared/console-api.js';
import { listAdminLog, verifyAdminLog } from '../admin-log.js';
import { actOnAlert, AlertActionError, listAlerts } from '../alerts.js';
import { parse } from '../body.js';
import { collectionsReport, CollectionsError, exportCollections } from '../collections.js';
import { fleetCensus, type CensusThresholds } from '../census.js';
import type { ServerKey } from '../crypto.js';
import { EnrollCodeError, makeEnrollCode, revokeTerminal } from '../enroll.js';
import { isIsoDate } from '../../shared/dates.js';
import { refusalLimit } from '../limits.js';
import { declareOutOfService, OutOfServiceError } from '../out-of-service.js';
import { heldPayments, signedEvent, terminalPage } from '../terminal-page.js';
import { raiseAlert } from '../alerts.js';
import type { Sql } from '../store.js';
import { CONSOLE_API, registerConsoleAccess, userOf, type ConsoleRoute } from './access.js';
import { ConsumerImports } from './consumer-import.js';
import { registerMoneyRoutes } from './money-api.js';
import { registerAuditRoutes } from './audit-api.js';
import { registerPaidDueRoutes } from './paid-due-api.js';
import { endSession, SESSION_COOKIE, SESSION_MAX_HOURS, startSession } from './sessions.js';
import type { SetupLink } from '../../shared/console-api.js';
import { beginSetup, changeUser, createUser, finishSetup, listUsers, signIn, UserError } from './users.js';

export interface ConsoleOptions {
  now: () => Date;
  idleMinutes: number;
  /** The origin (scheme://host[:port]) the server is reached at, when known: accepted as a request's Origin, and used in set-up links. */
  publicOrigin: () => string | undefined;
  census?: CensusThresholds;
}

/** Refused sign-ins and set-ups per source before 429. */
export const CONSOLE_REFUSALS = { max: 30, timeWindow: 15 * 60_000 } as const;

const USER_ERROR_STATUS = { user_exists: 409, no_user: 404, last_admin: 409, bad_setup: 410, bad_totp: 422 } as const;

/** The largest consumer master a console upload may be (600,000 records are ~100 MB). */
export const CONSUMER_UPLOAD_MAX_BYTES = 512 * 1024 * 1024;

export async function registerConsole(app: FastifyInstance, sql: Sql, key: ServerKey, opts: ConsoleOptions): Promise<ConsoleRoute[]> {
  await app.register(cookie);
  await app.register(multipart, { limits: { files: 1, fields: 0, parts: 1, fileSize: CONSUMER_UPLOAD_MAX_BYTES } });
  const imports = new ConsumerImports(sql, opts.now);
  const routes = registerConsoleAccess(app, sql, opts);
  const { now } = opts;

  const refusals = refusalLimit(app, {
    ...CONSOLE_REFUSALS, key: (req) => `console|${req.ip}`,
    onLimitReached: (req) => raiseAlert(sql, {
      kind: 'console_guessing', terminalId: null, source: req.ip,
      detail: { message: `${CONSOLE_REFUSALS.max} refused console sign-ins or set-ups from ${req.ip} within ${CONSOLE_REFUSALS.timeWindow / 60_000} min: more answer 429 until the window ends` },
    }),
  });
  const limited = { onRequest: refusals.onRequest, onSend: refusals.onSend };

  const invalid = (reply: FastifyReply, message: string) => reply.status(400).send({ error: 'invalid_body', message });
  const userError = (reply: FastifyReply, e: unknown) => {
    if (!(e instanceof UserError)) throw e;
    return reply.status(USER_ERROR_STATUS[e.code]).send({ error: e.code, message: e.message });
  };
  const setupLinkOf = (req: FastifyRequest, link: SetupLink) =>
    ({ ...link, url: `${opts.publicOrigin() ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`}/console/#setup=${link.token}` });
  const me = (name: string, role: Me['role']): Me => ({ name, role, capabilities: [...ROLE_CAPABILITIES[role]], idleMinutes: opts.idleMinutes });

  app.post(`${CONSOLE_API}/login`, { config: { access: 'public' }, ...limited }, async (req, reply) => {
    const body = parse(LoginRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    const r = await signIn(sql, body.value, now());
    if (!r.ok) {
      return r.error === 'locked'
        ? reply.status(423).send({ error: 'locked', message: `too many wrong sign-ins: this name is locked until ${r.lockedUntil}`, lockedUntil: r.lockedUntil })
        : reply.status(401).send({ error: 'bad_credentials', message: 'wrong name, password or code' });
    }
    const token = await startSession(sql, r.name, now());
    void reply.setCookie(SESSION_COOKIE, token, { path: '/console', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: SESSION_MAX_HOURS * 3600 });
    return me(r.name, r.role);
  });

  app.post(`${CONSOLE_API}/logout`, { config: { access: 'signed-in' } }, async (req, reply) => {
    await endSession(sql, req.cookies[SESSION_COOKIE]!, now());
    void reply.clearCookie(SESSION_COOKIE, { path: '/console' });
    return { signedOut: true };
  });

  app.get(`${CONSOLE_API}/me`, { config: { access: 'signed-in' } }, async (req) => {
    const u = userOf(req);
    return me(u.name, u.role);
  });

  app.post(`${CONSOLE_API}/setup/begin`, { config: { access: 'public' }, ...limited }, async (req, reply) => {
    const body = parse(SetupBeginRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    try {
      return await beginSetup(sql, body.value.token, now());
    } catch (e) {
      return userError(reply, e);
    }
  });

  app.post(`${CONSOLE_API}/setup/finish`, { config: { access: 'public' }, ...limited }, async (req, reply) => {
    const body = parse(SetupFinishRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    try {
      await finishSetup(sql, key, body.value, now());
      return { ready: true };
    } catch (e) {
      return userError(reply, e);
    }
  });

  app.get(`${CONSOLE_API}/census`, { config: { access: 'fleet.read' } }, async () => ({ at: now().toISOString(), terminals: await fleetCensus(sql, now(), opts.census) }));

  app.get<{ Querystring: { state?: string } }>(`${CONSOLE_API}/alerts`, { config: { access: 'fleet.read' } }, async (req, reply) => {
    const state = req.query.state ?? 'open';
    if (state !== 'open' && state !== 'resolved' && state !== 'all') return reply.status(400).send({ error: 'invalid_query', message: 'state= is open, resolved or all' });
    const evidence = can(userOf(req).role, 'alerts.evidence');
    const alerts = await listAlerts(sql, { limit: 200, state });
    // A fork's two events are for admins only: what the centre holds is not shown to every reader.
    return { alerts: evidence ? alerts : alerts.map((a) => ({ ...a, detail: withoutEvidence(a.detail) })) };
  });

  for (const act of ['acknowledge', 'resolve'] as const) {
    app.post<{ Params: { id: string } }>(`${CONSOLE_API}/alerts/:id/${act}`, { config: { access: 'alerts.act' } }, async (req, reply) => {
      if (!AlertId.safeParse(req.params.id).success) return reply.status(404).send({ error: 'no_alert', message: 'not an alert id' });
      const body = parse(AlertActionRequest, req.body);
      if (!body.ok) return invalid(reply, body.message);
      try {
        return await actOnAlert(sql, key, req.params.id, act, userOf(req).name, body.value.note, now());
      } catch (e) {
        if (!(e instanceof AlertActionError)) throw e;
        return reply.status(e.code === 'no_alert' ? 404 : 409).send({ error: e.code, message: e.message });
      }
    });
  }

  app.get(`${CONSOLE_API}/admin-log`, { config: { access: 'adminlog.read' } }, async () => ({ entries: await listAdminLog(sql, 200) }));
  app.get(`${CONSOLE_API}/admin-log/verify`, { config: { access: 'adminlog.read' } }, async () => verifyAdminLog(sql, key.publicRaw));

  app.get(`${CONSOLE_API}/users`, { config: { access: 'users.admin' } }, async () => ({ users: await listUsers(sql, now()) }));

  app.post(`${CONSOLE_API}/users`, { config: { access: 'users.admin' } }, async (req, reply) => {
    const body = parse(CreateUserRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    try {
      return setupLinkOf(req, await createUser(sql, key, body.value, userOf(req).name, now()));
    } catch (e) {
      return userError(reply, e);
    }
  });

  app.patch<{ Params: { name: string } }>(`${CONSOLE_API}/users/:name`, { config: { access: 'users.admin' } }, async (req, reply) => {
    if (!UserName.safeParse(req.params.name).success) return reply.status(404).send({ error: 'no_user', message: 'not a user name' });
    const body = parse(ChangeUserRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    try {
      const link = await changeUser(sql, key, req.params.name, body.value, userOf(req).name, now());
      return { changed: req.params.name, setup: link ? setupLinkOf(req, link) : null };
    } catch (e) {
      return userError(reply, e);
    }
  });

  app.get<{ Params: { id: string } }>(`${CONSOLE_API}/terminals/:id`, { config: { access: 'fleet.read' } }, async (req, reply) => {
    const page = TerminalId.safeParse(req.params.id).success ? await terminalPage(sql, req.params.id, now(), opts.census) : null;
    return page ?? reply.status(404).send({ error: 'no_terminal', message: `no terminal ${req.params.id}` });
  });

  app.get<{ Params: { id: string; date: string } }>(`${CONSOLE_API}/terminals/:id/days/:date`, { config: { access: 'events.read' } }, async (req, reply) => {
    if (!TerminalId.safeParse(req.params.id).success || !isIsoDate(req.params.date)) return reply.status(404).send({ error: 'not_found', message: 'a terminal id and a date YYYY-MM-DD' });
    return { payments: await heldPayments(sql, req.params.id, req.params.date) };
  });

  app.get<{ Params: { id: string; seq: string } }>(`${CONSOLE_API}/terminals/:id/events/:seq`, { config: { access: 'events.read' } }, async (req, reply) => {
    const seq = Number(req.params.seq);
    const event = TerminalId.safeParse(req.params.id).success && /^[1-9]\d{0,15}$/.test(req.params.seq) ? await signedEvent(sql, req.params.id, seq) : null;
    return event ?? reply.status(404).send({ error: 'not_found', message: `no event ${req.params.seq} held for ${req.params.id}` });
  });

  app.post<{ Params: { id: string } }>(`${CONSOLE_API}/terminals/:id/out-of-service`, { config: { access: 'fleet.admin' } }, async (req, reply) => {
    if (!TerminalId.safeParse(req.params.id).success) return reply.status(404).send({ error: 'no_terminal', message: 'not a terminal id' });
    const body = parse(OutOfServiceRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    try {
      return await declareOutOfService(sql, key, { terminalId: req.params.id, ...body.value }, userOf(req).name, now());
    } catch (e) {
      if (!(e instanceof OutOfServiceError)) throw e;
      return reply.status(e.code === 'no_terminal' ? 404 : 400).send({ error: e.code, message: e.message });
    }
  });

  app.get(`${CONSOLE_API}/collections`, { config: { access: 'collections.read' } }, async (req, reply) => {
    const q = parse(CollectionsQueryString, req.query);
    if (!q.ok) return reply.status(400).send({ error: 'invalid_query', message: q.message });
    try {
      return await collectionsReport(sql, q.value);
    } catch (e) {
      if (!(e instanceof CollectionsError)) throw e;
      return reply.status(400).send({ error: 'invalid_query', message: e.message });
    }
  });

  app.get(`${CONSOLE_API}/collections/export`, { config: { access: 'collections.read' } }, async (req, reply) => {
    const q = parse(CollectionsQueryString, req.query);
    if (!q.ok) return reply.status(400).send({ error: 'invalid_query', message: q.message });
    try {
      const e = await exportCollections(sql, key, q.value, q.value.format ?? 'csv', userOf(req).name, now());
      return { fileName: e.fileName, file: e.bytes.toString('base64'), manifest: e.manifest };
    } catch (e) {
      if (!(e instanceof CollectionsError)) throw e;
      return reply.status(400).send({ error: 'invalid_query', message: e.message });
    }
  });

  app.post(`${CONSOLE_API}/consumers/import`, { config: { access: 'consumers.import' } }, async (req, reply) => {
    if (!req.isMultipart()) return reply.status(400).send({ error: 'invalid_body', message: 'send the consumer master as a multipart/form-data file' });
    const data = await req.file();
    if (!data) return reply.status(400).send({ error: 'invalid_body', message: 'no file was sent' });
    const dir = ConsumerImports.uploadDir();
    const file = join(dir, 'upload.csv');
    try {
      await pipeline(data.file, createWriteStream(file, { mode: 0o600 }));
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    if (data.file.truncated) {
      rmSync(dir, { recursive: true, force: true });
      return reply.status(413).send({ error: 'body_too_large', message: `the file is larger than ${CONSUMER_UPLOAD_MAX_BYTES / 1024 / 1024} MB: nothing was imported` });
    }
    const name = data.filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100) || 'consumers.csv';
    return imports.start(file, dir, name, statSync(file).size, userOf(req).name);
  });

  app.get<{ Params: { id: string } }>(`${CONSOLE_API}/consumers/import/:id`, { config: { access: 'consumers.import' } }, async (req, reply) =>
    imports.get(req.params.id) ?? reply.status(404).send({ error: 'no_import', message: 'no such import (the centre keeps the newest 20 while it runs)' }));

  app.post(`${CONSOLE_API}/enroll-codes`, { config: { access: 'fleet.admin' } }, async (req, reply) => {
    const body = parse(EnrollCodeRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    try {
      const code = await makeEnrollCode(sql, body.value.substation, body.value.counter, userOf(req).name, now(), body.value.replaces);
      return { code, substation: body.value.substation, counter: body.value.counter, replaces: body.value.replaces ?? null };
    } catch (e) {
      if (!(e instanceof EnrollCodeError)) throw e;
      return reply.status(409).send({ error: 'bad_replacement', message: e.message });
    }
  });

  app.post<{ Params: { id: string } }>(`${CONSOLE_API}/terminals/:id/revoke`, { config: { access: 'fleet.admin' } }, async (req, reply) => {
    if (!TerminalId.safeParse(req.params.id).success) return reply.status(404).send({ error: 'no_terminal', message: 'not a terminal id' });
    const body = parse(RevokeRequest, req.body);
    if (!body.ok) return invalid(reply, body.message);
    if (!(await revokeTerminal(sql, req.params.id, body.value.reason, userOf(req).name, now()))) {
      return reply.status(404).send({ error: 'no_terminal', message: `no terminal ${req.params.id}` });
    }
    return { revoked: req.params.id };
  });

  registerMoneyRoutes(app, sql, key, now);
  registerAuditRoutes(app, sql, key, now);
  registerPaidDueRoutes(app, sql, key, now);
  return routes;
}

function withoutEvidence(detail: unknown): unknown {
  if (detail === null || typeof detail !== 'object' || !('evidence' in detail)) return detail;
  const { evidence: _evidence, ...rest } = detail as Record<string, unknown>;
  return { ...rest, evidence: 'shown to admins only' };
}
