// Issue 17: the console's pages served by the upstream under /console/ from a build folder (here a
// stand-in build in a temp dir), with the console's own CSP — scripts and styles from this origin
// only — while the API and the verify page keep the global default-src 'none'. Without a build,
// /console/ says how to make one (503); the API under /console/api is never shadowed by either.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../upstream/console/static.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { upstreamBackends } from '../support/upstream-db.js';
import { tempDir } from '../support/terminal.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/console/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>';

describe.each(upstreamBackends())('issue 17: the console served by the upstream ($name)', (backend) => {
  const dir = tempDir('counterfoil-console-static-');
  let sql: Sql;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), INDEX);
    writeFileSync(join(dir, 'dist', 'assets', 'index-abc.js'), 'console.log(1);\n');
    sql = await backend.open();
    built = await buildServer(sql, { consoleDir: join(dir, 'dist') });
    unbuilt = await buildServer(sql, { consoleDir: join(dir, 'nowhere') });
  });
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
    await sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the built pages with the console CSP, hashed assets cached for good and the page asked for each time', async () => {
    for (const url of ['/console/', '/console/index.html']) {
      const r = await built.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body).toBe(INDEX);
      expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    const js = await built.inject({ url: '/console/assets/index-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect((await built.inject({ url: '/console/assets/missing.js' })).statusCode).toBe(404);
  });

  it('/console redirects to /console/', async () => {
    const r = await built.inject({ url: '/console' });
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe('/console/');
  });

  it('leaves the API and the verify page their own answers and the global CSP', async () => {
    for (const app of [built, unbuilt]) {
      const me = await app.inject({ url: '/console/api/me' });
      expect(me.statusCode).toBe(401);
      expect(me.json()).toMatchObject({ error: 'no_session' });
      expect(me.headers['content-security-policy']).toMatch(/^default-src 'none'/);
      const nothing = await app.inject({ url: '/console/api/no-such-route' });
      expect(nothing.statusCode).toBe(404);
      expect(nothing.json()).toMatchObject({ error: 'not_found' });
      const verify = await app.inject({ url: '/v1/verify?c=nonsense' });
      expect(verify.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    }
  });

  it('without a build, /console/ says to run npm run build:console (503)', async () => {
    const r = await unbuilt.inject({ url: '/console/' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build:console');
    expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect((await unbuilt.inject({ url: '/console/assets/index-abc.js' })).statusCode).toBe(503);
  });
});
