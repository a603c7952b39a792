// Key rotation (issue 7): a supervisor replaces the terminal key; the old key signs key.rotated
// naming the new one, verify follows the chain through it, receipts from before and after both
// check out, a crash at any step leaves one key in force, and the centre takes the rotation, then
// refuses the old key and a rotation whose proof does not hold.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backupLedger } from '../../core/db/backup.js';
import { appendEvent, journalHead } from '../../core/ledger/journal.js';
import { checkReceiptCode } from '../../core/ledger/receipt-codes.js';
import { newKeyPair, publicKeyFromRaw, rawPublicKey, signerFrom } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { enroll, syncStatus } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { fileKeyStore, KEY_FILES, type KeyStore } from '../../core/terminal/key-store.js';
import { keyForSeq, rotateTerminalKey, terminalKeys } from '../../core/terminal/key-rotation.js';
import { restoreLedger } from '../../core/terminal/restore.js';
import { openTerminal } from '../../core/terminal/terminal.js';
import { findUser } from '../../core/auth/users.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { eventBody, keyRotationProofText } from '../../shared/journal-event.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { verifyReceipt } from '../../upstream/verify-receipt.js';
import { upstreamBackends } from '../support/upstream-db.js';
import { ledgerCounts, makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';

const open: TestTerminal[] = [];
async function terminal(): Promise<TestTerminal & { pay: (n: number) => Promise<{ receiptNo: string; seq: number; code: string }>; supervisor: string }> {
  const tt = await makeTerminal({ consumers: 0 });
  open.push(tt);
  const supervisor = await tt.login('meena');
  // A fresh cashier session each time: a reopened terminal has forgotten the earlier ones.
  const pay = async (n: number) =>
    tt.call('payment.record', { session: await tt.login('asha'), idempotencyKey: `rot-${tt.t.id}-${n}-xx`, accountNo: demoAccountNo(n), amountPaise: 10_000 + n, mode: 'cash', autoOpenShift: true });
  return Object.assign(tt, { pay, supervisor });
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const keyFile = (tt: TestTerminal) => join(tt.t.dataDir, KEY_FILES.current);
const stagedFile = (tt: TestTerminal) => join(tt.t.dataDir, KEY_FILES.staged);

describe('key rotation on the terminal', () => {
  it('signs the new key into the journal with the old one; later events and receipts use the new key; verify follows', async () => {
    const tt = await terminal();
    const before = await tt.pay(1);
    const oldKeyId = tt.t.signer.keyId;
    const oldPem = readFileSync(keyFile(tt), 'utf8');

    const r = await tt.call('terminal.key.rotate', { session: tt.supervisor, reason: 'yearly change' });
    expect(r.oldKeyId).toBe(oldKeyId);
    expect(r.newKeyId).not.toBe(oldKeyId);
    expect(tt.t.signer.keyId).toBe(r.newKeyId);
    expect(readFileSync(keyFile(tt), 'utf8')).not.toBe(oldPem); // the old private key is gone
    expect(existsSync(stagedFile(tt))).toBe(false);

    const row = tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(r.seq) as { body: string };
    const ev = JSON.parse(row.body) as { key: string; type: string; data: { newKeyId: string; rotatedBy: string; reason: string } };
    expect(ev).toMatchObject({ type: 'key.rotated', key: oldKeyId, data: { newKeyId: r.newKeyId, rotatedBy: 'meena', reason: 'yearly change' } });

    const after = await tt.pay(2);
    expect(JSON.parse((tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(after.seq) as { body: string }).body).key).toBe(r.newKeyId);
    expect(await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).toMatchObject({ ok: true, faults: [] });
    expect((await tt.call('terminal.info', {})).keyId).toBe(r.newKeyId);

    // Each receipt checks out with the key in force at its seq, and not with the other one.
    const keys = await tt.call('terminal.keys', { session: await tt.sessionOf('meena') });
    expect(keys.map((k) => [k.keyId, k.fromSeq, k.toSeq])).toEqual([[oldKeyId, 1, r.seq], [r.newKeyId, r.seq + 1, null]]);
    const keyAt = (seq: number) => publicKeyFromRaw(Buffer.from(keyForSeq(tt.t.db, seq)!.publicKey, 'base64url'));
    expect(checkReceiptCode(before.code, keyAt(before.seq)).genuine).toBe(true);
    expect(checkReceiptCode(after.code, keyAt(after.seq)).genuine).toBe(true);
    expect(checkReceiptCode(before.code, keyAt(after.seq)).genuine).toBe(false);
    // A duplicate (or receipt-code) of the earlier receipt carries the code the consumer holds.
    expect((await tt.call('receipt.code', { session: await tt.sessionOf('asha'), receiptNo: before.receiptNo })).code).toBe(before.code);
    expect((await tt.call('receipt.code', { session: await tt.sessionOf('asha'), receiptNo: after.receiptNo })).code).toBe(after.code);

    // Reopened from the folder, the new key is the one in force.
    tt.reopen();
    expect(tt.t.signer.keyId).toBe(r.newKeyId);
    expect(verifyLedger(tt.t.db).ok).toBe(true);
  });

  it('refuses a cashier and an empty reason, changing nothing', async () => {
    const tt = await terminal();
    const cashier = await tt.login('asha');
    const counts = ledgerCounts(tt.t);
    const pem = readFileSync(keyFile(tt), 'utf8');
    await expect(tt.call('terminal.key.rotate', { session: cashier, reason: 'x' })).rejects.toMatchObject({ appError: { code: 'SUPERVISOR_REQUIRED' } });
    await expect(tt.call('terminal.key.rotate', { session: tt.supervisor, reason: '   ' })).rejects.toMatchObject({ appError: { code: 'INVALID_INPUT' } });
    expect(ledgerCounts(tt.t)).toEqual(counts);
    expect(readFileSync(keyFile(tt), 'utf8')).toBe(pem);
    expect(existsSync(stagedFile(tt))).toBe(false);
  });

  it('a crash before the event commits leaves the old key; after it, the staged key is promoted at the next open', async () => {
    const tt = await terminal();
    await tt.pay(1);
    const oldKeyId = tt.t.signer.keyId;
    const meena = findUser(tt.t.db, 'meena')!;

    // 1. Staged, then the commit fails (the database refuses): the staged key is discarded.
    tt.t.db.exec("CREATE TRIGGER fail_rotation BEFORE INSERT ON journal WHEN NEW.type = 'key.rotated' BEGIN SELECT RAISE(ABORT, 'disk gone'); END");
    expect(() => rotateTerminalKey(tt.t, meena, 'test')).toThrow(/disk gone/);
    tt.t.db.exec('DROP TRIGGER fail_rotation');
    expect(tt.t.signer.keyId).toBe(oldKeyId);
    expect(existsSync(stagedFile(tt))).toBe(false);

    // 2. A power cut after staging, before the commit: a staged key the ledger does not name.
    writeFileSync(stagedFile(tt), newKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    tt.reopen();
    expect(tt.t.signer.keyId).toBe(oldKeyId);
    expect(existsSync(stagedFile(tt))).toBe(false);

    // 3. Committed, then the promotion does not reach the disk: the rotation stands, and the next
    // open promotes the staged key the ledger names.
    const store = fileKeyStore(tt.t.dataDir);
    const stuck: KeyStore = { ...store, promoteStaged: () => { throw new Error('power cut'); } };
    (tt.t as { keyStore: KeyStore }).keyStore = stuck;
    const r = rotateTerminalKey(tt.t, meena, 'test');
    expect(existsSync(stagedFile(tt))).toBe(true);
    await tt.pay(2); // signed with the new key in memory
    tt.reopen();
    expect(tt.t.signer.keyId).toBe(r.newKeyId);
    expect(existsSync(stagedFile(tt))).toBe(false);
    expect(verifyLedger(tt.t.db)).toMatchObject({ ok: true, faults: [] });

    // 4. The old key put back by hand is refused rather than used.
    const old = newKeyPair().privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    tt.t.close();
    writeFileSync(keyFile(tt), old, { mode: 0o600 });
    expect(() => openTerminal(tt.t.dataDir)).toThrow(expect.objectContaining({ code: 'KEY_MISMATCH' }));
    tt.reopen = () => undefined; // the folder stays refused; close() only removes it
    tt.t.close = () => undefined;
  });

  it('verify reports a rotation whose proof is not the new key’s, and a journal that ends on another key', async () => {
    const tt = await terminal();
    await tt.pay(1);
    const { privateKey } = newKeyPair();
    const next = signerFrom(privateKey);
    const stranger = signerFrom(newKeyPair().privateKey);
    tt.t.db.transaction(() => {
      const head = journalHead(tt.t.db);
      // The proof signed by a key that is not the one named.
      const proof = stranger.sign(keyRotationProofText({ terminal: tt.t.id, seq: head.seq + 1, prev: head.hash!.toString('hex'), oldKeyId: tt.t.signer.keyId, newKeyId: next.keyId })).toString('base64url');
      appendEvent(tt.t.db, tt.t.signer, tt.t.id, 'key.rotated', {
        newPublicKey: rawPublicKey(next.publicKey).toString('base64url'), newKeyId: next.keyId, proof, rotatedBy: 'meena', reason: 'forged',
      }, tt.clock.now);
    }).immediate();
    const report = verifyLedger(tt.t.db);
    expect(report.ok).toBe(false);
    expect(report.faults.map((f) => f.kind).sort()).toEqual(['key', 'key-rotation']);
    expect(report.faults.find((f) => f.kind === 'key-rotation')!.detail).toMatch(/proof is not signed by the new key/);
  });

  it('restore refuses a copy taken before the rotation, naming why', async () => {
    const tt = await terminal();
    await tt.pay(1);
    const dir = tempDir();
    const { file } = await backupLedger(tt.t, dir);
    await tt.call('terminal.key.rotate', { session: tt.supervisor, reason: 'moved counter' });
    await tt.pay(2);
    tt.t.close();
    await expect(restoreLedger(tt.t.dataDir, file)).rejects.toMatchObject({ code: 'RESTORE_KEY_ROTATED_SINCE' });
    tt.reopen();
    expect(verifyLedger(tt.t.db).ok).toBe(true);
    // A copy taken after the rotation is this terminal's.
    const later = await backupLedger(tt.t, dir);
    expect(later.check.ok).toBe(true);
    copyFileSync(later.file, join(dir, 'later.db'));
  });
});

describe.each(upstreamBackends())('the centre follows a key rotation on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    sql = await backend.open();
    app = await buildServer(sql);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  const registered = async (id: string) =>
    (await sql.query<{ key_id: string }>('SELECT key_id FROM terminals WHERE id = $1', [id]))[0]!.key_id;

  it('takes the rotation, then the new key’s events, signed reads and receipts; old receipts stay genuine', async () => {
    const tt = await terminal();
    await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    const before = await tt.pay(1);
    expect((await syncOnce(tt.t)).queueDepth).toBe(0);
    const r = await tt.call('terminal.key.rotate', { session: tt.supervisor, reason: 'yearly change' });
    const after = await tt.pay(2);
    // The first pass after a rotation sends the journal before its signed reads (head, consumers).
    const s = await syncOnce(tt.t);
    expect(s).toMatchObject({ connection: 'online', queueDepth: 0 });
    expect(await registered(tt.t.id)).toBe(r.newKeyId);
    expect(await verifyReceipt(sql, before.code)).toMatchObject({ verdict: 'genuine', heldCentrally: true });
    expect(await verifyReceipt(sql, after.code)).toMatchObject({ verdict: 'genuine', heldCentrally: true });
    await tt.pay(3);
    expect(await syncOnce(tt.t)).toMatchObject({ connection: 'online', queueDepth: 0 });
    expect(syncStatus(tt.t).lastError).toBeNull();
  });

  it('follows a rotation made before enrollment', async () => {
    const tt = await terminal();
    await tt.pay(1);
    const r = await tt.call('terminal.key.rotate', { session: tt.supervisor, reason: 'before enrollment' });
    await tt.pay(2);
    await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    expect(await syncOnce(tt.t)).toMatchObject({ connection: 'online', queueDepth: 0 });
    expect(await registered(tt.t.id)).toBe(r.newKeyId);
  });

  it('refuses an event signed by the old key after the rotation, and a rotation whose proof does not hold', async () => {
    const tt = await terminal();
    await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    await tt.pay(1);
    const oldSigner = tt.t.signer;
    const meena = findUser(tt.t.db, 'meena')!;
    rotateTerminalKey(tt.t, meena, 'suspected leak');
    expect((await syncOnce(tt.t)).queueDepth).toBe(0);
    // Someone still holding the old key signs the next event.
    const head = journalHead(tt.t.db);
    const post = (events: unknown[]) => fetch(`${url}/v1/terminals/${tt.t.id}/journal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    // (The terminal itself refuses to sign with a key its ledger no longer names, so it is made by hand.)
    const body = eventBody({
      v: 1, terminal: tt.t.id, key: oldSigner.keyId, seq: head.seq + 1, prev: head.hash!.toString('hex'), at: tt.clock.now.toISOString(),
      type: 'receipt.reprinted', data: { receiptNo: 'X', paymentSeq: 3, reprint: 1, user: 'x' },
    });
    const res = await post([{ seq: head.seq + 1, body, sig: oldSigner.sign(body).toString('base64url') }]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'malformed', ackedThrough: head.seq });

    // A rotation whose proof was signed by a key other than the one it names.
    const other = await terminal();
    await enroll(other.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    const next = signerFrom(newKeyPair().privateKey);
    const stranger = signerFrom(newKeyPair().privateKey);
    const bad = other.t.db.transaction(() => {
      const h = journalHead(other.t.db);
      const proof = stranger.sign(keyRotationProofText({ terminal: other.t.id, seq: h.seq + 1, prev: h.hash!.toString('hex'), oldKeyId: other.t.signer.keyId, newKeyId: next.keyId })).toString('base64url');
      return appendEvent(other.t.db, other.t.signer, other.t.id, 'key.rotated', {
        newPublicKey: rawPublicKey(next.publicKey).toString('base64url'), newKeyId: next.keyId, proof, rotatedBy: 'meena', reason: 'x',
      }, other.clock.now);
    }).immediate();
    const held = await fetch(`${url}/v1/terminals/${other.t.id}/journal`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: (other.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[]).map((e) => ({ seq: e.seq, body: e.body, sig: e.sig.toString('base64url') })) }),
    });
    expect(held.status).toBe(422);
    expect(await held.json()).toMatchObject({ error: 'bad_rotation', ackedThrough: bad.seq - 1 });
    expect(await registered(other.t.id)).toBe(other.t.signer.keyId);
    const alerts = await sql.query<{ kind: string }>('SELECT kind FROM alerts WHERE terminal_id = $1', [other.t.id]);
    expect(alerts.map((a) => a.kind)).toContain('bad_rotation');
  });
});

it('keeps the rotation history in order across two rotations', async () => {
  const tt = await terminal();
  const meena = findUser(tt.t.db, 'meena')!;
  const a = rotateTerminalKey(tt.t, meena, 'first');
  await tt.pay(1);
  const b = rotateTerminalKey(tt.t, meena, 'second');
  expect(terminalKeys(tt.t.db).map((k) => k.keyId)).toEqual([a.oldKeyId, a.newKeyId, b.newKeyId]);
  expect(b.oldKeyId).toBe(a.newKeyId);
  expect(verifyLedger(tt.t.db)).toMatchObject({ ok: true });
});

it('a program that still holds the old key (the app, while the CLI rotated) refuses to sign until it reopens', async () => {
  const tt = await terminal();
  await tt.pay(1);
  const cli = openTerminal(tt.t.dataDir, { clock: () => new Date(tt.clock.now) }); // the same PC's clock as the app's
  const r = rotateTerminalKey(cli, findUser(cli.db, 'meena')!, 'from the command line');
  cli.close();
  const counts = ledgerCounts(tt.t);
  await expect(tt.pay(2)).rejects.toMatchObject({ appError: { code: 'KEY_MISMATCH' } });
  expect(ledgerCounts(tt.t)).toEqual(counts);
  tt.reopen();
  expect(tt.t.signer.keyId).toBe(r.newKeyId);
  await tt.pay(3);
  expect(verifyLedger(tt.t.db)).toMatchObject({ ok: true });
});

it('keeps the codes of payments recorded before codes were kept, signed by the outgoing key, so their duplicates stay genuine', async () => {
  const tt = await terminal();
  const a = await tt.pay(1);
  const b = await tt.pay(2);
  // As a ledger from before receipt_codes: no code kept for these two.
  tt.t.db.exec('DROP TRIGGER receipt_codes_no_delete; DELETE FROM receipt_codes;');
  const r = rotateTerminalKey(tt.t, findUser(tt.t.db, 'meena')!, 'after the upgrade');
  expect(r.newKeyId).not.toBe(r.oldKeyId);
  expect((await tt.call('receipt.code', { session: await tt.sessionOf('asha'), receiptNo: a.receiptNo })).code).toBe(a.code);
  expect((await tt.call('receipt.code', { session: await tt.sessionOf('asha'), receiptNo: b.receiptNo })).code).toBe(b.code);
  expect(verifyLedger(tt.t.db)).toMatchObject({ ok: true, faults: [] });
  // A kept code that is not its payment's is reported.
  tt.t.db.exec('DROP TRIGGER receipt_codes_no_update');
  tt.t.db.prepare('UPDATE receipt_codes SET code = ? WHERE seq = ?').run(a.code, b.seq);
  expect(verifyLedger(tt.t.db).faults).toEqual([expect.objectContaining({ seq: b.seq, kind: 'receipt-code' })]);
});
