// The reference upstream on each storage backend (embedded PGlite, and a real PostgreSQL when
// TEST_DATABASE_URL is set): enrollment, ingest of a real terminal's journal, replays
// acknowledged, and gaps, forgeries and forks refused with alerts (DESIGN §6).
import { createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { publicKeyFromRaw } from '../../upstream/crypto.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

for (const backend of upstreamBackends()) {
  describe(`upstream /v1 on ${backend.name}`, () => {
    // Per backend: its own terminal, store and server, so each suite starts from nothing.
    let tt: TestTerminal;
    let sql: Sql;
    let app: FastifyInstance;
    let session: string;
    let serverKeyRaw = '';

    const journal = (from = 1) =>
      (tt.t.db.prepare('SELECT seq, body, sig FROM journal WHERE seq >= ? ORDER BY seq').all(from) as { seq: number; body: string; sig: Buffer }[]).map((r) => ({
        seq: r.seq, body: r.body, sig: r.sig.toString('base64url'),
      }));
    const upload = (events: unknown, id = tt.t.id) => app.inject({ method: 'POST', url: `/v1/terminals/${id}/journal`, payload: { events } });
    const enrollBody = (code: string) => ({
      code, terminalId: tt.t.id, substation: 'SS042', counter: 'C1',
      publicKey: (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value,
    });
    const pay = (i: number) =>
      tt.call('payment.record', { session, idempotencyKey: `upstream-${i}-xxxx`, accountNo: '2100000007', amountPaise: 10000 + i, mode: 'cash', autoOpenShift: true });

    beforeAll(async () => {
      tt = await makeTerminal();
      session = await tt.login('asha');
      for (let i = 0; i < 5; i++) await pay(i);
      sql = await backend.open();
      app = await buildServer(sql);
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      tt?.close();
    });

    it('enrolls a terminal with a one-time code for its substation and counter', async () => {
      const code = await makeEnrollCode(sql, 'SS042', 'C1');
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const wrongCounter = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { ...enrollBody(code), counter: 'C2' } });
      expect(wrongCounter.statusCode).toBe(403);
      const ok = await app.inject({ method: 'POST', url: '/v1/enroll', payload: enrollBody(code) });
      expect(ok.statusCode).toBe(200);
      serverKeyRaw = ok.json().serverKey;
      expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: enrollBody(code) })).statusCode).toBe(200); // a retry
      const other = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { ...enrollBody(code), terminalId: 'T000000000000' } });
      expect(other.json()).toMatchObject({ error: 'code_used' });
      expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code: 'x' } })).statusCode).toBe(400);
    });

    it('ingests the journal in order and answers with a signed checkpoint; a replay is acknowledged again', async () => {
      const events = journal();
      const r = await upload(events);
      expect(r.statusCode, r.body).toBe(200);
      const head = events.at(-1)!;
      const ack = r.json();
      expect(ack).toMatchObject({ ackedThrough: head.seq, headHash: tt.t.db.prepare('SELECT hex(hash) AS h FROM journal WHERE seq = ?').pluck().get(head.seq)!.toString().toLowerCase() });
      const { sig, ...signed } = ack.checkpoint;
      expect(verify(null, Buffer.from(canonicalize(signed)!), publicKeyFromRaw(Buffer.from(serverKeyRaw, 'base64url')), Buffer.from(sig, 'base64url'))).toBe(true);
      const again = await upload(events.slice(2, 5));
      expect(again.statusCode).toBe(200);
      expect(again.json().ackedThrough).toBe(head.seq);
    });

    it('refuses a gap, a forged signature and a malformed batch, with alerts, keeping what came before', async () => {
      await pay(10);
      await pay(11);
      const [{ head_seq }] = (await sql.query<{ head_seq: string }>('SELECT head_seq FROM terminals')) as [{ head_seq: string }];
      const [next, after] = journal(Number(head_seq) + 1);
      const gap = await upload([after]);
      expect(gap.statusCode).toBe(422);
      expect(gap.json()).toMatchObject({ error: 'gap' });
      const forged = { ...next!, sig: sign(null, Buffer.from(next!.body), generateKeyPairSync('ed25519').privateKey).toString('base64url') };
      const bad = await upload([forged]);
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ error: 'bad_signature' });
      expect((await upload([])).statusCode).toBe(400);
      expect((await upload([next, next])).statusCode).toBe(400);
      const good = await upload([next, after]);
      expect(good.statusCode, good.body).toBe(200);
      const alerts = await sql.query<{ kind: string }>('SELECT kind FROM alerts ORDER BY id');
      expect(alerts.map((a) => a.kind)).toEqual(['gap', 'bad_signature']);
    });

    it('refuses a reordered batch, a broken chain, an event replayed under another terminal, an oversized body and malformed JSON, changing nothing', async () => {
      await pay(20);
      await pay(21);
      const [{ head_seq }] = (await sql.query<{ head_seq: string }>('SELECT head_seq FROM terminals WHERE id = $1', [tt.t.id])) as [{ head_seq: string }];
      const held = Number(head_seq);
      const [next, after] = journal(held + 1);
      const count = async () => Number((await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM events'))[0]!.n);
      const before = await count();

      const reordered = await upload([after, next]);
      expect(reordered.statusCode).toBe(400);
      expect(reordered.json()).toMatchObject({ error: 'invalid_body', message: expect.stringMatching(/consecutive/) });

      // A well-signed event whose prev is not the held head: the chain is broken.
      const key = createPrivateKey(readFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), 'utf8'));
      const ev = JSON.parse(next!.body);
      ev.prev = 'ab'.repeat(32);
      const body = canonicalize(ev)!;
      const chain = await upload([{ seq: next!.seq, body, sig: sign(null, Buffer.from(body), key).toString('base64url') }]);
      expect(chain.statusCode).toBe(422);
      expect(chain.json()).toMatchObject({ error: 'chain' });

      // Another enrolled terminal re-sending this terminal's genuine events as its own.
      const other = await makeTerminal();
      try {
        const otherKey = (other.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
        const code = await makeEnrollCode(sql, 'SS042', 'C2');
        const enrolled = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: other.t.id, publicKey: otherKey, substation: 'SS042', counter: 'C2' } });
        expect(enrolled.statusCode).toBe(200);
        const replayed = await upload(journal(1).slice(0, 2), other.t.id);
        expect(replayed.statusCode).toBe(422);
        expect(replayed.json()).toMatchObject({ error: 'malformed', message: expect.stringMatching(new RegExp(`terminal ${tt.t.id}`)) });
      } finally {
        other.close();
      }

      const oversized = await app.inject({
        method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ events: [{ seq: 1, body: 'x'.repeat(3 * 1024 * 1024), sig: 'a'.repeat(86) }] }),
      });
      expect(oversized.statusCode).toBe(413);
      expect(oversized.json()).toMatchObject({ error: 'body_too_large' });
      const malformed = await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, headers: { 'content-type': 'application/json' }, payload: '{"events": [' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toMatchObject({ error: 'malformed_json' });

      expect(await count()).toBe(before);
      const kinds = (await sql.query<{ kind: string }>('SELECT kind FROM alerts ORDER BY id')).map((a) => a.kind);
      expect(kinds.slice(-2)).toEqual(['chain', 'malformed']);
      expect((await upload([next, after])).statusCode).toBe(200); // the genuine events still go in
    });

    it('treats a different, properly signed event at a held seq as a fork: 409 naming the seq, both versions in the alert, terminal frozen', async () => {
      const held = journal(3)[0]!;
      // A rewound terminal re-issuing seq 3 with its own genuine key: a different, well-signed event.
      const ev = JSON.parse(held.body);
      ev.data.amountPaise += 1;
      const body = canonicalize(ev)!;
      const key = createPrivateKey(readFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), 'utf8'));
      const fork = await upload([{ seq: 3, body, sig: sign(null, Buffer.from(body), key).toString('base64url') }]);
      expect(fork.statusCode).toBe(409);
      expect(fork.json()).toMatchObject({ error: 'fork', seq: 3 });
      expect(fork.json()).not.toHaveProperty('evidence'); // for administrators, in the alert (issue 15 #1)
      const frozen = await upload(journal(1).slice(0, 1));
      expect(frozen.json()).toMatchObject({ error: 'terminal_frozen' });
      const forks = await sql.query<{ detail: { evidence: unknown } }>("SELECT detail FROM alerts WHERE kind = 'fork'");
      expect(forks).toMatchObject([{ detail: { evidence: { seq: 3, held: { body: held.body }, received: { body } } } }]);
    });

    it('answers unknown terminals and routes in JSON', async () => {
      expect((await upload(journal(1).slice(0, 1), 'T0000000000AB')).json()).toMatchObject({ error: 'unknown_terminal' });
      const nf = await app.inject({ method: 'GET', url: '/nope' });
      expect(nf.statusCode).toBe(404);
      expect(nf.json()).toMatchObject({ error: 'not_found' });
    });
  });
}
