// First run: the web shell on a folder with no terminal opens on the set-up screen; the supervisor
// sets the terminal up there and goes straight on to log in, on the same page.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchChromium } from '../support/browser.js';
import { buildRenderer, openShell, screenshot, seriousViolations, startWebShell, type WebShell } from '../support/e2e-shell.js';
import { tempDir } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

describe.skipIf(missing !== null)('first run through the web shell', () => {
  const dir = tempDir('counterfoil-first-run-');
  const dataDir = join(dir, 'terminal');
  let shell: WebShell;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const build = buildRenderer(join(dir, 'dist'));
    expect(build.ok, build.stderr).toBe(true);
    shell = await startWebShell({ dataDir, staticDir: join(dir, 'dist'), demo: false });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets up the terminal and its supervisor, then logs in and reaches the shift screen', async () => {
    expect(existsSync(join(dataDir, 'counterfoil.db'))).toBe(false);
    await openShell(page, shell);
    await page.locator('input[name="substation"]').waitFor();
    await page.locator('input[name="substation"]').fill('ss107');
    await page.locator('input[name="counter"]').fill('c2');
    await page.locator('input[name="supervisor"]').fill('Meena');
    await page.locator('input[name="pin"]').fill('4321');
    await page.locator('input[name="pin2"]').fill('4322');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/दोनों पिन एक जैसे नहीं हैं/);
    expect(existsSync(join(dataDir, 'counterfoil.db'))).toBe(false);
    await page.locator('input[name="pin2"]').fill('4321');
    // A supervisor PIN has 6 digits at least (issue 15 #3): 4 is refused, in Hindi, and nothing is made.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('पर्यवेक्षक का पिन कम से कम 6 अंकों का होता है।');
    expect(existsSync(join(dataDir, 'counterfoil.db'))).toBe(false);
    await page.locator('input[name="pin"]').fill('432198');
    await page.locator('input[name="pin2"]').fill('432198');
    await screenshot(page, '00-first-run', { commit: true });
    expect(await seriousViolations(page, 'first run')).toEqual([]);
    await page.keyboard.press('Enter');

    await page.locator('input[name="user"]').waitFor();
    await expect.poll(() => page.locator('header').textContent()).toMatch(/SS107 \/ C2/);
    await page.locator('input[name="user"]').fill('meena');
    await page.locator('input[name="pin"]').fill('432198');
    await page.keyboard.press('Enter');
    await page.locator('input[name="float"]').waitFor();
    expect(existsSync(join(dataDir, 'counterfoil.db'))).toBe(true);
  }, 60_000);
});
