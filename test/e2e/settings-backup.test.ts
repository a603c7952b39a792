// Backup, "Save diagnostics" and the restore steps on the supervisor's settings (F8) in the real
// product: the web shell (--demo, offline) in Debian's Chromium. The supervisor sets a backup
// folder, closes a shift, and F8 then shows that backup — its time and that its check passed, in
// Hindi and English — with the copy on disk and the restore command naming it; "Save diagnostics"
// downloads a .json.gz that gunzips to the report, without the terminal's key, the shell's session
// secret or a user's session. axe checks the screen; it fits 1024 px sideways. Screenshot 11b-settings-backup
// goes to test-results/e2e/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { browserMissing } from '../support/browser.js';
import { logInAndOpenShift, offlineShell, openShell, screenshot, seriousViolations, shellCall, type WebShell, shellSession } from '../support/e2e-shell.js';
import { tempDir, PINS } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

describe.skipIf(missing !== null)('backup, diagnostics and restore steps on settings (F8)', () => {
  const dir = tempDir('counterfoil-e2e-backup-');
  const usb = join(dir, 'usb stick'); // a space in the path: the restore command quotes it
  let shell: WebShell;
  let page: Page;
  let close: (() => Promise<void>) | undefined;

  const text = (id: string) => page.getByTestId(id).textContent();

  beforeAll(async () => {
    ({ shell, page, close } = await offlineShell(dir, { width: 1366, height: 768 }));
  }, 120_000);
  afterAll(() => close?.());

  it('a folder set in F8, a shift closed, and F8 shows the backup that was taken, checked', async () => {
    await openShell(page, shell);
    await logInAndOpenShift(page, 'meena', PINS.meena);
    await page.keyboard.press('F8');
    await page.locator('input[name="backup-dir"]').waitFor();
    expect(await text('backup-when')).toBe('अभी तक नहीं — फ़ोल्डर चुनने के बाद पहली पाली बंद होने पर बनेगा');
    expect(await text('restore-command')).toBe('counterfoil --data <डेटा फ़ोल्डर> restore --from <बैकअप फ़ाइल>');

    await page.locator('input[name="backup-dir"]').fill('usb');
    await page.locator('input[name="backup-dir"]').press('Enter');
    await expect.poll(() => text('backup-error')).toMatch(/^कृपया प्रविष्टि जाँचें: बैकअप फ़ोल्डर का पूरा पता लिखें/);
    await page.locator('input[name="backup-dir"]').fill(usb);
    await page.locator('input[name="backup-keep"]').fill('3');
    await page.locator('input[name="backup-keep"]').press('Enter');
    await expect.poll(() => text('backup-done')).toBe('बैकअप सेटिंग सहेजी गई; अगली पाली बंद होने पर कॉपी बनेगी');
    expect((await shellCall(shell, 'backup.settings.get', { session: await shellSession(shell, 'meena') })).value).toEqual({ dir: usb, keep: 3 });

    // Close the shift (float 0, nothing taken: nothing to count).
    await page.keyboard.press('F4');
    await page.locator('input[name="note-500"]').press('Enter'); // count done: nothing expected, nothing counted
    await page.locator('[data-testid="close-shift"][data-armed="true"]').press('Enter');
    // The close also takes and checks the backup copy: give it time on a busy machine.
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 }).toMatch(/पाली \d+ बंद हुई/);
    // A supervisor stays in after closing her shift (issue 16 #1): log out, and come back.
    await page.getByTestId('day-total').waitFor();
    await page.keyboard.press('Alt+Q');
    await logInAndOpenShift(page, 'meena', PINS.meena);
    await page.keyboard.press('F8');
    await page.getByTestId('backup-check').waitFor();

    const copies = readdirSync(usb);
    expect(copies).toHaveLength(1);
    const file = join(usb, copies[0]!);
    expect(await text('backup-when')).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2} बजे \(IST\)$/);
    expect(await text('backup-check')).toMatch(/^सही — कॉपी खुलती है और उसका जर्नल सत्यापित हुआ \(प्रविष्टि \d+ तक; हटाई गई पुरानी कॉपियाँ: 0\)$/);
    expect(await text('backup-file')).toBe(file);
    expect(await text('restore-command')).toBe(`counterfoil --data <डेटा फ़ोल्डर> restore --from "${file}"`);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, '11b-settings-backup', { fullPage: true });
    expect(await seriousViolations(page, 'settings: backup, diagnostics, restore')).toEqual([]);

    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { name: 'Restore from a backup' }).waitFor();
    expect(await text('backup-when')).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2} IST$/);
    expect(await text('backup-check')).toMatch(/^Passed — the copy opens and its journal verifies/);
    expect(await text('restore-command')).toBe(`counterfoil --data <data folder> restore --from "${file}"`);
    expect(await seriousViolations(page, 'settings in English')).toEqual([]);
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { name: 'बैकअप से बहाल करें' }).waitFor();

    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, '11b-settings-backup-1024', { fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);

  it('Save diagnostics downloads a .json.gz that gunzips to the report, without secrets', async () => {
    const other = (await shellCall(shell, 'auth.login', { user: 'meena', pin: PINS.meena })).value as { session: string };
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'डायग्नॉस्टिक्स सहेजें' }).click(),
    ]);
    const name = download.suggestedFilename();
    const info = (await shellCall(shell, 'terminal.info', {})).value as { terminalId: string };
    expect(name).toMatch(new RegExp(`^counterfoil-diagnostics-${info.terminalId}-\\d{8}T\\d{6}Z\\.json\\.gz$`));
    const saved = join(dir, 'downloads', name);
    await download.saveAs(saved);
    await expect.poll(() => text('diagnostics-done')).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} डाउनलोड में सहेजी गई \\(SHA-256 [0-9a-f]{16}…\\)$`));

    const body = gunzipSync(readFileSync(saved)).toString('utf8');
    const report = JSON.parse(body) as Record<string, any>; // checked field by field below
    expect(report.format).toBe('counterfoil-diagnostics/1');
    expect(report.versions).toMatchObject({ app: expect.any(String), node: expect.any(String), sqlite: expect.stringMatching(/^3\./) });
    expect(report.terminal).toMatchObject({ id: info.terminalId, substation: 'SS042', counter: 'C1' });
    expect(report.verify).toMatchObject({ ok: true, faults: [] });
    expect(report.logs.length).toBeGreaterThan(0);
    expect(report.logs.map((l: { text: string }) => l.text).join('')).toContain('webshell.start');

    const pem = readFileSync(join(dir, 'terminal', DATA_FILES.privateKey), 'utf8');
    const secret = (await shell.cookie()).split('=')[1]!;
    for (const line of pem.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(body.includes(line), 'a private key line').toBe(false);
    expect(body.includes(secret), 'the web shell session secret').toBe(false);
    expect(body.includes(other.session), 'a session').toBe(false);
    expect(body).not.toMatch(/PRIVATE KEY|pin_hash|pin_salt/);
  }, 60_000);
});
