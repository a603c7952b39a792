// Forward-only migrations (migrations/terminal/NNNN_slug.sql), the schema version kept in
// PRAGMA user_version, all pending ones applied in one transaction.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CounterfoilError } from '../../shared/errors.js';
import type { Db } from './open.js';

export const TERMINAL_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/terminal', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads NNNN_slug.sql files; refuses a set with a gap or a duplicate number. */
export function loadMigrations(dir: string = TERMINAL_MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((name) => {
    const m = /^(\d{4})_[a-z0-9_-]+\.sql$/.exec(name);
    if (!m) throw new Error(`migration file name must be NNNN_slug.sql: ${name}`);
    return { version: Number(m[1]), name, sql: readFileSync(join(dir, name), 'utf8') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 0001, 0002, … without gaps: ${m.name}`);
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * A migration that removes data (a line `-- then: VACUUM` in its SQL) is followed, once committed,
 * by a VACUUM: what it cut must not linger in the file's free pages (VACUUM cannot run inside the
 * migrations' transaction).
 */
const THEN_VACUUM = /^-- then: VACUUM$/m;

/** Brings the database to the newest schema; returns the versions applied. */
export function migrate(db: Db, migrations: Migration[] = loadMigrations()): number[] {
  const current = schemaVersion(db);
  const known = migrations.length;
  if (current > known) throw new CounterfoilError('DATABASE_TOO_NEW', { found: current, known });
  const pending = migrations.slice(current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${known}`);
  }).immediate();
  if (pending.some((m) => THEN_VACUUM.test(m.sql))) {
    db.exec('VACUUM');
    // In WAL mode the old pages sit in the WAL until a checkpoint: write them back and empty it.
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return pending.map((m) => m.version);
}
