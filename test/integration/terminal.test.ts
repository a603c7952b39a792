import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackup, backupLedger } from '../../core/db/backup.js';
import { loadMigrations, migrate, schemaVersion } from '../../core/db/migrate.js';
import { openDatabase } from '../../core/db/open.js';
import { DATA_FILES, initTerminal, openTerminal } from '../../core/terminal/terminal.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { ledgerCounts, makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
beforeEach(async () => {
  tt = await makeTerminal();
});
afterEach(() => tt.close());

async function payCash(session: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await tt.call('payment.record', {
        session, idempotencyKey: `key-${Date.now()}-${i}-${Math.random()}`.slice(0, 60), accountNo: 'HAND0001',
        amountPaise: 10000 + i, mode: 'cash', autoOpenShift: true,
      }),
    );
  }
  return out;
}

describe('terminal identity', () => {
  it('makes its key at init, keeps it in a 0600 file and journals the genesis event', () => {
    const keyFile = join(tt.t.dataDir, DATA_FILES.privateKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const genesis = JSON.parse((tt.t.db.prepare('SELECT body FROM journal WHERE seq = 1').get() as { body: string }).body);
    expect(genesis).toMatchObject({ seq: 1, type: 'terminal.created', prev: '0'.repeat(64), terminal: tt.t.id, key: tt.t.signer.keyId });
    expect(genesis.data).toMatchObject({ substation: 'SS042', counter: 'C1' });
  });

  it('refuses to initialise twice and refuses bad codes', () => {
    expect(() => initTerminal(tt.t.dataDir, { substation: 'SS042', counter: 'C1' })).toThrow(/already holds a terminal/);
    expect(() => initTerminal(join(tempDir(), 't'), { substation: 'ss-42', counter: 'C1' })).toThrow(/substation/);
  });
});

describe('a key handed in by a key vault (the Electron host)', () => {
  it('opens with privateKeyPem without reading the key file, and signs with that key', async () => {
    const keyFile = join(tt.t.dataDir, DATA_FILES.privateKey);
    const pem = readFileSync(keyFile, 'utf8');
    const keyId = tt.t.signer.keyId;
    tt.t.close();
    rmSync(keyFile);
    const t = openTerminal(tt.t.dataDir, { privateKeyPem: pem });
    expect(t.signer.keyId).toBe(keyId);
    expect(verifyLedger(t.db).ok).toBe(true);
    t.close();
    // Without the option, a folder without its key file is still not a terminal.
    expect(() => openTerminal(tt.t.dataDir)).toThrow(expect.objectContaining({ code: 'NOT_INITIALISED' }));
    // The key file back, so the fixture reopens and closes its terminal as usual.
    writeFileSync(keyFile, pem, { mode: 0o600 });
    tt.reopen();
  });

  it('still needs the database: NOT_INITIALISED in an empty folder, and nothing is made there', () => {
    const pem = readFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), 'utf8');
    const empty = join(tt.dir, 'empty');
    mkdirSync(empty);
    expect(() => openTerminal(empty, { privateKeyPem: pem })).toThrow(expect.objectContaining({ code: 'NOT_INITIALISED' }));
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses a PEM that is not an Ed25519 private key', () => {
    expect(() => openTerminal(tt.t.dataDir, { privateKeyPem: 'not a key' })).toThrow();
  });
});

describe('users', () => {
  it('locks a user after 5 wrong PINs, even for the right PIN, until the lockout (1 minute the first time) ends', async () => {
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push(await tt.api['auth.login']({ user: 'asha', pin: '0000' }));
    expect(tries.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'USER_LOCKED',
    ]);
    const right = await tt.api['auth.login']({ user: 'asha', pin: '1111' });
    expect(right.ok || right.error.message).toMatch(/locked until 11:31 IST/);
    tt.clock.now = new Date(tt.clock.now.getTime() + 60_000 + 1);
    expect((await tt.api['auth.login']({ user: 'asha', pin: '1111' })).ok).toBe(true);
  });

  it('answers an unknown user like a wrong PIN and stores no PIN in clear', async () => {
    const r = await tt.api['auth.login']({ user: 'nobody', pin: '1111' });
    expect(r.ok || r.error.code).toBe('BAD_CREDENTIALS');
    const rows = tt.t.db.prepare('SELECT pin_hash, pin_salt FROM users').all() as { pin_hash: Buffer; pin_salt: Buffer }[];
    for (const row of rows) expect(row.pin_hash.length).toBe(32);
  });

  it('ends a session at logout', async () => {
    const s = await tt.login('asha');
    await tt.call('auth.logout', { session: s });
    const r = await tt.api['shift.current']({ session: s });
    expect(r.ok || r.error.code).toBe('SESSION_INVALID');
  });
});

describe('head mark outside the database', () => {
  it('notices a database put back from an older copy and refuses new entries', async () => {
    const s = await tt.login('asha');
    await payCash(s, 2);
    const old = join(tt.dir, 'old.db');
    await tt.t.db.backup(old);
    await payCash(s, 3);
    tt.t.close();
    const dbFile = join(tt.t.dataDir, DATA_FILES.db);
    for (const suffix of ['-wal', '-shm']) writeFileSync(dbFile + suffix, '');
    copyFileSync(old, dbFile);
    tt.reopen();
    expect(tt.t.writeBlock?.code).toBe('DATABASE_RESTORED_OLDER');
    const s2 = await tt.login('asha');
    const before = ledgerCounts(tt.t);
    const r = await tt.api['payment.record']({ session: s2, idempotencyKey: 'after-restore-1', accountNo: 'HAND0001', amountPaise: 10000, mode: 'cash' });
    expect(r.ok || r.error.code).toBe('DATABASE_RESTORED_OLDER');
    expect(ledgerCounts(tt.t)).toEqual(before);
    const report = await tt.call('journal.verify', { session: await tt.sessionOf('meena') });
    expect(report.ok).toBe(false);
    expect(report.faults.map((f) => f.kind)).toContain('head-mark');
  });

  it('reports a head mark that is missing or damaged', async () => {
    const markFile = join(tt.t.dataDir, DATA_FILES.headMark);
    writeFileSync(markFile, 'garbage');
    expect((await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).faults).toEqual([{ seq: null, kind: 'head-mark', detail: 'the head mark file is unreadable' }]);
    rmSync(markFile);
    expect((await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).faults.map((f) => f.detail)).toEqual([expect.stringMatching(/missing/)]);
  });
});

describe('migrations', () => {
  it('refuses a database from a newer version and changes nothing', () => {
    const file = join(tempDir(), 'x.db');
    const db = openDatabase(file);
    migrate(db);
    const known = loadMigrations().length;
    expect(schemaVersion(db)).toBe(known);
    db.pragma(`user_version = ${known + 1}`);
    expect(() => migrate(db)).toThrow(/newer Counterfoil/);
    expect(schemaVersion(db)).toBe(known + 1);
    db.close();
  });

  it('refuses a migration set with a gap', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(dir, '0003_c.sql'), 'CREATE TABLE c (x);');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('applies all pending migrations in one transaction: a failing one leaves the database as it was', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(dir, '0002_b.sql'), 'CREATE TABLE b (x); THIS IS NOT SQL;');
    const db = openDatabase(join(dir, 'm.db'));
    expect(() => migrate(db, loadMigrations(dir))).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('0001 gives the payment path the indexes its queries rely on', () => {
    const plan = (sql: string, ...args: unknown[]) =>
      (tt.t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT * FROM payments WHERE idempotency_key = ?', 'k')).toMatch(/USING INDEX sqlite_autoindex_payments/);
    expect(plan('SELECT COALESCE(MAX(receipt_n), 0) + 1 FROM payments WHERE fy = ?', '2627')).toMatch(/USING COVERING INDEX sqlite_autoindex_payments/);
    // The cash-per-day rule: must not be planned on a void_seq index (it once walked every payment).
    expect(plan("SELECT SUM(amount_paise) FROM payments WHERE account_no = ? AND business_date = ? AND mode = 'cash' AND void_seq IS NULL", 'a', 'd')).toMatch(/^SEARCH payments USING INDEX payments_account_day/);
    expect(plan('SELECT * FROM payments WHERE void_seq BETWEEN ? AND ?', 1, 2)).toMatch(/payments_void_seq/);
    expect(plan('SELECT receipt_no FROM payments WHERE utr = ?', 'u')).toMatch(/payments_utr/);
    expect(plan('SELECT * FROM consumers WHERE account_no = ?', 'a')).toMatch(/USING INDEX sqlite_autoindex_consumers/);
    expect(plan('SELECT * FROM consumers WHERE meter_no = ?', 'm')).toMatch(/consumers_meter/);
    expect(plan('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1')).toMatch(/SCAN journal/);
    expect(plan('SELECT id FROM shifts WHERE user_id = ? AND closed_seq IS NULL', 1)).toMatch(/shifts_one_open_per_user/);
    expect(plan('SELECT id FROM shifts WHERE closed_seq BETWEEN ? AND ?', 1, 2)).toMatch(/shifts_closed_seq/);
  });

  it('sets WAL, synchronous=FULL and foreign keys on every connection', () => {
    expect(tt.t.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tt.t.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(tt.t.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('backup', () => {
  it('copies the live ledger to a folder and checks the copy can be restored', async () => {
    const s = await tt.login('asha');
    await payCash(s, 3);
    const to = join(tt.dir, 'usb');
    const r = await backupLedger(tt.t, to);
    expect(readdirSync(to)).toHaveLength(1);
    expect(r.check).toMatchObject({ ok: true, integrity: 'ok' });
    expect(r.check.verify.headSeq).toBe(verifyLedger(tt.t.db).headSeq);
    // The copy opens as a terminal of its own data folder.
    const restored = join(tt.dir, 'restored');
    mkdirSync(restored);
    copyFileSync(r.file, join(restored, DATA_FILES.db));
    copyFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), join(restored, DATA_FILES.privateKey));
    const t2 = openTerminal(restored);
    expect(verifyLedger(t2.db).ok).toBe(true);
    t2.close();
  });

  it('reports a damaged copy', async () => {
    const r = await backupLedger(tt.t, join(tt.dir, 'usb'));
    const db = openDatabase(r.file);
    db.exec('DROP TRIGGER journal_no_update');
    db.prepare("UPDATE journal SET body = replace(body, 'SS042', 'SS043') WHERE seq = 1").run();
    db.close();
    expect(checkBackup(r.file).ok).toBe(false);
  });
});
