// The desktop host's lifecycle (electron/main/host.ts) under plain Node, with a stand-in for the
// electron module: a real demo terminal, its key moved into the (fake) vault, the contract over the
// (fake) ipcMain, the smoke path of a cashier through it, and a clean quit; and the refusals. What
// Electron itself does with these settings is for test/e2e-electron, where a binary exists.
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runHost } from '../../electron/main/host.js';
import { CHANNELS, ipcChannel, type Result } from '../../shared/contract.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { fake, fakeSafeStorage, hostAppLayout, resetFakeElectron } from '../support/fake-electron.js';
import { tempDir } from '../support/terminal.js';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).electron);


let dir: string;
let mainDir: string;
let dataDir: string;
let stderr: string[];


const trusted = () => {
  const mainFrame = { url: 'app://counterfoil/index.html' };
  return { senderFrame: mainFrame, sender: { mainFrame } };
};

async function call(channel: string, input: unknown, event: unknown = trusted()): Promise<Result<any>> {
  const h = fake.ipcHandlers.get(ipcChannel(channel as never));
  if (!h) throw new Error(`no handler for ${channel}`);
  return (await h(event, structuredClone(input))) as Result<any>;
}

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out; stderr:\n${stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(() => {
  dir = tempDir('counterfoil-host-');
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
  vi.restoreAllMocks();
  // A host still open is quit, so its terminal closes before the folder goes.
  if (fake.ipcHandlers.size > 0) {
    fake.quitCompleted = false;
    (await import('../support/fake-electron.js')).app.quit();
    await until(() => fake.quitCompleted);
  }
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(s);
  rmSync(dir, { recursive: true, force: true });
});

describe('the desktop host, with a stand-in for Electron', () => {
  it('starts a demo terminal with its key in the vault, serves the contract to the app’s frame only, takes a payment, quits cleanly', async () => {
    runHost(['out/main/index.mjs', '--data', dataDir, '--demo'], mainDir);
    // Before ready: the scheme, the sandbox, a profile and lock per data folder.
    expect(fake.schemes.map((s) => s.scheme)).toEqual(['app']);
    expect(fake.sandboxEnabled).toBe(true);
    expect(fake.paths.get('userData')).toBe(join(dataDir, '.electron-profile'));
    expect((await import('../support/fake-electron.js')).app.name).toBe('Counterfoil');
    fake.becomeReady();
    await until(() => fake.windows.length === 1);

    expect(fake.applicationMenu).toBeNull();
    expect(fake.windows[0]!.loadedUrl).toBe('app://counterfoil/index.html');
    expect(fake.windows[0]!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(mainDir, '..', 'preload', 'index.cjs') });
    expect(fake.windows[0]!.webContents.windowOpenHandler!({})).toEqual({ action: 'deny' });
    const page = await fake.protocolHandlers.get('app')!(new Request('app://counterfoil/index.html'));
    expect([page.status, page.headers.get('content-security-policy')]).toEqual([200, expect.stringMatching(/^default-src 'self'/)]);

    // init's PEM file moved into the vault on this first start.
    expect(existsSync(join(dataDir, 'terminal-key.enc'))).toBe(true);
    expect(existsSync(join(dataDir, DATA_FILES.privateKey))).toBe(false);
    expect(stderr.join('')).toMatch(/moved into the OS key store/);
    // The host's own lines are in the terminal's log too (JSON lines), the demo PINs are not.
    const logged = readFileSync(join(dataDir, 'logs', 'counterfoil.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; line?: string });
    expect(logged.filter((l) => l.event === 'host').map((l) => l.line)).toEqual(expect.arrayContaining([
      expect.stringMatching(/moved into the OS key store/), expect.stringMatching(/^terminal T[0-9A-F]{12} \(SS042-C1\) open from /),
    ]));
    expect(JSON.stringify(logged)).not.toMatch(/demo|PIN/i);

    expect([...fake.ipcHandlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannel).sort());
    const foreign = { senderFrame: { url: 'https://evil.example/' }, sender: { mainFrame: { url: 'https://evil.example/' } } };
    expect(await call('auth.login', { user: 'asha', pin: '1111' }, foreign)).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_CALLER' } });

    const login = await call('auth.login', { user: 'asha', pin: '1111' });
    expect(login).toMatchObject({ ok: true });
    const session = login.ok ? (login.value as { session: string }).session : '';
    expect(await call('shift.open', { session, openingFloatPaise: 200_000 })).toMatchObject({ ok: true });
    const paid = await call('payment.record', { session, idempotencyKey: 'electron-host-1', accountNo: '2100000007', amountPaise: 123_450, mode: 'cash' });
    expect(paid).toMatchObject({ ok: true, value: { receiptNo: expect.stringMatching(/^SS042-C1-\d{4}-000001$/) } });

    // Quit: the handlers go, the runtime stops, the terminal closes, then the app really quits.
    const { app } = await import('../support/fake-electron.js');
    app.quit();
    expect(fake.quitCompleted).toBe(false);
    await until(() => fake.quitCompleted);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.exitCode).toBeNull();
  }, 60_000);

  it('opens the same terminal again from the vault alone, and a second instance only brings the window forward', async () => {
    runHost(['x', '--data', dataDir, '--demo'], mainDir);
    fake.becomeReady();
    await until(() => fake.windows.length === 1);
    const { app } = await import('../support/fake-electron.js');
    app.emit('second-instance', {}, [], '/');
    expect(fake.windows[0]!.focused).toBe(1);
    app.quit();
    await until(() => fake.quitCompleted);

    const store = fake.safeStorage; // the same OS user's key store
    resetFakeElectron();
    fake.safeStorage = store;
    runHost(['x', '--data', dataDir], mainDir);
    fake.becomeReady();
    await until(() => fake.windows.length === 1);
    expect(await call('auth.login', { user: 'ravi', pin: '2222' })).toMatchObject({ ok: true });
    expect(stderr.join('')).not.toMatch(/demo terminal .* made[\s\S]*demo terminal .* made/);

    resetFakeElectron();
    fake.lockAvailable = false;
    runHost(['x', '--data', dataDir], mainDir);
    expect(fake.exitCode).toBe(0);
    expect(fake.windows).toEqual([]);
  }, 60_000);

  it('refuses Linux’s plain-text key store before making anything, in a dialog and one line, English and Hindi', async () => {
    fake.safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    runHost(['x', '--data', dataDir, '--demo'], mainDir);
    fake.becomeReady();
    await until(() => fake.exitCode !== null);
    expect(fake.exitCode).toBe(1);
    expect(fake.windows).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.errorBoxes).toHaveLength(1);
    expect(fake.errorBoxes[0]!.content).toMatch(/basic_text[\s\S]*\n\n[\s\S]*सादा-पाठ/);
    const lines = stderr.join('').trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^counterfoil: VAULT_PLAINTEXT: .*basic_text.* \/ .*सादा-पाठ/)]);
    expect(readdirSync(dataDir)).toEqual(['.electron-profile']); // no ledger, no key file
  });

  it('refuses a folder with no terminal (without --demo), and bad arguments', async () => {
    runHost(['x', '--data', dataDir], mainDir);
    fake.becomeReady();
    await until(() => fake.exitCode !== null);
    expect(stderr.join('')).toMatch(/NO_TERMINAL: No terminal in .*counterfoil --data/);

    // Without --data: <appData>/Counterfoil/terminal.
    resetFakeElectron();
    stderr.length = 0;
    runHost(['x'], mainDir);
    fake.becomeReady();
    await until(() => fake.exitCode !== null);
    expect(fake.paths.get('userData')).toBe('/nonexistent/appData/Counterfoil');
    expect(stderr.join('')).toMatch(/No terminal in \/nonexistent\/appData\/Counterfoil\/terminal\./);

    resetFakeElectron();
    stderr.length = 0;
    runHost(['x', '--upstream', 'http://127.0.0.1:1'], mainDir);
    await until(() => fake.exitCode !== null);
    expect(fake.exitCode).toBe(1);
    expect(fake.schemes).toHaveLength(1); // refused before the lock, the profile or ready
    expect(fake.errorBoxes).toEqual([]); // before ready on Linux: the stderr line only
    expect(stderr.join('')).toMatch(/BAD_ARGUMENTS: .*--upstream URL and --code CODE go together/);
  });

  it('refuses a vault holding another terminal’s key', async () => {
    runHost(['x', '--data', dataDir, '--demo'], mainDir);
    fake.becomeReady();
    await until(() => fake.windows.length === 1);
    const { app } = await import('../support/fake-electron.js');
    app.quit();
    await until(() => fake.quitCompleted);
    // Another terminal's vault, sealed by the same user's store, copied over this one's.
    const store = fake.safeStorage;
    const other = join(dir, 'other');
    resetFakeElectron();
    fake.safeStorage = store;
    runHost(['x', '--data', other, '--demo'], mainDir);
    fake.becomeReady();
    await until(() => fake.windows.length === 1);
    (await import('../support/fake-electron.js')).app.quit();
    await until(() => fake.quitCompleted);
    copyFileSync(join(other, 'terminal-key.enc'), join(dataDir, 'terminal-key.enc'));

    resetFakeElectron();
    fake.safeStorage = store;
    runHost(['x', '--data', dataDir], mainDir);
    fake.becomeReady();
    await until(() => fake.exitCode !== null);
    expect(fake.exitCode).toBe(1);
    expect(stderr.join('')).toMatch(/KEY_MISMATCH: The key in .* is not this terminal’s key/);
    expect(fake.ipcHandlers.size).toBe(0);
  }, 60_000);
});
