// Issue 15 #10 (a): data at rest. A data folder that already existed as 0755 stayed so, and the
// database and backups were 0644: another OS user on the counter PC could copy the PIN hashes and
// crack them offline. The data folder is 0700 and every file in it, and every backup copy, 0600.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupLedger } from '../../core/db/backup.js';
import { createTerminalDispatch } from '../../core/handlers.js';
import { setUpTerminal } from '../../core/terminal/setup.js';
import { openTerminal, type Terminal } from '../../core/terminal/terminal.js';
import type { Channel, Input, Output } from '../../shared/contract.js';
import { DEMO_USERS, demoAccountNo } from '../../shared/demo-data.js';
import { counterfoil } from '../support/launcher.js';
import { tempDir } from '../support/terminal.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every folder and file under `root` with its mode, for one comparison. */
function modesUnder(root: string): Record<string, string> {
  const out: Record<string, string> = { '.': mode(root).toString(8) };
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      out[join(rel, e.name)] = mode(path).toString(8);
      if (e.isDirectory()) walk(path, join(rel, e.name));
    }
  };
  walk(root, '');
  return out;
}
const allPrivate = (modes: Record<string, string>) => Object.values(modes).every((m) => m === '700' || m === '600');

const pinOf = (name: string) => DEMO_USERS.find((u) => u.name === name)!.pin;
function contract(t: Terminal) {
  const dispatch = createTerminalDispatch(t);
  return async <K extends Channel>(channel: K, input: Input<K>): Promise<Output<K>> => {
    const r = await dispatch(channel, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Output<K>;
  };
}

const open: Terminal[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

describe('issue 15 #10: the data folder is 0700, every file in it and every backup copy 0600', () => {
  it('#10 set up over an existing 0755 folder; after payments, a backup, a scheduled backup and an export', async () => {
    const dir = tempDir('counterfoil-modes-');
    const data = join(dir, 'terminal');
    mkdirSync(join(data, 'logs'), { recursive: true });
    // As the web shell leaves a folder before set-up: made by hand 0755, its first-run log 0644.
    writeFileSync(join(data, 'logs', 'counterfoil.log'), '{"event":"setup.waiting"}\n');
    chmodSync(join(data, 'logs', 'counterfoil.log'), 0o644);
    chmodSync(join(data, 'logs'), 0o755);
    chmodSync(data, 0o755);

    const { terminal: t } = await setUpTerminal(data, { substation: 'SS042', counter: 'C1', demoConsumers: 10 });
    open.push(t);
    expect(modesUnder(data)).toSatisfy(allPrivate);
    expect(mode(data)).toBe(0o700);

    const call = contract(t);
    const asha = (await call('auth.login', { user: 'asha', pin: pinOf('asha') })).session;
    const meena = (await call('auth.login', { user: 'meena', pin: pinOf('meena') })).session;
    for (let n = 1; n <= 3; n++) {
      await call('payment.record', { session: asha, idempotencyKey: `modes-${n}-xxxxxx`, accountNo: demoAccountNo(n), amountPaise: 10_000, mode: 'cash', autoOpenShift: true });
    }
    const files = modesUnder(data);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['counterfoil.db', 'counterfoil.db-wal', 'counterfoil.db-shm', 'head-mark', 'terminal-key.pem']));
    expect(files).toSatisfy(allPrivate);

    // A backup by hand to a new folder, and the one a shift close takes by itself.
    const copy = await backupLedger(t, join(dir, 'usb'));
    expect(mode(copy.file)).toBe(0o600);
    expect(mode(join(dir, 'usb'))).toBe(0o700);
    await call('backup.settings.set', { session: meena, settings: { dir: join(dir, 'stick'), keep: 3 } });
    await call('shift.close', { session: asha, count: { notes: { '100': 3 }, coinsPaise: 0 } });
    const scheduled = (await call('backup.status', { session: meena }))!;
    expect(scheduled).toMatchObject({ ok: true });
    expect(mode(scheduled.file!)).toBe(0o600);

    // An export written into the data folder from the command line.
    t.close();
    const exported = counterfoil('--data', data, 'export', '--date', '2026-11-26', '--format', 'csv', '--out', join(data, 'day.csv'));
    expect(exported.code, exported.err).toBe(0);
    expect(mode(join(data, 'day.csv'))).toBe(0o600);
    expect(mode(join(data, 'day.csv.manifest.json'))).toBe(0o600);
    expect(modesUnder(data)).toSatisfy(allPrivate);
  });

  it('#10 a terminal left readable by an earlier version is made private when it opens', async () => {
    const dir = tempDir('counterfoil-modes-');
    const data = join(dir, 'terminal');
    const { terminal } = await setUpTerminal(data, { substation: 'SS042', counter: 'C1', demoConsumers: 0 });
    terminal.close();
    for (const f of readdirSync(data)) chmodSync(join(data, f), 0o644);
    chmodSync(data, 0o755);
    const t = openTerminal(data);
    open.push(t);
    expect(modesUnder(data)).toSatisfy(allPrivate);
    expect(mode(join(data, 'counterfoil.db'))).toBe(0o600);
  });
});
