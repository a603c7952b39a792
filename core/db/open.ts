import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens a ledger database with the settings every connection must have. */
export function openDatabase(file: string, opts: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  // synchronous=FULL: a payment acknowledged to the cashier must survive a power cut (WAL's default NORMAL may lose it).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
