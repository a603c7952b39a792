// The desktop app's update address (core/terminal/update-settings.ts), through the contract as the
// app calls it and through the `counterfoil` command: off by default, set by a supervisor only, a
// bad address refused with nothing changed; and the open-shift count the updater waits on.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openShiftCount } from '../../core/ledger/shifts.js';
import { makeTerminal, type TestTerminal, PINS } from '../support/terminal.js';

let tt: TestTerminal;
beforeEach(async () => {
  tt = await makeTerminal();
});
afterEach(() => tt.close());

const URL_ = 'https://updates.example.in/counterfoil/';
const stored = () => (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'update_settings'").get() as { value: string } | undefined)?.value ?? null;

describe('settings.update through the contract', () => {
  it('is off until a supervisor sets an address; kept across a reopen; --off clears it', async () => {
    expect(await tt.call('settings.update.get', { session: await tt.sessionOf('meena') })).toEqual({ url: null });
    expect(stored()).toBeNull();
    const meena = await tt.login('meena');
    expect(await tt.call('settings.update.set', { session: meena, settings: { url: ` ${URL_} ` } })).toEqual({ url: URL_ });
    expect(await tt.call('settings.update.get', { session: await tt.sessionOf('meena') })).toEqual({ url: URL_ });
    tt.reopen();
    expect(await tt.call('settings.update.get', { session: await tt.sessionOf('meena') })).toEqual({ url: URL_ });
    const again = await tt.login('meena');
    expect(await tt.call('settings.update.set', { session: again, settings: { url: null } })).toEqual({ url: null });
    expect(stored()).toBeNull();
  });

  it('refuses a cashier, and a session that is not one, changing nothing', async () => {
    const meena = await tt.login('meena');
    await tt.call('settings.update.set', { session: meena, settings: { url: URL_ } });
    const asha = await tt.login('asha');
    const cashier = await tt.api['settings.update.set']({ session: asha, settings: { url: 'https://evil.example/' } });
    expect(!cashier.ok && cashier.error.code).toBe('SUPERVISOR_REQUIRED');
    const off = await tt.api['settings.update.set']({ session: asha, settings: { url: null } });
    expect(!off.ok && off.error.code).toBe('SUPERVISOR_REQUIRED');
    const stranger = await tt.api['settings.update.set']({ session: 'f'.repeat(32), settings: { url: null } });
    expect(stranger.ok).toBe(false);
    expect(await tt.call('settings.update.get', { session: await tt.sessionOf('meena') })).toEqual({ url: URL_ });
  });

  it('refuses an address that is not absolute http(s), carries ? or #, a user name, or is too long, changing nothing', async () => {
    const meena = await tt.login('meena');
    await tt.call('settings.update.set', { session: meena, settings: { url: URL_ } });
    const before = stored();
    const bad = [
      'updates.example.in/counterfoil/',
      '/srv/updates',
      'ftp://updates.example.in/',
      'file:///srv/updates/',
      'https://updates.example.in/latest.yml?token=abc',
      'https://updates.example.in/#x',
      'https://user:secret@updates.example.in/',
      'https://',
      'https://updates example.in/',
      `https://updates.example.in/${'a'.repeat(400)}`,
      '',
    ];
    for (const url of bad) {
      const r = await tt.api['settings.update.set']({ session: meena, settings: { url } });
      expect(!r.ok && r.error.code, url).toBe('INVALID_INPUT');
      expect(!r.ok && r.error.message, url).toMatch(/update address|400|characters/i);
    }
    const extra = await tt.api['settings.update.set']({ session: meena, settings: { url: URL_, channel: 'beta' } as never });
    expect(!extra.ok && extra.error.code).toBe('INVALID_INPUT');
    expect(stored()).toBe(before);
    expect(await tt.call('settings.update.get', { session: await tt.sessionOf('meena') })).toEqual({ url: URL_ });
    // What a generic feed may look like: a port, an IP, a plain http address on the LAN.
    for (const url of ['http://192.168.1.10:8080/cf', 'https://updates.example.in', 'HTTPS://Updates.Example.IN/x/y/']) {
      expect(await tt.call('settings.update.set', { session: meena, settings: { url } })).toEqual({ url });
    }
  });
});

describe('openShiftCount', () => {
  it('counts every open shift on the terminal, any cashier’s', async () => {
    expect(openShiftCount(tt.t.db)).toBe(0);
    const asha = await tt.login('asha');
    const ravi = await tt.login('ravi');
    await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
    expect(openShiftCount(tt.t.db)).toBe(1);
    await tt.call('shift.open', { session: ravi, openingFloatPaise: 0 });
    expect(openShiftCount(tt.t.db)).toBe(2);
    await tt.call('shift.close', { session: asha, count: { notes: {}, coinsPaise: 0 } });
    expect(openShiftCount(tt.t.db)).toBe(1);
    await tt.call('shift.close', { session: ravi, count: { notes: {}, coinsPaise: 0 } });
    expect(openShiftCount(tt.t.db)).toBe(0);
  });
});

describe('counterfoil update-settings', () => {
  it('sets and clears the address as a supervisor; a cashier, a bad address or a wrong call change nothing', () => {
    const bin = fileURLToPath(new URL('../../core/bin.js', import.meta.url));
    const cf = (...args: string[]) => spawnSync(process.execPath, [bin, '--data', join(tt.dir, 'terminal'), ...args], { encoding: 'utf8' });
    const set = cf('update-settings', '--user', 'meena', '--pin', PINS.meena, '--url', URL_);
    expect(set.status, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ url: URL_ });

    const cashier = cf('update-settings', '--user', 'asha', '--pin', '1111', '--off');
    expect([cashier.status, cashier.stdout]).toEqual([1, '']);
    expect(cashier.stderr).toMatch(/^counterfoil: .*supervisor/i);
    const badUrl = cf('update-settings', '--user', 'meena', '--pin', PINS.meena, '--url', 'https://updates.example.in/?v=2');
    expect([badUrl.status, badUrl.stdout]).toEqual([1, '']);
    expect(badUrl.stderr).toMatch(/update address is an absolute http\(s\)/);
    const neither = cf('update-settings', '--user', 'meena', '--pin', PINS.meena);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toMatch(/give --url URL or --off/);
    expect(cf('update-settings', '--user', 'meena', '--pin', PINS.meena, '--url', URL_, '--off').status).toBe(2);

    expect(stored()).toBe(JSON.stringify({ url: URL_ }));
    const off = cf('update-settings', '--user', 'meena', '--pin', PINS.meena, '--off');
    expect(off.status, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual({ url: null });
    expect(cf('--help').stdout).toMatch(/^ {2}update-settings --user SUPERVISOR --pin P \(--url URL \| --off\)/m);
    expect(stored()).toBeNull();
  }, 90_000); // seven runs of the command, each starting tsx
});
