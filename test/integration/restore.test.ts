// The guided restore, through the real launcher: a copy from the USB stick goes back in place
// only if it is sound, this terminal's, and not older than what the terminal or the centre holds;
// the database it replaces is kept beside it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupLedger } from '../../core/db/backup.js';
import { enroll } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { openTerminal } from '../../core/terminal/terminal.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { counterfoilAsync } from '../support/launcher.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';
import { listeningUpstream } from '../support/upstream-db.js';

// Not spawnSync: the upstream answers from this process, so its event loop must keep running.
const run = (data: string, ...args: string[]) => counterfoilAsync('--data', data, ...args);
const journalLength = (data: string) => {
  const t = openTerminal(data);
  try {
    return (t.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
  } finally {
    t.close();
  }
};

let n = 0;
async function pay(tt: TestTerminal, session: string): Promise<void> {
  await tt.call('payment.record', { session, idempotencyKey: `restore-${++n}-xxxx`, accountNo: '2100000001', amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
}

describe('counterfoil restore', () => {
  const up = listeningUpstream('counterfoil-restore-');

  it('puts a sound copy of this terminal back, keeping the database it replaces', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    const asha = await tt.login('asha');
    await pay(tt, asha);
    const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    tt.t.close();
    const r = await run(data, 'restore', '--from', copy);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ restoredFrom: copy, centralCheck: 'not-enrolled', takesPayments: true, replaced: expect.stringMatching(/counterfoil\.db\.replaced-/) });
    expect(readdirSync(data).some((f) => f.startsWith('counterfoil.db.replaced-'))).toBe(true);
    expect((await run(data, 'verify')).code).toBe(0);
    expect((await run(data, 'pay', '--user', 'asha', '--pin', '1111', '--account', '2100000002', '--amount', '100', '--mode', 'cash')).code).toBe(0);
  });

  it('refuses a copy older than what the terminal recorded, another terminal’s copy, and a broken file, changing nothing', async () => {
    const tt = await makeTerminal();
    const other = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    const asha = await tt.login('asha');
    await pay(tt, asha);
    const old = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    await pay(tt, asha);
    const othersCopy = (await backupLedger(other.t, join(tt.dir, 'usb-other'))).file;
    other.close();
    tt.t.close();
    const before = journalLength(data);
    const older = await run(data, 'restore', '--from', old);
    expect(older.code).toBe(1);
    expect(older.err).toMatch(/this terminal recorded up to \d+: restoring it would lose those receipts/);
    const foreign = await run(data, 'restore', '--from', othersCopy);
    expect(foreign.err).toMatch(/This copy belongs to terminal T[0-9A-F]{12}, not to this terminal \(T[0-9A-F]{12}\)/);
    const junk = join(tt.dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just bytes');
    expect((await run(data, 'restore', '--from', junk)).err).toMatch(/This copy cannot be restored/);
    expect(journalLength(data)).toBe(before);
    expect(readdirSync(data).filter((f) => f.startsWith('counterfoil.db.replaced-') || f.startsWith('.restore-'))).toEqual([]);
  });

  it('restores a desktop data folder, whose key only the app can open: checked against the database it replaces; the app asks the centre', async () => {
    const tt = await makeTerminal();
    const other = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    await enroll(tt.t, up.url, await makeEnrollCode(up.sql, 'SS042', 'C1'));
    await pay(tt, await tt.login('asha'));
    const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    const othersCopy = (await backupLedger(other.t, join(tt.dir, 'usb-other'))).file;
    other.close();
    tt.t.close();
    // As the Electron host leaves it: the key sealed in terminal-key.enc, no PEM file.
    const pem = join(tt.dir, 'key.pem');
    renameSync(join(data, 'terminal-key.pem'), pem);
    writeFileSync(join(data, 'terminal-key.enc'), '{"format":"counterfoil-key-vault","v":1,"ciphertext":"c2VhbGVk"}\n');

    const foreign = await run(data, 'restore', '--from', othersCopy);
    expect(foreign.code).toBe(1);
    expect(foreign.err).toMatch(/This copy belongs to terminal T[0-9A-F]{12}, not to this terminal/);
    const r = await run(data, 'restore', '--from', copy);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ centralCheck: 'key-in-app', takesPayments: false });
    // Opened with its key (the app's vault), the terminal waits for its first head check.
    const t = openTerminal(data, { privateKeyPem: readFileSync(pem, 'utf8') });
    try {
      expect(t.writeBlock?.code).toBe('HEAD_CHECK_REQUIRED');
    } finally {
      t.close();
    }
  });

  it('refuses a copy behind the central head; without the centre, the restored terminal waits for the head check', async () => {
    const tt = await makeTerminal();
    const data = join(tt.dir, 'terminal');
    await enroll(tt.t, up.url, await makeEnrollCode(up.sql, 'SS042', 'C1'));
    const asha = await tt.login('asha');
    await pay(tt, asha);
    const copy = (await backupLedger(tt.t, join(tt.dir, 'usb'))).file;
    await pay(tt, asha);
    await syncOnce(tt.t);
    tt.t.close();
    // A second terminal whose head mark is intact, restored below while the centre is down.
    const kept = await makeTerminal();
    const keptData = join(kept.dir, 'terminal');
    await enroll(kept.t, up.url, await makeEnrollCode(up.sql, 'SS042', 'C1'));
    await pay(kept, await kept.login('asha'));
    await syncOnce(kept.t);
    const keptCopy = (await backupLedger(kept.t, join(kept.dir, 'usb'))).file;
    kept.t.close();
    // The database and its head mark are lost (a new disk): only the centre knows of the last payment.
    copyFileSync(join(data, 'terminal-key.pem'), join(tt.dir, 'key.pem'));
    rmSync(data, { recursive: true });
    mkdirSync(data);
    copyFileSync(join(tt.dir, 'key.pem'), join(data, 'terminal-key.pem'));
    const behind = await run(data, 'restore', '--from', copy);
    expect(behind.code, behind.out).toBe(1);
    expect(behind.err).toMatch(/the central server holds up to no\. \d+/);
    expect(existsSync(join(data, 'counterfoil.db'))).toBe(false);

    // The same copy when the centre cannot be asked: with no head mark, nothing confirms it (issue 15 #4).
    await up.app.close();
    const offline = await run(data, 'restore', '--from', copy);
    expect(offline.code, offline.out).toBe(1);
    expect(offline.err).toMatch(/head mark \(its record of the last entry\) is missing or damaged, and the central server did not confirm this copy \(it could not be reached\)/);
    expect(existsSync(join(data, 'counterfoil.db'))).toBe(false);

    // With its head mark intact, a current copy goes back, but no payments until a sync checks the head.
    const restored = await run(keptData, 'restore', '--from', keptCopy);
    expect(restored.code, restored.err).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({ centralCheck: 'unreachable', takesPayments: false });
    const refused = await run(keptData, 'pay', '--user', 'asha', '--pin', '1111', '--account', '2100000002', '--amount', '100', '--mode', 'cash');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/central server/i);
  });
});
