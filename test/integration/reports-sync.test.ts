// The events the reports add — day.closed, deposit.recorded, cheque.returned — travel to the
// central server like any other: a sync pass after them leaves nothing unsent, and the server
// holds the same bytes the terminal signed.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, syncStatus } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';
import { upstreamBackends } from '../support/upstream-db.js';

describe.each(upstreamBackends())('reports’ events reach the centre on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let day: ReportDay;

  beforeAll(async () => {
    sql = await backend.open();
    app = await buildServer(sql);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    day = await terminalWithDay();
    await enroll(day.tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    day?.tt.close();
  });

  it('uploads a day close, a deposit slip and a returned cheque, and the server holds them byte for byte', async () => {
    const { tt, supervisor, receipts } = day;
    await tt.call('shift.close', { session: await tt.login('ravi'), count: { notes: { '500': 2 }, coinsPaise: 45_000 } });
    await tt.call('day.close', { session: supervisor, date: REPORT_DAY });
    await tt.call('deposit.record', { session: supervisor, slip: { businessDate: REPORT_DAY, depositedOn: REPORT_DAY, bank: 'SBI', slipNo: 'DS-77', cashPaise: 148_456, chequePaise: 750_000 } });
    await tt.call('cheque.return', { session: supervisor, receiptNo: receipts[1]!, returnedOn: REPORT_DAY, reason: 'funds insufficient' });

    const status = await syncOnce(tt.t);
    expect(status.lastError).toBeNull();
    const journal = tt.t.db.prepare('SELECT seq, type, body FROM journal ORDER BY seq').all() as { seq: number; type: string; body: string }[];
    expect(syncStatus(tt.t)).toMatchObject({ ackedSeq: journal.at(-1)!.seq, queueDepth: 0 });
    expect(journal.slice(-3).map((e) => e.type)).toEqual(['day.closed', 'deposit.recorded', 'cheque.returned']);
    const held = await sql.query<{ seq: string; body: string }>('SELECT seq, body FROM events WHERE terminal_id = $1 ORDER BY seq', [tt.t.id]);
    expect(held.map((e) => e.body)).toEqual(journal.map((e) => e.body));
  });
});
