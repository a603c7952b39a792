// Issue 15 #9: a small-order (or non-canonical) Ed25519 public key is refused wherever a key comes in
// from outside: at enrolment, and in a key rotation on both ends (the centre's ingest, the
// terminal's verify). Under the identity key a signature with R = identity and S = 0 verifies for
// every message, with no private key at all; under the all-zero key an all-'A' signature verifies
// for about one message in four.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/open.js';
import { migrate } from '../../core/db/migrate.js';
import { appendEvent, journalHead } from '../../core/ledger/journal.js';
import { sha256 } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { enroll, syncStatus } from '../../core/sync/agent.js';
import { eventBody, GENESIS_PREV } from '../../shared/journal-event.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { b64url, NON_CANONICAL_Y, SMALL_ORDER_ENCODINGS } from '../support/ed25519-small-order.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

const IDENTITY = SMALL_ORDER_ENCODINGS[2]!; // y = 1, sign clear
/** A "signature" that holds under the identity key for any message: R = identity, S = 0. */
const IDENTITY_SIG = b64url(Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 0)));
const keyIdOfRaw = (raw: Uint8Array) => createHash('sha256').update(raw).digest('hex').slice(0, 16);

const open: TestTerminal[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** A terminal whose journal ends with a key.rotated (signed by its real key) handing signing to the identity key. */
async function rotatedOntoIdentity(): Promise<TestTerminal> {
  const tt = await makeTerminal({ consumers: 0 });
  open.push(tt);
  tt.t.db.transaction(() => {
    appendEvent(tt.t.db, tt.t.signer, tt.t.id, 'key.rotated', {
      newPublicKey: b64url(IDENTITY), newKeyId: keyIdOfRaw(IDENTITY), proof: IDENTITY_SIG, rotatedBy: 'meena', reason: 'weak key',
    }, tt.clock.now);
  }).immediate();
  return tt;
}

describe('issue 15 #9: the terminal refuses small-order keys in its journal', () => {
  it('#9 verify reports a key.rotated naming a small-order key', async () => {
    const tt = await rotatedOntoIdentity();
    const report = verifyLedger(tt.t.db);
    expect(report.ok).toBe(false);
    const rotation = report.faults.find((f) => f.kind === 'key-rotation');
    expect(rotation?.detail).toMatch(/small order/);
  });

  it('#9 verify reports a genesis key of small order: a whole journal "signed" without any private key', () => {
    const dir = tempDir();
    const db = openDatabase(`${dir}/ledger.db`);
    try {
      migrate(db);
      const terminal = 'T00000000000A';
      const key = keyIdOfRaw(IDENTITY);
      db.prepare("INSERT INTO meta (key, value) VALUES ('terminal_id', ?), ('public_key', ?)").run(terminal, b64url(IDENTITY));
      const body = eventBody({
        v: 1, terminal, key, seq: 1, prev: GENESIS_PREV, at: '2026-11-26T06:00:00.000Z', type: 'terminal.created',
        data: { substation: 'SS042', counter: 'C1', publicKey: b64url(IDENTITY) },
      });
      db.prepare('INSERT INTO journal (seq, type, body, hash, sig) VALUES (1, ?, ?, ?, ?)').run('terminal.created', body, sha256(body), Buffer.from(IDENTITY_SIG, 'base64url'));
      const report = verifyLedger(db);
      expect(report.ok).toBe(false);
      expect(report.faults.map((f) => f.kind)).toContain('genesis');
      expect(report.faults.find((f) => f.kind === 'genesis')!.detail).toMatch(/small order/);
    } finally {
      db.close();
    }
  });
});

describe('issue 15 #9: the terminal refuses a small-order server key at enrolment', () => {
  it('#9 a centre answering enrolment with the all-zero key is refused, and the terminal stays unenrolled', async () => {
    const tt = await makeTerminal({ consumers: 0 });
    open.push(tt);
    // Checkpoints signed under such a key would hold without the centre's private key.
    const fake = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serverKey: 'A'.repeat(43) })));
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      await expect(enroll(tt.t, `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, 'ABCD-EFGH-JKLM')).rejects.toThrow(/small order/);
      expect(syncStatus(tt.t).enrolled).toBe(false);
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});

describe.each(upstreamBackends())('issue 15 #9: the centre refuses small-order keys on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    sql = await backend.open();
    app = await buildServer(sql);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  let n = 0;
  const enrollWith = async (publicKey: string) => {
    const code = await makeEnrollCode(sql, 'SS042', 'C1');
    const terminalId = `T${String(++n).padStart(12, '0')}`;
    // Each from its own address: refused enrollments per address are limited (issue 15, enrollment guessing).
    const res = await app.inject({
      method: 'POST', url: '/v1/enroll', remoteAddress: `10.9.${n >> 8}.${n & 255}`, payload: { code, terminalId, publicKey, substation: 'SS042', counter: 'C1' },
    });
    const stored = await sql.query('SELECT 1 FROM terminals WHERE id = $1', [terminalId]);
    const [used] = await sql.query<{ used_at: unknown }>('SELECT used_at FROM enroll_codes WHERE code = $1', [code]);
    return { res, stored: stored.length, codeUsed: used!.used_at !== null };
  };

  it('#9 an all-zero key at POST /v1/enroll is refused with a clear message, and nothing is stored', async () => {
    const r = await enrollWith('A'.repeat(43));
    expect(r.res.statusCode).toBe(422);
    expect(r.res.json()).toMatchObject({ error: 'invalid_key', message: expect.stringMatching(/small order/) });
    expect(r.stored).toBe(0);
    expect(r.codeUsed).toBe(false);
  });

  it('#9 every small-order encoding and every y ≥ p encoding is refused at enrolment', async () => {
    for (const raw of [...SMALL_ORDER_ENCODINGS, ...NON_CANONICAL_Y]) {
      const r = await enrollWith(b64url(raw));
      expect(r.res.statusCode, Buffer.from(raw).toString('hex')).toBe(422);
      expect(r.stored).toBe(0);
    }
  });

  it('#9 a key.rotated naming a small-order key is refused by ingest, and the registered key stays', async () => {
    const tt = await rotatedOntoIdentity();
    await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    const rows = tt.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[];
    const res = await app.inject({
      method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`,
      payload: { events: rows.map((e) => ({ seq: e.seq, body: e.body, sig: e.sig.toString('base64url') })) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'bad_rotation', message: expect.stringMatching(/small order/), ackedThrough: journalHead(tt.t.db).seq - 1 });
    const [t] = await sql.query<{ key_id: string }>('SELECT key_id FROM terminals WHERE id = $1', [tt.t.id]);
    expect(t!.key_id).toBe(tt.t.signer.keyId);
    expect(await sql.query('SELECT 1 FROM terminal_keys WHERE terminal_id = $1 AND from_seq > 1', [tt.t.id])).toHaveLength(0);
  });
});
