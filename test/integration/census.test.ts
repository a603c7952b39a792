// Issue 17 #1: the fleet census. Each enrolled terminal with its last contact, head, today's
// payments, last closed day and the business days it has not closed, and a traffic light: green
// (in touch, yesterday closed), yellow (silent past the first threshold, or yesterday not closed
// yet), red (silent past the second, a day unclosed past D+N, frozen, revoked, a high alert). A
// terminal that goes silent turns yellow, then red, as the clock moves. The rows are what ingest
// projects (events, day_closes, payments, alerts), written here directly as fixtures.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonText, type CensusRow } from '../../shared/console-api.js';
import { actOnAlert, raiseAlert } from '../../upstream/alerts.js';
import { DEFAULT_CENSUS_THRESHOLDS, fleetCensus } from '../../upstream/census.js';
import { serverKey } from '../../upstream/crypto.js';
import { declareOutOfService } from '../../upstream/out-of-service.js';
import type { Sql } from '../../upstream/store.js';
import { upstreamBackends } from '../support/upstream-db.js';

const NOW = new Date('2026-12-07T06:30:00.000Z'); // 12:00 IST on Monday 7 December
const texts = (r: CensusRow) => r.reasons.map(reasonText);
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function terminal(sql: Sql, id: string, counter: string, enrolledAt: Date): Promise<void> {
  await sql.query('INSERT INTO terminals (id, public_key, key_id, substation, counter, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id, randomBytes(32), id.slice(1, 17).toLowerCase(), 'SS042', counter, enrolledAt.toISOString(),
  ]);
}

let seqs = new Map<string, number>();
/** An event held for `id`, received at `at`; a day close when `closes` names a business date. */
async function event(sql: Sql, id: string, at: Date, closes?: string): Promise<void> {
  const seq = (seqs.get(id) ?? 0) + 1;
  seqs.set(id, seq);
  await sql.query('INSERT INTO events (terminal_id, seq, type, body, hash, sig, terminal_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)', [
    id, seq, closes ? 'day.closed' : 'shift.opened', '{}', randomBytes(32), randomBytes(64), at.toISOString(),
  ]);
  await sql.query('UPDATE terminals SET head_seq = $2 WHERE id = $1', [id, seq]);
  if (closes) await sql.query('INSERT INTO day_closes (terminal_id, seq, business_date, closed_at) VALUES ($1, $2, $3, $4)', [id, seq, closes, at.toISOString()]);
}

describe.each(upstreamBackends())('issue 17 #1: the fleet census ($name)', (backend) => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await backend.open();
    seqs = new Map();
    const enrolled = new Date('2026-12-04T03:00:00.000Z'); // Friday, 08:30 IST
    // Closes Friday to Sunday, in touch 10 minutes ago.
    await terminal(sql, 'T00000000000A', 'C1', enrolled);
    for (const d of ['2026-12-04', '2026-12-05', '2026-12-06']) await event(sql, 'T00000000000A', new Date(`${d}T13:00:00.000Z`), d);
    await event(sql, 'T00000000000A', minutesAgo(10));
    // Sunday not closed yet; in touch 30 minutes ago.
    await terminal(sql, 'T00000000000B', 'C2', enrolled);
    for (const d of ['2026-12-04', '2026-12-05']) await event(sql, 'T00000000000B', new Date(`${d}T13:00:00.000Z`), d);
    await event(sql, 'T00000000000B', minutesAgo(30));
    // Everything closed, but nothing heard for 3 hours.
    await terminal(sql, 'T00000000000C', 'C3', enrolled);
    for (const d of ['2026-12-04', '2026-12-05', '2026-12-06']) await event(sql, 'T00000000000C', new Date(`${d}T13:00:00.000Z`), d);
    await event(sql, 'T00000000000C', minutesAgo(180));
    // Friday never closed (past D+2), in touch now.
    await terminal(sql, 'T00000000000D', 'C4', enrolled);
    for (const d of ['2026-12-05', '2026-12-06']) await event(sql, 'T00000000000D', new Date(`${d}T13:00:00.000Z`), d);
    await event(sql, 'T00000000000D', minutesAgo(5));
    // Revoked, with its alert.
    await terminal(sql, 'T00000000000E', 'C5', NOW);
    await sql.query("UPDATE terminals SET revoked_at = $2, revoked_reason = 'stolen PC' WHERE id = $1", ['T00000000000E', minutesAgo(60).toISOString()]);
    await sql.query("INSERT INTO alerts (terminal_id, kind, severity, source, detail) VALUES ($1, 'revoked', 'high', 'admin', '{}')", ['T00000000000E']);
  });
  afterAll(() => sql?.close());

  it('lights each terminal and says why, riskiest first', async () => {
    const census = await fleetCensus(sql, NOW);
    expect(census.map((c) => [c.terminalId, c.light])).toEqual([
      ['T00000000000D', 'red'],
      ['T00000000000E', 'red'],
      ['T00000000000C', 'yellow'],
      ['T00000000000B', 'yellow'],
      ['T00000000000A', 'green'],
    ]);
    const by = Object.fromEntries(census.map((c) => [c.terminalId, c]));
    expect(by.T00000000000A).toMatchObject({ lastClosedDay: '2026-12-06', unclosedDays: [], reasons: [], headSeq: 4, lastContactAt: minutesAgo(10).toISOString() });
    expect(by.T00000000000B).toMatchObject({ unclosedDays: ['2026-12-06'] });
    expect(texts(by.T00000000000B!)).toEqual(['yesterday (2026-12-06) not closed yet']);
    expect(texts(by.T00000000000C!)).toEqual([`silent since ${minutesAgo(180).toISOString()}`]);
    expect(by.T00000000000D).toMatchObject({ unclosedDays: ['2026-12-04'] });
    expect(texts(by.T00000000000D!)).toEqual(['1 day(s) not closed past D+2, the first 2026-12-04']);
    expect(by.T00000000000E).toMatchObject({ revoked: 'stolen PC', highAlerts: 1 });
    expect(texts(by.T00000000000E!).slice(0, 2)).toEqual(['revoked: stolen PC', '1 high-severity alert(s)']);
  });

  it('a terminal that goes silent turns yellow, then red, as the clock moves; the thresholds are settings', async () => {
    const lightOfA = async (now: Date, t = DEFAULT_CENSUS_THRESHOLDS) => (await fleetCensus(sql, now, t)).find((c) => c.terminalId === 'T00000000000A')!;
    expect((await lightOfA(new Date(NOW.getTime() + 60 * 60_000))).light).toBe('green'); // 70 min silent
    expect((await lightOfA(new Date(NOW.getTime() + 3 * 60 * 60_000))).light).toBe('yellow'); // 3 h 10 min
    const dayOn = await lightOfA(new Date(NOW.getTime() + 25 * 60 * 60_000)); // Tuesday 13:00 IST: silent 25 h, Monday not closed
    expect(dayOn.light).toBe('red');
    expect(texts(dayOn)).toEqual([`silent since ${minutesAgo(10).toISOString()}`, 'yesterday (2026-12-07) not closed yet']);
    expect((await lightOfA(new Date(NOW.getTime() + 30 * 60_000), { ...DEFAULT_CENSUS_THRESHOLDS, silentYellowMinutes: 15 })).light).toBe('yellow');
  });

  it('a high alert once resolved no longer turns its terminal red; a day declared out of service is not counted unclosed', async () => {
    const key = await serverKey(sql);
    await terminal(sql, 'T00000000000F', 'C6', new Date('2026-12-06T03:00:00.000Z'));
    await event(sql, 'T00000000000F', minutesAgo(5));
    await raiseAlert(sql, { kind: 'fork', terminalId: 'T00000000000F', source: '10.0.0.5', detail: { message: 'a fork' } });
    const f = async () => (await fleetCensus(sql, NOW)).find((c) => c.terminalId === 'T00000000000F')!;
    expect(await f()).toMatchObject({ light: 'red', highAlerts: 1, unclosedDays: ['2026-12-06'] });
    const [alert] = await sql.query<{ id: string }>("SELECT id::text AS id FROM alerts WHERE terminal_id = 'T00000000000F'");
    await actOnAlert(sql, key, alert!.id, 'resolve', 'admin1', 'the old PC was restored from a backup; replaced', NOW);
    await declareOutOfService(sql, key, { terminalId: 'T00000000000F', from: '2026-12-06', to: '2026-12-06', reason: 'Sunday, the substation was shut' }, 'admin1', NOW);
    expect(await f()).toMatchObject({ light: 'green', highAlerts: 0, unclosedDays: [], reasons: [] });
  });
});
