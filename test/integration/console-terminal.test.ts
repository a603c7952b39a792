// Issue 17: the terminal page and acting on what it shows. A real terminal's journal (payments in
// two modes, a void) reaches the centre; the page gives its days by mode with voids, its keys and
// the seqs each signs; every payment drills down to its signed event, its signature checked
// again (a hand-edited body shows as invalid); an admin declares the counter out of service for
// days it did not trade (the census stops counting them unclosed), and acknowledges and resolves
// alerts with notes — each an admin-log entry; bad input changes nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRow, HeldPayment, SignedEventView, TerminalPage } from '../../shared/console-api.js';
import { addDays, businessDate } from '../../shared/dates.js';
import { READ_HEADERS, readSigningText } from '../../shared/upstream-api.js';
import { listAdminLog, verifyAdminLog } from '../../upstream/admin-log.js';
import { raiseAlert } from '../../upstream/alerts.js';
import { serverKey, type ServerKey } from '../../upstream/crypto.js';
import { fleetCensus } from '../../upstream/census.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { consoleCookie, makeConsoleUser, ORIGIN, type TestUser } from '../support/console-users.js';
import { makeTerminal, PINS, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

describe.each(upstreamBackends())('issue 17: the terminal page, out of service, alerts acted on ($name)', (backend) => {
  let tt: TestTerminal;
  let sql: Sql;
  let key: ServerKey;
  let app: FastifyInstance;
  let clock = new Date();
  const users = {} as Record<'admin' | 'finance' | 'viewer', TestUser>;
  const cookies = {} as Record<'admin' | 'finance' | 'viewer', string>;
  const today = () => businessDate(clock);

  const call = (method: 'GET' | 'POST', url: string, who: keyof typeof cookies, payload?: unknown) =>
    app.inject({ method, url, headers: { host: 'localhost:80', origin: ORIGIN, cookie: cookies[who] }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    // The terminal's clock and the centre's agree with the database's now(), which stamps enrollment.
    tt = await makeTerminal({ now: clock.toISOString() });
    const session = await tt.login('asha');
    const base = (i: number) => ({ session, idempotencyKey: `console-terminal-${i}-xxxx`, accountNo: '2100000007', amountPaise: 10_000 * (i + 1), autoOpenShift: true });
    const pay = (i: number, mode: 'cash' | 'upi') =>
      mode === 'cash' ? tt.call('payment.record', { ...base(i), mode }) : tt.call('payment.record', { ...base(i), mode, instrument: { utr: `12345678901${i}` } });
    await pay(0, 'cash');
    await pay(1, 'cash');
    await pay(2, 'upi');
    const first = tt.t.db.prepare('SELECT receipt_no FROM payments ORDER BY seq LIMIT 1').get() as { receipt_no: string };
    await tt.call('payment.void', { session, receiptNo: first.receipt_no, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'typed twice' });
    // A cheque that bounces the same day, and the shift closed with a variance.
    const cheque = await tt.call('payment.record', { ...base(3), mode: 'cheque', instrument: { number: '123456', bank: 'State Bank of India', date: businessDate(clock) } });
    const supervisor = (await tt.call('auth.login', { user: 'meena', pin: PINS.meena })).session;
    await tt.call('cheque.return', { session: supervisor, receiptNo: cheque.receiptNo, returnedOn: businessDate(clock), reason: 'signature differs' });
    await tt.call('shift.close', { session, count: { notes: { '100': 3 }, coinsPaise: 0 } });

    sql = await backend.open();
    key = await serverKey(sql);
    app = await buildServer(sql, { now: () => clock });
    const code = await makeEnrollCode(sql, 'SS042', 'C1');
    const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
    expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: 'C1' } })).statusCode).toBe(200);
    const events = (tt.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[])
      .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
    expect((await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events } })).statusCode).toBe(200);

    users.admin = await makeConsoleUser(sql, key, 'admin1', 'admin', clock);
    users.finance = await makeConsoleUser(sql, key, 'finance1', 'finance', clock);
    users.viewer = await makeConsoleUser(sql, key, 'viewer1', 'viewer', clock);
    clock = new Date(clock.getTime() + 31_000);
    for (const who of ['admin', 'finance', 'viewer'] as const) cookies[who] = await consoleCookie(app, users[who], clock);
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    tt?.close();
  });

  it('the page gives today by mode with the void apart, the key and the seqs it signs, the census row', async () => {
    const r = await call('GET', `/console/api/terminals/${tt.t.id}`, 'viewer');
    expect(r.statusCode).toBe(200);
    const page = r.json() as TerminalPage;
    const held = (tt.t.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
    expect(page.terminal).toMatchObject({ terminalId: tt.t.id, substation: 'SS042', counter: 'C1', paymentsToday: 4, eventsToday: held });
    expect(page.keys).toEqual([{ keyId: page.terminal.keyId, fromSeq: 1, toSeq: null }]);
    const day = page.days.find((d) => d.businessDate === today())!;
    expect(day).toMatchObject({ payments: 3, amountPaise: 90_000, voids: 1, voidedPaise: 10_000, late: 0, closed: null });
    expect(day.byMode).toEqual([
      { mode: 'cash', payments: 1, amountPaise: 20_000 }, { mode: 'cheque', payments: 1, amountPaise: 40_000 }, { mode: 'upi', payments: 1, amountPaise: 30_000 },
    ]);
    expect(day.returnedCheques).toEqual([expect.objectContaining({ receiptNo: expect.stringMatching(/-000004$/), amountPaise: 40_000, reason: 'signature differs', recordedBy: 'meena' })]);
    expect(day.shiftCloses).toEqual([expect.objectContaining({ shiftId: 1, closedBy: 'asha', countedPaise: 30_000 })]);
    expect((await call('GET', '/console/api/terminals/T00000000000F', 'viewer')).statusCode).toBe(404);
    expect((await call('GET', '/console/api/terminals/not-a-terminal', 'viewer')).statusCode).toBe(404);
  });

  it('each payment drills down to its signed event, the signature checked again; an event edited in the database shows invalid; a viewer sees no receipts', async () => {
    const r = await call('GET', `/console/api/terminals/${tt.t.id}/days/${today()}`, 'finance');
    expect(r.statusCode).toBe(200);
    const { payments } = r.json() as { payments: HeldPayment[] };
    expect(payments.map((p) => [p.amountPaise, p.mode, p.voided, p.signature])).toEqual([[10_000, 'cash', true, 'valid'], [20_000, 'cash', false, 'valid'], [30_000, 'upi', false, 'valid'], [40_000, 'cheque', false, 'valid']]);
    const event = (await call('GET', `/console/api/terminals/${tt.t.id}/events/${payments[1]!.seq}`, 'finance')).json() as SignedEventView;
    expect(event).toMatchObject({ seq: payments[1]!.seq, type: 'payment.recorded', signature: 'valid' });
    expect(JSON.parse(event.body)).toMatchObject({ seq: payments[1]!.seq, type: 'payment.recorded' });
    expect((await call('GET', `/console/api/terminals/${tt.t.id}/days/${today()}`, 'viewer')).statusCode).toBe(403);
    expect((await call('GET', `/console/api/terminals/${tt.t.id}/days/2026-13-01`, 'finance')).statusCode).toBe(404);

    await sql.query("UPDATE events SET body = replace(body, '\"amountPaise\":20000', '\"amountPaise\":2000') WHERE terminal_id = $1 AND seq = $2", [tt.t.id, payments[1]!.seq]);
    const edited = (await call('GET', `/console/api/terminals/${tt.t.id}/events/${payments[1]!.seq}`, 'finance')).json() as SignedEventView;
    expect(edited.body).toContain('"amountPaise":2000,');
    expect(edited.signature).toBe('invalid');
    const again = (await call('GET', `/console/api/terminals/${tt.t.id}/days/${today()}`, 'finance')).json() as { payments: HeldPayment[] };
    expect(again.payments[1]!.signature).toBe('invalid');
  });

  it('an admin declares days out of service: the census stops counting them unclosed; the declaration is in the admin log; a finance user and bad dates are refused, writing nothing', async () => {
    // Enrolled today: move the clock on three days so there are unclosed days to declare.
    clock = new Date(clock.getTime() + 3 * 86_400_000);
    for (const who of ['admin', 'finance', 'viewer'] as const) cookies[who] = await consoleCookie(app, users[who], clock);
    const enrolledOn = addDays(today(), -3);
    const before = (await call('GET', `/console/api/terminals/${tt.t.id}`, 'viewer')).json() as TerminalPage;
    expect(before.terminal.unclosedDays).toEqual([enrolledOn, addDays(enrolledOn, 1), addDays(enrolledOn, 2)]);
    expect(before.terminal.light).toBe('red');

    const body = { from: addDays(enrolledOn, 1), to: addDays(enrolledOn, 2), reason: 'substation closed for Diwali' };
    expect((await call('POST', `/console/api/terminals/${tt.t.id}/out-of-service`, 'finance', body)).statusCode).toBe(403);
    for (const bad of [{ ...body, to: addDays(enrolledOn, 0), from: addDays(enrolledOn, 2) }, { ...body, from: '2026-02-30' }, { ...body, reason: '' }, { ...body, from: '2025-01-01', to: '2026-12-31' }]) {
      expect((await call('POST', `/console/api/terminals/${tt.t.id}/out-of-service`, 'admin', bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await sql.query('SELECT 1 FROM out_of_service')).length).toBe(0);
    const ok = await call('POST', `/console/api/terminals/${tt.t.id}/out-of-service`, 'admin', body);
    expect(ok.statusCode).toBe(200);

    const after = (await call('GET', `/console/api/terminals/${tt.t.id}`, 'viewer')).json() as TerminalPage;
    expect(after.terminal.unclosedDays).toEqual([enrolledOn]);
    expect(after.outOfService).toEqual([{ ...body, declaredBy: 'admin1', declaredAt: clock.toISOString() }]);
    expect(after.days.filter((d) => d.outOfService).map((d) => d.businessDate)).toEqual([]);
    const [entry] = await listAdminLog(sql, 1);
    expect(entry).toMatchObject({ actor: 'admin1', action: 'terminal.out-of-service', subject: tt.t.id, after: { from: body.from, to: body.to }, note: body.reason });
  });

  it('a terminal in touch only by signed reads (nothing new to send) stays in touch after the read itself is forgotten, with its clock skew', async () => {
    const time = new Date(clock.getTime() + 90_000).toISOString(); // its clock 90 s ahead
    const path = `/v1/terminals/${tt.t.id}/head`;
    const head = await app.inject({
      method: 'GET', url: path,
      headers: { [READ_HEADERS.time]: time, [READ_HEADERS.signature]: tt.t.signer.sign(readSigningText(path, time)).toString('base64url') },
    });
    expect(head.statusCode, head.body).toBe(200);
    const readAt = clock.toISOString();
    // The read is kept only while it could be replayed; the next reads prune it.
    await sql.query('DELETE FROM signed_reads');
    clock = new Date(clock.getTime() + 10 * 60_000);
    const page = (await call('GET', `/console/api/terminals/${tt.t.id}`, 'viewer')).json() as TerminalPage;
    expect(page.terminal).toMatchObject({ lastContactAt: readAt, clockSkewSeconds: 90 });
    expect(page.terminal.reasons.map((r) => r.code)).not.toContain('silent');
  });

  it('alerts are acknowledged and resolved by a named user with a note; a resolved repeating alert opens anew when it recurs; each act is in the admin log', async () => {
    await raiseAlert(sql, { kind: 'gap', terminalId: tt.t.id, source: '10.0.0.9', detail: { message: 'a gap at seq 40' } });
    const open = async () => ((await call('GET', '/console/api/alerts?state=open', 'viewer')).json() as { alerts: AlertRow[] }).alerts.filter((a) => a.kind === 'gap');
    const [gap] = await open();
    expect(gap).toMatchObject({ count: 1, acknowledged: null, resolved: null });
    expect((await call('POST', `/console/api/alerts/${gap!.id}/acknowledge`, 'viewer', { note: 'looking' })).statusCode).toBe(403);
    expect((await call('POST', `/console/api/alerts/${gap!.id}/resolve`, 'admin', { note: ' ' })).statusCode).toBe(400);
    expect((await call('POST', '/console/api/alerts/999999/resolve', 'admin', { note: 'no such alert' })).statusCode).toBe(404);
    const ack = await call('POST', `/console/api/alerts/${gap!.id}/acknowledge`, 'admin', { note: 'calling the substation' });
    expect(ack.json()).toMatchObject({ acknowledged: { by: 'admin1', note: 'calling the substation' }, resolved: null });
    const resolved = await call('POST', `/console/api/alerts/${gap!.id}/resolve`, 'admin', { note: 'the PC was re-imaged; the journal re-sent whole' });
    expect(resolved.json()).toMatchObject({ acknowledged: { by: 'admin1' }, resolved: { by: 'admin1', note: 'the PC was re-imaged; the journal re-sent whole' } });
    expect((await call('POST', `/console/api/alerts/${gap!.id}/resolve`, 'admin', { note: 'again' })).statusCode).toBe(409);
    expect(await open()).toEqual([]);

    await raiseAlert(sql, { kind: 'gap', terminalId: tt.t.id, source: '10.0.0.9', detail: { message: 'a gap at seq 41' } });
    const [recurred] = await open();
    expect(recurred!.id).not.toBe(gap!.id);
    expect(recurred).toMatchObject({ count: 1, resolved: null });
    const resolvedList = ((await call('GET', '/console/api/alerts?state=resolved', 'viewer')).json() as { alerts: AlertRow[] }).alerts;
    expect(resolvedList.map((a) => a.id)).toContain(gap!.id);

    const log = (await listAdminLog(sql, 10)).filter((e) => e.subject === `alert:${gap!.id}`).reverse();
    expect(log.map((e) => [e.actor, e.action, e.note])).toEqual([
      ['admin1', 'alert.acknowledged', 'calling the substation'],
      ['admin1', 'alert.resolved', 'the PC was re-imaged; the journal re-sent whole'],
    ]);
    expect((await verifyAdminLog(sql, key.publicRaw)).ok).toBe(true);
  });
});

describe.each(upstreamBackends())('issue 17 #4: a replacement terminal planned for a counter ($name)', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let cookie = '';
  let admin: TestUser;
  const terminals: TestTerminal[] = [];
  const start = new Date();
  let clock = start;

  beforeAll(async () => {
    sql = await backend.open();
    const key = await serverKey(sql);
    app = await buildServer(sql, { now: () => clock });
    admin = await makeConsoleUser(sql, key, 'admin1', 'admin', clock);
    cookie = await consoleCookie(app, admin, clock);
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    for (const tt of terminals) tt.close();
  });

  const enroll = async (code: string) => {
    const tt = await makeTerminal({ now: clock.toISOString() });
    terminals.push(tt);
    const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
    const r = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: 'C1' } });
    expect(r.statusCode, r.body).toBe(200);
    return tt;
  };
  const codeFor = (body: object) => app.inject({ method: 'POST', url: '/console/api/enroll-codes', payload: body, headers: { host: 'localhost:80', origin: ORIGIN, cookie } });

  it('the new terminal enrolling with the code marks the old one replaced: no longer expected to call or close days after that day, its key still good for what it has not sent', async () => {
    const old = await enroll(((await codeFor({ substation: 'SS042', counter: 'C1' })).json() as { code: string }).code);
    // Three days on, the old PC has died without a word; the admin plans its replacement.
    clock = new Date(start.getTime() + 3 * 86_400_000);
    cookie = await consoleCookie(app, admin, clock);
    expect((await codeFor({ substation: 'SS042', counter: 'C2', replaces: old.t.id })).statusCode).toBe(409); // another counter
    expect((await codeFor({ substation: 'SS042', counter: 'C1', replaces: 'T00000000000F' })).statusCode).toBe(409);
    const planned = await codeFor({ substation: 'SS042', counter: 'C1', replaces: old.t.id });
    expect(planned.json()).toMatchObject({ replaces: old.t.id });
    const before = (await fleetCensus(sql, clock)).find((c) => c.terminalId === old.t.id)!;
    expect(before).toMatchObject({ light: 'red', replacedBy: null });
    const fresh = await enroll((planned.json() as { code: string }).code);

    const after = (await fleetCensus(sql, clock)).find((c) => c.terminalId === old.t.id)!;
    expect(after).toMatchObject({ replacedBy: fresh.t.id, replacedAt: clock.toISOString() });
    expect(after.reasons.map((r) => r.code)).not.toContain('silent');
    // Its days before the replacement are still owed: closing them, or declaring them, is what clears it.
    expect(after.unclosedDays).toHaveLength(3);
    const log = await listAdminLog(sql, 5);
    expect(log.find((e) => e.action === 'terminal.replaced')).toMatchObject({ subject: old.t.id, after: { replacedBy: fresh.t.id }, actor: `enrollment:${fresh.t.id}` });
    // The old key is not revoked: its unsent journal (a bundle from its disk) is still taken in.
    const events = (old.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[]).map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
    expect((await app.inject({ method: 'POST', url: `/v1/terminals/${old.t.id}/journal`, payload: { events } })).statusCode).toBe(200);
    expect((await codeFor({ substation: 'SS042', counter: 'C1', replaces: old.t.id })).json()).toMatchObject({ error: 'bad_replacement', message: expect.stringMatching(/already replaced/) });
  });
});
