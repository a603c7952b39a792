// Issue 19 "paid but still shows due": real terminals take payments and sync them; the consumer
// master is imported again and again; each import lists the accounts whose bill did not go down by
// what was paid on it since the previous import of that bill (voided payments and returned cheques
// not counted), and the payments to accounts the master does not know. A bad master changes nothing.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enroll, uploadJournal } from '../../core/sync/agent.js';
import { downloadConsumers } from '../../core/sync/consumers.js';
import { CONSUMER_FIELDS, type ConsumerRecord } from '../../shared/consumer-record.js';
import type { Input } from '../../shared/contract.js';
import { READ_HEADERS, readSigningText } from '../../shared/upstream-api.js';
import { verifyExport } from '../../core/reports/export.js';
import { CentralExportManifest3 } from '../../shared/export-manifest.js';
import { PaidDueReport } from '../../shared/paid-still-due.js';
import { paidDueChecks, paidDueReport } from '../../upstream/billing/paid-due-store.js';
import { publicKeyFromRaw, serverKey } from '../../upstream/crypto.js';
import { ImportError, importConsumersCsv } from '../../upstream/consumers.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { consoleCookie, makeConsoleUser, ORIGIN } from '../support/console-users.js';
import { main } from '../../upstream/cli.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

/** The accounts of the story, each with its first bill. */
const ACC = {
  applied: '3100000001', notApplied: '3100000002', partly: '3100000003', voided: '3100000004',
  returned: '3100000005', newBill: '3100000006', overpaid: '3100000007', untouched: '3100000008',
} as const;
const UNKNOWN = '3199999999';
const FIRST_DUE: Record<keyof typeof ACC, number> = {
  applied: 1_000_00, notApplied: 800_00, partly: 1_000_00, voided: 700_00, returned: 900_00, newBill: 600_00, overpaid: 200_00, untouched: 450_00,
};

const record = (name: keyof typeof ACC, over: Partial<ConsumerRecord> = {}): ConsumerRecord => ({
  accountNo: ACC[name], meterNo: `KE${ACC[name]}`, name: `Consumer ${name}`, nameHi: 'उपभोक्ता', mobile: `98${ACC[name].slice(2)}`,
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: `B-${ACC[name]}-1`, dueDate: '2026-12-20', amountDuePaise: FIRST_DUE[name], ...over,
});

let dir: string;
const master = (name: string, records: ConsumerRecord[]): string => {
  const file = join(dir, name);
  writeFileSync(file, stringify([CONSUMER_FIELDS, ...records.map((r) => CONSUMER_FIELDS.map((f) => String(r[f])))]));
  return file;
};

for (const backend of upstreamBackends()) {
  describe(`issue 19: paid but still shows due, on ${backend.name}`, () => {
    let sql: Sql;
    let app: FastifyInstance;
    let t1: TestTerminal;
    let t2: TestTerminal;
    const receipts: Record<string, { receiptNo: string; seq: number; terminalId: string }> = {};

    beforeAll(async () => {
      dir = tempDir('counterfoil-paid-due-');
      sql = await backend.open();
      app = await buildServer(sql);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const now = new Date().toISOString();
      t1 = await makeTerminal({ consumers: 0, now, counter: 'C1' });
      t2 = await makeTerminal({ consumers: 0, now, counter: 'C2' });
      await enroll(t1.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
      await enroll(t2.t, url, await makeEnrollCode(sql, 'SS042', 'C2'));
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      t1?.close();
      t2?.close();
    });

    let key = 0;
    const pay = async (tt: TestTerminal, label: string, accountNo: string, amountPaise: number, extra: Partial<Input<'payment.record'>> = {}) => {
      const session = await tt.sessionOf('asha');
      const r = await tt.call('payment.record', { session, idempotencyKey: `paid-due-${String(++key).padStart(6, '0')}`, accountNo, amountPaise, mode: 'cash', ...extra } as Input<'payment.record'>);
      receipts[label] = { receiptNo: r.receiptNo, seq: r.seq, terminalId: tt.t.id };
      return r;
    };
    const feed = async (tt: TestTerminal, after: string) => {
      const path = `/v1/terminals/${tt.t.id}/consumers?after=${after}&limit=100&record=3`;
      const time = new Date().toISOString();
      const res = await app.inject({ method: 'GET', url: path, headers: { [READ_HEADERS.time]: time, [READ_HEADERS.signature]: tt.t.signer.sign(readSigningText(path, time)).toString('base64url') } });
      expect(res.statusCode, res.body).toBe(200);
      const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as { consumer?: Record<string, unknown>; end?: { cursor: string } });
      return { records: lines.filter((l) => l.consumer).map((l) => l.consumer!), cursor: lines.at(-1)!.end!.cursor };
    };
    const consumersRow = async (accountNo: string) =>
      (await sql.query<{ change_seq: string; bill_due_paise: string; pna: unknown }>('SELECT change_seq, bill_due_paise, posted_not_applied AS pna FROM consumers WHERE account_no = $1', [accountNo]))[0]!;

    it('the first master sets each bill; nothing is listed, the import is checked and stored', async () => {
      const r = await importConsumersCsv(sql, master('master-1.csv', Object.keys(ACC).map((k) => record(k as keyof typeof ACC))), 'cli:finance');
      expect(r).toMatchObject({ read: 8, changed: 8, check: { records: 8, accounts: 0, shortfallPaise: 0, unknownPayments: 0, unknownPaise: 0, checkedBy: 'cli:finance' } });
      expect(r.check.subject).toMatch(/^master-1\.csv sha256:[0-9a-f]{64}$/);
    });

    it('payments at two counters, a void and a returned cheque reach the centre', async () => {
      for (const tt of [t1, t2]) await tt.call('shift.open', { session: await tt.sessionOf('asha'), openingFloatPaise: 0 });
      await pay(t1, 'applied', ACC.applied, 500_00);
      await pay(t1, 'notApplied-1', ACC.notApplied, 300_00);
      await pay(t2, 'notApplied-2', ACC.notApplied, 200_00, { mode: 'upi', instrument: { utr: '123456789012' } } as Partial<Input<'payment.record'>>);
      await pay(t2, 'partly', ACC.partly, 400_00);
      await pay(t1, 'voided', ACC.voided, 250_00);
      await t1.call('payment.void', { session: await t1.sessionOf('asha'), receiptNo: receipts.voided!.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
      const today = (await t2.call('shift.current', { session: await t2.sessionOf('asha') }))!.businessDate;
      await pay(t2, 'returned', ACC.returned, 600_00, { mode: 'cheque', instrument: { number: '123456', bank: 'State Bank of India', date: today } } as Partial<Input<'payment.record'>>);
      await t2.call('cheque.return', { session: await t2.sessionOf('meena'), receiptNo: receipts.returned!.receiptNo, returnedOn: today, reason: 'signature differs' });
      await pay(t1, 'newBill', ACC.newBill, 100_00);
      await pay(t1, 'overpaid', ACC.overpaid, 500_00);
      await pay(t2, 'unknown', UNKNOWN, 150_00);
      for (const tt of [t1, t2]) expect(await uploadJournal(tt.t)).toMatchObject({ lastError: null });
      const held = await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM payments');
      expect(Number(held[0]!.n)).toBe(9);
    });

    it('the second master: dues that went down by the payments are not listed; the others are, with the right shortfall; the unknown account is listed', async () => {
      const r = await importConsumersCsv(sql, master('master-2.csv', [
        record('applied', { amountDuePaise: 500_00 }),
        record('notApplied'), // 800 due, 500 paid: should be 300
        record('partly', { amountDuePaise: 900_00 }), // 1000 due, 400 paid: should be 600
        record('voided'), record('returned'),
        record('newBill', { billNo: `B-${ACC.newBill}-2`, amountDuePaise: 999_00 }),
        record('overpaid', { amountDuePaise: 0 }),
        record('untouched'),
      ]), 'cli:finance');
      expect(r.check).toMatchObject({ records: 8, accounts: 2, shortfallPaise: 500_00 + 300_00, unknownPayments: 1, unknownPaise: 150_00 });
      const report = (await paidDueReport(sql))!;
      expect(report.check.id).toBe(r.check.id);
      expect(report.accounts.map((a) => [a.accountNo, a.previousDuePaise, a.paidPaise, a.newDuePaise, a.shortfallPaise])).toEqual([
        [ACC.notApplied, 800_00, 500_00, 800_00, 500_00],
        [ACC.partly, 1_000_00, 400_00, 900_00, 300_00],
      ]);
      const notApplied = report.accounts[0]!;
      expect(notApplied.billNo).toBe(`B-${ACC.notApplied}-1`);
      expect(notApplied.payments.map((p) => [p.receiptNo, p.terminalId, p.amountPaise, p.mode]).sort()).toEqual([
        [receipts['notApplied-1']!.receiptNo, t1.t.id, 300_00, 'cash'],
        [receipts['notApplied-2']!.receiptNo, t2.t.id, 200_00, 'upi'],
      ].sort());
      expect(notApplied.payments[0]!.businessDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(report.unknown).toEqual([expect.objectContaining({ accountNo: UNKNOWN, receiptNo: receipts.unknown!.receiptNo, terminalId: t2.t.id, amountPaise: 150_00, mode: 'cash' })]);
    });

    let cursor = '0';
    it('the feed (record 3) tells counters what was paid and not applied, and only for those accounts', async () => {
      const { records, cursor: end } = await feed(t1, '0');
      cursor = end;
      const byAccount = new Map(records.map((r) => [r.accountNo, r]));
      expect(byAccount.get(ACC.notApplied)!.postedNotApplied).toEqual({
        billNo: `B-${ACC.notApplied}-1`, amountPaise: 500_00,
        receipts: expect.arrayContaining([
          { receiptNo: receipts['notApplied-1']!.receiptNo, businessDate: expect.any(String), amountPaise: 300_00 },
          { receiptNo: receipts['notApplied-2']!.receiptNo, businessDate: expect.any(String), amountPaise: 200_00 },
        ]),
      });
      expect(byAccount.get(ACC.partly)!.postedNotApplied).toMatchObject({ amountPaise: 300_00 });
      for (const k of ['applied', 'voided', 'returned', 'newBill', 'overpaid', 'untouched'] as const) expect(byAccount.get(ACC[k])!.postedNotApplied, k).toBeNull();
      expect(byAccount.get(ACC.notApplied)).not.toHaveProperty('mobile');
    });

    it('a terminal that syncs consumers holds it, and its consumer card data says posted but not applied', async () => {
      expect(await downloadConsumers(t2.t)).toMatchObject({ outcome: 'done', records: 8 });
      const session = await t2.sessionOf('asha');
      const got = (await t2.call('consumer.get', { session, accountNo: ACC.notApplied }))!;
      expect(got.postedNotApplied).toMatchObject({ billNo: `B-${ACC.notApplied}-1`, amountPaise: 500_00 });
      expect(got.postedNotApplied!.receipts.map((r) => r.receiptNo).sort()).toEqual([receipts['notApplied-1']!.receiptNo, receipts['notApplied-2']!.receiptNo].sort());
      expect((await t2.call('consumer.get', { session, accountNo: ACC.applied }))!.postedNotApplied).toBeNull();
    });

    it('the console: finance and auditors read the check and drill to its receipts; others are refused; the export is signed and verifies', async () => {
      const clock = new Date();
      const cookies: Record<string, string> = {};
      for (const role of ['finance', 'auditor', 'viewer', 'admin'] as const) cookies[role] = await consoleCookie(app, await makeConsoleUser(sql, await serverKey(sql), `${role}1`, role, clock), clock);
      const get = (url: string, who: string) => app.inject({ method: 'GET', url, headers: { host: 'localhost:80', origin: ORIGIN, cookie: cookies[who] } });
      for (const who of ['finance', 'auditor']) {
        const res = await get('/console/api/billing/paid-due', who);
        expect(res.statusCode, res.body).toBe(200);
        const r = PaidDueReport.parse(res.json());
        expect(r.accounts.map((a) => a.accountNo)).toEqual([ACC.notApplied, ACC.partly]);
        expect(r.accounts[1]!.payments).toEqual([expect.objectContaining({ receiptNo: receipts.partly!.receiptNo, terminalId: t2.t.id, seq: receipts.partly!.seq })]);
      }
      for (const who of ['viewer', 'admin']) expect((await get('/console/api/billing/paid-due', who)).statusCode).toBe(403);
      const checks = (await get('/console/api/billing/paid-due/checks', 'auditor')).json() as { id: number }[];
      expect(checks).toHaveLength(2);
      expect((await get(`/console/api/billing/paid-due?check=${checks[1]!.id}`, 'finance')).json()).toMatchObject({ accounts: [], unknown: [] });
      for (const bad of ['?check=0', '?check=abc', '?check=1&x=2', '?check=99999999999999999']) {
        expect((await get(`/console/api/billing/paid-due${bad}`, 'finance')).json(), bad).toMatchObject({ error: 'invalid_query' });
      }
      expect((await get('/console/api/billing/paid-due?check=9999', 'finance')).statusCode).toBe(404);
      expect((await get('/console/api/billing/paid-due/export?format=doc', 'finance')).statusCode).toBe(400);

      const centre = publicKeyFromRaw((await serverKey(sql)).publicRaw);
      for (const format of ['csv', 'xlsx', 'pdf'] as const) {
        const res = await get(`/console/api/billing/paid-due/export?format=${format}`, 'auditor');
        expect(res.statusCode, res.body).toBe(200);
        const { fileName, file, manifest } = res.json() as { fileName: string; file: string; manifest: unknown };
        const bytes = Buffer.from(file, 'base64');
        expect(fileName).toBe(`counterfoil-centre-paid-still-due-${checks[0]!.id}.${format}`);
        expect(CentralExportManifest3.parse(manifest).report).toMatchObject({ name: 'paid-still-due', accounts: 2, shortfallPaise: 800_00, unknownPayments: 1, unknownPaise: 150_00, check: checks[0]!.id });
        expect(verifyExport(bytes, JSON.stringify(manifest), centre)).toMatchObject({ genuine: true, signer: { kind: 'centre' }, totalPaise: 800_00, count: 2 });
        const altered = Buffer.from(bytes);
        altered[altered.length >> 1]! ^= 1;
        expect(verifyExport(altered, JSON.stringify(manifest), centre)).toMatchObject({ genuine: false });
        const edited = { ...(manifest as { report: Record<string, unknown> }), report: { ...(manifest as { report: Record<string, unknown> }).report, shortfallPaise: 1 } };
        expect(verifyExport(bytes, JSON.stringify(edited), centre)).toMatchObject({ genuine: false, reason: expect.stringMatching(/signature/) });
        if (format === 'csv') {
          const text = bytes.toString('utf8');
          for (const r of [receipts['notApplied-1']!, receipts['notApplied-2']!, receipts.partly!, receipts.unknown!]) expect(text).toContain(r.receiptNo);
          expect(text).not.toContain(receipts.voided!.receiptNo);
          expect(text).not.toContain(receipts.returned!.receiptNo);
        }
      }
    });

    it('a bad master changes nothing: no check, no baseline, no record, no feed change', async () => {
      const checks = await paidDueChecks(sql);
      const before = await sql.query('SELECT account_no, record, change_seq, bill_due_paise, bill_since, posted_not_applied FROM consumers ORDER BY account_no');
      const bad = master('master-bad.csv', [record('notApplied', { amountDuePaise: 300_00 }), { ...record('partly'), dueDate: '20-12-2026' }]);
      await expect(importConsumersCsv(sql, bad, 'cli:finance')).rejects.toThrow(ImportError);
      await expect(importConsumersCsv(sql, bad, 'cli:finance')).rejects.toThrow(/record 2: dueDate/);
      expect(await paidDueChecks(sql)).toEqual(checks);
      expect(await sql.query('SELECT account_no, record, change_seq, bill_due_paise, bill_since, posted_not_applied FROM consumers ORDER BY account_no')).toEqual(before);
      expect((await feed(t1, cursor)).records).toEqual([]);
    });

    it('a master that applies the payments clears the account; one still short stays listed with the same payments counted', async () => {
      const shortBefore = await consumersRow(ACC.notApplied);
      const partlyBefore = await consumersRow(ACC.partly);
      const r = await importConsumersCsv(sql, master('master-3.csv', [
        record('notApplied', { amountDuePaise: 300_00 }), record('partly', { amountDuePaise: 900_00 }), record('untouched'),
      ]), 'cli:finance');
      expect(r.check).toMatchObject({ accounts: 1, shortfallPaise: 300_00, unknownPayments: 1 });
      const report = (await paidDueReport(sql))!;
      expect(report.accounts.map((a) => [a.accountNo, a.previousDuePaise, a.paidPaise, a.shortfallPaise])).toEqual([[ACC.partly, 1_000_00, 400_00, 300_00]]);
      // The cleared account's record did not change, but what counters are told did: its cursor moved.
      const cleared = await consumersRow(ACC.notApplied);
      expect(cleared.pna).toBeNull();
      expect(Number(cleared.change_seq)).toBeGreaterThan(Number(shortBefore.change_seq));
      expect(Number(cleared.bill_due_paise)).toBe(300_00);
      // Still short, told the same: the feed does not send it again.
      expect((await consumersRow(ACC.partly)).change_seq).toBe(partlyBefore.change_seq);
      const { records } = await feed(t1, cursor);
      expect(records.map((x) => [x.accountNo, x.postedNotApplied])).toEqual([[ACC.notApplied, null]]);
      // The counter that synced hears of it: its card no longer says so; the one still short still does.
      expect(await downloadConsumers(t2.t)).toMatchObject({ outcome: 'done', records: 1 });
      const session = await t2.sessionOf('asha');
      expect((await t2.call('consumer.get', { session, accountNo: ACC.notApplied }))!).toMatchObject({ amountDuePaise: 300_00, postedNotApplied: null });
      expect((await t2.call('consumer.get', { session, accountNo: ACC.partly }))!.postedNotApplied).toMatchObject({ amountPaise: 300_00 });
      // Earlier checks are kept, newest first; each can be read again.
      const checks = await paidDueChecks(sql);
      expect(checks.map((c) => c.accounts)).toEqual([1, 2, 0]);
      expect((await paidDueReport(sql, checks[1]!.id))!.accounts).toHaveLength(2);
      expect(await paidDueReport(sql, 999_999)).toBeNull();
    });

    it('a payment after the new baseline counts against it; an import that brings the account known clears the unknown list', async () => {
      await pay(t1, 'later', ACC.notApplied, 100_00);
      await pay(t2, 'unknown-paid', UNKNOWN, 100_00);
      for (const tt of [t1, t2]) await uploadJournal(tt.t);
      const r = await importConsumersCsv(sql, master('master-4.csv', [
        record('notApplied', { amountDuePaise: 300_00 }),
        { ...record('untouched'), accountNo: UNKNOWN, billNo: 'B-NEW-1', amountDuePaise: 0 },
      ]), 'cli:finance');
      expect(r.check).toMatchObject({ accounts: 1, shortfallPaise: 100_00, unknownPayments: 0, unknownPaise: 0 });
      const report = (await paidDueReport(sql))!;
      expect(report.accounts).toEqual([expect.objectContaining({ accountNo: ACC.notApplied, previousDuePaise: 300_00, paidPaise: 100_00, newDuePaise: 300_00, shortfallPaise: 100_00 })]);
      expect(report.accounts[0]!.payments.map((p) => p.receiptNo)).toEqual([receipts.later!.receiptNo]);
    });
  });
}

describe('issue 19: a centre from before record version 3', () => {
  it('refuses record=3; the terminal asks for the counter record (2) instead and stores no note; a note it cannot read is dropped, not the record', async () => {
    const asked: string[] = [];
    let oddNote = false;
    const old = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (oddNote) {
        const { mobile, ...rest } = record('partly');
        const odd = { billNo: 'B', amountPaise: 1, receipts: [{ receiptNo: 'R'.repeat(500), businessDate: '2026-12-07', amountPaise: 1 }] };
        res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(`${JSON.stringify({ consumer: { ...rest, mobileLast4: mobile.slice(-4), postedNotApplied: odd } })}\n${JSON.stringify({ end: { cursor: '8', more: false } })}\n`);
        return;
      }
      if (req.url?.includes('record=3')) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_record', message: 'record= is 1 (the whole record) or 2 (the counter record)' }));
        return;
      }
      const { mobile, ...rest } = record('applied');
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(`${JSON.stringify({ consumer: { ...rest, mobileLast4: mobile.slice(-4) } })}\n${JSON.stringify({ end: { cursor: '7', more: false } })}\n`);
    });
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    const tt = await makeTerminal({ consumers: 0, now: new Date().toISOString() });
    try {
      const { port } = old.address() as AddressInfo;
      tt.t.db.prepare("INSERT INTO sync_state (id, upstream_url, server_key, enrolled_at) VALUES (1, ?, 'x', '2026-12-08T00:00:00.000Z')").run(`http://127.0.0.1:${port}`);
      expect(await downloadConsumers(tt.t)).toMatchObject({ outcome: 'done', records: 1, cursor: '7' });
      expect(asked.map((u) => new URL(u, 'http://x').searchParams.get('record'))).toEqual(['3', '2']);
      const got = (await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: ACC.applied }))!;
      expect(got).toMatchObject({ amountDuePaise: FIRST_DUE.applied, postedNotApplied: null });
      // A note a counter cannot read (a receipt number no counter record carries) drops the note, not the record.
      oddNote = true;
      expect(await downloadConsumers(tt.t)).toMatchObject({ outcome: 'done', records: 1, cursor: '8' });
      expect((await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: ACC.partly }))!).toMatchObject({ amountDuePaise: FIRST_DUE.partly, postedNotApplied: null });
    } finally {
      tt.close();
      old.close();
    }
  });
});

describe('issue 19: the paid-due command (in-process, on a PGlite folder)', () => {
  const cliDir = tempDir('counterfoil-paid-due-cli-');
  const data = join(cliDir, 'up');
  afterAll(() => rmSync(cliDir, { recursive: true, force: true }));
  const run = async (...args: string[]): Promise<{ status: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      return { status: await main(['--data', data, ...args]), out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  };

  it('prints the latest check or an earlier one, lists them, exports one signed; a wrong argument is one line and changes nothing', async () => {
    dir = cliDir;
    expect(await run('paid-due')).toMatchObject({ status: 1, err: expect.stringContaining('no master has been imported yet') });
    expect((await run('import-consumers', master('cli-1.csv', [record('applied'), record('partly')]))).status).toBe(0);
    expect((await run('import-consumers', master('cli-2.csv', [record('applied', { amountDuePaise: 1 })]))).status).toBe(0);
    const latest = await run('paid-due');
    expect(latest.status, latest.err).toBe(0);
    const report = PaidDueReport.parse(JSON.parse(latest.out));
    expect(report.check).toMatchObject({ records: 1, accounts: 0, unknownPayments: 0, subject: expect.stringMatching(/^cli-2\.csv sha256:/) });
    const list = (await run('paid-due', '--check', 'list')).out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; records: number });
    expect(list.map((c) => c.records)).toEqual([1, 2]);
    expect(PaidDueReport.parse(JSON.parse((await run('paid-due', '--check', String(list[1]!.id))).out)).check.records).toBe(2);

    const exported = await run('paid-due', '--export', 'pdf', '--out', cliDir);
    expect(exported.status, exported.err).toBe(0);
    const written = JSON.parse(exported.out) as { file: string; manifest: string; name: string };
    expect(written.name).toBe('paid-still-due');
    expect(verifyExport(readFileSync(written.file), readFileSync(written.manifest, 'utf8'))).toMatchObject({ genuine: true, signer: { kind: 'centre' } });

    for (const bad of [['--check', 'x'], ['--check', '0'], ['--export', 'doc', '--out', cliDir], ['--export', 'csv'], ['--check', 'list', '--export', 'csv', '--out', cliDir]]) {
      const r = await run('paid-due', ...bad);
      expect(r.status, bad.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), bad.join(' ')).toHaveLength(1);
    }
    expect(await run('paid-due', '--check', '777')).toMatchObject({ status: 1, err: expect.stringContaining('there is no check 777') });
  }, 120_000);
});
