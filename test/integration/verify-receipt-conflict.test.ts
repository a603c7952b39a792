// Issue 15 #8, #4(c) and Low (a): the verify page compares a genuine-signed code with the event the
// centre holds at its seq and answers `conflict` (with the centre's values) when they differ; a
// forged code learns nothing about how far the centre holds a terminal's journal.
import { cpSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReceiptCode } from '../../core/ledger/receipt-codes.js';
import { newKeyPair, signerFrom } from '../../core/ledger/signer.js';
import { enroll } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { DEMO_USERS, demoAccountNo } from '../../shared/demo-data.js';
import { parseReceiptCode, type ReceiptCodeFields } from '../../shared/receipt-code.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

const supervisor = DEMO_USERS.find((u) => u.role === 'supervisor')!;

for (const backend of upstreamBackends()) {
  describe(`issue 15: the verify page on ${backend.name}`, () => {
    let tt: TestTerminal;
    let sql: Sql;
    let app: FastifyInstance;
    let n = 0;
    const pay = async (amountPaise?: number) => {
      const i = ++n;
      return tt.call('payment.record', {
        session: await tt.login('asha'), idempotencyKey: `conflict-${i}-xxxxxx`, accountNo: demoAccountNo(i), amountPaise: amountPaise ?? 10_000 + i, mode: 'cash', autoOpenShift: true,
      });
    };
    const verdict = async (code: string) =>
      (await app.inject({ method: 'GET', url: `/v1/verify?c=${encodeURIComponent(code)}`, headers: { accept: 'application/json' } })).json();
    const page = async (code: string) => (await app.inject({ method: 'GET', url: `/v1/verify?c=${encodeURIComponent(code)}` })).body;
    /** The code's fields, changed and re-signed with the terminal's real key. */
    const resign = (code: string, change: Partial<ReceiptCodeFields>) => {
      const parsed = parseReceiptCode(code);
      if (!parsed.ok) throw new Error(parsed.reason);
      const { signedText: _s, sig: _g, ...fields } = parsed.code;
      return signReceiptCode({ ...fields, ...change }, tt.t.signer);
    };

    beforeAll(async () => {
      tt = await makeTerminal();
      sql = await backend.open();
      app = await buildServer(sql);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      tt?.close();
    });

    it('#8 a code re-signed with the real key for a held event, but with another amount or account, is a conflict, not genuine', async () => {
      const paid = await pay(250_000);
      await syncOnce(tt.t);
      expect(await verdict(paid.code)).toMatchObject({ verdict: 'genuine', heldCentrally: true });
      const held = parseReceiptCode(paid.code);
      if (!held.ok) throw new Error(held.reason);

      const moreMoney = resign(paid.code, { amountPaise: 2_500_000 });
      expect(await verdict(moreMoney)).toMatchObject({
        verdict: 'conflict', terminalId: tt.t.id, seq: paid.seq, differs: ['amountPaise'],
        receipt: { receiptNo: paid.receiptNo, amountPaise: 2_500_000 },
        centre: { receiptNo: paid.receiptNo, accountNo: held.code.accountNo, amountPaise: 250_000, mode: 'cash', hash16: held.code.hash16, voided: false },
      });
      const otherAccount = resign(paid.code, { accountNo: 'HAND0042', mode: 'upi' });
      expect((await verdict(otherAccount)).differs).toEqual(['accountNo', 'mode']);
      const otherTime = resign(paid.code, { epochSeconds: held.code.epochSeconds - 86_400, receiptNo: `${paid.receiptNo}9` });
      expect((await verdict(otherTime)).differs).toEqual(['receiptNo', 'printedAt']);

      // The page: red, saying what differs and what the centre holds, in Hindi and English.
      const html = await page(moreMoney);
      expect(html).toContain('CONFLICT');
      expect(html).toContain('color:#b91c1c');
      expect(html).toContain('राशि / Amount: रसीद पर ₹25,000.00, केंद्र में ₹2,500.00');
      expect(html).toContain(`केंद्र में दर्ज / Held centrally: ${paid.receiptNo}`);
      expect(html).not.toContain('Genuine receipt');
    });

    it('#4(c) a receipt printed before a restored terminal reused its seq is a conflict once the centre holds the new event', async () => {
      await syncOnce(tt.t);
      // A copy of the data folder, taken by hand; the receipt printed after it is lost with the restore.
      const copy = tempDir();
      tt.t.close();
      cpSync(tt.t.dataDir, copy, { recursive: true });
      tt.reopen();
      const lost = await pay(500_000);
      tt.t.close();
      rmSync(tt.t.dataDir, { recursive: true, force: true });
      cpSync(copy, tt.t.dataDir, { recursive: true });
      rmSync(copy, { recursive: true, force: true });
      tt.reopen();
      // Offline, the consumer's receipt still reads genuine, not yet received.
      expect(await verdict(lost.code)).toMatchObject({ verdict: 'genuine', heldCentrally: false });

      const reused = await pay(12_300);
      expect(reused.seq).toBe(lost.seq);
      await syncOnce(tt.t);
      const v = await verdict(lost.code);
      expect(v).toMatchObject({
        verdict: 'conflict', seq: lost.seq,
        receipt: { receiptNo: lost.receiptNo, amountPaise: 500_000 },
        centre: { receiptNo: reused.receiptNo, amountPaise: 12_300 },
      });
      expect(v.differs).toContain('hash16');
      expect(v.differs).toContain('amountPaise');
      expect(await verdict(reused.code)).toMatchObject({ verdict: 'genuine', heldCentrally: true });
    });

    it('#4(c) a code for a seq where the centre holds no payment is a conflict naming what it holds', async () => {
      // Seq 1 is terminal.created: a code signed by the terminal's key for it is no payment the centre knows.
      const paid = await pay();
      await syncOnce(tt.t);
      const v = await verdict(resign(paid.code, { seq: 1 }));
      expect(v).toMatchObject({ verdict: 'conflict', seq: 1, centre: null, heldType: 'terminal.created' });
      expect(await page(resign(paid.code, { seq: 1 }))).toContain('केंद्र में इस संख्या पर कोई भुगतान दर्ज नहीं');
    });

    it('a voided payment stays genuine and cancelled when the code matches', async () => {
      const paid = await pay();
      await tt.call('payment.void', { session: await tt.login('asha'), receiptNo: paid.receiptNo, supervisor: { user: supervisor.name, pin: supervisor.pin }, reason: 'wrong account' });
      await syncOnce(tt.t);
      expect(await verdict(paid.code)).toMatchObject({ verdict: 'genuine', heldCentrally: true, voided: true });
    });

    it('Low (a): a forged code reveals nothing about the terminal\'s head or its seqs', async () => {
      const paid = await pay();
      await syncOnce(tt.t);
      const [t] = await sql.query<{ head_seq: string }>('SELECT head_seq FROM terminals WHERE id = $1', [tt.t.id]);
      const head = Number(t!.head_seq);
      const stranger = signerFrom(newKeyPair().privateKey);
      const parsed = parseReceiptCode(paid.code);
      if (!parsed.ok) throw new Error(parsed.reason);
      const { signedText: _s, sig: _g, ...fields } = parsed.code;
      const answers = [];
      for (const seq of [0, 1, head, head + 1, head + 1000]) {
        const v = await verdict(signReceiptCode({ ...fields, seq }, stranger));
        expect(v.verdict, `seq ${seq}`).toBe('forged');
        expect(v.reason).not.toMatch(new RegExp(`\\b${head}\\b`));
        answers.push(v);
      }
      // The same answer whichever seq the forger tried: below, at or beyond the centre's head, or none.
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0].reason).toMatch(/signature does not match this terminal/);
      const pages = new Set(await Promise.all([0, head, head + 1].map((seq) => page(signReceiptCode({ ...fields, seq }, stranger)))));
      expect(pages.size).toBe(1);
    });
  });
}
