// Issue 18's proof: 10 terminals × 5 days through the real ledger and sync; the bank statement
// (camt.053, then MT940, then CSV) and the UPI and card settlement reports generated from them with
// the Kanpur failures planted (test/support/money-scenario.ts). Imported through the console as a
// finance user does, the monitor shows exactly the planted counter-days red, with the right
// differences and reasons, and nothing else red; every figure drills down to its slips and entries;
// the morning's exceptions report is exported signed; a finance user's acceptance is admin-logged.
// Bad files — balances that do not add up, an overlapping statement that says something else, an
// unknown column layout, a truncated XML, a 50 MB file — are each a clear error and import nothing.
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExport } from '../../core/reports/export.js';
import { DEFAULT_MONEY_SETTINGS, type AgeingRow, type CounterDayDetail, type MoneyExceptions, type MoneyMonitor, type MoneySettings, type OverShortRow, type ReceivableRow, type StatementEntryRow } from '../../shared/money-monitor.js';
import { serverKey, type ServerKey } from '../../upstream/crypto.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { consoleCookie, makeConsoleUser, ORIGIN } from '../support/console-users.js';
import {
  buildMoneyScenario, CARD_PROVIDER, multipartFile, SCENARIO_AS_OF, SCENARIO_BANK, SCENARIO_DAYS, syncScenario, UPI_PROVIDER, type MoneyScenario,
} from '../support/money-scenario.js';
import { settlementCsvOf } from '../support/statement-files.js';
import { makeTerminal, PINS } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

let scenario: MoneyScenario;
beforeAll(async () => {
  scenario = await buildMoneyScenario();
}, 120_000);
afterAll(() => scenario?.close());

describe.each(upstreamBackends())('issue 18: what the counters collected against what reached the bank ($name)', (backend) => {
  const clock = new Date(`${SCENARIO_AS_OF}T04:30:00.000Z`); // 10:00 IST, the morning after
  let sql: Sql;
  let key: ServerKey;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const headers = (who: string) => ({ host: 'localhost:80', origin: ORIGIN, cookie: cookies[who]! });
  const get = (url: string, who = 'finance') => app.inject({ method: 'GET', url: `/console/api/money${url}`, headers: headers(who) });
  const send = (method: 'POST' | 'PUT', url: string, payload: unknown, who = 'finance') => app.inject({ method, url: `/console/api/money${url}`, headers: headers(who), payload: payload as object });
  const upload = (url: string, name: string, bytes: Buffer | string, who = 'finance') => {
    const { payload, headers: h } = multipartFile(name, bytes);
    return app.inject({ method: 'POST', url: `/console/api/money${url}`, headers: { ...headers(who), ...h }, payload });
  };
  const terminalId = (i: number) => scenario.terminals[i]!.t.id;
  const held = async () => (await sql.query<{ s: string; l: string; f: string; x: string }>(
    'SELECT (SELECT COUNT(*) FROM bank_statements) AS s, (SELECT COUNT(*) FROM statement_lines) AS l, (SELECT COUNT(*) FROM settlement_files) AS f, (SELECT COUNT(*) FROM settlement_lines) AS x',
  ))[0];

  beforeAll(async () => {
    sql = await backend.open();
    key = await serverKey(sql);
    app = await buildServer(sql, { now: () => clock });
    await syncScenario(app, scenario, (substation, counter) => makeEnrollCode(sql, substation, counter));
    for (const role of ['finance', 'auditor', 'viewer'] as const) {
      const u = await makeConsoleUser(sql, key, `${role}1`, role, clock);
      cookies[role] = await consoleCookie(app, u, clock);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  it('a finance user saves the mappings and imports the three statements and two settlement reports; the same file again changes nothing', async () => {
    const csv = scenario.statements.find((s) => s.format === 'csv')!;
    expect((await send('PUT', '/mappings/bank', { bank: SCENARIO_BANK, mapping: csv.csv!.mapping })).statusCode).toBe(200);
    for (const s of scenario.settlements) expect((await send('PUT', '/mappings/provider', s.input)).statusCode).toBe(200);
    expect((await sql.query<{ subject: string }>("SELECT subject FROM admin_log WHERE action = 'money.mapping-saved' ORDER BY seq")).map((r) => r.subject))
      .toEqual([`bank ${SCENARIO_BANK}`, `provider ${UPI_PROVIDER}`, `provider ${CARD_PROVIDER}`]);
    // An auditor reads but does not import.
    expect((await upload('/statements?format=camt053', 'x.xml', scenario.statements[0]!.bytes, 'auditor')).statusCode).toBe(403);
    for (const s of scenario.statements) {
      const q = s.format === 'csv' ? `format=csv&bank=${encodeURIComponent(SCENARIO_BANK)}&account=${s.csv!.account}` : `format=${s.format}`;
      const r = await upload(`/statements?${q}`, s.name, s.bytes);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ repeated: false });
    }
    for (const s of scenario.settlements) {
      const r = await upload(`/settlements?provider=${s.input.provider}`, s.name, s.bytes);
      expect(r.statusCode, r.body).toBe(200);
    }
    const before = await held();
    const again = await upload('/statements?format=mt940', scenario.statements[1]!.name, scenario.statements[1]!.bytes);
    expect(again.json()).toMatchObject({ repeated: true, added: 0 });
    expect((await upload(`/settlements?provider=${UPI_PROVIDER}`, 'again.csv', scenario.settlements[0]!.bytes)).json()).toMatchObject({ repeated: true });
    expect(await held()).toEqual(before);
    const files = (await get('/files')).json() as { files: { kind: string; sha256: string }[] };
    expect(files.files.map((f) => f.kind).sort()).toEqual(['settlement', 'settlement', 'statement', 'statement', 'statement']);
    expect(files.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    // Each file is kept as it came, by its SHA-256.
    const [kept] = await sql.query<{ ok: boolean }>("SELECT encode(sha256(file_bytes), 'hex') = file_sha256 AS ok FROM bank_statements WHERE format = 'mt940'");
    expect(kept!.ok).toBe(true);
  });

  it('the monitor shows exactly the planted counter-days red, with their differences and reasons, and nothing else red', async () => {
    const r = await get(`/monitor?from=${SCENARIO_DAYS[0]}&to=${SCENARIO_DAYS.at(-1)}&asOf=${SCENARIO_AS_OF}`);
    expect(r.statusCode, r.body).toBe(200);
    const m = r.json() as MoneyMonitor;
    const red = m.rows.filter((x) => x.colour === 'red').map((x) => ({ terminalId: x.terminalId, day: x.businessDate, differencePaise: x.differencePaise, reasons: x.reasons.map((y) => y.reason) }));
    const expected = scenario.planted.map((p) => ({ terminalId: terminalId(p.terminal), day: p.day, differencePaise: p.differencePaise, reasons: [p.reason] }));
    const order = (a: { terminalId: string; day: string }, b: { terminalId: string; day: string }) => a.terminalId.localeCompare(b.terminalId) || a.day.localeCompare(b.day);
    expect(red.sort(order)).toEqual(expected.sort(order));
    expect(scenario.planted).toHaveLength(6);
    expect(m.counts).toEqual({ red: 6, yellow: 0, green: 10 * 5 - 6 });
    // Green days had fees shown and their money all in the bank.
    const greens = m.rows.filter((x) => x.colour === 'green');
    expect(greens.every((x) => x.differencePaise === 0 && x.owedPaise === 0)).toBe(true);
    expect(m.totals.feePaise).toBeGreaterThan(0);
    expect(m.totals.collectedPaise).toBe(scenario.collectedPaise);
  });

  it('each red day drills down to what is missing: the slip with no credit, the short credit and the rule that found it, the unsettled UPI receipts', async () => {
    const day = async (i: number, date: string) => (await get(`/days/${terminalId(i)}/${date}?asOf=${SCENARIO_AS_OF}`)).json() as CounterDayDetail;
    const notCredited = await day(1, SCENARIO_DAYS[2]!);
    expect(notCredited.slips).toHaveLength(1);
    expect(notCredited.slips[0]!.credits).toEqual([]);
    const short = await day(3, SCENARIO_DAYS[3]!);
    expect(short.slips[0]!.credits).toHaveLength(1);
    expect(short.slips[0]!.credits[0]!.match).toMatchObject({ kind: 'deposit', rule: 'slip' });
    expect(short.slips[0]!.credits[0]!.amountPaise).toBe(short.slips[0]!.cashPaise + short.slips[0]!.chequePaise - 500_00);
    const unsettled = await day(2, SCENARIO_DAYS[1]!);
    const upi = unsettled.payments.filter((p) => p.mode === 'upi');
    expect(upi.length).toBeGreaterThan(0);
    expect(upi.every((p) => p.settlement.length === 0)).toBe(true);
    expect(unsettled.payments.filter((p) => p.mode === 'card').every((p) => p.settlement.length === 1 && p.settlement[0]!.state === 'matched' && p.settlement[0]!.credited)).toBe(true);
    const returned = await day(4, SCENARIO_DAYS[1]!);
    expect(returned.returns).toHaveLength(1);
    expect(returned.returns[0]!.debit?.match).toMatchObject({ kind: 'cheque-return', rule: 'cheque-number' });
    const duplicate = await day(5, SCENARIO_DAYS[4]!);
    expect(duplicate.slips[0]!.credits).toHaveLength(2);
    // A viewer sees none of it.
    expect((await get(`/days/${terminalId(1)}/${SCENARIO_DAYS[2]}`, 'viewer')).statusCode).toBe(403);
  });

  it('undeposited cash ages by counter and cashier; the receivable carries what each counter owes', async () => {
    const ageing = (await get(`/ageing?asOf=${SCENARIO_AS_OF}`)).json() as { counters: AgeingRow[]; cashiers: AgeingRow[] };
    const notDeposited = scenario.planted.find((p) => p.reason === 'not-deposited')!;
    expect(ageing.counters).toEqual([expect.objectContaining({ terminalId: terminalId(0), totalPaise: -notDeposited.differencePaise, oldestDate: notDeposited.day })]);
    expect(ageing.counters[0]!.buckets['8-30']).toBe(-notDeposited.differencePaise);
    expect(ageing.cashiers.reduce((s, c) => s + c.totalPaise, 0)).toBe(-notDeposited.differencePaise);
    const rec = (await get(`/receivables?from=${SCENARIO_DAYS[0]}&asOf=${SCENARIO_AS_OF}`)).json() as { counters: ReceivableRow[] };
    const owed = Object.fromEntries(rec.counters.map((c) => [c.terminalId, c.owedPaise]));
    const plantedOwed = (i: number) => scenario.planted.filter((p) => p.terminal === i && p.reason !== 'cheque-returned').reduce((s, p) => s - p.differencePaise, 0);
    for (let i = 0; i < 10; i++) expect(owed[terminalId(i)], `terminal ${i + 1}`).toBe(plantedOwed(i));
  });

  it('the morning’s exceptions report lists the red days, the bank entries nothing explains, and exports signed as CSV, XLSX and PDF', async () => {
    const x = (await get(`/exceptions?asOf=${SCENARIO_AS_OF}`)).json() as MoneyExceptions;
    expect(x.redDays).toHaveLength(6);
    expect(x.unexplained.map((e) => e.narration).sort()).toEqual(['INTEREST CREDIT', 'SMS AND SERVICE CHARGES']);
    expect(x.settlement).toEqual([]);
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const r = await get(`/exceptions/export?asOf=${SCENARIO_AS_OF}&format=${format}`);
      expect(r.statusCode, r.body).toBe(200);
      const e = r.json() as { fileName: string; file: string; manifest: unknown };
      const bytes = Buffer.from(e.file, 'base64');
      const verdict = verifyExport(bytes, JSON.stringify(e.manifest), (await import('../../upstream/crypto.js')).publicKeyFromRaw(key.publicRaw));
      expect(verdict).toMatchObject({ genuine: true, count: 6 });
      if (format === 'csv') expect(bytes.toString('utf8')).toContain('Red counter-days');
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as unknown as ArrayBuffer);
        expect(wb.worksheets.map((w) => w.name)).toContain('Red counter-days');
        expect(wb.getWorksheet('Red counter-days')!.rowCount).toBe(2 + 6);
      }
      if (format === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const altered = Buffer.from(bytes);
      altered[altered.length - 3] = altered[altered.length - 3]! ^ 1;
      expect(verifyExport(altered, JSON.stringify(e.manifest)).genuine).toBe(false);
    }
  });

  it('a finance user accepts a difference with a note (admin-logged): the day turns green; a stale figure or an auditor is refused', async () => {
    const cheque = scenario.planted.find((p) => p.reason === 'cheque-returned')!;
    const body = { terminalId: terminalId(cheque.terminal), businessDate: cheque.day, differencePaise: cheque.differencePaise, note: 'consumer re-billed for the returned cheque' };
    expect((await send('POST', '/accept', body, 'auditor')).statusCode).toBe(403);
    expect((await send('POST', '/accept', { ...body, differencePaise: cheque.differencePaise + 1 })).statusCode).toBe(409);
    expect((await send('POST', '/accept', { ...body, note: 'ok' })).statusCode).toBe(400);
    expect((await send('POST', '/accept', body)).statusCode).toBe(200);
    const m = (await get(`/monitor?from=${cheque.day}&to=${cheque.day}&asOf=${SCENARIO_AS_OF}&terminal=${body.terminalId}`)).json() as MoneyMonitor;
    expect(m.rows[0]).toMatchObject({ colour: 'green', accepted: { note: body.note, by: 'finance1' } });
    const [entry] = await sql.query<{ actor: string; subject: string }>("SELECT actor, subject FROM admin_log WHERE action = 'money.accepted'");
    expect(entry).toEqual({ actor: 'finance1', subject: `${body.terminalId}/${cheque.day}` });
  });

  it('a provider line is unknown until its payment arrives, then matched as ingest takes the payment in; a second line is a duplicate, another amount a mismatch, a voided payment’s money to refund', async () => {
    const tt = await makeTerminal({ now: `${SCENARIO_DAYS[4]}T05:00:00.000Z`, counter: 'C11', substation: 'SS042' });
    try {
      const session = await tt.login('asha');
      const pay = (n: number, utr: string) => tt.call('payment.record', {
        session, idempotencyKey: `late-${n}-xxxxxxxx`, accountNo: '2100000007', amountPaise: 1_000_00 * n, autoOpenShift: true, mode: 'upi', instrument: { utr },
      });
      const a = await pay(1, '711100000001');
      await pay(2, '711100000002');
      const lines = [
        { line: 1, reference: '711100000001', amountPaise: 1_000_00, feePaise: 0, transactedOn: SCENARIO_DAYS[4]!, settledOn: '2026-12-05', batch: 'LATE1' },
        { line: 2, reference: '711100000001', amountPaise: 1_000_00, feePaise: 0, transactedOn: SCENARIO_DAYS[4]!, settledOn: '2026-12-05', batch: 'LATE1' },
        { line: 3, reference: '711100000002', amountPaise: 1_999_00, feePaise: 0, transactedOn: SCENARIO_DAYS[4]!, settledOn: '2026-12-05', batch: 'LATE1' },
        { line: 4, reference: '799999999999', amountPaise: 5_00, feePaise: 0, transactedOn: SCENARIO_DAYS[4]!, settledOn: '2026-12-05', batch: 'LATE1' },
      ];
      const file = settlementCsvOf(lines, 'late-acquirer', 'upi');
      expect((await send('PUT', '/mappings/provider', file.input)).statusCode).toBe(200);
      expect((await upload('/settlements?provider=late-acquirer', 'late.csv', file.text)).statusCode).toBe(200);
      const states = async () => (await sql.query<{ line: number; state: string }>(
        "SELECT l.line, l.state FROM settlement_lines l JOIN settlement_files f ON f.id = l.file_id WHERE f.provider = 'late-acquirer' ORDER BY l.line",
      )).map((r) => r.state);
      expect(await states()).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
      // The counter syncs: its payments find the lines waiting for them as they are taken in, no reconcile needed.
      const code = await makeEnrollCode(sql, 'SS042', 'C11');
      await syncScenario(app, { ...scenario, terminals: [tt] }, async () => code, ['C11']);
      expect(await states()).toEqual(['matched', 'duplicate', 'amount-mismatch', 'unknown']);
      await tt.call('payment.void', { session, receiptNo: a.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'paid twice' });
      await syncScenario(app, { ...scenario, terminals: [tt] }, async () => code, ['C11'], false);
      expect(await states()).toEqual(['settled-voided', 'duplicate', 'amount-mismatch', 'unknown']);
      // A reconcile changes nothing of it.
      expect((await send('POST', '/reconcile', { from: SCENARIO_DAYS[0], to: SCENARIO_AS_OF })).statusCode).toBe(200);
      expect(await states()).toEqual(['settled-voided', 'duplicate', 'amount-mismatch', 'unknown']);
      const x = (await get(`/exceptions?asOf=${SCENARIO_AS_OF}`)).json() as MoneyExceptions;
      expect(x.settlement.map((l) => l.state).sort()).toEqual(['amount-mismatch', 'duplicate', 'settled-voided', 'unknown']);
    } finally {
      tt.close();
    }
  });

  it('a cashier short at three shift closes within 30 days stands out; settings are finance’s to change, admin-logged, and checked', async () => {
    const tt = await makeTerminal({ now: `${SCENARIO_DAYS[0]}T04:30:00.000Z`, counter: 'C12', substation: 'SS042' });
    try {
      for (const day of SCENARIO_DAYS.slice(0, 3)) {
        tt.clock.now = new Date(`${day}T04:30:00.000Z`);
        const session = await tt.login('ravi');
        await tt.call('payment.record', { session, idempotencyKey: `short-${day}-xxxxxxxx`, accountNo: '2100000007', amountPaise: 1_000_00, autoOpenShift: true, mode: 'cash' });
        await tt.call('shift.close', { session, count: { notes: {}, coinsPaise: 900_00 }, remark: 'short by a hundred', approval: { user: 'meena', pin: PINS.meena } });
      }
      const code = await makeEnrollCode(sql, 'SS042', 'C12');
      await syncScenario(app, { terminals: [tt] }, async () => code, ['C12']);
      const r = (await get(`/over-short?from=${SCENARIO_DAYS[0]}&to=${SCENARIO_DAYS.at(-1)}`)).json() as { cashiers: OverShortRow[] };
      expect(r.cashiers[0]).toMatchObject({ cashier: 'ravi', shortages: 3, shortPaise: 300_00, recentShortages: 3, flagged: true });
      expect(r.cashiers.filter((c) => c.flagged)).toHaveLength(1);
      const x = (await get(`/exceptions?asOf=${SCENARIO_AS_OF}`)).json() as MoneyExceptions;
      expect(x.flaggedCashiers.map((c) => c.cashier)).toEqual(['ravi']);
    } finally {
      tt.close();
    }
    const settings = (await get('/settings')).json() as MoneySettings;
    expect(settings).toEqual(DEFAULT_MONEY_SETTINGS);
    expect((await send('PUT', '/settings', { ...settings, tolerancePaise: 100 }, 'auditor')).statusCode).toBe(403);
    expect((await send('PUT', '/settings', { ...settings, tolerancePaise: -1 })).statusCode).toBe(400);
    expect((await send('PUT', '/settings', { ...settings, holidays: ['2026-12-25'], tolerancePaise: 100 })).statusCode).toBe(200);
    expect((await get('/settings')).json()).toMatchObject({ tolerancePaise: 100, holidays: ['2026-12-25'] });
    const [entry] = await sql.query<{ actor: string }>("SELECT actor FROM admin_log WHERE action = 'money.settings-changed'");
    expect(entry).toEqual({ actor: 'finance1' });
    expect((await send('PUT', '/settings', DEFAULT_MONEY_SETTINGS)).statusCode).toBe(200);
  });

  it('bad files are each a clear error and import nothing', async () => {
    const before = await held();
    const camt = scenario.statements[0]!.bytes.toString('utf8');
    const refused = async (url: string, name: string, bytes: Buffer | string, status: number, error: string, says: RegExp) => {
      const r = await upload(url, name, bytes);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json()).toMatchObject({ error });
      expect(r.json().message).toMatch(says);
      expect(await held()).toEqual(before);
    };
    // The closing balance one rupee off.
    const unbalanced = camt.replace(/(<Tp><CdOrPrtry><Cd>CLBD<\/Cd><\/CdOrPrtry><\/Tp>\s*<Amt Ccy="INR">)(\d+)\.(\d\d)/, (_m, head: string, r: string, p: string) => `${head}${Number(r) + 1}.${p}`);
    expect(unbalanced).not.toBe(camt);
    await refused('/statements?format=camt053', 'unbalanced.xml', unbalanced, 422, 'unbalanced', /closing/i);
    await refused('/statements?format=camt053', 'truncated.xml', camt.slice(0, Math.floor(camt.length / 2)), 422, 'malformed', /./);
    // The same dates as the MT940 statement, an entry said differently.
    const mt = scenario.statements[1]!.bytes.toString('utf8');
    const overlapping = mt.replace(/FUNDS INSUFFICIENT|SS042 C1\b/, (w) => `${w} X`);
    expect(overlapping).not.toBe(mt);
    await refused('/statements?format=mt940', 'overlap.sta', overlapping, 409, 'overlap', /overlaps statement/);
    // A CSV whose header is not the saved mapping's.
    const csv = scenario.statements[2]!;
    const renamed = csv.bytes.toString('utf8').replace('Description', 'Particulars');
    expect(renamed).not.toBe(csv.bytes.toString('utf8'));
    await refused(`/statements?format=csv&bank=${encodeURIComponent(SCENARIO_BANK)}&account=${csv.csv!.account}`, 'layout.csv', renamed, 422, 'unknown_layout', /Particulars/);
    await refused('/statements?format=camt053', 'huge.xml', Buffer.alloc(50 * 1024 * 1024, 0x20), 413, 'too_large', /MB/);
    await refused(`/settlements?provider=${CARD_PROVIDER}`, 'card.csv', scenario.settlements[1]!.bytes.toString('utf8').replace(/\r?\n[^\r\n]+\s*$/, '\nnot,a,line,at,all,x,y'), 422, 'bad_line', /./);
    expect((await upload('/statements?format=csv', 'no-bank.csv', 'a,b')).statusCode).toBe(400);
  });

  it('a finance user matches a credit no rule explained to a slip by hand, with a note (admin-logged); the entry cannot be matched twice, nor a debit', async () => {
    const planted = scenario.planted.find((p) => p.reason === 'not-credited')!;
    const day = (await get(`/days/${terminalId(planted.terminal)}/${planted.day}?asOf=${SCENARIO_AS_OF}`)).json() as CounterDayDetail;
    const slip = day.slips[0]!;
    const free = ((await get(`/entries?from=2026-12-01&to=2026-12-08&unexplained=1`)).json() as { entries: StatementEntryRow[] }).entries;
    const interest = free.find((e) => e.narration === 'INTEREST CREDIT')!;
    const charges = free.find((e) => e.direction === 'debit')!;
    const body = { lineId: interest.lineId, terminalId: terminalId(planted.terminal), depositSeq: slip.seq, note: 'the bank booked the slip as interest by mistake' };
    expect((await send('POST', '/match', body, 'auditor')).statusCode).toBe(403);
    expect((await send('POST', '/match', { ...body, lineId: charges.lineId })).statusCode).toBe(404);
    expect((await send('POST', '/match', body)).statusCode).toBe(200);
    expect((await send('POST', '/match', body)).statusCode).toBe(409);
    const after = (await get(`/days/${terminalId(planted.terminal)}/${planted.day}?asOf=${SCENARIO_AS_OF}`)).json() as CounterDayDetail;
    expect(after.slips[0]!.credits.map((c) => c.match)).toEqual([expect.objectContaining({ rule: 'manual', by: 'finance1', note: body.note })]);
    const [entry] = await sql.query<{ actor: string; subject: string }>("SELECT actor, subject FROM admin_log WHERE action = 'money.matched'");
    expect(entry).toEqual({ actor: 'finance1', subject: `entry ${interest.lineId}` });
  });
});
