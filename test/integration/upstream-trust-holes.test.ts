// Issue 15 ("Close the trust holes"), the centre's side, on each storage backend (PGlite, and
// PostgreSQL when TEST_DATABASE_URL is set): only a proven event can fork and freeze a terminal
// (#1), whatever a signed event holds is stored rather than a 500 retry loop (#2b), refusals are
// rate-limited and de-duplicated while forks stay on top (#7), payments for a day the terminal
// already closed are marked late (#11b), security headers, and enrollment-code guessing.
import { createHash, createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import canonicalize from 'canonicalize';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../core/auth/users.js';
import { appendEvent } from '../../core/ledger/journal.js';
import { rotateTerminalKey } from '../../core/terminal/key-rotation.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { demoAccountNo, DEMO_USERS } from '../../shared/demo-data.js';
import type { EventDataOf, EventType } from '../../shared/journal-event.js';
import { listAlerts } from '../../upstream/alerts.js';
import { publicKeyFromRaw } from '../../upstream/crypto.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { REFUSAL_LIMITS } from '../../upstream/limits.js';
import { buildServer } from '../../upstream/server.js';
import { migrateUpstream, UPSTREAM_MIGRATIONS_DIR, type Sql } from '../../upstream/store.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

interface Uploaded {
  seq: number;
  body: string;
  sig: string;
}

const JUNK_SIG = 'A'.repeat(86);
const cashier = DEMO_USERS.find((u) => u.role === 'cashier')!.name as 'asha';
const supervisorName = DEMO_USERS.find((u) => u.role === 'supervisor')!.name;

for (const backend of upstreamBackends()) {
  describe(`issue 15 on the centre (${backend.name})`, () => {
    let sql: Sql;
    let app: FastifyInstance;
    const terminals: TestTerminal[] = [];

    beforeAll(async () => {
      sql = await backend.open();
      app = await buildServer(sql);
    });
    afterAll(async () => {
      await app?.close();
      await sql?.close();
      for (const tt of terminals) tt.close();
    });

    type Enrolled = TestTerminal & { pay: (n: number) => Promise<{ receiptNo: string; seq: number }>; journal: (from?: number) => Uploaded[] };
    async function enrolled(): Promise<Enrolled> {
      const tt = await makeTerminal({ consumers: 0 });
      terminals.push(tt);
      const code = await makeEnrollCode(sql, 'SS042', 'C1');
      const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
      const r = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: 'C1' } });
      expect(r.statusCode, r.body).toBe(200);
      let session: string | undefined;
      const pay = async (n: number) => {
        session ??= await tt.login(cashier);
        return tt.call('payment.record', { session, idempotencyKey: `trust-${tt.t.id}-${n}-x`, accountNo: demoAccountNo(n), amountPaise: 10_000 + n, mode: 'cash', autoOpenShift: true });
      };
      const journal = (from = 1) =>
        (tt.t.db.prepare('SELECT seq, body, sig FROM journal WHERE seq >= ? ORDER BY seq').all(from) as { seq: number; body: string; sig: Buffer }[]).map((e) => ({
          seq: e.seq, body: e.body, sig: e.sig.toString('base64url'),
        }));
      return Object.assign(tt, { pay, journal });
    }
    const upload = (id: string, events: unknown[], source = '127.0.0.1') =>
      app.inject({ method: 'POST', url: `/v1/terminals/${id}/journal`, payload: { events }, remoteAddress: source });
    const frozen = async (id: string) => (await sql.query<{ frozen_reason: string | null }>('SELECT frozen_reason FROM terminals WHERE id = $1', [id]))[0]!.frozen_reason;
    const alertRows = (id: string) =>
      sql.query<{ kind: string; severity: string; count: number; detail: any }>('SELECT kind, severity, count::int AS count, detail FROM alerts WHERE terminal_id = $1 ORDER BY id', [id]);
    /** An event signed by the terminal's own journal code (an old app, a back-dated clock, old data). */
    const append = <T extends EventType>(tt: TestTerminal, type: T, data: EventDataOf<T>) =>
      tt.t.db.transaction(() => appendEvent(tt.t.db, tt.t.signer, tt.t.id, type, data, tt.clock.now)).immediate();
    const privateKey = (tt: TestTerminal) => createPrivateKey(readFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), 'utf8'));
    /** The held event at `seq` with its amount changed, as canonical JSON: a different event at a held seq. */
    const altered = (held: Uploaded) => {
      const ev = JSON.parse(held.body);
      ev.data.amountPaise += 1;
      return canonicalize(ev)!;
    };

    describe('issue 15 #1: only an event that proves itself can fork and freeze a terminal', () => {
      it('#1 junk at a held seq is a 422 that freezes nothing and reveals nothing of the held event', async () => {
        const tt = await enrolled();
        await tt.pay(1);
        await tt.pay(2);
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);
        const held = tt.journal().find((e) => JSON.parse(e.body).type === 'payment.recorded')!;
        const heldHash = createHash('sha256').update(held.body).digest('hex');
        const other = await enrolled();
        await other.pay(1);
        const stranger = generateKeyPairSync('ed25519').privateKey;
        const junk: [string, Uploaded][] = [
          ['the reproduction: {} and an all-A signature', { seq: held.seq, body: '{}', sig: JUNK_SIG }],
          ['a well-formed different event, unsigned', { seq: held.seq, body: altered(held), sig: JUNK_SIG }],
          ['a well-formed different event signed by a stranger', { seq: held.seq, body: altered(held), sig: sign(null, Buffer.from(altered(held)), stranger).toString('base64url') }],
          ["another terminal's genuine event at that seq", other.journal(held.seq)[0]!],
        ];
        for (const [what, e] of junk) {
          const r = await upload(tt.t.id, [e]);
          expect(r.statusCode, what).toBe(422);
          expect(r.json(), what).not.toHaveProperty('evidence');
          expect(r.json().error, what).toMatch(/^(malformed|bad_signature)$/);
          // Nothing of the held event: not its hash, not its account or amount.
          expect(r.body, what).not.toContain(heldHash);
          expect(r.body, what).not.toContain(JSON.parse(held.body).data.account);
          expect(await frozen(tt.t.id), what).toBeNull();
        }
        expect((await alertRows(tt.t.id)).map((a) => a.kind)).not.toContain('fork');
        // The terminal goes on syncing.
        await tt.pay(3);
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);
      });

      it('#1 a different event signed by the key in force at that seq is a fork: 409, frozen, no evidence in the answer, both events in the alert', async () => {
        const tt = await enrolled();
        await tt.pay(1);
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);
        const held = tt.journal().find((e) => JSON.parse(e.body).type === 'payment.recorded')!;
        const body = altered(held);
        const sig = sign(null, Buffer.from(body), privateKey(tt)).toString('base64url');
        const fork = await upload(tt.t.id, [{ seq: held.seq, body, sig }]);
        expect(fork.statusCode).toBe(409);
        expect(fork.json()).toMatchObject({ error: 'fork', seq: held.seq });
        expect(fork.json()).not.toHaveProperty('evidence');
        expect(fork.body).not.toContain(JSON.parse(held.body).data.account);
        expect(await frozen(tt.t.id)).toMatch(/fork/);
        const alerts = await alertRows(tt.t.id);
        const forkAlert = alerts.find((a) => a.kind === 'fork')!;
        expect(forkAlert).toMatchObject({ severity: 'high', detail: { evidence: { seq: held.seq, held: { body: held.body }, received: { body, sig } } } });
        expect((await upload(tt.t.id, tt.journal())).json()).toMatchObject({ error: 'terminal_frozen' });
      });

      it('#1 the key in force at that seq decides: after a rotation the new key cannot fork an earlier seq, the old key can', async () => {
        const tt = await enrolled();
        await tt.pay(1);
        const held = tt.journal().find((e) => JSON.parse(e.body).type === 'payment.recorded')!;
        const oldSigner = tt.t.signer;
        rotateTerminalKey(tt.t, findUser(tt.t.db, supervisorName)!, 'yearly change');
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);
        const newSigner = tt.t.signer;
        expect(newSigner.keyId).not.toBe(oldSigner.keyId);

        const byNewKey = JSON.parse(altered(held));
        byNewKey.key = newSigner.keyId;
        const newBody = canonicalize(byNewKey)!;
        const refused = await upload(tt.t.id, [{ seq: held.seq, body: newBody, sig: newSigner.sign(newBody).toString('base64url') }]);
        expect(refused.statusCode).toBe(422);
        expect(await frozen(tt.t.id)).toBeNull();

        const oldBody = altered(held);
        const fork = await upload(tt.t.id, [{ seq: held.seq, body: oldBody, sig: oldSigner.sign(oldBody).toString('base64url') }]);
        expect(fork.statusCode).toBe(409);
        expect(await frozen(tt.t.id)).toMatch(/fork/);
      });
    });

    describe('issue 15 #2: whatever a signed event holds is stored, and a failure is an alert, not a silent 500 loop', () => {
      it('#2 U+0000 and other C0 controls in a void reason and a cashier name: acknowledged, stored byte for byte, projected', async () => {
        const tt = await enrolled();
        const p = await tt.pay(1);
        const reason = 'wrong\u0000account\u0001\u0007\u001b[31m\u001f\ttab\nline';
        append(tt, 'payment.voided', { receiptNo: p.receiptNo, paymentSeq: p.seq, reason, approvedBy: 'meena\u0000', requestedBy: cashier });
        const payment = JSON.parse(tt.journal(p.seq)[0]!.body).data as EventDataOf<'payment.recorded'>;
        append(tt, 'payment.recorded', { ...payment, receiptNo: `${payment.receiptNo}-2`, cashier: 'asha\u0000\u0002', idempotencyKey: 'nul-in-cashier-x' });
        const events = tt.journal();
        expect(events.some((e) => e.body.includes('\\u0000'))).toBe(true); // canonical JSON escapes it: six characters, no NUL byte
        const r = await upload(tt.t.id, events);
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().ackedThrough).toBe(events.at(-1)!.seq);

        const stored = await sql.query<{ seq: string; body: string; hash: Uint8Array; sig: Uint8Array }>('SELECT seq, body, hash, sig FROM events WHERE terminal_id = $1 ORDER BY seq', [tt.t.id]);
        const key = publicKeyFromRaw(Buffer.from(tt.t.signer.publicKeyB64, 'base64url'));
        for (const [i, e] of events.entries()) {
          expect(stored[i]!.body).toBe(e.body);
          expect(Buffer.from(stored[i]!.hash).equals(createHash('sha256').update(e.body, 'utf8').digest())).toBe(true);
          expect(verify(null, Buffer.from(stored[i]!.body, 'utf8'), key, Buffer.from(stored[i]!.sig))).toBe(true);
        }
        // The projections hold the text with U+0000 shown as U+FFFD; every other character as signed.
        const [v] = await sql.query<{ reason: string; approved_by: string }>('SELECT reason, approved_by FROM voids WHERE terminal_id = $1', [tt.t.id]);
        expect(v).toEqual({ reason: reason.replace('\u0000', '\uFFFD'), approved_by: 'meena\uFFFD' });
        const cashiers = await sql.query<{ cashier: string; voided: boolean }>('SELECT cashier, voided_seq IS NOT NULL AS voided FROM payments WHERE terminal_id = $1 ORDER BY seq', [tt.t.id]);
        expect(cashiers).toEqual([{ cashier, voided: true }, { cashier: 'asha\uFFFD\u0002', voided: false }]);
      });

      it('#2 a signed event whose business date is no calendar date (2026-13-45) is refused as malformed, not a centre failure', async () => {
        const tt = await enrolled();
        await tt.pay(1);
        const events = tt.journal();
        const last = events.at(-1)!;
        const ev = JSON.parse(last.body);
        const body = canonicalize({
          ...ev, seq: last.seq + 1, prev: createHash('sha256').update(last.body, 'utf8').digest('hex'),
          data: { ...ev.data, receiptNo: `${ev.data.receiptNo}9`, idempotencyKey: 'no-such-date-x', businessDate: '2026-13-45' },
        })!;
        const bad = { seq: last.seq + 1, body, sig: sign(null, Buffer.from(body, 'utf8'), privateKey(tt)).toString('base64url') };
        const r = await upload(tt.t.id, [...events, bad]);
        expect(r.statusCode, r.body).toBe(422);
        expect(r.json()).toMatchObject({ error: 'malformed', ackedThrough: last.seq });
        expect((await alertRows(tt.t.id)).map((a) => a.kind)).toEqual(['malformed']);
      });

      it('#2 an unexpected failure answers that the centre is at fault, stores nothing and raises one de-duplicated alert kept outside the rolled-back batch', async () => {
        const tt = await enrolled();
        await tt.pay(1);
        // A centre whose payments projection fails (a full disk, a broken migration, a bug).
        const failing: Sql = {
          ...sql,
          transaction: (fn) => sql.transaction((tx) => fn({
            ...tx,
            query: async (text, params) => {
              if (text.includes('INSERT INTO payments')) throw new Error('disk full (simulated)');
              return tx.query(text, params);
            },
          })),
        };
        const broken = await buildServer(failing);
        try {
          for (let i = 0; i < 3; i++) {
            const r = await broken.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events: tt.journal() } });
            expect(r.statusCode).toBe(500);
            expect(r.json()).toMatchObject({ error: 'centre_error', message: expect.stringMatching(/centre/) });
            expect(r.body).not.toContain('disk full');
          }
        } finally {
          await broken.close();
        }
        expect(await sql.query('SELECT 1 FROM events WHERE terminal_id = $1', [tt.t.id])).toEqual([]);
        expect(await frozen(tt.t.id)).toBeNull();
        const alerts = await alertRows(tt.t.id);
        expect(alerts).toMatchObject([{ kind: 'ingest_failed', severity: 'high', count: 3, detail: { error: expect.stringMatching(/disk full/) } }]);
        // Once the centre is mended, the same upload goes in.
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);
      });
    });

    describe('issue 15 #7: refusals are rate-limited and de-duplicated; a fork is never buried', () => {
      it('#7 1000 junk uploads: 429 after the limit, bounded alert rows, genuine uploads unaffected, the fork listed first', async () => {
        const tt = await enrolled();
        await tt.pay(1);
        const events = tt.journal();
        // Successes never count against the limit: a terminal may send (and re-send) all day.
        for (let i = 0; i < REFUSAL_LIMITS.journal.max + 10; i++) expect((await upload(tt.t.id, events)).statusCode).toBe(200);

        const head = events.at(-1)!.seq;
        const sources = ['203.0.113.7', '203.0.113.8', '198.51.100.9'];
        const answers = new Map<number, number>();
        for (let i = 0; i < 1000; i++) {
          const junk = i % 2 ? { seq: head + 1, body: '{}', sig: JUNK_SIG } : { seq: head, body: '{"v":1}', sig: JUNK_SIG };
          const r = await upload(tt.t.id, [junk], sources[i % sources.length]);
          answers.set(r.statusCode, (answers.get(r.statusCode) ?? 0) + 1);
          if (r.statusCode === 429) {
            expect(r.json()).toMatchObject({ error: 'rate_limited' });
            expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
          }
        }
        const refused = answers.get(422) ?? 0;
        expect(refused).toBeLessThanOrEqual(sources.length * REFUSAL_LIMITS.journal.max);
        expect(answers.get(429)).toBe(1000 - refused);
        expect([...answers.keys()].sort()).toEqual([422, 429]);

        const rows = await alertRows(tt.t.id);
        expect(rows.length).toBeLessThanOrEqual(sources.length * 3); // per source: malformed, and the limit reached
        expect(rows.filter((a) => a.kind === 'malformed').reduce((n, a) => n + Number(a.count), 0)).toBe(refused);
        expect(rows.filter((a) => a.kind === 'refusals_limited')).toHaveLength(sources.length);

        // The terminal itself, from its own address, is not held up by someone else's junk.
        await tt.pay(2);
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);

        // A real fork among the noise is listed first.
        const held = tt.journal().find((e) => JSON.parse(e.body).type === 'payment.recorded')!;
        const body = altered(held);
        expect((await upload(tt.t.id, [{ seq: held.seq, body, sig: sign(null, Buffer.from(body), privateKey(tt)).toString('base64url') }])).statusCode).toBe(409);
        // Noise after it: junk against another terminal from five more addresses.
        const other = await enrolled();
        for (let i = 0; i < 5; i++) expect((await upload(other.t.id, [{ seq: 1, body: '{}', sig: JUNK_SIG }], `192.0.2.${i}`)).statusCode).toBe(422);
        const listed = await listAlerts(sql, { limit: 3 });
        expect(listed[0]).toMatchObject({ kind: 'fork', severity: 'high', terminal_id: tt.t.id });
        expect(listed.filter((a) => a.severity !== 'high').length).toBeLessThanOrEqual(3);
      });
    });

    describe('issue 15 #11: payments for a business day the terminal already closed are marked late', () => {
      it('#11 a payment after the day.closed of its date is late, with a late_entry alert; one before it, or for another day, is not', async () => {
        const tt = await enrolled();
        const before = await tt.pay(1);
        const day = (JSON.parse(tt.journal(before.seq)[0]!.body).data as EventDataOf<'payment.recorded'>).businessDate;
        const payment = JSON.parse(tt.journal(before.seq)[0]!.body).data as EventDataOf<'payment.recorded'>;
        append(tt, 'day.closed', {
          businessDate: day, closedBy: supervisorName, payments: 1, totalPaise: payment.amountPaise, voids: 0,
          firstReceipt: payment.receiptNo, lastReceipt: payment.receiptNo, summarySha256: 'ab'.repeat(32),
        });
        // A back-dated payment in the same batch as the close, and one for the next day.
        const late1 = append(tt, 'payment.recorded', { ...payment, receiptNo: 'LATE-1', idempotencyKey: 'late-1-xxxx' });
        append(tt, 'payment.recorded', { ...payment, receiptNo: 'NEXT-1', businessDate: '2099-01-01', idempotencyKey: 'next-1-xxxx' });
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);
        // A later batch: the close is held centrally already.
        const late2 = append(tt, 'payment.recorded', { ...payment, receiptNo: 'LATE-2', idempotencyKey: 'late-2-xxxx' });
        expect((await upload(tt.t.id, tt.journal())).statusCode).toBe(200);

        const rows = await sql.query<{ receipt_no: string; late: boolean }>('SELECT receipt_no, late FROM payments WHERE terminal_id = $1 ORDER BY seq', [tt.t.id]);
        expect(rows).toEqual([
          { receipt_no: payment.receiptNo, late: false }, { receipt_no: 'LATE-1', late: true }, { receipt_no: 'NEXT-1', late: false }, { receipt_no: 'LATE-2', late: true },
        ]);
        const alerts = (await alertRows(tt.t.id)).filter((a) => a.kind === 'late_entry');
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({ severity: 'medium', count: 2, detail: { businessDate: day, seqs: [late2.seq] } });
        expect(late1.seq).toBeLessThan(late2.seq);
      });
    });

    describe('issue 15 low: security headers', () => {
      it('low: /v1/verify and a JSON route answer with a CSP without scripts, frame-ancestors, X-Frame-Options and nosniff', async () => {
        const page = await app.inject({ method: 'GET', url: '/v1/verify?c=nonsense' });
        const json = await app.inject({ method: 'POST', url: '/v1/terminals/T0000000000AB/journal', payload: { events: [{ seq: 1, body: '{}', sig: JUNK_SIG }] } });
        for (const r of [page, json]) {
          const csp = String(r.headers['content-security-policy']);
          expect(csp).toContain("default-src 'none'");
          expect(csp).toContain("frame-ancestors 'none'");
          expect(csp).not.toMatch(/script-src/);
          expect(r.headers['x-frame-options']).toBe('DENY');
          expect(r.headers['x-content-type-options']).toBe('nosniff');
        }
        expect(page.headers['content-type']).toMatch(/text\/html/);
        // The page's only styling is inline style attributes: styles, and nothing else, may be inline.
        expect(String(page.headers['content-security-policy'])).toContain("style-src 'unsafe-inline'");
        expect(page.body).not.toMatch(/<script/i);
      });
    });

    describe('issue 15 low: enrollment codes cannot be guessed', () => {
      it('low: repeated wrong codes from one source are refused with 429 and raise an alert; a right code from elsewhere still enrolls', async () => {
        const tt = await makeTerminal({ consumers: 0 });
        terminals.push(tt);
        const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
        const body = (code: string) => ({ code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: 'C1' });
        const guesser = '198.51.100.200';
        const statuses: number[] = [];
        for (let i = 0; i < REFUSAL_LIMITS.enroll.max + 5; i++) {
          const r = await app.inject({ method: 'POST', url: '/v1/enroll', payload: body(`AAAA-BBBB-${String(1000 + i).replace(/[01]/g, 'C')}`), remoteAddress: guesser });
          statuses.push(r.statusCode);
        }
        expect(statuses.slice(0, REFUSAL_LIMITS.enroll.max)).toEqual(Array(REFUSAL_LIMITS.enroll.max).fill(403));
        expect(statuses.slice(REFUSAL_LIMITS.enroll.max)).toEqual(Array(5).fill(429));
        const code = await makeEnrollCode(sql, 'SS042', 'C1');
        expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: body(code), remoteAddress: guesser })).statusCode).toBe(429); // even a right code, from there
        const alerts = await sql.query<{ kind: string; severity: string; source: string }>("SELECT kind, severity, source FROM alerts WHERE kind = 'enroll_guessing'");
        expect(alerts).toEqual([{ kind: 'enroll_guessing', severity: 'medium', source: guesser }]);
        expect((await app.inject({ method: 'POST', url: '/v1/enroll', payload: body(code), remoteAddress: '192.0.2.50' })).statusCode).toBe(200);
      });
    });
  });
}

describe('issue 15 #11: migration 0004 on a centre that already held events', () => {
  it('#11 projects the day.closed events already held and marks the payments after them late', async () => {
    const tt = await makeTerminal({ consumers: 0 });
    const db = new PGlite();
    try {
      const session = await tt.login(cashier);
      const p = await tt.call('payment.record', { session, idempotencyKey: 'migrate-1-xxxx', accountNo: demoAccountNo(1), amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
      const append = <T extends EventType>(type: T, data: EventDataOf<T>) =>
        tt.t.db.transaction(() => appendEvent(tt.t.db, tt.t.signer, tt.t.id, type, data, tt.clock.now)).immediate();
      const payment = JSON.parse((tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(p.seq) as { body: string }).body).data as EventDataOf<'payment.recorded'>;
      // closedBy holds U+0000 (escaped in the body): the backfill must not cast bodies to jsonb.
      append('day.closed', { businessDate: payment.businessDate, closedBy: 'meena\u0000', payments: 1, totalPaise: 10_000, voids: 0, firstReceipt: null, lastReceipt: null, summarySha256: 'cd'.repeat(32) });
      const late = append('payment.recorded', { ...payment, receiptNo: 'LATE-OLD', idempotencyKey: 'migrate-2-xxxx' });

      const sql: Sql = {
        query: async <T>(text: string, params: unknown[] = []) => (await db.query<T>(text, params)).rows,
        exec: async (script) => void (await db.exec(script)),
        transaction: (fn) => db.transaction((tx) => fn({ ...sql, query: async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows, exec: async (s) => void (await tx.exec(s)) })),
        close: () => db.close(),
      };
      const before = tempDir('counterfoil-migrations-');
      try {
        for (const f of readdirSync(UPSTREAM_MIGRATIONS_DIR).filter((f) => /^000[123]_/.test(f))) copyFileSync(join(UPSTREAM_MIGRATIONS_DIR, f), join(before, f));
        expect(await migrateUpstream(sql, before)).toEqual([1, 2, 3]);
      } finally {
        rmSync(before, { recursive: true, force: true });
      }
      // What a centre from before issue 15 held: the events and their payment projections.
      const raw = Buffer.from(tt.t.signer.publicKeyB64, 'base64url');
      await sql.query("INSERT INTO terminals (id, public_key, key_id, substation, counter) VALUES ($1, $2, $3, 'SS042', 'C1')", [tt.t.id, raw, tt.t.signer.keyId]);
      const rows = tt.t.db.prepare('SELECT seq, type, body, hash, sig FROM journal ORDER BY seq').all() as { seq: number; type: string; body: string; hash: Buffer; sig: Buffer }[];
      for (const r of rows) {
        await sql.query('INSERT INTO events (terminal_id, seq, type, body, hash, sig, terminal_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [tt.t.id, r.seq, r.type, r.body, r.hash, r.sig, JSON.parse(r.body).at]);
        if (r.type === 'payment.recorded') {
          const d = JSON.parse(r.body).data as EventDataOf<'payment.recorded'>;
          await sql.query('INSERT INTO payments (terminal_id, seq, receipt_no, account_no, amount_paise, mode, cashier, business_date, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
            tt.t.id, r.seq, d.receiptNo, d.account, d.amountPaise, d.mode, d.cashier, d.businessDate, JSON.parse(r.body).at,
          ]);
        }
      }
      await sql.query("INSERT INTO alerts (terminal_id, kind, detail) VALUES ($1, 'fork', '{}'), ($1, 'gap', '{}')", [tt.t.id]);
      expect(await migrateUpstream(sql)).toContain(4);

      expect(await sql.query("SELECT to_char(business_date, 'YYYY-MM-DD') AS day FROM day_closes")).toEqual([{ day: payment.businessDate }]);
      expect(await sql.query('SELECT seq::int AS seq, late FROM payments ORDER BY seq')).toEqual([{ seq: p.seq, late: false }, { seq: late.seq, late: true }]);
      expect(await sql.query('SELECT kind, severity FROM alerts ORDER BY id')).toEqual([{ kind: 'fork', severity: 'high' }, { kind: 'gap', severity: 'low' }]);
    } finally {
      await db.close();
      tt.close();
    }
  });
});
