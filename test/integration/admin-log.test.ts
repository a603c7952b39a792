// Issue 17: every administrative action is journaled centrally in an append-only, hash-chained log
// signed with the server key (who, what, when, before/after), in the action's own transaction; the
// centre's `verify` checks it as a terminal's verify checks its journal, and finds a row changed,
// removed or re-signed by someone holding the database's rights (on both backends).
import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_LOG_FORMAT, appendAdminLog, listAdminLog, verifyAdminLog } from '../../upstream/admin-log.js';
import { importConsumersCsv, ImportError, seedDemoConsumers } from '../../upstream/consumers.js';
import { serverKey } from '../../upstream/crypto.js';
import { enrollTerminal, makeEnrollCode, revokeTerminal } from '../../upstream/enroll.js';
import { main } from '../../upstream/cli.js';
import { openStore, type Sql } from '../../upstream/store.js';
import { CONSUMER_FIELDS } from '../../shared/consumer-record.js';
import { demoConsumers } from '../../shared/demo-data.js';
import { tempDir } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

const TERMINAL = 'T0A0B0C0D0E0F';

function rawPublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  return publicKey.export({ format: 'jwk' }).x!;
}

/** Runs `fn` with the append-only triggers off, as the database's owner could. */
async function asOwner(sql: Sql, fn: () => Promise<unknown>): Promise<void> {
  await sql.exec('ALTER TABLE admin_log DISABLE TRIGGER USER');
  try {
    await fn();
  } finally {
    await sql.exec('ALTER TABLE admin_log ENABLE TRIGGER USER');
  }
}

describe.each(upstreamBackends())('issue 17: the admin log ($name)', (backend) => {
  let sql: Sql;
  const dir = tempDir('counterfoil-admin-log-');
  beforeAll(async () => {
    sql = await backend.open();
  });
  afterAll(() => sql?.close());

  it('records a code issued, a terminal revoked and a consumer import, each with who, what, when and before/after', async () => {
    const code = await makeEnrollCode(sql, 'SS042', 'C1', 'cli:ops');
    expect((await enrollTerminal(sql, { code, terminalId: TERMINAL, publicKey: rawPublicKey(), substation: 'SS042', counter: 'C1' })).ok).toBe(true);
    expect(await revokeTerminal(sql, TERMINAL, 'stolen PC', 'cli:ops')).toBe(true);
    const csv = join(dir, 'master.csv');
    writeFileSync(csv, [CONSUMER_FIELDS.join(','), ...[...demoConsumers(3)].map((c) => CONSUMER_FIELDS.map((f) => String(c[f])).join(','))].join('\n'));
    expect(await importConsumersCsv(sql, csv, 'cli:finance')).toMatchObject({ read: 3, changed: 3 });

    const log = (await listAdminLog(sql)).reverse();
    expect(log.map((e) => [e.seq, e.actor, e.action, e.subject])).toEqual([
      [1, 'cli:ops', 'enroll-code.issued', 'SS042/C1'],
      [2, 'cli:ops', 'terminal.revoked', TERMINAL],
      [3, 'cli:finance', 'consumers.imported', expect.stringMatching(/^master\.csv sha256:[0-9a-f]{64}$/)],
    ]);
    // The code itself is never logged (it could still be used): its hash is.
    expect(JSON.stringify(log[0])).not.toContain(code);
    expect(log[1]).toMatchObject({ format: ADMIN_LOG_FORMAT, before: { revokedAt: null, reason: null }, after: { revokedAt: expect.any(String), reason: 'stolen PC' }, note: 'stolen PC' });
    // The import names the paid-still-due check it ran (issue 19).
    expect(log[2]!.after).toEqual({ read: 3, changed: 3, paidStillDue: { check: expect.any(Number), accounts: 0, unknownPayments: 0 } });
    expect(await verifyAdminLog(sql, (await serverKey(sql)).publicRaw)).toMatchObject({ ok: true, entries: 3, headSeq: 3, faults: [] });
  });

  it('an action that fails logs nothing: a bad consumer file is all or nothing, its entry included', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${CONSUMER_FIELDS.join(',')}\n${CONSUMER_FIELDS.map(() => 'x').join(',')}\n`);
    await expect(importConsumersCsv(sql, bad, 'cli:finance')).rejects.toBeInstanceOf(ImportError);
    expect((await listAdminLog(sql)).length).toBe(3);
    expect(await revokeTerminal(sql, 'T999999999999', 'no such', 'cli:ops')).toBe(false);
    expect((await listAdminLog(sql)).length).toBe(3);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(sql.query("UPDATE admin_log SET actor = 'someone else' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM admin_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(sql.query('TRUNCATE admin_log')).rejects.toThrow(/append-only/);
  });

  it('verify finds a hand-edited row, a removed one and a body re-written without the server key', async () => {
    const key = await serverKey(sql);
    await seedDemoConsumers(sql, 2, 7, 'cli:ops'); // seq 4
    await seedDemoConsumers(sql, 2, 8, 'cli:ops'); // seq 5

    await asOwner(sql, () => sql.query("UPDATE admin_log SET actor = 'cli:nobody' WHERE seq = 2"));
    let report = await verifyAdminLog(sql, key.publicRaw);
    expect(report.ok).toBe(false);
    expect(report.faults).toEqual([{ seq: 2, problem: 'its actor column says "cli:nobody", the signed body "cli:ops"' }]);
    await asOwner(sql, () => sql.query("UPDATE admin_log SET actor = 'cli:ops' WHERE seq = 2"));

    // The body itself rewritten (its hash recomputed too): the signature no longer holds, and the next entry's link breaks.
    const [row] = await sql.query<{ body: string }>('SELECT body FROM admin_log WHERE seq = 3');
    const forged = row!.body.replace('"cli:finance"', '"cli:ops"');
    await asOwner(sql, () => sql.query('UPDATE admin_log SET body = $1, hash = $2, actor = $3 WHERE seq = 3', [forged, createHash('sha256').update(forged).digest(), 'cli:ops']));
    report = await verifyAdminLog(sql, key.publicRaw);
    expect(report.faults.map((f) => [f.seq, f.problem])).toEqual([
      [3, 'the signature is not the server key’s'],
      [4, 'it does not follow the entry before it (the chain is broken)'],
    ]);

    await asOwner(sql, () => sql.query('DELETE FROM admin_log WHERE seq = 3'));
    report = await verifyAdminLog(sql, key.publicRaw);
    expect(report.faults.map((f) => [f.seq, f.problem])).toEqual([
      [4, 'entries 3..3 are missing'],
      [4, 'it does not follow the entry before it (the chain is broken)'],
    ]);
  });

  it('entries appended side by side take turns: seqs stay gapless and the chain holds', async () => {
    const fresh = await backend.open();
    try {
      const key = await serverKey(fresh);
      await Promise.all(Array.from({ length: 8 }, (_, i) => fresh.transaction((tx) =>
        appendAdminLog(tx, key, { actor: `cli:admin${i}`, action: 'enroll-code.issued', subject: `SS042/C${i}`, before: null, after: null, note: null }))));
      expect(await verifyAdminLog(fresh, key.publicRaw)).toMatchObject({ ok: true, entries: 8, headSeq: 8 });
    } finally {
      await fresh.close();
    }
  });
});

describe('issue 17: the admin log from the command line', () => {
  it('enroll-code is logged as the OS user who ran it; admin-log lists it; verify exits 0, then 1 with the fault once a row is edited', async () => {
    const dir = tempDir('counterfoil-admin-log-cli-');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const run = async (...args: string[]) => {
      lines.length = 0;
      const code = await main(['--data', join(dir, 'up'), ...args]);
      return { code, out: lines.join('') };
    };
    try {
      expect((await run('enroll-code', '--substation', 'SS042', '--counter', 'C2')).code).toBe(0);
      const listed = await run('admin-log');
      expect(JSON.parse(listed.out.trim())).toMatchObject({ seq: 1, actor: `cli:${userInfo().username}`, action: 'enroll-code.issued', subject: 'SS042/C2' });
      const ok = await run('verify');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ ok: true, entries: 1, headSeq: 1 });

      const sql = await openStore({ dataDir: join(dir, 'up') });
      await asOwner(sql, () => sql.query("UPDATE admin_log SET subject = 'SS042/C9'"));
      await sql.close();
      const bad = await run('verify');
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.out).faults).toEqual([{ seq: 1, problem: 'its subject column says "SS042/C9", the signed body "SS042/C2"' }]);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
