// Issue 15 #10(b) and Low (c): a terminal keeps only the last 4 digits of a consumer's mobile
// number (the centre keeps the whole number). The feed's counter record (record=2) carries
// mobileLast4 instead of mobile; the old record stays for terminals that do not ask for it; the
// terminal stores last 4 only, whichever way consumers reach it (the feed, the demo set, a
// database from before), and search by the last 4 still finds them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertConsumers } from '../../core/consumers/store.js';
import { openDatabase, type Db } from '../../core/db/open.js';
import { loadMigrations, migrate } from '../../core/db/migrate.js';
import { enroll } from '../../core/sync/agent.js';
import { downloadConsumers } from '../../core/sync/consumers.js';
import { setUpTerminal } from '../../core/terminal/setup.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { CounterConsumerRecord } from '../../shared/consumer-record.js';
import { demoConsumers } from '../../shared/demo-data.js';
import { READ_HEADERS, readSigningText } from '../../shared/upstream-api.js';
import { seedDemoConsumers } from '../../upstream/consumers.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

const COUNT = 300;
const consumers = [...demoConsumers(COUNT)];
const TEN_DIGITS = /(?<!\d)\d{10}(?!\d)/;

/** Every text value in the terminal's consumers table, and any of the demo mobiles found in it. */
function storedMobiles(db: Db): { tenDigit: string[]; wholeMobiles: number } {
  const rows = db.prepare('SELECT * FROM consumers').all() as Record<string, unknown>[];
  const values = rows.flatMap((r) => Object.entries(r).filter(([k]) => !/account|meter|bill|paise|updated|id$/.test(k)).map(([, v]) => String(v)));
  const text = values.join('\n');
  return { tenDigit: values.filter((v) => TEN_DIGITS.test(v)), wholeMobiles: consumers.filter((c) => text.includes(c.mobile)).length };
}

/** The whole mobiles that appear anywhere in the database file's bytes (free pages included). */
function mobilesInFile(file: string): number {
  const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]).toString('latin1');
  return consumers.filter((c) => bytes.includes(c.mobile)).length;
}

for (const backend of upstreamBackends()) {
  describe(`issue 15 #10(b) / Low (c): the counter consumer record on ${backend.name}`, () => {
    let tt: TestTerminal;
    let sql: Sql;
    let app: FastifyInstance;

    beforeAll(async () => {
      tt = await makeTerminal({ consumers: 0, now: new Date().toISOString() });
      sql = await backend.open();
      await seedDemoConsumers(sql, COUNT);
      app = await buildServer(sql);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      tt?.close();
    });

    const read = async (query: string) => {
      const path = `/v1/terminals/${tt.t.id}/consumers?${query}`;
      const time = new Date().toISOString();
      const headers = { [READ_HEADERS.time]: time, [READ_HEADERS.signature]: tt.t.signer.sign(readSigningText(path, time)).toString('base64url') };
      return app.inject({ method: 'GET', url: path, headers });
    };
    const lines = (body: string) => body.trim().split('\n').map((l) => JSON.parse(l) as { consumer?: Record<string, unknown>; end?: unknown });

    it('#10(b) the counter feed (record=2) has no whole mobile number: only its last 4 digits', async () => {
      const res = await read(`after=0&limit=${COUNT}&record=2`);
      expect(res.statusCode).toBe(200);
      const records = lines(res.body).filter((l) => l.consumer).map((l) => l.consumer!);
      expect(records).toHaveLength(COUNT);
      expect(consumers.filter((c) => res.body.includes(c.mobile))).toEqual([]);
      for (const [i, r] of records.entries()) {
        expect(CounterConsumerRecord.safeParse(r).success).toBe(true);
        expect(r).not.toHaveProperty('mobile');
        expect(r.mobileLast4).toBe(consumers.find((c) => c.accountNo === r.accountNo)!.mobile.slice(-4));
        if (i === 0) expect(Object.keys(r)).toContain('mobileLast4');
      }
    });

    it('Low (c) a terminal that does not ask for the counter record gets the old one, and an unknown record is refused', async () => {
      const old = lines((await read('after=0&limit=5')).body).filter((l) => l.consumer);
      expect(old[0]!.consumer!.mobile).toMatch(/^\d{10}$/);
      const bad = await read('after=0&record=9');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_record' });
    });

    it('#10(b) a terminal after sync holds no 10-digit mobile, and finds a consumer by the last 4', async () => {
      expect(await downloadConsumers(tt.t)).toMatchObject({ outcome: 'done', records: COUNT });
      expect(storedMobiles(tt.t.db)).toEqual({ tenDigit: [], wholeMobiles: 0 });
      const sample = consumers[123]!;
      const hits = await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: sample.mobile.slice(-4), limit: 50 });
      expect(hits.map((h) => h.accountNo)).toContain(sample.accountNo);
      expect((await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: sample.accountNo }))!.mobileLast4).toBe(sample.mobile.slice(-4));
    });
  });
}

describe('issue 15 #10(b): consumers already on a terminal', () => {
  it('#10(b) the migration cuts stored mobiles to their last 4 digits; search by last 4 still works; nothing whole stays in the file', () => {
    const dir = tempDir();
    const file = join(dir, 'ledger.db');
    const all = loadMigrations();
    const cut = all.findIndex((m) => m.name.endsWith('_consumer_mobile_last4.sql'));
    expect(cut, 'the migration that cuts mobiles').toBeGreaterThan(0);
    let db = openDatabase(file);
    try {
      migrate(db, all.slice(0, cut));
      // As a terminal from before this change stored them: the whole number, its last 4 in the index.
      const insert = db.prepare(
        `INSERT INTO consumers (account_no, meter_no, name, name_hi, mobile, locality, locality_hi, bill_no, due_date, amount_due_paise, updated_at)
         VALUES (@accountNo, @meterNo, @name, @nameHi, @mobile, @locality, @localityHi, @billNo, @dueDate, @amountDuePaise, '2026-11-26T06:00:00.000Z') RETURNING id`,
      );
      const index = db.prepare('INSERT INTO consumers_fts (rowid, search_text) VALUES (?, ?)');
      db.transaction(() => {
        for (const c of consumers) {
          const { id } = insert.get(c) as { id: number };
          index.run(id, [c.accountNo, c.meterNo, c.name, c.nameHi, c.mobile.slice(-4)].join(' '));
        }
      })();
      expect(storedMobiles(db).wholeMobiles).toBe(COUNT);
      migrate(db);
      expect(storedMobiles(db)).toEqual({ tenDigit: [], wholeMobiles: 0 });
      db.close();
      expect(mobilesInFile(file)).toBe(0);

      db = openDatabase(file);
      const sample = consumers[42]!;
      const row = db.prepare('SELECT id FROM consumers WHERE account_no = ?').get(sample.accountNo) as { id: number };
      const hits = db.prepare('SELECT rowid FROM consumers_fts WHERE consumers_fts MATCH ?').all(`"${sample.mobile.slice(-4)}"`) as { rowid: number }[];
      expect(hits.map((h) => h.rowid)).toContain(row.id);
      // And the table refuses a whole number from now on, whatever code writes it.
      expect(() => db.prepare("UPDATE consumers SET mobile_last4 = '9876543210' WHERE id = ?").run(row.id)).toThrow(/last 4/);
    } finally {
      db.close();
    }
  });

  it('#10(b) the demo consumers of `init --demo-consumers` are stored with the last 4 digits only', async () => {
    const dir = tempDir();
    const { terminal } = await setUpTerminal(join(dir, 'terminal'), { substation: 'SS042', counter: 'C1', demoConsumers: COUNT });
    try {
      expect(storedMobiles(terminal.db)).toEqual({ tenDigit: [], wholeMobiles: 0 });
      // The store takes a whole record (the demo set, the old feed) and keeps its last 4 only.
      upsertConsumers(terminal.db, [consumers[0]!], new Date());
      expect(storedMobiles(terminal.db).wholeMobiles).toBe(0);
    } finally {
      terminal.close();
    }
    expect(mobilesInFile(join(dir, 'terminal', DATA_FILES.db))).toBe(0);
  });
});
