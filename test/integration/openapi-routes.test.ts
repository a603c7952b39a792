// upstream/openapi.yaml cannot drift from the server: its operations are exactly the /v1 routes
// buildServer registers, and its body schemas name the same fields as shared/upstream-api.ts.
// (`npm run lint` validates the document itself: tools/dev/check-openapi.ts.)
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ConsumerRecord, CounterConsumerRecord } from '../../shared/consumer-record.js';
import { Posting, POSTINGS_PAGE_DEFAULT, POSTINGS_PAGE_MAX, PostingsAck, PostingsAckAnswer } from '../../shared/postings.js';
import {
  Checkpoint, EnrollRequest, EnrollResponse, ErrorBody, FEED_PAGE_DEFAULT, FEED_PAGE_MAX, FeedEnd, HeadResponse, JournalAck, JournalUpload,
  MAX_BATCH_EVENTS, READ_HEADERS, UploadedEvent,
} from '../../shared/upstream-api.js';
import { buildServer } from '../../upstream/server.js';
import { openStore, type Sql } from '../../upstream/store.js';
import { tempDir } from '../support/terminal.js';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const doc = parse(readFileSync(new URL('../../upstream/openapi.yaml', import.meta.url), 'utf8')) as Json;
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((m) => m in (item as Json)).map((m) => ({ method: m.toUpperCase() as HTTPMethods, path, url: path.replace(/\{(\w+)\}/g, ':$1') })),
);
const ref = (r: string): Json => r.slice(2).split('/').reduce<Json>((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
const schemaOf = (name: string): Json => doc.components.schemas[name];

/**
 * The routes of `app.printRoutes({ commonPrefix: false })`: a tree whose lines are
 * `<indent>├── <segment> (GET, HEAD)`, each segment continuing its parent's path.
 */
function routesOf(tree: string): { method: string; url: string }[] {
  const stack: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([A-Z]+(?:, [A-Z]+)*)\))?$/.exec(line);
    if (!m) {
      if (line.trim()) throw new Error(`printRoutes line not understood: ${JSON.stringify(line)}`);
      continue;
    }
    stack.length = m[1]!.length / 4;
    stack.push(m[2]!);
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, url: stack.join('') });
  }
  return routes;
}

let dir: string;
let sql: Sql;
let app: FastifyInstance;
let registered: { method: string; url: string }[];

beforeAll(async () => {
  dir = tempDir('counterfoil-openapi-');
  sql = await openStore({ dataDir: join(dir, 'pg') });
  app = await buildServer(sql);
  await app.ready();
  registered = routesOf(app.printRoutes({ commonPrefix: false })).filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD');
});
afterAll(async () => {
  await app?.close();
  await sql?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('upstream/openapi.yaml against the server', () => {
  it('reads the route tree the way Fastify prints it', () => {
    const tree = ['└── /v1/a (GET, HEAD, POST)', '    ├── /b (PUT)', '    ├── /:id (GET)', '    │   └── /c (GET)', '    └── b (DELETE)'].join('\n');
    expect(routesOf(tree)).toEqual([
      { method: 'GET', url: '/v1/a' }, { method: 'HEAD', url: '/v1/a' }, { method: 'POST', url: '/v1/a' }, { method: 'PUT', url: '/v1/a/b' },
      { method: 'GET', url: '/v1/a/:id' }, { method: 'GET', url: '/v1/a/:id/c' }, { method: 'DELETE', url: '/v1/ab' },
    ]);
    // What was read from the real server is what it routes.
    expect(registered.length).toBeGreaterThan(0);
    for (const r of registered) expect(app.hasRoute({ method: r.method as HTTPMethods, url: r.url }), `${r.method} ${r.url}`).toBe(true);
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))('documents a route of the server: %s', (_, o) => {
    expect(app.hasRoute({ method: o.method, url: o.url })).toBe(true);
  });

  it('documents every /v1 route the server registers', () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.url}`));
    expect(registered.map((r) => `${r.method} ${r.url}`).filter((r) => !documented.has(r))).toEqual([]);
  });

  it('types the path parameter id as a terminal id', () => {
    expect(doc.components.parameters.TerminalId.name).toBe('id');
    expect(ref(doc.components.parameters.TerminalId.schema.$ref).pattern).toBe('^T[0-9A-F]{12}$');
  });

  it('takes the request bodies of shared/upstream-api.ts', () => {
    const body = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema.$ref;
    expect(body('/v1/enroll')).toBe('#/components/schemas/EnrollRequest');
    expect(body('/v1/terminals/{id}/journal')).toBe('#/components/schemas/JournalUpload');
  });

  // Each documented schema names exactly the zod schema's fields, requires exactly those that are
  // not optional, and is closed (additionalProperties: false) exactly when the zod object is strict.
  const pairs: [string, z.ZodObject][] = [
    ['EnrollRequest', EnrollRequest], ['JournalUpload', JournalUpload], ['UploadedEvent', UploadedEvent], ['EnrollResponse', EnrollResponse],
    ['JournalAck', JournalAck], ['Checkpoint', Checkpoint], ['HeadResponse', HeadResponse], ['ConsumerRecord', ConsumerRecord],
    ['CounterConsumerRecord', CounterConsumerRecord],
    ['FeedEnd', FeedEnd], ['Error', ErrorBody],
    ['Posting', Posting], ['PostingsAck', PostingsAck], ['PostingsAckAnswer', PostingsAckAnswer],
  ];
  it.each(pairs)('components/schemas/%s has the fields of its zod schema', (name, zod) => {
    const s = schemaOf(name);
    const keys = Object.keys(zod.shape);
    expect(Object.keys(s.properties).sort()).toEqual([...keys].sort());
    expect([...s.required].sort()).toEqual(keys.filter((k) => !zod.shape[k]!.safeParse(undefined).success).sort());
    const strict = (zod.def.catchall as z.ZodType | undefined)?.def.type === 'never';
    expect(s.additionalProperties === false, 'additionalProperties: false exactly when the zod object is strict').toBe(strict);
  });

  it('states the limits the server enforces', () => {
    expect(schemaOf('JournalUpload').properties.events.maxItems).toBe(MAX_BATCH_EVENTS);
    const limit = doc.paths['/v1/terminals/{id}/consumers'].get.parameters.find((p: Json) => p.name === 'limit').schema;
    expect([limit.default, limit.maximum]).toEqual([FEED_PAGE_DEFAULT, FEED_PAGE_MAX]);
    const postingsLimit = doc.paths['/v1/postings'].get.parameters.find((p: Json) => p.name === 'limit').schema;
    expect([postingsLimit.default, postingsLimit.maximum]).toEqual([POSTINGS_PAGE_DEFAULT, POSTINGS_PAGE_MAX]);
    expect([doc.components.parameters.ReadTime.name, doc.components.parameters.ReadSignature.name]).toEqual([READ_HEADERS.time, READ_HEADERS.signature]);
  });

  it('answers every error as components/schemas/Error', () => {
    for (const o of operations) {
      const responses = doc.paths[o.path][o.method.toLowerCase()].responses as Json;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const r = response.$ref ? ref(response.$ref) : response;
        const schema = r.content['application/json'].schema;
        const named = schema.$ref === '#/components/schemas/Error' || ref(schema.$ref).allOf?.[0]?.$ref === '#/components/schemas/Error';
        expect(named, `${o.method} ${o.path} ${status}`).toBe(true);
      }
    }
  });
});
