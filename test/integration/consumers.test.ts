import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccountNo, demoConsumers } from '../../shared/demo-data.js';
import { upsertConsumers } from '../../core/consumers/store.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
beforeAll(async () => {
  tt = await makeTerminal({ consumers: 2000 });
});
afterAll(() => tt.close());

describe('demo consumers', () => {
  it('are the same for the same seed, differ for another, with unique accounts and Hindi names', () => {
    const a = [...demoConsumers(500, { seed: 7 })];
    expect([...demoConsumers(500, { seed: 7 })]).toEqual(a);
    expect([...demoConsumers(500, { seed: 8 })]).not.toEqual(a);
    expect(new Set(a.map((c) => c.accountNo)).size).toBe(500);
    for (const c of a) {
      expect(c.nameHi).toMatch(/^[\u0900-\u097F]+ [\u0900-\u097F]+$/);
      expect(c.mobile).toMatch(/^[6-9]\d{9}$/);
      expect(c.amountDuePaise).toBeGreaterThan(0);
    }
  });
});

describe('consumer search', () => {
  const all = [...demoConsumers(2000)];
  const sample = all[1234]!;

  it('finds by exact account and by meter number first', async () => {
    const byAccount = await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: sample.accountNo, limit: 20 });
    expect(byAccount[0]?.accountNo).toBe(sample.accountNo);
    const byMeter = await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: sample.meterNo.toLowerCase(), limit: 20 });
    expect(byMeter[0]?.accountNo).toBe(sample.accountNo);
  });

  it('finds by part of a name, in English or Hindi, and by the mobile’s last four digits', async () => {
    const [first, last] = sample.name.split(' ') as [string, string];
    const hits = await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: `${first.slice(0, 4).toLowerCase()} ${last}`, limit: 50 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.name.toLowerCase()).toContain(first.slice(0, 4).toLowerCase());
      expect(h.name.toLowerCase()).toContain(last.toLowerCase());
    }
    const hindi = await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: sample.nameHi.split(' ')[1]!, limit: 50 });
    expect(hindi.length).toBeGreaterThan(0);
    for (const h of hindi) expect(h.nameHi).toContain(sample.nameHi.split(' ')[1]!);
    const mobile = await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: sample.mobile.slice(-4), limit: 50 });
    expect(mobile.map((h) => h.accountNo)).toContain(sample.accountNo);
    expect(mobile[0]!.mobileLast4).toMatch(/^\d{4}$/);
  });

  it('shows only the last four digits of a mobile number', async () => {
    const c = (await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: demoAccountNo(5) }))!;
    expect(JSON.stringify(c)).not.toContain(all[5]!.mobile);
    expect(c.mobileLast4).toBe(all[5]!.mobile.slice(-4));
  });

  it('keeps the search index in step when a consumer changes', async () => {
    upsertConsumers(tt.t.db, [{ ...sample, name: 'Zorawar Qureshi' }], new Date());
    expect((await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: 'zorawar', limit: 5 })).map((c) => c.accountNo)).toEqual([sample.accountNo]);
    expect((await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: sample.name, limit: 50 })).map((c) => c.accountNo)).not.toContain(sample.accountNo);
  });

  it('respects the limit and answers nothing for a query too short to search', async () => {
    expect(await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: 'sharma', limit: 3 })).toHaveLength(3);
    expect(await tt.call('consumer.search', { session: await tt.sessionOf('asha'), query: 'ab', limit: 10 })).toEqual([]);
  });
});
