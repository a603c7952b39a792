// Who may call which console route. Each route under /console/api declares its access in its
// config — 'public', 'signed-in', or a capability from shared/console-api.ts — and one hook checks
// it before the handler runs: fail closed (a route that declares nothing answers 403 to everyone),
// a session cookie for all but 'public', the role's capability, and for every request that can
// change something an Origin that is this server's own (CSRF). test/integration/console-access.test.ts
// walks every route this module has seen against every role.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Capability, type Role } from '../../shared/console-api.js';
import type { Sql } from '../store.js';
import { SESSION_COOKIE, sessionUser } from './sessions.js';

export type Access = 'public' | 'signed-in' | Capability;

export interface ConsoleUser {
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    consoleUser: ConsoleUser | null;
  }
}

export const CONSOLE_API = '/console/api';

export interface ConsoleRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request comes from a page of this server: its Origin is the server's own (by the
 * Host it was sent to, or the public URL it is known by). Browsers send Origin with every
 * request that can change something, so a missing one is refused too.
 */
export function sameOrigin(req: FastifyRequest, publicOrigin: () => string | undefined): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (typeof origin !== 'string') return false;
  try {
    const from = new URL(origin).origin;
    return (host !== undefined && from === new URL(`${req.protocol}://${host}`).origin) || from === publicOrigin();
  } catch {
    return false;
  }
}

/** The signed-in user of a route whose access is not 'public' (the hook has checked it). */
export function userOf(req: FastifyRequest): ConsoleUser {
  if (!req.consoleUser) throw new Error(`${req.method} ${req.url}: no console user (a public route asked for one)`);
  return req.consoleUser;
}

/**
 * Installs the check on `app` (before any console route is added) and returns the list of
 * console routes as they are added, each with its declared access.
 */
export function registerConsoleAccess(
  app: FastifyInstance,
  sql: Sql,
  opts: { idleMinutes: number; now: () => Date; publicOrigin: () => string | undefined },
): ConsoleRoute[] {
  const routes: ConsoleRoute[] = [];
  app.decorateRequest('consoleUser', null);
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith(CONSOLE_API)) return;
    for (const method of [r.method].flat()) routes.push({ method, url: r.url, access: r.config?.access });
  });
  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined || !url.startsWith(CONSOLE_API)) return;
    const { access } = req.routeOptions.config;
    if (access === undefined) return reply.status(403).send({ error: 'forbidden', message: 'this route declares no access, so it answers no one' });
    if (!READS.has(req.method) && !sameOrigin(req, opts.publicOrigin)) {
      return reply.status(403).send({ error: 'cross_origin', message: 'refused: the request did not come from this server’s own console page' });
    }
    if (access === 'public') return;
    const token = req.cookies[SESSION_COOKIE];
    const user = token ? await sessionUser(sql, token, opts.idleMinutes, opts.now()) : null;
    if (!user) return reply.status(401).send({ error: 'no_session', message: 'sign in first (a session ends after idle minutes or when signed out)' });
    req.consoleUser = user;
    if (access !== 'signed-in' && !can(user.role, access)) {
      return reply.status(403).send({ error: 'forbidden', message: `a ${user.role} may not do this (it needs ${access})` });
    }
  });
  return routes;
}
