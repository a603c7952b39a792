// Auto-update as the desktop host (electron/main/host.ts) wires it, under plain Node with stand-ins
// for electron and electron-updater: off by default (electron-updater never even imported); with an
// address set through the contract, a downloaded update that waits while a shift is open, is not
// installed at a quit with the shift open, and is installed at a quit once it is closed, after the
// contract is gone. The policy itself is in test/unit/updater.test.ts.
import { readFileSync, rmSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runHost } from '../../electron/main/host.js';
import { ipcChannel, type Result } from '../../shared/contract.js';
import { fake, hostAppLayout, resetFakeElectron } from '../support/fake-electron.js';
import { tempDir, PINS } from '../support/terminal.js';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).electron);

/** electron-updater's autoUpdater, as far as the host uses it; imported only when the host asks. */
class StandInUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: unknown = undefined;
  feeds: unknown[] = [];
  checks = 0;
  quitAndInstalls: unknown[][] = [];
  /** Each install, with whether the contract was still served when it ran. */
  installs: { args: unknown[]; contractServed: boolean }[] = [];
  setFeedURL(o: unknown) {
    this.feeds.push(o);
  }
  async checkForUpdates() {
    this.checks++;
    return { isUpdateAvailable: true, updateInfo: { version: '0.2.0' } };
  }
  async downloadUpdate() {
    this.emit('update-downloaded', { version: '0.2.0' });
    return ['/tmp/counterfoil-0.2.0.AppImage'];
  }
  quitAndInstall(...args: unknown[]) {
    this.quitAndInstalls.push(args);
  }
  install(...args: unknown[]) {
    this.installs.push({ args, contractServed: fake.ipcHandlers.size > 0 });
    return true;
  }
}
const updaterModule = vi.hoisted(() => ({ imports: 0, updater: null as unknown }));
vi.mock('electron-updater', () => {
  updaterModule.imports++;
  const autoUpdater = new StandInUpdater();
  updaterModule.updater = autoUpdater;
  return { autoUpdater, default: { autoUpdater } };
});
const updater = () => updaterModule.updater as StandInUpdater;

let dir: string;
let mainDir: string;
let dataDir: string;
let stderr: string[];

async function call(channel: string, input: unknown): Promise<Result<any>> {
  const h = fake.ipcHandlers.get(ipcChannel(channel as never));
  if (!h) throw new Error(`no handler for ${channel}`);
  const mainFrame = { url: 'app://counterfoil/index.html' };
  return (await h({ senderFrame: mainFrame, sender: { mainFrame } }, structuredClone(input))) as Result<any>;
}
async function value(channel: string, input: unknown): Promise<any> {
  const r = await call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out; stderr:\n${stderr.join('')}`);
    await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(20);
  }
}
async function startHost(): Promise<void> {
  runHost(['out/main/index.mjs', '--data', dataDir, '--demo'], mainDir);
  fake.becomeReady();
  await until(() => fake.windows.length === 1);
}
async function quit(): Promise<void> {
  const { app } = await import('../support/fake-electron.js');
  app.quit();
  await until(() => fake.quitCompleted);
}

beforeEach(() => {
  // Only the timers: the driver's first tick (5 s) and its minute ticks are played forward.
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  dir = tempDir('counterfoil-host-updates-');
  dataDir = join(dir, 'data', 'terminal');
  mainDir = hostAppLayout(dir);
  resetFakeElectron();
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  if (fake.ipcHandlers.size > 0) await quit();
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(s);
  rmSync(dir, { recursive: true, force: true });
});

describe('auto-update in the desktop host', () => {
  it('is off by default: electron-updater is never imported, nothing is said', async () => {
    await startHost();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    const meena = (await value('auth.login', { user: 'meena', pin: PINS.meena })).session;
    expect(await value('settings.update.get', { session: meena })).toEqual({ url: null });
    await quit();
    expect(updaterModule.imports).toBe(0);
    expect(stderr.join('')).not.toMatch(/^counterfoil: (update|installing)/m);
    // The log says it once (core/log.ts, the file the runtime writes too).
    const log = readFileSync(join(dataDir, 'logs', 'counterfoil.log'), 'utf8');
    expect(log.match(/"event":"update\.off"/g)).toHaveLength(1);
    expect(log).toMatch(/"event":"runtime\.stop"/);
  }, 60_000);

  it('with an address: downloads mid-shift, waits while the shift is open (also at quit), installs at a quit once it is closed', async () => {
    await startHost();
    const meena = (await value('auth.login', { user: 'meena', pin: PINS.meena })).session;
    const asha = (await value('auth.login', { user: 'asha', pin: '1111' })).session;
    await value('settings.update.set', { session: meena, settings: { url: 'https://updates.example.in/cf/' } });
    await value('shift.open', { session: asha, openingFloatPaise: 0 });
    await vi.advanceTimersByTimeAsync(61_000);
    await until(() => /is downloaded and waits/.test(stderr.join('')));
    const u = updater();
    expect(u.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.in/cf/' }]);
    expect([u.autoInstallOnAppQuit, u.autoDownload]).toEqual([false, false]);
    expect(stderr.join('')).toMatch(/counterfoil: update 0\.2\.0 is downloaded and waits: 1 shift open; it installs once no shift is open\n/);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect([u.quitAndInstalls, u.installs]).toEqual([[], []]);

    // Quit with the shift open: not installed, and said.
    await quit();
    expect([u.quitAndInstalls, u.installs]).toEqual([[], []]);
    expect(stderr.join('')).toMatch(/counterfoil: update 0\.2\.0 is not installed at quit: 1 shift open/);

    // The next start: the same update again (from electron-updater's cache); the cashier closes the shift and quits.
    const store = fake.safeStorage;
    resetFakeElectron();
    fake.safeStorage = store;
    stderr.length = 0;
    await startHost();
    await vi.advanceTimersByTimeAsync(6_000);
    await until(() => /is downloaded and waits/.test(stderr.join('')));
    const again = (await value('auth.login', { user: 'asha', pin: '1111' })).session;
    await value('shift.close', { session: again, count: { notes: {}, coinsPaise: 0 } });
    await quit();
    expect(u.installs).toEqual([{ args: [true, false], contractServed: false }]);
    expect(u.quitAndInstalls).toEqual([]);
    expect(stderr.join('')).toMatch(/counterfoil: installing update 0\.2\.0 as the app quits \(no shift open\)/);
    expect(updaterModule.imports).toBe(1);
    const log = readFileSync(join(dataDir, 'logs', 'counterfoil.log'), 'utf8');
    expect(log).toMatch(/"event":"update\.waiting"/);
    expect(log).toMatch(/"event":"update\.held-at-quit"/);
    expect(log).toMatch(/"event":"update\.install-at-quit"/);
  }, 60_000);
});
