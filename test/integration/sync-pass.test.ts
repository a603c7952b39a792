// The whole sync pass against the reference upstream on loopback, on each storage backend: the
// consumer feed in pages with a resumable cursor, signed reads and clock-skew correction, the
// bundle carried by hand, restore safety, revocation, projections and clock flags.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConsumer, searchConsumers } from '../../core/consumers/store.js';
import { backupLedger } from '../../core/db/backup.js';
import { enroll, syncStatus, uploadJournal } from '../../core/sync/agent.js';
import { exportBundle } from '../../core/sync/bundle.js';
import { downloadConsumers } from '../../core/sync/consumers.js';
import { syncOnce } from '../../core/sync/pass.js';
import { createTerminalDispatch } from '../../core/handlers.js';
import { DATA_FILES, openTerminal, type Terminal } from '../../core/terminal/terminal.js';
import { demoAccountNo, demoConsumers } from '../../shared/demo-data.js';
import { importBundle } from '../../upstream/bundle.js';
import { seedDemoConsumers, upsertConsumerRecords } from '../../upstream/consumers.js';
import { serverKey } from '../../upstream/crypto.js';
import { makeEnrollCode, revokeTerminal } from '../../upstream/enroll.js';
import { fleetCensus } from '../../upstream/census.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { verifyReceipt } from '../../upstream/verify-receipt.js';
import { upstreamBackends } from '../support/upstream-db.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';

const CONSUMERS = 12_000;

describe.each(upstreamBackends())('sync pass on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let url: string;
  const terminals: TestTerminal[] = [];

  async function enrolledTerminal(): Promise<TestTerminal & { session: string; pay: (amountPaise?: number) => Promise<{ receiptNo: string }> }> {
    const tt = await makeTerminal({ consumers: 0 });
    terminals.push(tt);
    await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    const session = await tt.login('asha');
    let n = 0;
    // Each payment as asha, logged in again if the test's clock jumps past her session's idle limit.
    const pay = async (amountPaise = 10_000) =>
      tt.call('payment.record', { session: await tt.sessionOf('asha'), idempotencyKey: `pass-${tt.t.id}-${++n}-xx`, accountNo: demoAccountNo(n), amountPaise, mode: 'cash', autoOpenShift: true });
    return Object.assign(tt, { session, pay });
  }
  const serverEvents = async (id: string) =>
    sql.query<{ seq: string; body: string }>('SELECT seq, body FROM events WHERE terminal_id = $1 ORDER BY seq', [id]);
  const journal = (tt: TestTerminal) => tt.t.db.prepare('SELECT seq, body FROM journal ORDER BY seq').all() as { seq: number; body: string }[];
  const alerts = async (id: string) => (await sql.query<{ kind: string }>('SELECT kind FROM alerts WHERE terminal_id = $1 ORDER BY id', [id])).map((a) => a.kind);

  beforeAll(async () => {
    sql = await backend.open();
    expect(await seedDemoConsumers(sql, CONSUMERS)).toBe(CONSUMERS);
    app = await buildServer(sql);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    for (const tt of terminals) tt.close();
  });

  it('downloads the consumer master in pages, resumes at its cursor, and lookups keep working meanwhile', async () => {
    const tt = await enrolledTerminal();
    const first = await downloadConsumers(tt.t, { pageLimit: 2_500, maxPages: 2 });
    expect(first).toMatchObject({ outcome: 'more', records: 5_000, pages: 2 });
    expect(syncStatus(tt.t).consumerCursor).toBe(first.cursor);

    // The rest, with a cashier looking consumers up between the feed's writes.
    let lookups = 0;
    let done = false;
    const cashier = (async () => {
      while (!done) {
        expect(getConsumer(tt.t.db, demoAccountNo(7))?.accountNo).toBe(demoAccountNo(7));
        lookups++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const rest = await downloadConsumers(tt.t, { pageLimit: 2_500 });
    done = true;
    await cashier;
    expect(rest).toMatchObject({ outcome: 'done', records: CONSUMERS - 5_000 });
    expect(lookups).toBeGreaterThan(rest.pages);
    expect(tt.t.db.prepare('SELECT COUNT(*) AS n FROM consumers').get()).toEqual({ n: CONSUMERS });
    const someone = [...demoConsumers(CONSUMERS)][CONSUMERS - 1]!;
    expect(searchConsumers(tt.t.db, someone.name.split(' ')[0]!, 50).length).toBeGreaterThan(0);

    // Nothing new: an empty page. One change upstream: exactly that record arrives.
    expect(await downloadConsumers(tt.t)).toMatchObject({ outcome: 'done', records: 0 });
    await upsertConsumerRecords(sql, [{ ...someone, amountDuePaise: 123_456 }]);
    expect(await downloadConsumers(tt.t)).toMatchObject({ outcome: 'done', records: 1 });
    expect(getConsumer(tt.t.db, someone.accountNo)?.amountDuePaise).toBe(123_456);
  });

  it('signs its reads; unsigned and forged reads are refused; a wrong terminal clock is measured and corrected', async () => {
    const tt = await enrolledTerminal();
    // The test clock says 06:00 while the server's is the real time: the read still goes through.
    expect(await syncOnce(tt.t)).toMatchObject({ connection: 'online', lastError: null });
    const s = syncStatus(tt.t);
    expect(Math.abs(s.clockSkewMs! - (Date.now() - tt.clock.now.getTime()))).toBeLessThan(5_000);
    // Issue 17: the head check reports the app's version, signed with the read; the census shows it.
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect((await fleetCensus(sql)).find((c) => c.terminalId === tt.t.id)).toMatchObject({ appVersion: version });
    const badTime = new Date().toISOString();
    const badPath = `/v1/terminals/${tt.t.id}/head?app=${encodeURIComponent('<script>')}`;
    const bad = await app.inject({ method: 'GET', url: badPath, headers: { 'x-counterfoil-time': badTime, 'x-counterfoil-signature': tt.t.signer.sign(`GET\n${badPath}\n${badTime}`).toString('base64url') } });
    expect(bad.statusCode).toBe(400);
    expect((await fleetCensus(sql)).find((c) => c.terminalId === tt.t.id)).toMatchObject({ appVersion: version });
    expect(s.clockSkewWarning).toBe(Math.abs(s.clockSkewMs!) > 5 * 60_000);

    const head = `/v1/terminals/${tt.t.id}/head`;
    const unsigned = await app.inject({ method: 'GET', url: head });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ error: 'bad_signature' });
    const other = terminals[0]!;
    const time = new Date().toISOString();
    const forged = await app.inject({
      method: 'GET', url: head,
      headers: { 'x-counterfoil-time': time, 'x-counterfoil-signature': other.t.signer.sign(`GET\n${head}\n${time}`).toString('base64url') },
    });
    expect(forged.statusCode).toBe(401);
    const stale = new Date(Date.now() - 3_600_000).toISOString();
    const skewed = await app.inject({
      method: 'GET', url: head,
      headers: { 'x-counterfoil-time': stale, 'x-counterfoil-signature': tt.t.signer.sign(`GET\n${head}\n${stale}`).toString('base64url') },
    });
    expect(skewed.statusCode).toBe(401);
    expect(skewed.json()).toMatchObject({ error: 'clock_skew' });
    expect(skewed.headers.date).toBeTruthy();
    const feed = await app.inject({ method: 'GET', url: `/v1/terminals/${tt.t.id}/consumers?after=x` });
    expect(feed.statusCode).toBe(400);
  });

  it('carries the journal on a USB stick: export, import upstream, then an online sync sends nothing twice; a changed byte is refused', async () => {
    const tt = await enrolledTerminal();
    for (let i = 0; i < 30; i++) await tt.pay();
    const usb = tempDir('counterfoil-usb-');
    const bundle = exportBundle(tt.t, usb);
    expect(bundle).toMatchObject({ fromSeq: 1, toSeq: syncStatus(tt.t).headSeq });

    const tampered = join(usb, 'tampered.json');
    writeFileSync(tampered, readFileSync(bundle.file, 'utf8').replace('"amountPaise\\":10000', '"amountPaise\\":90000'));
    const refused = await importBundle(sql, await serverKey(sql), tampered);
    expect(refused.result).toMatchObject({ ok: false, error: 'bad_signature' });
    const keptBefore = refused.result.ackedThrough;
    expect((await serverEvents(tt.t.id)).length).toBe(keptBefore);

    const imported = await importBundle(sql, await serverKey(sql), bundle.file);
    expect(imported.result).toMatchObject({ ok: true, ackedThrough: bundle.toSeq });
    const again = await importBundle(sql, await serverKey(sql), bundle.file);
    expect(again.result).toMatchObject({ ok: true, ackedThrough: bundle.toSeq });

    await tt.pay();
    expect(await syncOnce(tt.t)).toMatchObject({ queueDepth: 0, connection: 'online', stopped: null });
    const held = await serverEvents(tt.t.id);
    expect(held.map((e) => Number(e.seq))).toEqual(journal(tt).map((e) => e.seq));
    expect(held.map((e) => e.body)).toEqual(journal(tt).map((e) => e.body));
    expect(await alerts(tt.t.id)).toEqual(['bad_signature']);
  });

  it('restore safety: a restored copy waits for the head check, refuses payments when behind, and an old copy that records anyway is a fork', async () => {
    const tt = await enrolledTerminal();
    for (let i = 0; i < 3; i++) await tt.pay();
    const backups = tempDir('counterfoil-backups-');
    const old = await backupLedger(tt.t, backups);
    for (let i = 0; i < 3; i++) await tt.pay();
    expect(await syncOnce(tt.t)).toMatchObject({ queueDepth: 0 });
    const current = await backupLedger(tt.t, backups);

    const restore = (file: string) => {
      const dir = join(tempDir('counterfoil-restored-'), 'terminal');
      mkdirSync(dir);
      copyFileSync(file, join(dir, DATA_FILES.db));
      copyFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), join(dir, DATA_FILES.privateKey));
      return openTerminal(dir, { clock: () => new Date(tt.clock.now) });
    };
    let k = 0;
    const recordOn = async (t: Terminal) => {
      const dispatch = createTerminalDispatch(t);
      const login = await dispatch('auth.login', { user: 'asha', pin: PINS.asha });
      if (!login.ok) throw new Error(login.error.message);
      return dispatch('payment.record', {
        session: (login.value as { session: string }).session, idempotencyKey: `restored-${++k}-xxxxxx`, accountNo: demoAccountNo(1), amountPaise: 10_000, mode: 'cash', autoOpenShift: true,
      });
    };

    // An up-to-date copy on a new machine: no payment until the centre's head checks out.
    const fresh = restore(current.file);
    try {
      expect(fresh.writeBlock?.code).toBe('HEAD_CHECK_REQUIRED');
      expect(await recordOn(fresh)).toMatchObject({ ok: false, error: { code: 'HEAD_CHECK_REQUIRED' } });
      expect(await syncOnce(fresh)).toMatchObject({ writeBlock: null, connection: 'online' });
      const after = await recordOn(fresh);
      expect(after, JSON.stringify(after)).toMatchObject({ ok: true });
    } finally {
      fresh.close();
    }

    // An older copy: the centre is ahead, so payments are refused and nothing is sent.
    const behind = restore(old.file);
    try {
      const pass = await syncOnce(behind);
      expect(pass, JSON.stringify(pass)).toMatchObject({ lastErrorCode: 'LEDGER_BEHIND_CENTRAL' });
      expect(await recordOn(behind)).toMatchObject({ ok: false, error: { code: 'LEDGER_BEHIND_CENTRAL' } });
    } finally {
      behind.close();
    }

    // The same old copy in an app without restore safety records anyway: the centre sees a fork.
    const careless = restore(old.file);
    try {
      careless.writeBlock = null;
      expect(await recordOn(careless)).toMatchObject({ ok: true });
      const s = await uploadJournal(careless);
      expect(s.stopped).toMatch(/different entry at no\. \d+/); // the 409 names the seq (its evidence stays with the centre's administrators)
      expect(s.lastErrorCode).toBe('UPSTREAM_FORK');
      expect(await alerts(tt.t.id)).toContain('fork');
      const [row] = await sql.query<{ frozen_reason: string | null }>('SELECT frozen_reason FROM terminals WHERE id = $1', [tt.t.id]);
      expect(row!.frozen_reason).toMatch(/fork/);
    } finally {
      careless.close();
    }
  });

  it('a revoked key is refused for uploads and reads, and the terminal stops sending', async () => {
    const tt = await enrolledTerminal();
    await tt.pay();
    expect(await revokeTerminal(sql, tt.t.id, 'counter PC stolen')).toBe(true);
    const s = await uploadJournal(tt.t);
    expect(s).toMatchObject({ lastErrorCode: 'UPSTREAM_REVOKED', queueDepth: syncStatus(tt.t).headSeq });
    expect(s.stopped).toMatch(/revoked/);
    expect(await alerts(tt.t.id)).toEqual(['revoked', 'revoked_upload']);
    expect(await syncOnce(tt.t)).toMatchObject({ lastErrorCode: 'UPSTREAM_REVOKED' });
    expect((await serverEvents(tt.t.id)).length).toBe(0);
  });

  it('projects payments, voids and shift closes; flags a terminal clock that runs ahead or backwards', async () => {
    const tt = await enrolledTerminal();
    const a = await tt.pay(20_000);
    await tt.pay(30_000);
    await tt.call('payment.void', { session: tt.session, receiptNo: a.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
    tt.clock.now = new Date(Date.now() + 3_600_000); // an hour ahead of the server
    await tt.pay(40_000);
    // and then a minute back: the terminal refuses more than its 2-minute tolerance (issue 15 #11),
    // the centre flags any step back
    tt.clock.now = new Date(tt.clock.now.getTime() - 60_000);
    await tt.pay(50_000);
    expect(await syncOnce(tt.t)).toMatchObject({ queueDepth: 0 });
    const rows = await sql.query<{ amount_paise: string; voided_seq: string | null }>(
      'SELECT amount_paise, voided_seq FROM payments WHERE terminal_id = $1 ORDER BY seq', [tt.t.id],
    );
    expect(rows.map((r) => [Number(r.amount_paise), r.voided_seq !== null])).toEqual([[20_000, true], [30_000, false], [40_000, false], [50_000, false]]);
    expect(await alerts(tt.t.id)).toEqual(expect.arrayContaining(['clock_ahead', 'clock_backwards']));
    const code = (await tt.call('receipt.code', { session: await tt.sessionOf('asha'), receiptNo: a.receiptNo })).code;
    expect(await verifyReceipt(sql, code)).toMatchObject({ verdict: 'genuine', heldCentrally: true, voided: true });
  });
});
