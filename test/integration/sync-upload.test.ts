// The terminal's sync agent against the reference upstream on loopback, on each storage backend
// (embedded PGlite, and a real PostgreSQL when TEST_DATABASE_URL is set): enroll, upload in
// batches, keep the checkpoint; offline leaves everything queued; a 409 stops it.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptDataFor } from '../../core/print/receipt-data.js';
import { enroll, syncStatus, uploadJournal } from '../../core/sync/agent.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

for (const backend of upstreamBackends()) {
  describe(`sync agent upload on ${backend.name}`, () => {
    // Per backend: its own terminal, store and server, so each suite starts from nothing.
    let tt: TestTerminal;
    let sql: Sql;
    let app: FastifyInstance;
    let url: string;
    let session: string;
    let n = 0;
    const pay = () =>
      tt.call('payment.record', { session, idempotencyKey: `sync-${++n}-xxxxxx`, accountNo: 'HAND0001', amountPaise: 10000 + n, mode: 'upi', instrument: { utr: String(300000000000 + n) }, autoOpenShift: true });

    beforeAll(async () => {
      tt = await makeTerminal();
      session = await tt.login('asha');
      sql = await backend.open();
      app = await buildServer(sql);
      url = await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      tt?.close();
    });

    it('refuses to upload before enrollment and refuses a bad code', async () => {
      await expect(uploadJournal(tt.t)).rejects.toThrow(/not enrolled/);
      await expect(enroll(tt.t, url, 'AAAA-BBBB-CCCC')).rejects.toThrow(/refused: this enrollment code is not valid/);
      expect(syncStatus(tt.t).enrolled).toBe(false);
    });

    it('uploads payments recorded before enrollment, then new ones; receipts stop saying offline', async () => {
      const first = await pay();
      expect(receiptDataFor(tt.t, first.receiptNo).offline).toBe(true);
      await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
      const s1 = await uploadJournal(tt.t);
      expect(s1).toMatchObject({ enrolled: true, queueDepth: 0, lastError: null, stopped: null });
      expect(s1.ackedSeq).toBe(s1.headSeq);
      expect(receiptDataFor(tt.t, first.receiptNo).offline).toBe(false);
      for (let i = 0; i < 3; i++) await pay();
      const s2 = await uploadJournal(tt.t);
      expect(s2.ackedSeq).toBe(s2.headSeq);
      const [server] = await sql.query<{ head_seq: string }>('SELECT head_seq FROM terminals WHERE id = $1', [tt.t.id]);
      expect(Number(server!.head_seq)).toBe(s2.headSeq);
      const checkpoint = JSON.parse((tt.t.db.prepare('SELECT checkpoint_json FROM sync_state').get() as { checkpoint_json: string }).checkpoint_json);
      expect(checkpoint).toMatchObject({ terminalId: tt.t.id, seq: s2.headSeq });
    });

    it('keeps everything queued while the centre is unreachable, and catches up after', async () => {
      tt.t.db.prepare("UPDATE sync_state SET upstream_url = 'http://127.0.0.1:1'").run();
      const offline = await pay();
      const s = await uploadJournal(tt.t, 3000);
      expect(s.queueDepth).toBeGreaterThan(0);
      expect(s).toMatchObject({ connection: 'offline', lastErrorCode: 'UPSTREAM_UNREACHABLE' });
      expect(s.lastError).toMatch(/cannot be reached/);
      expect(receiptDataFor(tt.t, offline.receiptNo).offline).toBe(true);
      tt.t.db.prepare('UPDATE sync_state SET upstream_url = ?').run(url);
      expect(await uploadJournal(tt.t)).toMatchObject({ queueDepth: 0, lastError: null });
    });

    it('lets anyone verify a receipt: genuine, held centrally or not yet, voided, forged, unknown terminal', async () => {
      const verdict = async (code: string) =>
        (await app.inject({ method: 'GET', url: `/v1/verify?c=${encodeURIComponent(code)}`, headers: { accept: 'application/json' } })).json();
      const paid = await pay();
      expect(await verdict(paid.code)).toMatchObject({ verdict: 'genuine', receiptNo: paid.receiptNo, heldCentrally: false, voided: false });
      await uploadJournal(tt.t);
      expect(await verdict(paid.code)).toMatchObject({ verdict: 'genuine', heldCentrally: true, voided: false, substation: 'SS042' });
      await tt.call('payment.void', { session, receiptNo: paid.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
      await uploadJournal(tt.t);
      expect(await verdict(paid.code)).toMatchObject({ verdict: 'genuine', voided: true });
      expect(await verdict(paid.code.replace(/\|(\d+)\|upi\|/, '|99999|upi|'))).toMatchObject({ verdict: 'forged' });
      expect(await verdict(paid.code.replace(tt.t.id, 'T000000000000'))).toMatchObject({ verdict: 'unknown_terminal' });
      expect(await verdict('hello')).toMatchObject({ verdict: 'forged' });
      const page = await app.inject({ method: 'GET', url: `/v1/verify?c=${encodeURIComponent(`https://x.example/v1/verify?c=${encodeURIComponent(paid.code)}`)}` });
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('रद्द रसीद — CANCELLED receipt');
      expect((await app.inject({ method: 'GET', url: '/v1/verify' })).statusCode).toBe(400);
    });

    it('stops on a 409 and says why, without touching the journal', async () => {
      // The centre holds a different seq 2 than this terminal: as after a rewound terminal.
      await sql.query("UPDATE events SET hash = decode(repeat('ab', 32), 'hex') WHERE terminal_id = $1 AND seq = 2", [tt.t.id]);
      tt.t.db.prepare('UPDATE sync_state SET acked_seq = 1').run();
      const before = (tt.t.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
      const s = await uploadJournal(tt.t);
      expect(s.stopped).toMatch(/different entry at no\. 2/);
      expect(s.lastErrorCode).toBe('UPSTREAM_FORK');
      expect((await uploadJournal(tt.t)).stopped).toBe(s.stopped);
      expect((tt.t.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n).toBe(before);
    });
  });
}
