// GET /v1/postings and POST /v1/postings/ack (shared/postings.ts, docs/billing.md): the feed a
// billing system reads with its own key. Every request is limited per key (a runaway follower
// cannot starve ingest), and refusals (no key, an unknown or revoked key, a bad cursor) per
// source, like wrong enrollment codes: a key is 256 bits, but guessing still costs the guesser.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { POSTINGS_PAGE_DEFAULT, POSTINGS_PAGE_MAX, PostingsAck } from '../../shared/postings.js';
import { FeedCursor } from '../../shared/upstream-api.js';
import { raiseAlert } from '../alerts.js';
import { parse } from '../body.js';
import { refusalLimit } from '../limits.js';
import type { Sql } from '../store.js';
import { clientOfAuthorization, keyHash } from './clients.js';
import { ackPostings, postingsPage } from './feed.js';

export interface RateWindow {
  max: number;
  timeWindow: number;
}

/** Requests per client key: a follower reading 5,000 postings a page catches up at 1.5 million a minute. */
export const POSTINGS_REQUESTS: RateWindow = { max: 300, timeWindow: 60_000 };
/** Refused requests per source before 429. */
export const POSTINGS_REFUSALS: RateWindow = { max: 30, timeWindow: 60_000 };

export function registerPostingsRoutes(app: FastifyInstance, sql: Sql, opts: { now: () => Date; requests?: RateWindow }): void {
  const refusals = refusalLimit(app, {
    ...POSTINGS_REFUSALS, key: (req) => `postings|${req.ip}`,
    onLimitReached: (req) => raiseAlert(sql, {
      kind: 'postings_key_guessing', terminalId: null, source: req.ip,
      detail: { message: `${POSTINGS_REFUSALS.max} refused postings requests from ${req.ip} within ${POSTINGS_REFUSALS.timeWindow / 1000} s: more answer 429 until the window ends` },
    }),
  });
  // Every request counted per key, reads and acks together, before the key is checked (by its
  // hash: the key is not kept even as a counter's name).
  const requests = opts.requests ?? POSTINGS_REQUESTS;
  const perKey = app.createRateLimit({ ...requests, keyGenerator: (req: FastifyRequest) => `postings-all|${keyHash(req.headers.authorization ?? '').toString('hex')}` });
  const countRequest = async (req: FastifyRequest, reply: FastifyReply) => {
    const state = await perKey(req);
    if (!state.isAllowed && state.isExceeded) {
      return reply.header('retry-after', state.ttlInSeconds).status(429)
        .send({ error: 'rate_limited', message: `more than ${requests.max} requests with this key within ${requests.timeWindow / 1000} s: try again in ${state.ttlInSeconds} s` });
    }
  };
  const limits = { onRequest: [refusals.onRequest, countRequest], onSend: refusals.onSend };
  const unauthorized = (reply: FastifyReply, message: string) =>
    reply.status(401).header('www-authenticate', 'Bearer realm="counterfoil-postings"').send({ error: 'unauthorized', message });

  app.get<{ Querystring: { after?: string; limit?: string } }>('/v1/postings', limits, async (req, reply) => {
    const auth = await clientOfAuthorization(sql, req.headers.authorization);
    if (!auth.ok) return unauthorized(reply, auth.message);
    const after = req.query.after ?? '0';
    if (typeof after !== 'string' || !FeedCursor.safeParse(after).success) return reply.status(400).send({ error: 'invalid_cursor', message: 'after= is the cursor the last page ended with (digits; 0 from the start)' });
    const limit = req.query.limit === undefined ? POSTINGS_PAGE_DEFAULT : typeof req.query.limit === 'string' && /^\d{1,6}$/.test(req.query.limit) ? Number(req.query.limit) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > POSTINGS_PAGE_MAX) return reply.status(400).send({ error: 'invalid_limit', message: `limit= is 1..${POSTINGS_PAGE_MAX}` });
    const page = await postingsPage(sql, after, limit);
    return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(page.ndjson);
  });

  app.post('/v1/postings/ack', limits, async (req, reply) => {
    const auth = await clientOfAuthorization(sql, req.headers.authorization);
    if (!auth.ok) return unauthorized(reply, auth.message);
    const body = parse(PostingsAck, req.body);
    if (!body.ok) return reply.status(400).send({ error: 'invalid_body', message: body.message });
    const r = await ackPostings(sql, auth.clientId, body.value.through, opts.now());
    if (!r.ok) {
      return reply.status(409).send({ error: 'beyond_head', message: `through ${body.value.through} is past the feed's newest posting (${r.head}): acknowledge only what you have read`, head: r.head });
    }
    return r.answer;
  });
}
