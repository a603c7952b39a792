// The counter app in Electron, driven by Playwright's _electron: the real main process (the
// out/main bundle), preload, sandboxed window and app:// renderer. A demo terminal is made by the
// host itself (--demo) in a scratch folder, because the test process and Electron cannot both
// load one build of better-sqlite3 (Node's ABI and Electron's differ). The cashier logs in as
// asha/1111, opens a shift, takes one cash payment and sees its receipt number; then the window's
// hardening is checked from inside. Where no Electron binary exists the suite skips with one line.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { electronBinary, electronMissing } from '../support/electron.js';
import { tempDir } from '../support/terminal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const missing = electronMissing();
if (missing) console.log(`e2e-electron skipped: ${missing}`);

describe.skipIf(missing !== null)('the counter app in Electron', () => {
  const dir = tempDir('counterfoil-e2e-electron-');
  const dataDir = join(dir, 'terminal');
  let app: ElectronApplication;
  let page: Page;
  let output = '';

  beforeAll(async () => {
    // The bundles under test are the ones the source makes now.
    for (const args of [
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'tools', 'build', 'renderer.vite.config.mjs'), '--logLevel', 'error'],
      [join(ROOT, 'tools', 'build', 'electron.mjs')],
    ]) {
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    app = await _electron.launch({
      executablePath: electronBinary()!,
      args: [join(ROOT, 'out', 'main', 'index.mjs'), '--data', dataDir, '--demo'],
      cwd: ROOT,
      timeout: 60_000,
    });
    app.process().stderr?.on('data', (d: Buffer) => (output += d.toString()));
    app.process().once('exit', (code) => (output += `\n[exited ${code}]`));
    page = await app.firstWindow().catch((e: Error) => {
      throw new Error(`no window: ${e.message}\n${output}`);
    });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in as asha, opens a shift, takes a cash payment and shows its receipt number', async () => {
    expect(page.url()).toBe('app://counterfoil/index.html');
    await page.locator('input[name="user"]').waitFor();
    await page.locator('input[name="user"]').fill('asha');
    await page.locator('input[name="pin"]').fill('1111');
    await page.keyboard.press('Enter');
    await page.locator('input[name="float"]').fill('2,000');
    await page.keyboard.press('Enter');
    const search = page.locator('#consumer-search');
    await search.waitFor();
    await search.fill(demoAccountNo(1));
    await page.locator(`#consumer-${demoAccountNo(1)}`).waitFor();
    await search.press('Enter');
    await page.keyboard.press('Alt+1');
    await page.locator('input[name="amount"]').press('Enter');
    await page.getByTestId('confirm-amount').waitFor();
    await page.keyboard.press('Enter');
    const receipt = page.getByTestId('receipt-no');
    await receipt.waitFor();
    expect((await receipt.textContent())!.split(':').pop()!.trim()).toMatch(/^SS042-C1-\d{4}-000001$/);
    // The key left its PEM file for the OS key store on this first start.
    expect(existsSync(join(dataDir, 'terminal-key.enc'))).toBe(true);
    expect(existsSync(join(dataDir, 'terminal-key.pem'))).toBe(false);
  }, 120_000);

  it('gives the page the contract bridge and nothing of Node, and refuses remote content, navigation and new windows', async () => {
    // Typed loosely: this runs in the page, and the tests' tsconfig has no DOM.
    type PageGlobals = { counterfoil: object; require?: unknown; process?: unknown; open(url: string): unknown; location: { href: string } };
    const inPage = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      return {
        bridge: Object.keys(g.counterfoil).sort(),
        node: `${typeof g.require} ${typeof g.process}`,
        fetch: await fetch('https://example.com/').then(() => 'fetched', () => 'blocked'),
        popup: g.open('app://counterfoil/index.html') === null ? 'refused' : 'opened',
      };
    });
    expect(inPage).toEqual({ bridge: [...CHANNELS].sort(), node: 'undefined undefined', fetch: 'blocked', popup: 'refused' });
    await page.evaluate(() => void ((globalThis as unknown as PageGlobals).location.href = 'https://example.com/'));
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/counterfoil\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  }, 60_000);
});
