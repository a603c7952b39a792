// The reference central server's HTTP API (/v1, DESIGN §6). Every body is checked against its
// schema in shared/upstream-api.ts before anything runs; errors are JSON {error, message}.
import Fastify, { type FastifyInstance } from 'fastify';
import { GENESIS_PREV } from '../shared/journal-event.js';
import { AnnouncedVerifyUrl, AppVersion, EnrollRequest, FEED_PAGE_DEFAULT, FEED_PAGE_MAX, FeedCursor, FeedRecordVersion, JournalUpload, MAX_BODY_BYTES, type HeadResponse } from '../shared/upstream-api.js';
import { parse } from './body.js';
import type { CensusThresholds } from './census.js';
import type { ConsoleRoute } from './console/access.js';
import { registerConsole } from './console/api.js';
import { DEFAULT_IDLE_MINUTES } from './console/sessions.js';
import { registerConsoleStatic } from './console/static.js';
import { feedPage } from './consumers.js';
import { serverKey } from './crypto.js';
import { enrollTerminal } from './enroll.js';
import { ingestJournal } from './ingest.js';
import { enrollRouteLimits, journalRouteLimits, RATE_LIMITED_CODE, registerSecurity } from './limits.js';
import { registerPostingsRoutes, type RateWindow } from './postings/routes.js';
import { checkSignedRead } from './read-auth.js';
import { verdictPage, verifyReceipt } from './verify-receipt.js';
import type { Sql } from './store.js';

/** Fastify's own refusals, named the way this API names its errors. */
const FASTIFY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  [RATE_LIMITED_CODE]: 'rate_limited',
};

const TERMINAL_ID = /^T[0-9A-F]{12}$/;

/** The verify page's address under a public base URL (http(s)://host[:port][/prefix]); throws when it cannot be one. */
export function verifyPageUrl(publicUrl: string): string {
  const url = `${publicUrl.replace(/\/+$/, '')}/v1/verify`;
  if (!AnnouncedVerifyUrl.safeParse(url).success) throw new Error(`the public URL is http(s)://host[:port][/path], without ? or #, not "${publicUrl}"`);
  return url;
}

export interface ServerOptions {
  now?: () => Date;
  /**
   * The address phones reach this server at (`serve --public-url`). The enrollment and head
   * answers then announce its verify page, which terminals print in their receipts' QR; without
   * it nothing is announced. A function is asked at each answer (the CLI knows its port only once
   * it listens); undefined from it announces nothing.
   */
  publicUrl?: string | (() => string | undefined);
  /** The console's idle log-out, in minutes (default 15). */
  consoleIdleMinutes?: number;
  census?: CensusThresholds;
  /** Where the console's built pages are (default console/dist); tests serve a build of their own. */
  consoleDir?: string;
  /** Requests per postings client key (default POSTINGS_REQUESTS); tests of the limit set a small one. */
  postingsRequests?: RateWindow;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /console/api route with its declared access (the access test walks them). */
    consoleRoutes: ConsoleRoute[];
  }
}

export async function buildServer(sql: Sql, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const { publicUrl } = opts;
  if (typeof publicUrl === 'string') verifyPageUrl(publicUrl);
  const publicBase = () => (typeof publicUrl === 'function' ? publicUrl() : publicUrl) || undefined;
  const announced = (): { verifyUrl?: string } => {
    const base = publicBase();
    return base === undefined ? {} : { verifyUrl: verifyPageUrl(base) };
  };
  const key = await serverKey(sql);
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false });
  await registerSecurity(app);

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const error = status === 500 ? 'internal' : (FASTIFY_ERRORS[err.code ?? ''] ?? 'bad_request');
    void reply.status(status).send({ error, message: status === 500 ? 'internal error' : err.message });
  });
  // The server's own time in every answer's Date header (terminals measure their clock's skew from it).
  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('date', now().toUTCString());
    return payload;
  });
  app.setNotFoundHandler((req, reply) => void reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url}` }));

  const consoleRoutes = await registerConsole(app, sql, key, {
    now, idleMinutes: opts.consoleIdleMinutes ?? DEFAULT_IDLE_MINUTES, census: opts.census,
    publicOrigin: () => {
      const base = publicBase();
      return base === undefined ? undefined : new URL(base).origin;
    },
  });
  app.decorate('consoleRoutes', consoleRoutes);
  await registerConsoleStatic(app, opts.consoleDir);

  app.post('/v1/enroll', enrollRouteLimits(app, sql), async (req, reply) => {
    const body = parse(EnrollRequest, req.body);
    if (!body.ok) return reply.status(400).send({ error: 'invalid_body', message: body.message });
    const r = await enrollTerminal(sql, body.value, now());
    if (!r.ok) return reply.status(r.status).send({ error: r.error, message: r.message });
    return { serverKey: key.publicRaw.toString('base64url'), ...announced() };
  });

  app.post<{ Params: { id: string } }>('/v1/terminals/:id/journal', journalRouteLimits(app, sql), async (req, reply) => {
    if (!TERMINAL_ID.test(req.params.id)) return reply.status(400).send({ error: 'invalid_terminal', message: 'not a terminal id' });
    const body = parse(JournalUpload, req.body);
    if (!body.ok) return reply.status(400).send({ error: 'invalid_body', message: body.message });
    const seqs = body.value.events.map((e) => e.seq);
    if (seqs.some((s, i) => i > 0 && s !== seqs[i - 1]! + 1)) {
      return reply.status(400).send({ error: 'invalid_body', message: 'a batch holds consecutive seqs in order' });
    }
    const r = await ingestJournal(sql, key, req.params.id, body.value.events, now(), req.ip);
    if (!r.ok) return reply.status(r.status).send({ error: r.error, message: r.message, ackedThrough: r.ackedThrough, ...(r.seq === undefined ? {} : { seq: r.seq }) });
    return { ackedThrough: r.ackedThrough, headHash: r.headHash, checkpoint: r.checkpoint };
  });

  // Signed reads: the terminal's head (restore safety) and the consumer feed.
  app.get<{ Params: { id: string }; Querystring: { app?: string } }>('/v1/terminals/:id/head', async (req, reply) => {
    if (!TERMINAL_ID.test(req.params.id)) return reply.status(400).send({ error: 'invalid_terminal', message: 'not a terminal id' });
    const version = req.query.app;
    if (version !== undefined && !AppVersion.safeParse(version).success) {
      return reply.status(400).send({ error: 'invalid_query', message: 'app= is the terminal app version, e.g. 0.1.0' });
    }
    const at = now();
    const auth = await checkSignedRead(sql, req.params.id, req.url, req.headers, at);
    if (!auth.ok) return reply.status(auth.status).send({ error: auth.error, message: auth.message });
    // Signed with the read: the version the census shows for this terminal.
    if (version !== undefined) await sql.query('UPDATE terminals SET app_version = $2 WHERE id = $1', [req.params.id, version]);
    const t = auth.terminal;
    const head: HeadResponse = {
      seq: t.headSeq, hash: t.headHash ? Buffer.from(t.headHash).toString('hex') : GENESIS_PREV, frozen: t.frozenReason, serverTime: at.toISOString(), ...announced(),
    };
    return head;
  });

  app.get<{ Params: { id: string }; Querystring: { after?: string; limit?: string; record?: string } }>('/v1/terminals/:id/consumers', async (req, reply) => {
    if (!TERMINAL_ID.test(req.params.id)) return reply.status(400).send({ error: 'invalid_terminal', message: 'not a terminal id' });
    const after = req.query.after ?? '0';
    if (!FeedCursor.safeParse(after).success) return reply.status(400).send({ error: 'invalid_cursor', message: 'after= is the cursor the last page ended with' });
    const limit = req.query.limit === undefined ? FEED_PAGE_DEFAULT : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > FEED_PAGE_MAX) {
      return reply.status(400).send({ error: 'invalid_limit', message: `limit= is 1..${FEED_PAGE_MAX}` });
    }
    const record = FeedRecordVersion.safeParse(req.query.record ?? '1');
    if (!record.success) return reply.status(400).send({ error: 'invalid_record', message: 'record= is 1 (the whole record), 2 (the counter record) or 3 (the counter record with what was paid and not applied)' });
    const auth = await checkSignedRead(sql, req.params.id, req.url, req.headers, now());
    if (!auth.ok) return reply.status(auth.status).send({ error: auth.error, message: auth.message });
    const page = await feedPage(sql, after, limit, record.data);
    return reply.type('application/x-ndjson; charset=utf-8').send(page.ndjson);
  });

  // The postings feed to billing (issue 19): its own keys, its own limits.
  registerPostingsRoutes(app, sql, { now, requests: opts.postingsRequests });

  app.get<{ Querystring: { c?: string } }>('/v1/verify', async (req, reply) => {
    const code = req.query.c;
    if (typeof code !== 'string' || code.length === 0 || code.length > 1000) {
      return reply.status(400).send({ error: 'invalid_query', message: 'give the receipt code as ?c=' });
    }
    const verdict = await verifyReceipt(sql, code);
    if ((req.headers.accept ?? '').includes('application/json')) return verdict;
    return reply.type('text/html; charset=utf-8').send(verdictPage(verdict));
  });

  return app;
}
