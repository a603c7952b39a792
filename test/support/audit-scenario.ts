// Three business days of one real terminal, held by a centre, for the audit pack's tests: payments
// in cash, cheque and UPI, a void, a returned cheque, shifts and days closed, and a key rotation on
// the second day; the journal uploaded to the centre through its own routes (enroll, journal).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../../upstream/server.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import type { Sql } from '../../upstream/store.js';
import { KEY_FILES } from '../../core/terminal/key-store.js';
import { makeTerminal, PINS, type TestTerminal } from './terminal.js';

export interface AuditScenario {
  tt: TestTerminal;
  /** The terminal's first private key (PEM), which signs seq 1 to the rotation. */
  oldKeyPem: string;
  rotationSeq: number;
  /** What each day's close states: receipts not voided and their total, and voids. */
  closes: Record<string, { payments: number; totalPaise: number; voids: number }>;
}

const DAY = 86_400_000;

export async function auditScenario(): Promise<AuditScenario> {
  const tt = await makeTerminal({ consumers: 20, now: '2026-11-26T04:00:00.000Z' });
  const oldKeyPem = readFileSync(join(tt.t.dataDir, KEY_FILES.current), 'utf8');
  const meena = { user: 'meena' as const, pin: PINS.meena };
  let n = 0;
  const pay = async (amountPaise: number, mode: 'cash' | 'cheque' | 'upi') => {
    n++;
    const session = await tt.sessionOf('asha');
    const base = { session, idempotencyKey: `audit-pack-${n}-xxxx`, accountNo: `21000000${String(n).padStart(2, '0')}`, amountPaise, autoOpenShift: true };
    if (mode === 'cash') return tt.call('payment.record', { ...base, mode });
    if (mode === 'upi') return tt.call('payment.record', { ...base, mode, instrument: { utr: `4242424242${String(n).padStart(2, '0')}` } });
    return tt.call('payment.record', { ...base, mode, instrument: { number: `10000${n}`, bank: 'State Bank of India', date: tt.clock.now.toISOString().slice(0, 10) } });
  };
  const closeShiftAndDay = async (date: string) => {
    await tt.call('shift.close', { session: await tt.sessionOf('asha'), count: { notes: { '100': 1 }, coinsPaise: 0 } });
    await tt.call('day.close', { session: await tt.sessionOf('meena'), date });
  };
  const at = (day: number, hour: number) => {
    tt.clock.now = new Date(Date.parse('2026-11-26T04:00:00.000Z') + day * DAY + hour * 3_600_000);
  };

  // Day 1, 2026-11-26: three payments, one voided.
  at(0, 1);
  await pay(1_200_00, 'cash');
  const wrong = await pay(450_50, 'cash');
  await pay(2_000_00, 'upi');
  await tt.call('payment.void', { session: await tt.sessionOf('asha'), receiptNo: wrong.receiptNo, supervisor: meena, reason: 'typed twice' });
  at(0, 8);
  await closeShiftAndDay('2026-11-26');

  // Day 2, 2026-11-27: the key is rotated mid-morning; a cheque taken and returned the same day.
  at(1, 1);
  await pay(300_00, 'cash');
  const rotated = await tt.call('terminal.key.rotate', { session: await tt.sessionOf('meena'), reason: 'yearly change' });
  at(1, 2);
  const cheque = await pay(5_000_00, 'cheque');
  await pay(175_25, 'upi');
  await tt.call('cheque.return', { session: await tt.sessionOf('meena'), receiptNo: cheque.receiptNo, returnedOn: '2026-11-27', reason: 'signature differs' });
  at(1, 8);
  await closeShiftAndDay('2026-11-27');

  // Day 3, 2026-11-28: one payment and a void; the day is not closed yet.
  at(2, 1);
  const late = await pay(999_00, 'cash');
  await pay(110_00, 'cash');
  await tt.call('payment.void', { session: await tt.sessionOf('asha'), receiptNo: late.receiptNo, supervisor: meena, reason: 'wrong account' });

  return {
    tt, oldKeyPem, rotationSeq: rotated.seq,
    closes: {
      '2026-11-26': { payments: 2, totalPaise: 1_200_00 + 2_000_00, voids: 1 },
      '2026-11-27': { payments: 3, totalPaise: 300_00 + 5_000_00 + 175_25, voids: 0 },
    },
  };
}

/** Enrolls the terminal with the centre on `sql` and uploads its whole journal, through the centre's routes. */
export async function uploadToCentre(sql: Sql, tt: TestTerminal): Promise<void> {
  const app = await buildServer(sql);
  try {
    const code = await makeEnrollCode(sql, 'SS042', 'C1');
    // The genesis key: the centre follows the rotation as it takes the journal in.
    const publicKey = (JSON.parse((tt.t.db.prepare('SELECT body FROM journal WHERE seq = 1').get() as { body: string }).body) as { data: { publicKey: string } }).data.publicKey;
    const enrolled = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter: 'C1' } });
    if (enrolled.statusCode !== 200) throw new Error(`enroll: ${enrolled.body}`);
    const events = (tt.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[])
      .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
    const up = await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events } });
    if (up.statusCode !== 200) throw new Error(`journal upload: ${up.body}`);
  } finally {
    await app.close();
  }
}
