// The upstream's PostgreSQL: a real server through `pg` when DATABASE_URL is set, otherwise an
// embedded PGlite folder, so `npm run upstream` works on a fresh machine. Both run the same SQL.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (a migration). */
  exec(script: string): Promise<void>;
  /** Runs `fn` in one transaction; a throw rolls it back. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function pgliteSql(db: Pick<PGlite, 'query' | 'exec'>, root?: PGlite): Sql {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
    transaction: async (fn) => {
      if (!root) return fn(pgliteSql(db));
      return root.transaction((tx) => fn(pgliteSql(tx)));
    },
    close: async () => {
      await root?.close();
    },
  };
}

function pgSql(pool: pg.Pool): Sql {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Sql = {
          query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
          exec: async (script) => {
            await client.query(script);
          },
          transaction: (inner) => inner(tx),
          close: async () => {},
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export const UPSTREAM_MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/upstream', import.meta.url));

/** Applies the pending migrations/upstream/NNNN_slug.sql in one transaction; versions in schema_migrations. */
export async function migrateUpstream(sql: Sql, dir: string = UPSTREAM_MIGRATIONS_DIR): Promise<number[]> {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f)).sort();
  await sql.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  const done = new Set((await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const newest = Math.max(0, ...done);
  if (newest > files.length) throw new Error(`this database was made by a newer upstream (schema ${newest}, this one knows ${files.length})`);
  const pending = files.map((f, i) => ({ version: i + 1, file: f })).filter((m) => !done.has(m.version));
  await sql.transaction(async (tx) => {
    for (const m of pending) {
      await tx.exec(readFileSync(join(dir, m.file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    }
  });
  return pending.map((m) => m.version);
}

/**
 * PGlite is one process's database: a second process opening the same folder (an admin command
 * while `serve` runs) would corrupt it. A lock file with the holder's pid refuses that with one
 * clear line; a lock left by a process that is gone is taken over.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'counterfoil-upstream.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreBusy(`the upstream data folder ${dir} is in use by process ${pid} (a running serve?): stop it first, or use PostgreSQL (DATABASE_URL) to share one database`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new StoreBusy(`cannot lock ${dir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StoreBusy extends Error {}

export async function openStore(opts: { dataDir?: string; databaseUrl?: string }): Promise<Sql> {
  let sql: Sql;
  if (opts.databaseUrl) {
    // JIT off: the upstream's queries are short (a page, a batch), and compiling them cost more
    // than it saved — a third of the census of 2,000 terminals (bench:console).
    sql = pgSql(new pg.Pool({ connectionString: opts.databaseUrl, options: '-c jit=off' }));
  } else {
    const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
    try {
      const db = new PGlite(opts.dataDir);
      const inner = pgliteSql(db, db);
      sql = { ...inner, close: async () => {
        try {
          await inner.close();
        } finally {
          unlock();
        }
      } };
    } catch (e) {
      unlock();
      throw e;
    }
  }
  try {
    await migrateUpstream(sql);
  } catch (e) {
    await sql.close();
    throw e;
  }
  return sql;
}
