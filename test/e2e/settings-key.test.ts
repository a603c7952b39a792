// Changing the terminal key from the supervisor's settings (F8) in the real product: the web shell
// (--demo, offline) in Debian's Chromium, by keyboard. The supervisor types a reason, confirms,
// and sees the new key in force and two keys in the list (the first signing up to the rotation,
// the new one from the seq after it); a cashier then takes a payment, the journal verifies, and
// the payment's receipt code checks out with the new key and not with the old one. axe checks the
// section and its confirmation in Hindi and English; it fits 1024 px sideways. Screenshots
// 11c-settings-key go to test-results/e2e/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReceiptCode } from '../../core/ledger/receipt-codes.js';
import { publicKeyFromRaw } from '../../core/ledger/signer.js';
import type { Output } from '../../shared/contract.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { browserMissing } from '../support/browser.js';
import { logInAndOpenShift, offlineShell, openShell, screenshot, seriousViolations, shellCall, type WebShell, shellSession, confirmArmed } from '../support/e2e-shell.js';
import { tempDir, PINS } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

describe.skipIf(missing !== null)('changing the terminal key on settings (F8)', () => {
  const dir = tempDir('counterfoil-e2e-key-');
  let shell: WebShell;
  let page: Page;
  let close: (() => Promise<void>) | undefined;
  let oldKeyId = '';
  let newKeyId = '';

  const text = (id: string) => page.getByTestId(id).textContent();
  const call = async <T>(channel: string, input: unknown = {}) => {
    const r = await shellCall(shell, channel, input);
    expect(r.ok, `${channel}: ${JSON.stringify(r.error)}`).toBe(true);
    return r.value as T;
  };
  /** The key list's rows as their cells' text. A string, not a function: this suite's tsconfig has no DOM types. */
  const rows = () => page.evaluate(`[...document.querySelectorAll('[data-testid="key-list"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent))`) as Promise<string[][]>;

  beforeAll(async () => {
    ({ shell, page, close } = await offlineShell(dir, { width: 1366, height: 768 }));
  }, 120_000);
  afterAll(() => close?.());

  it('a supervisor changes the key with a reason and sees the new key in force and two keys in the list', async () => {
    oldKeyId = (await call<Output<'terminal.info'>>('terminal.info')).keyId;
    await openShell(page, shell);
    await logInAndOpenShift(page, 'meena', PINS.meena);
    await page.keyboard.press('F8');
    await page.getByTestId('key-list').waitFor();
    expect(await text('key-in-force')).toBe(oldKeyId);
    expect(await rows()).toEqual([[`${oldKeyId} लागू`, 'क्रमांक 1 से आगे', 'टर्मिनल सेट-अप पर बनी']]);

    // No reason: refused before anything is sent.
    const reason = page.locator('input[name="key-reason"]');
    await reason.focus();
    await reason.press('Enter');
    await expect.poll(() => text('key-error')).toBe('कृपया प्रविष्टि जाँचें: कारण लिखें');

    await reason.fill('counter PC replaced');
    await reason.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'टर्मिनल कुंजी बदलें?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('पहले छपी रसीदें मान्य रहेंगी');
    expect(await seriousViolations(page, 'settings: key change confirmation')).toEqual([]);
    await screenshot(page, '11c-settings-key-confirm', { fullPage: true });
    // Escape goes back, nothing changed; asked again, Enter changes the key.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await call<Output<'terminal.info'>>('terminal.info')).keyId).toBe(oldKeyId);
    await page.getByRole('button', { name: /^टर्मिनल कुंजी बदलें/ }).press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('key-done').waitFor();

    const info = await call<Output<'terminal.info'>>('terminal.info');
    newKeyId = info.keyId;
    expect(newKeyId).not.toBe(oldKeyId);
    expect(await text('key-done')).toBe(`टर्मिनल कुंजी बदली गई: नई कुंजी ${newKeyId}`);
    expect(await text('key-in-force')).toBe(newKeyId);
    const keys = await call<Output<'terminal.keys'>>('terminal.keys', { session: await shellSession(shell, 'meena') });
    expect(keys).toHaveLength(2);
    const rotationSeq = keys[0]!.toSeq!;
    expect(keys[1]).toMatchObject({ keyId: newKeyId, fromSeq: rotationSeq + 1, toSeq: null, rotatedBy: 'meena', reason: 'counter PC replaced' });
    expect(await rows()).toEqual([
      [oldKeyId, `क्रमांक 1 से ${rotationSeq} तक`, 'टर्मिनल सेट-अप पर बनी'],
      [`${newKeyId} लागू`, `क्रमांक ${rotationSeq + 1} से आगे`, 'meena', 'counter PC replaced'],
    ]);
    expect(await page.locator('input[name="key-reason"]').inputValue()).toBe('');

    await screenshot(page, '11c-settings-key', { fullPage: true });
    expect(await seriousViolations(page, 'settings: terminal key')).toEqual([]);
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { name: 'Terminal key' }).waitFor();
    expect(await text('key-done')).toBe(`Terminal key changed: the new key is ${newKeyId}`);
    expect((await rows())[1]).toEqual([`${newKeyId} in force`, `from seq ${rotationSeq + 1} on`, 'meena', 'counter PC replaced']);
    expect(await seriousViolations(page, 'settings: terminal key in English')).toEqual([]);
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { name: 'टर्मिनल कुंजी' }).waitFor();

    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, '11c-settings-key-1024', { fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);

  it('a payment after the change is signed with the new key and the journal verifies', async () => {
    await page.keyboard.press('Alt+Q');
    await logInAndOpenShift(page, 'asha', '1111');
    const account = demoAccountNo(1);
    await page.locator('#consumer-search').fill(account);
    await page.locator(`#consumer-${account}`).waitFor();
    await page.locator('#consumer-search').press('Enter');
    await page.locator('input[name="amount"]').press('Enter');
    await page.getByTestId('confirm-amount').waitFor();
    await confirmArmed(page);
    await page.getByRole('button', { name: /दर्ज करें/ }).press('Enter');
    const shown = page.getByTestId('receipt-no');
    await shown.waitFor();
    const receiptNo = (await shown.textContent())!.split(':').pop()!.trim();

    const session = await shellSession(shell, 'meena');
    const report = await call<Output<'journal.verify'>>('journal.verify', { session });
    expect(report).toMatchObject({ ok: true, faults: [] });
    const { code } = await call<Output<'receipt.code'>>('receipt.code', { session, receiptNo });
    const keys = await call<Output<'terminal.keys'>>('terminal.keys', { session: await shellSession(shell, 'meena') });
    const key = (id: string) => publicKeyFromRaw(Buffer.from(keys.find((k) => k.keyId === id)!.publicKey, 'base64url'));
    expect(checkReceiptCode(code, key(newKeyId)).genuine).toBe(true);
    expect(checkReceiptCode(code, key(oldKeyId)).genuine).toBe(false);
  }, 60_000);
});
