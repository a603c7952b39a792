// The backup a counter takes by itself at every shift close: to the supervisor's folder, checked,
// the newest N kept; a folder that cannot be written never stops the shift from closing.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackup } from '../../core/db/backup.js';
import { makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';

let tt: TestTerminal;
beforeEach(async () => {
  tt = await makeTerminal();
});
afterEach(() => tt.close());

async function shiftWithPayment(n: number): Promise<void> {
  const asha = await tt.login('asha');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
  await tt.call('payment.record', { session: asha, idempotencyKey: `backup-test-${n}`, accountNo: '2100000001', amountPaise: 10_000, mode: 'cash' });
  await tt.call('shift.close', { session: asha, count: { notes: { '100': 1 }, coinsPaise: 0 } });
  tt.clock.now = new Date(tt.clock.now.getTime() + 60_000);
}

describe('backup at shift close', () => {
  it('does nothing until a supervisor chooses a folder', async () => {
    expect(await tt.call('backup.settings.get', { session: await tt.sessionOf('meena') })).toEqual({ dir: null, keep: 14 });
    await shiftWithPayment(1);
    expect(await tt.call('backup.status', { session: await tt.sessionOf('meena') })).toBeNull();
  });

  it('copies the ledger at each close, checked, keeping the newest N of this terminal', async () => {
    const usb = join(tt.dir, 'usb');
    const meena = await tt.login('meena');
    const cashier = await tt.api['backup.settings.set']({ session: await tt.login('asha'), settings: { dir: usb, keep: 2 } });
    expect(!cashier.ok && cashier.error.code).toBe('SUPERVISOR_REQUIRED');
    const relative = await tt.api['backup.settings.set']({ session: meena, settings: { dir: 'usb', keep: 2 } });
    expect(!relative.ok && relative.error.code).toBe('INVALID_INPUT');
    expect(await tt.call('backup.settings.set', { session: meena, settings: { dir: usb, keep: 2 } })).toEqual({ dir: usb, keep: 2 });
    mkdirSync(usb);
    writeFileSync(join(usb, 'someone-elses.db'), 'not ours');

    for (let n = 1; n <= 3; n++) await shiftWithPayment(n);
    const status = (await tt.call('backup.status', { session: await tt.sessionOf('meena') }))!;
    expect(status).toMatchObject({ ok: true, error: null, removed: 1 });
    const copies = readdirSync(usb).filter((f) => f.startsWith(`counterfoil-${tt.t.id}-`));
    expect(copies).toHaveLength(2);
    expect(existsSync(join(usb, 'someone-elses.db'))).toBe(true);
    // The newest copy holds the last shift's close and verifies on its own.
    const check = checkBackup(status.file!);
    expect(check.ok).toBe(true);
    expect(check.verify.headSeq).toBe(status.headSeq);
    expect(status.headSeq).toBe((tt.t.db.prepare('SELECT MAX(seq) AS s FROM journal').get() as { s: number }).s);
  });

  it('a folder that cannot be written leaves the shift closed and says why', async () => {
    const blocked = join(tt.dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the folder should be');
    await tt.call('backup.settings.set', { session: await tt.login('meena'), settings: { dir: blocked, keep: 3 } });
    await shiftWithPayment(1);
    const asha = await tt.login('asha');
    expect(await tt.call('shift.current', { session: asha })).toBeNull();
    expect(await tt.call('backup.status', { session: await tt.sessionOf('meena') })).toMatchObject({ ok: false, file: null, error: expect.stringMatching(/^could not write to .*not-a-folder/) });
  });

  it('is set from the command line', () => {
    const bin = fileURLToPath(new URL('../../core/bin.js', import.meta.url));
    const cf = (...args: string[]) => spawnSync(process.execPath, [bin, '--data', join(tt.dir, 'terminal'), ...args], { encoding: 'utf8' });
    const r = cf('backup-schedule', '--user', 'meena', '--pin', PINS.meena, '--to', join(tt.dir, 'stick'), '--keep', '7');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ dir: join(tt.dir, 'stick'), keep: 7 });
    expect(cf('backup-schedule', '--user', 'meena', '--pin', PINS.meena).stderr).toMatch(/give --to DIR \(and --keep N\) or --off/);
    expect(JSON.parse(cf('backup-schedule', '--user', 'meena', '--pin', PINS.meena, '--off').stdout)).toEqual({ dir: null, keep: 14 });
  });
});
