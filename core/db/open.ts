import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { keepPrivate, PRIVATE_FILE } from '../terminal/data-folder.js';

export type Db = Database.Database;

/** Opens a ledger database with the settings every connection must have. */
export function openDatabase(file: string, opts: { readonly?: boolean } = {}): Db {
  if (!opts.readonly) {
    // Private from the first byte (issue 15 #10): SQLite gives -wal, -shm and -journal the mode of
    // the database file, so a ledger made or opened here is 0600 throughout, whatever the umask.
    if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE));
    keepPrivate(file, PRIVATE_FILE);
  }
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  // synchronous=FULL: a payment acknowledged to the cashier must survive a power cut (WAL's default NORMAL may lose it).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
