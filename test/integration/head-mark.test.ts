// Issue 15 #4: a paid receipt must not vanish. The head mark beside the database is what tells a
// restored (older) copy from the ledger it replaces, so it must be signed by the terminal key, a
// missing or damaged one must stop payments and restores until the centre confirms the head, and
// a mark written by hand (the old checksum format, or signed by any other key) counts as damaged.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupLedger } from '../../core/db/backup.js';
import { checkHeadMark, headMarkKeys, headMarkText, readHeadMark } from '../../core/ledger/head-mark.js';
import { journalHead } from '../../core/ledger/journal.js';
import { newKeyPair, signerFrom } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { enroll } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { DATA_FILES, openTerminal } from '../../core/terminal/terminal.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { counterfoilAsync } from '../support/launcher.js';
import { makeTerminal, PINS, type TestTerminal } from '../support/terminal.js';
import { listeningUpstream } from '../support/upstream-db.js';

// Not spawnSync: the upstream answers from this process, so its event loop must keep running.
const run = (data: string, ...args: string[]) => counterfoilAsync('--data', data, ...args);
const markFile = (data: string) => join(data, DATA_FILES.headMark);
const receipts = (data: string) => {
  const t = openTerminal(data);
  try {
    return (t.db.prepare('SELECT receipt_no AS r FROM payments ORDER BY seq').all() as { r: string }[]).map((x) => x.r);
  } finally {
    t.close();
  }
};

let n = 0;
const pay = (tt: TestTerminal, session: string, amountPaise = 10_000) =>
  tt.call('payment.record', { session, idempotencyKey: `mark-${++n}-xxxxxx`, accountNo: demoAccountNo(n), amountPaise, mode: 'cash', autoOpenShift: true });
const payByCli = (data: string) => run(data, 'pay', '--user', 'asha', '--pin', PINS.asha, '--account', demoAccountNo(99), '--amount', '100', '--mode', 'cash');

/** The head mark as the format before issue 15 wrote it: JSON and a 16-hex SHA-256 checksum anyone can compute. */
function oldStyleMark(value: { terminal: string; seq: number; hash: string }): string {
  const json = JSON.stringify(value);
  return `${json} ${createHash('sha256').update(json).digest('hex').slice(0, 16)}`.padEnd(255, ' ') + '\n';
}

describe('issue 15 #4: a paid receipt cannot be made to vanish by restoring over a damaged head mark', () => {
  const up = listeningUpstream('counterfoil-head-mark-');

  it('#4 backup, a ₹5,000 payment, junk over head-mark, restore: refused with a clear error, and payments wait', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    const asha = await tt.login('asha');
    await pay(tt, asha);
    const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    const paid = await pay(tt, asha, 5_000_00); // the consumer leaves with this receipt
    tt.t.close();
    writeFileSync(markFile(data), 'junk junk junk\n');

    const restore = await run(data, 'restore', '--from', copy);
    expect(restore.code, restore.out).toBe(1);
    expect(restore.err).toMatch(/head mark .*is missing or damaged, and the central server did not confirm this copy \(the terminal is not enrolled\).*Nothing was changed/);
    expect(receipts(data)).toContain(paid.receiptNo);

    // The same damaged mark also stops payments on the ledger in place until the centre has checked it.
    const refused = await payByCli(data);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/head mark is missing or damaged: connect to the central server once/);
    expect(receipts(data).filter((r) => r === paid.receiptNo)).toHaveLength(1);
    tt.close();
  });

  it('#4 with the centre confirming the copy’s head the restore goes through, and the junk mark on a live ledger is cleared by one head check', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    await enroll(tt.t, up.url, await makeEnrollCode(up.sql, 'SS042', 'C1'));
    const asha = await tt.login('asha');
    await pay(tt, asha);
    expect(await syncOnce(tt.t)).toMatchObject({ queueDepth: 0 });
    const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    tt.t.close();
    writeFileSync(markFile(data), 'junk junk junk\n');

    const restored = await run(data, 'restore', '--from', copy);
    expect(restored.code, restored.err).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({ centralCheck: 'ok', takesPayments: true });
    expect(checkHeadMark(readHeadMark(markFile(data)), tt.t.id, [])).toMatchObject({ state: 'untrusted' }); // no key given: never good
    const t = openTerminal(data);
    try {
      expect(t.writeBlock).toBeNull();
      expect(checkHeadMark(readHeadMark(markFile(data)), t.id, headMarkKeys(t.db))).toMatchObject({ state: 'good', value: { seq: journalHead(t.db).seq } });
    } finally {
      t.close();
    }
    expect((await payByCli(data)).code).toBe(0);

    // A junk mark on the ledger in place: payments wait, the sync agent's head check clears it.
    writeFileSync(markFile(data), 'junk junk junk\n');
    const live = openTerminal(data);
    try {
      expect(live.writeBlock?.code).toBe('HEAD_CHECK_REQUIRED');
      expect(await syncOnce(live)).toMatchObject({ writeBlock: null, connection: 'online' });
      expect(checkHeadMark(readHeadMark(markFile(data)), live.id, headMarkKeys(live.db)).state).toBe('good');
    } finally {
      live.close();
    }
    tt.close();
  });

  it('#4 on a desktop data folder (key in the OS vault) a junk mark is checked with the public key: not enrolled, refused; enrolled, the app asks the centre before any payment', async () => {
    for (const enrolled of [false, true]) {
      const tt = await makeTerminal();
      const data = join(tt.dir, 'terminal');
      if (enrolled) await enroll(tt.t, up.url, await makeEnrollCode(up.sql, 'SS042', 'C1'));
      await pay(tt, await tt.login('asha'));
      const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
      tt.t.close();
      // As the Electron host leaves it: the key sealed in terminal-key.enc, no PEM file.
      const pem = join(tt.dir, 'key.pem');
      renameSync(join(data, 'terminal-key.pem'), pem);
      writeFileSync(join(data, 'terminal-key.enc'), '{"format":"counterfoil-key-vault","v":1,"ciphertext":"c2VhbGVk"}\n');
      writeFileSync(markFile(data), 'junk junk junk\n');

      const r = await run(data, 'restore', '--from', copy);
      if (!enrolled) {
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/head mark .*is missing or damaged, and the central server did not confirm this copy \(the terminal is not enrolled\)/);
      } else {
        expect(r.code, r.err).toBe(0);
        expect(JSON.parse(r.out)).toMatchObject({ centralCheck: 'key-in-app', takesPayments: false });
        const t = openTerminal(data, { privateKeyPem: readFileSync(pem, 'utf8') });
        try {
          expect(t.writeBlock?.code).toBe('HEAD_CHECK_REQUIRED');
        } finally {
          t.close();
        }
      }
      tt.close();
    }
  });

  it('#4 a mark written by hand in the old format, with a valid checksum, is not good', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    const asha = await tt.login('asha');
    await pay(tt, asha);
    const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    const copyHead = journalHead(tt.t.db);
    await pay(tt, asha, 5_000_00);
    tt.t.close();
    // What an attacker writes: the copy's head, in the format the old code took as good.
    writeFileSync(markFile(data), oldStyleMark({ terminal: tt.t.id, seq: copyHead.seq, hash: copyHead.hash!.toString('hex') }));

    const t = openTerminal(data);
    try {
      expect(t.writeBlock?.code).toBe('HEAD_CHECK_REQUIRED');
      expect(verifyLedger(t.db, { headMarkFile: markFile(data) }).faults).toEqual([
        { seq: copyHead.seq, kind: 'head-mark', detail: 'the head mark is in the old unsigned format, which anyone could have written' },
      ]);
    } finally {
      t.close();
    }
    const restore = await run(data, 'restore', '--from', copy);
    expect(restore.code).toBe(1);
    expect(restore.err).toMatch(/head mark .*is missing or damaged/);
    tt.close();
  });

  it('#4 a mark signed by another key is not good, even one that names this terminal’s key id', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    await pay(tt, await tt.login('asha'));
    const head = journalHead(tt.t.db);
    const value = { terminal: tt.t.id, seq: head.seq, hash: head.hash!.toString('hex') };
    const stranger = signerFrom(newKeyPair().privateKey);
    const keys = headMarkKeys(tt.t.db);
    tt.t.close();

    for (const keyId of [stranger.keyId, tt.t.signer.keyId]) {
      const text = headMarkText(value, keyId);
      writeFileSync(markFile(data), `${text}|${stranger.sign(text).toString('base64url')}`.padEnd(255, ' ') + '\n');
      expect(checkHeadMark(readHeadMark(markFile(data)), tt.t.id, keys)).toMatchObject({ state: 'untrusted' });
      const t = openTerminal(data);
      try {
        expect(t.writeBlock?.code).toBe('HEAD_CHECK_REQUIRED');
      } finally {
        t.close();
      }
    }
    // The terminal's own signature over the same text is good: the test above fails for the key alone.
    const text = headMarkText(value, tt.t.signer.keyId);
    writeFileSync(markFile(data), `${text}|${tt.t.signer.sign(text).toString('base64url')}`.padEnd(255, ' ') + '\n');
    expect(checkHeadMark(readHeadMark(markFile(data)), tt.t.id, keys)).toMatchObject({ state: 'good', value });
    tt.close();
  });

  it('#4 after a key rotation the mark names the new key; a retired key vouches for no head after its retirement', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    const asha = await tt.login('asha');
    await pay(tt, asha);
    const old = tt.t.signer;
    await tt.call('terminal.key.rotate', { session: await tt.login('meena'), reason: 'yearly change' });
    await pay(tt, asha);
    const read = readHeadMark(markFile(data));
    expect(read).toMatchObject({ state: 'signed', keyId: tt.t.signer.keyId });
    const keys = headMarkKeys(tt.t.db);
    expect(checkHeadMark(read, tt.t.id, keys).state).toBe('good');

    const rotationSeq = (tt.t.db.prepare("SELECT seq FROM journal WHERE type = 'key.rotated'").get() as { seq: number }).seq;
    const byOld = (seq: number) => {
      const hash = (tt.t.db.prepare('SELECT hash FROM journal WHERE seq = ?').get(seq) as { hash: Buffer }).hash.toString('hex');
      const text = headMarkText({ terminal: tt.t.id, seq, hash }, old.keyId);
      writeFileSync(markFile(data), `${text}|${old.sign(text).toString('base64url')}`.padEnd(255, ' ') + '\n');
      return checkHeadMark(readHeadMark(markFile(data)), tt.t.id, keys).state;
    };
    expect(byOld(rotationSeq)).toBe('good'); // a crash between the rotation's commit and its mark leaves this
    expect(byOld(rotationSeq + 1)).toBe('untrusted');
    expect(readFileSync(markFile(data)).length).toBe(256);
    tt.close();
  });
});
