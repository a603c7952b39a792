// What guards the HTTP API beyond each route's own checks: security headers on every answer
// (@fastify/helmet) and limits on refusals (@fastify/rate-limit). The journal route and the
// enrollment route are open to anyone who can reach the centre (a terminal id is printed on every
// receipt), so what a stranger's junk costs is bounded per terminal and source: after `max`
// refusals in a window, the next requests answer 429 before any work, and reaching the limit is
// one alert. Successes never count: a terminal may send and re-send its journal all day.
// The counters live in this process (the plugin's local store): one reference server.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, onSendHookHandler, RouteShorthandOptions } from 'fastify';
import { raiseAlert } from './alerts.js';
import type { Sql } from './store.js';

export const REFUSAL_LIMITS = {
  /** Refused uploads (4xx) per terminal and source. */
  journal: { max: 30, timeWindow: 60_000 },
  /** Refused enrollments (a wrong or used code) per source: 31^12 codes are not guessed at 10 per 15 minutes. */
  enroll: { max: 10, timeWindow: 15 * 60_000 },
} as const;

/**
 * Every upload per terminal and source, counted before any work. A refusal is counted only once
 * it is known, so a burst of parallel junk would all pass the refusal check together; this bounds
 * such a burst, far above what a terminal sending its batches one after another ever reaches.
 */
export const JOURNAL_REQUESTS = { max: 1200, timeWindow: 60_000 } as const;

/** The error the rate-limit plugin throws past its limit; server.ts names it `rate_limited`. */
export const RATE_LIMITED_CODE = 'COUNTERFOIL_RATE_LIMITED';

/**
 * The headers every answer carries. The verify page is HTML styled by inline style attributes
 * and runs no script: a CSP of nothing but inline styles, never framed (clickjacking a verdict),
 * never content-sniffed.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`too many requests: try again in ${ctx.after}`), { statusCode: ctx.statusCode, code: RATE_LIMITED_CODE }),
  });
}

export interface RefusalLimit {
  /** Answers 429 before any work once this key has used up its refusals. */
  onRequest: onRequestAsyncHookHandler;
  /** Counts an answer in 400–499 (429 aside) as a refusal. */
  onSend: onSendHookHandler;
}

/** Route hooks that limit refusals (not requests) per `key`; `onLimitReached` runs once per window. */
export function refusalLimit(
  app: FastifyInstance,
  opts: { max: number; timeWindow: number; key: (req: FastifyRequest) => string; onLimitReached: (req: FastifyRequest) => Promise<void> },
): RefusalLimit {
  const limiter = app.createRateLimit({ max: opts.max, timeWindow: opts.timeWindow, keyGenerator: opts.key });
  const tooMany = (reply: FastifyReply, ttlInSeconds: number) =>
    reply.header('retry-after', ttlInSeconds).status(429).send({ error: 'rate_limited', message: `too many refused requests from this address: try again in ${ttlInSeconds} s` });
  return {
    async onRequest(req, reply) {
      const state = await limiter(req, { increment: false });
      if (!state.isAllowed && state.remaining <= 0) return tooMany(reply, state.ttlInSeconds);
    },
    async onSend(req, reply, payload) {
      if (reply.statusCode >= 400 && reply.statusCode < 500 && reply.statusCode !== 429) {
        const state = await limiter(req);
        if (!state.isAllowed && state.remaining === 0 && !state.isExceeded) await opts.onLimitReached(req);
      }
      return payload;
    },
  };
}

const terminalIdOf = (req: FastifyRequest) => {
  const id = (req.params as { id?: unknown }).id;
  return typeof id === 'string' && /^T[0-9A-F]{12}$/.test(id) ? id : null;
};

/** POST /v1/terminals/{id}/journal: refusals per terminal and source, and every request per terminal and source. */
export function journalRouteLimits(app: FastifyInstance, sql: Sql): RouteShorthandOptions {
  const { max, timeWindow } = REFUSAL_LIMITS.journal;
  const source = (req: FastifyRequest) => `${terminalIdOf(req) ?? '-'}|${req.ip}`;
  const refusals = refusalLimit(app, {
    max, timeWindow, key: (req) => `journal|${source(req)}`,
    onLimitReached: (req) => raiseAlert(sql, {
      kind: 'refusals_limited', terminalId: terminalIdOf(req), source: req.ip,
      detail: { message: `${max} refused uploads from ${req.ip} within ${timeWindow / 1000} s: more answer 429 until the window ends` },
    }),
  });
  return {
    onRequest: refusals.onRequest, onSend: refusals.onSend,
    config: { rateLimit: { ...JOURNAL_REQUESTS, keyGenerator: (req) => `journal-all|${source(req)}` } },
  };
}

/** POST /v1/enroll: wrong codes per source; reaching the limit is an `enroll_guessing` alert. */
export function enrollRouteLimits(app: FastifyInstance, sql: Sql): RouteShorthandOptions {
  const { max, timeWindow } = REFUSAL_LIMITS.enroll;
  const guesses = refusalLimit(app, {
    max, timeWindow, key: (req) => `enroll|${req.ip}`,
    onLimitReached: (req) => raiseAlert(sql, {
      kind: 'enroll_guessing', terminalId: null, source: req.ip,
      detail: { message: `${max} refused enrollments from ${req.ip} within ${timeWindow / 60_000} min: more answer 429 until the window ends` },
    }),
  });
  return { onRequest: guesses.onRequest, onSend: guesses.onSend };
}
