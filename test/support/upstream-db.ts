// The upstream's storage backends for tests: the embedded PGlite always, and a real PostgreSQL
// server when TEST_DATABASE_URL names one (tools/dev/test-all.sh starts one and sets it), so
// the SQL the upstream runs in production is tested against the server it runs on, not only
// against PGlite. Each open() is a fresh, empty, migrated store that its close() disposes of.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../../upstream/server.js';
import { openStore, type Sql } from '../../upstream/store.js';

export interface UpstreamBackend {
  name: 'PGlite' | 'PostgreSQL';
  open(): Promise<Sql>;
}

/** The store, with a close() that also disposes of what open() made; a second close() is a no-op. */
function disposing(sql: Sql, dispose: () => Promise<void> | void): Sql {
  let closing: Promise<void> | undefined;
  return {
    ...sql,
    close: () =>
      (closing ??= (async () => {
        try {
          await sql.close();
        } finally {
          await dispose();
        }
      })()),
  };
}

const pglite: UpstreamBackend = {
  name: 'PGlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'counterfoil-upstream-pglite-'));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    try {
      return disposing(await openStore({ dataDir: join(dir, 'pg') }), remove);
    } catch (e) {
      remove();
      throw e;
    }
  },
};

/** Runs one statement on the server's admin connection (TEST_DATABASE_URL's own database). */
async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function postgres(adminUrl: string): UpstreamBackend {
  return {
    name: 'PostgreSQL',
    async open() {
      // A database per store, so suites never see each other's rows and can run in parallel.
      // Lower-case hex: a valid identifier without quoting.
      const name = `cf_test_${randomBytes(6).toString('hex')}`;
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      await admin(adminUrl, `CREATE DATABASE ${name}`);
      // A plain DROP first: FORCE needs pg_signal_backend to end autovacuum's session, which the
      // test role lacks. FORCE stays the fallback for a connection the test itself left open.
      const drop = async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            await admin(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
            return;
          } catch (e) {
            if (attempt >= 10) return admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            if ((e as { code?: string }).code !== '55006') throw e; // 55006: the database is in use
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      };
      try {
        return disposing(await openStore({ databaseUrl: url.toString() }), drop);
      } catch (e) {
        await drop();
        throw e;
      }
    },
  };
}

let skipSaid = false;

/** PGlite always; PostgreSQL when TEST_DATABASE_URL is set. */
export function upstreamBackends(): UpstreamBackend[] {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return [pglite, postgres(url)];
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') {
    // CI must prove the upstream on the server it is deployed on, never skip it unnoticed.
    throw new Error('TEST_DATABASE_URL is not set, and CI is: the upstream tests must run against PostgreSQL in CI (run `npm run test:all`, which starts a server and sets it)');
  }
  if (!skipSaid) {
    skipSaid = true;
    console.warn('PostgreSQL backend skipped: TEST_DATABASE_URL is not set (npm run test:all starts a server)');
  }
  return [pglite];
}

export interface ListeningUpstream {
  sql: Sql;
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  url: string;
}

/** A reference upstream (PGlite in a temp folder) listening on loopback for the describe block that calls this. */
export function listeningUpstream(tempPrefix: string): ListeningUpstream {
  const up = {} as ListeningUpstream;
  const dir = mkdtempSync(join(tmpdir(), tempPrefix));
  beforeAll(async () => {
    up.sql = await openStore({ dataDir: join(dir, 'upstream') });
    up.app = await buildServer(up.sql);
    up.url = await up.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await up.app?.close();
    await up.sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return up;
}
