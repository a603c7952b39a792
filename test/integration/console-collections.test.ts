// Issue 17 #5: the centre's collections report from the signed journals it holds — by day,
// substation, counter, mode and cashier, voids apart, late entries counted — and its CSV and XLSX
// exports with a manifest signed by the server key (contract counterfoil-central-export/1) that
// `counterfoil verify-export` says is GENUINE, and ALTERED after one byte changes or under
// another key. Only finance, auditor (and no one else) read it; a bad query changes nothing.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionsReport } from '../../shared/console-api.js';
import { businessDate } from '../../shared/dates.js';
import { CentralExportManifest } from '../../shared/export-manifest.js';
import { verifyExport } from '../../core/reports/export.js';
import { publicKeyFromRaw, serverKey, type ServerKey } from '../../upstream/crypto.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { consoleCookie, makeConsoleUser, ORIGIN } from '../support/console-users.js';
import { counterfoil } from '../support/launcher.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

describe.each(upstreamBackends())('issue 17 #5: collections held centrally, and signed exports ($name)', (backend) => {
  const clock = new Date();
  const today = businessDate(clock);
  const dir = tempDir('counterfoil-collections-');
  let terminals: TestTerminal[] = [];
  let sql: Sql;
  let key: ServerKey;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const get = (url: string, who: string) => app.inject({ method: 'GET', url, headers: { host: 'localhost:80', origin: ORIGIN, cookie: cookies[who] } });

  beforeAll(async () => {
    sql = await backend.open();
    key = await serverKey(sql);
    app = await buildServer(sql, { now: () => clock });
    // Two counters: C1 takes cash and UPI from asha and ravi and voids one; C2 takes cash from asha.
    for (const [i, plan] of [[['asha', 'cash', 10_000], ['asha', 'upi', 20_000], ['ravi', 'cash', 40_000], ['asha', 'cash', 15_000]], [['asha', 'cash', 70_000]]].entries()) {
      const tt = await makeTerminal({ now: clock.toISOString() });
      terminals.push(tt);
      for (const [n, [who, mode, paise]] of (plan as [string, string, number][]).entries()) {
        const session = await tt.login(who as 'asha');
        const base = { session, idempotencyKey: `collections-${i}-${n}-xxxx`, accountNo: '2100000007', amountPaise: paise, autoOpenShift: true };
        const r = mode === 'upi' ? await tt.call('payment.record', { ...base, mode: 'upi', instrument: { utr: `99887766554${n}` } }) : await tt.call('payment.record', { ...base, mode: 'cash' });
        if (n === 3) await tt.call('payment.void', { session, receiptNo: r.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
      }
      const counter = `C${i + 1}`;
      const code = await makeEnrollCode(sql, 'SS042', counter);
      const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
      expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter } })).statusCode).toBe(200);
      const events = (tt.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[]).map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
      expect((await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events } })).statusCode).toBe(200);
    }
    // One payment marked as arriving after its day was reported closed (what ingest projects then:
    // the payment's flag and its day's count; upstream-trust-holes #11 makes one through ingest).
    await sql.query('UPDATE payments SET late = true WHERE terminal_id = $1 AND amount_paise = 70000', [terminals[1]!.t.id]);
    await sql.query('UPDATE collections_daily SET late = late + 1 WHERE terminal_id = $1', [terminals[1]!.t.id]);
    for (const role of ['finance', 'auditor', 'viewer', 'admin'] as const) {
      const u = await makeConsoleUser(sql, key, `${role}1`, role, clock);
      cookies[role] = await consoleCookie(app, u, clock);
    }
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    for (const tt of terminals) tt.close();
    terminals = [];
  });

  it('the daily collections ingest keeps agree with the payments they come from', async () => {
    const fromPayments = await sql.query(
      `SELECT terminal_id, to_char(business_date, 'YYYY-MM-DD') AS day, mode, cashier,
              COUNT(*) FILTER (WHERE voided_seq IS NULL)::int AS payments, COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NULL), 0)::int AS amount,
              COUNT(*) FILTER (WHERE voided_seq IS NOT NULL)::int AS voids, COALESCE(SUM(amount_paise) FILTER (WHERE voided_seq IS NOT NULL), 0)::int AS voided,
              COUNT(*) FILTER (WHERE late)::int AS late
         FROM payments GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    const kept = await sql.query(
      `SELECT terminal_id, to_char(business_date, 'YYYY-MM-DD') AS day, mode, cashier, payments::int, amount_paise::int AS amount, voids::int, voided_paise::int AS voided, late::int
         FROM collections_daily ORDER BY 1, 2, 3, 4`,
    );
    expect(kept).toEqual(fromPayments);
    expect(kept.length).toBe(4);
  });

  it('groups by counter and mode, by cashier, and not at all; voids apart, late entries counted', async () => {
    const [c1, c2] = terminals.map((t) => t.t.id);
    const byCounterMode = (await get(`/console/api/collections?from=${today}&to=${today}&by=counter,mode`, 'finance')).json() as CollectionsReport;
    expect(byCounterMode.rows.map((r) => [r.counter, r.terminalId, r.mode, r.payments, r.amountPaise, r.voids, r.voidedPaise, r.late])).toEqual([
      ['C1', c1, 'cash', 2, 50_000, 1, 15_000, 0],
      ['C1', c1, 'upi', 1, 20_000, 0, 0, 0],
      ['C2', c2, 'cash', 1, 70_000, 0, 0, 1],
    ]);
    expect(byCounterMode.totals).toEqual({ payments: 4, amountPaise: 140_000, voids: 1, voidedPaise: 15_000, late: 1 });
    const byCashier = (await get(`/console/api/collections?from=${today}&to=${today}&by=cashier`, 'auditor')).json() as CollectionsReport;
    expect(byCashier.rows.map((r) => [r.cashier, r.payments, r.amountPaise])).toEqual([['asha', 3, 100_000], ['ravi', 1, 40_000]]);
    const whole = (await get(`/console/api/collections?from=${today}&to=${today}&substation=SS042`, 'finance')).json() as CollectionsReport;
    expect(whole.rows).toEqual([{ payments: 4, amountPaise: 140_000, voids: 1, voidedPaise: 15_000, late: 1 }]);
  });

  it('refuses a viewer and an admin, and a bad query, with a clear message', async () => {
    expect((await get(`/console/api/collections?from=${today}&to=${today}`, 'viewer')).statusCode).toBe(403);
    expect((await get(`/console/api/collections?from=${today}&to=${today}`, 'admin')).statusCode).toBe(403);
    for (const [q, message] of [
      [`from=${today}&to=2020-01-01`, /the last not before the first/],
      ['from=2025-01-01&to=2026-12-31', /at most 366 days/],
      [`from=${today}&to=${today}&by=mode,colour`, /by/],
      [`from=${today}&to=${today}&by=mode,mode`, /each once/],
      [`from=${today}`, /to/],
    ] as const) {
      const r = await get(`/console/api/collections?${q}`, 'finance');
      expect(r.statusCode, q).toBe(400);
      expect(r.json().message, q).toMatch(message);
    }
  });

  it('a CSV export with its manifest signed by the server key: verify-export says GENUINE pinned to the centre key, ALTERED after one byte or under another key', async () => {
    const r = await get(`/console/api/collections/export?from=${today}&to=${today}&by=counter,mode&format=csv`, 'finance');
    expect(r.statusCode).toBe(200);
    const { fileName, file, manifest } = r.json() as { fileName: string; file: string; manifest: unknown };
    const m = CentralExportManifest.parse(manifest);
    expect(m).toMatchObject({ generatedBy: 'finance1', report: { name: 'collections', by: ['counter', 'mode'], rows: 3, payments: 4, amountPaise: 140_000, voids: 1, late: 1 } });
    const bytes = Buffer.from(file, 'base64');
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFF"Substation","Counter","Terminal","Mode","Payments","Amount (₹)","Amount (paise)","Voids","Voided (₹)","Late entries"');
    expect(text).toContain('"Total","","","","4","1400.00","140000","1","150.00","1"');

    const csv = join(dir, fileName);
    writeFileSync(csv, bytes);
    writeFileSync(`${csv}.manifest.json`, JSON.stringify(manifest));
    const pem = join(dir, 'centre.pem');
    writeFileSync(pem, publicKeyFromRaw(key.publicRaw).export({ format: 'pem', type: 'spki' }));
    const genuine = counterfoil('verify-export', csv, '--key', pem);
    expect(genuine.code, genuine.err).toBe(0);
    expect(genuine.out).toMatch(/^GENUINE: the centre's collections \d{4}-\d{2}-\d{2}, 4 payments, ₹1,400\.00, signed by the centre's key [0-9a-f]{16}$/);

    const other = join(dir, 'other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const wrongKey = counterfoil('verify-export', csv, '--key', other);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toMatch(/^ALTERED: signed by key [0-9a-f]{16}, not by the centre’s key/);

    writeFileSync(csv, Buffer.from(text.replace('"70000"', '"7000"'), 'utf8'));
    const edited = counterfoil('verify-export', csv, '--key', pem);
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/^ALTERED: the file is not the one signed/);
  });

  it('an XLSX export opens with the same rows and verifies under the centre key', async () => {
    const r = (await get(`/console/api/collections/export?from=${today}&to=${today}&by=cashier&format=xlsx`, 'auditor')).json() as { file: string; manifest: unknown };
    const bytes = Buffer.from(r.file, 'base64');
    expect(verifyExport(bytes, JSON.stringify(r.manifest), publicKeyFromRaw(key.publicRaw))).toMatchObject({ genuine: true, signer: { kind: 'centre' }, count: 4, totalPaise: 140_000 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('Collections')!.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(1, 3));
    expect(rows).toEqual([['Cashier', 'Payments'], ['asha', 3], ['ravi', 1], ['Total', 4]]);
  });
});
