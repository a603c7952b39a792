// Issue 17 #4: the consumer master imported from the console — an admin uploads the CSV; the
// centre checks every record first and lists the bad ones (number, field, what is wrong) with
// nothing written; a clean file is imported all at once, its progress readable while it runs,
// admin-logged under the admin's name; others may not upload; bad requests change nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../shared/console-api.js';
import { CONSUMER_FIELDS } from '../../shared/consumer-record.js';
import { demoConsumers } from '../../shared/demo-data.js';
import { listAdminLog } from '../../upstream/admin-log.js';
import { serverKey } from '../../upstream/crypto.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { consoleCookie, makeConsoleUser, ORIGIN } from '../support/console-users.js';
import { upstreamBackends } from '../support/upstream-db.js';

const csvOf = (rows: Record<string, unknown>[]) =>
  [CONSUMER_FIELDS.join(','), ...rows.map((c) => CONSUMER_FIELDS.map((f) => `"${String(c[f]).replace(/"/g, '""')}"`).join(','))].join('\n');

function multipart(name: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----counterfoil-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(upstreamBackends())('issue 17 #4: the consumer master imported from the console ($name)', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  const clock = new Date('2026-12-07T05:00:00.000Z');
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    sql = await backend.open();
    const key = await serverKey(sql);
    app = await buildServer(sql, { now: () => clock });
    for (const role of ['admin', 'finance'] as const) cookies[role] = await consoleCookie(app, await makeConsoleUser(sql, key, `${role}1`, role, clock), clock);
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  const upload = (who: string, name: string, content: string) => {
    const { payload, headers } = multipart(name, content);
    return app.inject({ method: 'POST', url: '/console/api/consumers/import', payload, headers: { ...headers, host: 'localhost:80', origin: ORIGIN, cookie: cookies[who]! } });
  };
  const settled = async (id: string): Promise<ImportJob> => {
    for (;;) {
      const job = (await app.inject({ method: 'GET', url: `/console/api/consumers/import/${id}`, headers: { cookie: cookies.admin! } })).json() as ImportJob;
      if (job.phase !== 'checking' && job.phase !== 'importing') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const consumers = async () => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM consumers'))[0]!.n);

  it('a file with bad records is refused whole, each listed by number and field, nothing written', async () => {
    const rows = [...demoConsumers(500)] as unknown as Record<string, unknown>[];
    rows[9] = { ...rows[9], amountDuePaise: '12.50' };
    rows[299] = { ...rows[299], accountNo: '' };
    const started = await upload('admin', 'master-dec.csv', csvOf(rows));
    expect(started.statusCode).toBe(200);
    const job = await settled((started.json() as ImportJob).id);
    expect(job).toMatchObject({ phase: 'refused', records: 500, errorCount: 2, changed: null, message: '2 of 500 records are not right: nothing was imported' });
    expect(job.errors.map((e) => [e.record, e.field])).toEqual([[10, 'amountDuePaise'], [300, 'accountNo']]);
    expect(await consumers()).toBe(0);
  });

  it('a clean file of 20,000 records is imported all at once, read to its end, and logged under the admin’s name', async () => {
    const content = csvOf([...demoConsumers(20_000)] as unknown as Record<string, unknown>[]);
    const started = (await upload('admin', 'master-dec.csv', content)).json() as ImportJob;
    expect(started).toMatchObject({ phase: 'checking', name: 'master-dec.csv', by: 'admin1', bytes: Buffer.byteLength(content) });
    const job = await settled(started.id);
    expect(job).toMatchObject({ phase: 'done', records: 20_000, errorCount: 0, changed: 20_000, bytesDone: job.bytes });
    expect(await consumers()).toBe(20_000);
    const [entry] = await listAdminLog(sql, 1);
    expect(entry).toMatchObject({ actor: 'admin1', action: 'consumers.imported', subject: expect.stringMatching(/^master-dec\.csv sha256:[0-9a-f]{64}$/), after: { read: 20_000, changed: 20_000 } });
  });

  it('a header without every column, an empty file, a finance user and a JSON body are refused', async () => {
    const noColumns = await settled(((await upload('admin', 'wrong.csv', 'account,name\n1,x\n')).json() as ImportJob).id);
    expect(noColumns).toMatchObject({ phase: 'refused', message: expect.stringMatching(/^wrong\.csv: the header lacks accountNo/) });
    const empty = await settled(((await upload('admin', 'empty.csv', `${CONSUMER_FIELDS.join(',')}\n`)).json() as ImportJob).id);
    expect(empty).toMatchObject({ phase: 'refused', message: 'the file holds no records: nothing was imported' });
    expect((await upload('finance', 'master.csv', 'x')).statusCode).toBe(403);
    const json = await app.inject({ method: 'POST', url: '/console/api/consumers/import', payload: { rows: [] }, headers: { host: 'localhost:80', origin: ORIGIN, cookie: cookies.admin! } });
    expect(json.statusCode).toBe(400);
    expect(await consumers()).toBe(20_000);
  });
});
