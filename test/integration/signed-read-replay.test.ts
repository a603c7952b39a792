// Issue 15, Low (b): a captured signed read (the head, or a page of the consumer feed with names and
// mobile numbers) cannot be replayed. The server remembers every signed read it accepted, in the
// database, for as long as its time could still pass the window, so two server processes on one
// database refuse a replay alike.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { READ_HEADERS, READ_WINDOW_MS, readSigningText } from '../../shared/upstream-api.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

for (const backend of upstreamBackends()) {
  describe(`issue 15 Low (b): signed reads cannot be replayed on ${backend.name}`, () => {
    let tt: TestTerminal;
    let sql: Sql;
    let app: FastifyInstance;
    let other: FastifyInstance;
    // The server's clock, moved by the tests; its Date header is the real time, so it starts there.
    const clock = { now: new Date() };

    beforeAll(async () => {
      tt = await makeTerminal({ consumers: 0, now: clock.now.toISOString() });
      sql = await backend.open();
      // Two server processes on one database: what one accepted, the other refuses to take again.
      app = await buildServer(sql, { now: () => new Date(clock.now) });
      other = await buildServer(sql, { now: () => new Date(clock.now) });
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    });
    afterAll(async () => {
      await app?.close();
      await other?.close();
      await sql?.close();
      tt?.close();
    });

    /** A signed read as the terminal makes it, captured: the same headers can be sent again. */
    const signed = (path: string, at: Date) => {
      const time = at.toISOString();
      return { [READ_HEADERS.time]: time, [READ_HEADERS.signature]: tt.t.signer.sign(readSigningText(path, time)).toString('base64url') };
    };

    it('Low (b) a replayed signed read is refused, by the same server and by another on the same database', async () => {
      const path = `/v1/terminals/${tt.t.id}/consumers?after=0&limit=10`;
      const headers = signed(path, clock.now);
      const first = await app.inject({ method: 'GET', url: path, headers });
      expect(first.statusCode).toBe(200);
      for (const server of [app, other]) {
        const again = await server.inject({ method: 'GET', url: path, headers });
        expect(again.statusCode).toBe(401);
        expect(again.json()).toMatchObject({ error: 'replayed_read' });
        expect(again.body).not.toContain('"consumer"');
      }
      // Later, but still inside the window the time was checked against: still refused.
      clock.now = new Date(clock.now.getTime() + READ_WINDOW_MS - 1_000);
      expect((await other.inject({ method: 'GET', url: path, headers })).json()).toMatchObject({ error: 'replayed_read' });
      clock.now = new Date(clock.now.getTime() + 2_000);
      expect((await other.inject({ method: 'GET', url: path, headers })).json()).toMatchObject({ error: 'clock_skew' });
    });

    it('Low (b) the window is short: a read stamped more than READ_WINDOW_MS away is refused', async () => {
      expect(READ_WINDOW_MS).toBeLessThanOrEqual(2 * 60_000);
      const path = `/v1/terminals/${tt.t.id}/head`;
      const stale = signed(path, new Date(clock.now.getTime() - READ_WINDOW_MS - 1_000));
      expect((await app.inject({ method: 'GET', url: path, headers: stale })).json()).toMatchObject({ error: 'clock_skew' });
      // A read refused for its signature or time is not remembered: the terminal's own next read passes.
      expect((await app.inject({ method: 'GET', url: path, headers: signed(path, clock.now) })).statusCode).toBe(200);
    });

    it('Low (b) the terminal\'s own reads keep working, pass after pass, even within one millisecond', async () => {
      // The terminal's clock stands still: every pass would sign the same path at the same time.
      clock.now = new Date();
      tt.clock.now = new Date(clock.now);
      for (let i = 0; i < 3; i++) expect(await syncOnce(tt.t)).toMatchObject({ connection: 'online', lastError: null });
      const remembered = await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM signed_reads WHERE terminal_id = $1', [tt.t.id]);
      expect(Number(remembered[0]!.n)).toBeGreaterThan(3);
    });

    it('Low (b) what is remembered is forgotten once its time can no longer pass the window', async () => {
      clock.now = new Date(clock.now.getTime() + 3 * READ_WINDOW_MS);
      const path = `/v1/terminals/${tt.t.id}/head`;
      expect((await app.inject({ method: 'GET', url: path, headers: signed(path, clock.now) })).statusCode).toBe(200);
      const kept = await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM signed_reads');
      expect(Number(kept[0]!.n)).toBe(1);
    });
  });
}
