// Tampering behind the app's back: a second SQLite connection drops the append-only triggers
// and edits, deletes, reorders or re-signs journal rows (and projection rows) of a 1,000-event
// ledger. verify must report every one. Each mutation runs in a transaction that is rolled back,
// so all of them start from the same intact ledger. TAMPER_SAMPLES=1000 tries every row.
import Database from 'better-sqlite3';
import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { findUser } from '../../core/auth/users.js';
import { demoAccountNo, seededRandom } from '../../shared/demo-data.js';
import { journalHead } from '../../core/ledger/journal.js';
import { recordPayment, voidPayment } from '../../core/ledger/payments.js';
import { closeShift, openShift } from '../../core/ledger/shifts.js';
import { sha256 } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import type { PaymentRequest } from '../../shared/contract.js';
import type { Paise } from '../../shared/money.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';

const EVENTS = 1000;
const SAMPLES = Number(process.env.TAMPER_SAMPLES ?? 40);

let tt: TestTerminal;
let raw: Database.Database;
let markFile: string;
const attacker = generateKeyPairSync('ed25519').privateKey;

beforeAll(async () => {
  tt = await makeTerminal({ consumers: 200 });
  const { t } = tt;
  const asha = findUser(t.db, 'asha')!;
  const ravi = findUser(t.db, 'ravi')!;
  const meena = findUser(t.db, 'meena')!;
  openShift(t, asha, 200000 as Paise);
  openShift(t, ravi, 0 as Paise);
  const modes = ['cash', 'cheque', 'dd', 'upi', 'card'] as const;
  const instrument = {
    cash: () => ({}),
    cheque: () => ({ number: '123456', bank: 'SBI', date: '2026-11-20' }),
    dd: () => ({ number: '654321', bank: 'PNB', date: '2026-11-01' }),
    upi: (i: number) => ({ utr: String(100000000000 + i) }),
    card: () => ({ last4: '4321', approval: 'A1B2C3' }),
  };
  for (let i = 0; journalHead(t.db).seq < EVENTS - 1; i++) {
    const mode = modes[i % modes.length]!;
    const r = recordPayment(t, i % 2 ? asha : ravi, {
      session: '0'.repeat(32), idempotencyKey: `tamper-${i}`, accountNo: demoAccountNo(i % 200), amountPaise: 10000 + i,
      mode, instrument: instrument[mode](i), autoOpenShift: false,
    } as PaymentRequest);
    if (i % 50 === 7 && journalHead(t.db).seq < EVENTS - 1) voidPayment(t, asha, meena, r.receiptNo, 'entered twice');
  }
  closeShift(t, asha, { notes: { '500': 4 }, coinsPaise: 0 as Paise });
  expect(journalHead(t.db).seq).toBe(EVENTS);
  markFile = join(t.dataDir, DATA_FILES.headMark);
  raw = new Database(join(t.dataDir, DATA_FILES.db));
  raw.pragma('foreign_keys = OFF'); // as a tamperer would
});

afterAll(() => {
  raw?.close();
  tt?.close();
});

type Row = { seq: number; type: string; body: string; hash: Buffer; sig: Buffer };
const row = (seq: number) => raw.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as Row;
const put = (r: Row) => raw.prepare('UPDATE journal SET type = ?, body = ?, hash = ?, sig = ? WHERE seq = ?').run(r.type, r.body, r.hash, r.sig, r.seq);

/** Runs a mutation in a rolled-back transaction and returns what verify said. */
function tampered(mutate: () => void) {
  raw.exec('BEGIN');
  try {
    raw.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DROP TRIGGER payments_no_delete; DROP TRIGGER payments_only_void;');
    mutate();
    return verifyLedger(raw, { headMarkFile: markFile });
  } finally {
    raw.exec('ROLLBACK');
  }
}

/** A changed body: a payment's amount, otherwise the event's time. */
function alteredBody(body: string): string {
  const ev = JSON.parse(body);
  if (typeof ev.data.amountPaise === 'number') ev.data.amountPaise += 100;
  else ev.at = new Date(Date.parse(ev.at) + 1000).toISOString();
  return canonicalize(ev)!;
}

function sampleSeqs(): number[] {
  const rand = seededRandom(20261126);
  const picks = new Set([1, 2, EVENTS - 1, EVENTS]);
  while (picks.size < Math.min(SAMPLES, EVENTS)) picks.add(1 + Math.floor(rand() * EVENTS));
  return [...picks].sort((a, b) => a - b);
}

const results: Record<string, { tried: number; detected: number }> = {};
function expectDetected(kind: string, seq: number, report: ReturnType<typeof verifyLedger>, at: number | null = seq) {
  const r = (results[kind] ??= { tried: 0, detected: 0 });
  r.tried++;
  const hit = !report.ok && (at === null || report.faults.some((f) => f.seq === at));
  if (hit) r.detected++;
  expect(hit, `${kind} at seq ${seq}: ${JSON.stringify(report.faults.slice(0, 3))}`).toBe(true);
}

describe(`tampering with a ${EVENTS}-event journal`, () => {
  it('starts from an intact ledger', () => {
    expect(verifyLedger(raw, { headMarkFile: markFile })).toMatchObject({ ok: true, events: EVENTS, faults: [] });
  });

  it('reports an edited body (hash left as it was)', () => {
    for (const seq of sampleSeqs()) {
      expectDetected('edit', seq, tampered(() => put({ ...row(seq), body: alteredBody(row(seq).body) })));
    }
  });

  it('reports an edited body with a recomputed hash and the projection edited to match', () => {
    for (const seq of sampleSeqs()) {
      const report = tampered(() => {
        const r = row(seq);
        const body = alteredBody(r.body);
        put({ ...r, body, hash: sha256(body) });
        raw.prepare('UPDATE payments SET amount_paise = amount_paise + 100 WHERE seq = ?').run(seq);
      });
      expectDetected('edit+rehash', seq, report);
    }
  });

  it('reports a row re-signed with another key, even with the rest of the chain re-linked and re-signed', () => {
    for (const seq of sampleSeqs()) {
      const report = tampered(() => {
        let prev = seq > 1 ? row(seq - 1).hash.toString('hex') : '0'.repeat(64);
        for (let s = seq; s <= EVENTS; s++) {
          const ev = JSON.parse(row(s).body);
          if (s === seq) Object.assign(ev, JSON.parse(alteredBody(row(s).body)));
          ev.prev = prev;
          const body = canonicalize(ev)!;
          const hash = sha256(body);
          put({ seq: s, type: ev.type, body, hash, sig: sign(null, Buffer.from(body), attacker) });
          prev = hash.toString('hex');
        }
      });
      expectDetected('re-sign', seq, report);
    }
  });

  it('reports a deleted row', () => {
    for (const seq of sampleSeqs()) {
      const report = tampered(() => raw.prepare('DELETE FROM journal WHERE seq = ?').run(seq));
      // Deleting the last row leaves no later row to notice a gap: the head mark does.
      expectDetected('delete', seq, report, seq === EVENTS ? EVENTS : seq + 1);
    }
  });

  it('reports two rows swapped', () => {
    for (const seq of sampleSeqs().filter((s) => s < EVENTS)) {
      const report = tampered(() => {
        const a = row(seq);
        const b = row(seq + 1);
        raw.prepare('DELETE FROM journal WHERE seq IN (?, ?)').run(seq, seq + 1);
        const ins = raw.prepare('INSERT INTO journal (seq, type, body, hash, sig) VALUES (?, ?, ?, ?, ?)');
        ins.run(seq, b.type, b.body, b.hash, b.sig);
        ins.run(seq + 1, a.type, a.body, a.hash, a.sig);
      });
      expectDetected('reorder', seq, report);
    }
  });

  it('reports the whole chain re-made under a new key (the head mark and the kept receipt codes no longer match)', () => {
    const report = tampered(() => {
      let prev = '0'.repeat(64);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const rawKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
      const keyId = sha256(rawKey).toString('hex').slice(0, 16);
      raw.prepare("UPDATE meta SET value = ? WHERE key = 'public_key'").run(rawKey.toString('base64url'));
      for (let s = 1; s <= EVENTS; s++) {
        const ev = JSON.parse(row(s).body);
        ev.prev = prev;
        ev.key = keyId;
        if (s === 1) ev.data.publicKey = rawKey.toString('base64url');
        const body = canonicalize(ev)!;
        const hash = sha256(body);
        put({ seq: s, type: ev.type, body, hash, sig: sign(null, Buffer.from(body), privateKey) });
        prev = hash.toString('hex');
      }
    });
    // The head mark, and each kept receipt code: it names the hash of the event it was signed for.
    expect([...new Set(report.faults.map((f) => f.kind))].sort()).toEqual(['head-mark', 'receipt-code']);
    expectDetected('rewrite-all', EVENTS, report);
  });

  it('reports projection rows changed, deleted or voided without an event', () => {
    const payments = raw.prepare('SELECT seq FROM payments WHERE void_seq IS NULL ORDER BY seq').all() as { seq: number }[];
    const rand = seededRandom(7);
    for (let i = 0; i < Math.min(SAMPLES, payments.length); i++) {
      const { seq } = payments[Math.floor(rand() * payments.length)]!;
      expectDetected('row-edit', seq, tampered(() => raw.prepare("UPDATE payments SET account_no = 'X' || account_no WHERE seq = ?").run(seq)));
      expectDetected('row-delete', seq, tampered(() => raw.prepare('DELETE FROM payments WHERE seq = ?').run(seq)));
      expectDetected('row-void', seq, tampered(() => raw.prepare('UPDATE payments SET void_seq = 1 WHERE seq = ? AND void_seq IS NULL').run(seq)), null);
    }
  }, 120_000); // three whole-ledger verifies per sample: about 10 s alone, 30 s beside the other suites on 2 cores

  it('detected 100%', () => {
    console.log('tamper results:', JSON.stringify(results));
    for (const [kind, r] of Object.entries(results)) expect(r.detected, kind).toBe(r.tried);
    expect(Object.keys(results).length).toBe(9);
  });
});
