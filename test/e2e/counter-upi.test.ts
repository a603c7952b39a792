// The counter's dynamic UPI QR in the real product (web shell --demo in Debian's Chromium, no
// upstream: the counter works offline): a supervisor sets the UPI ID in settings (F8), then at
// the counter (F1) chooses UPI for a consumer, and the QR on screen — read back by a real QR
// decoder from a screenshot — is the `upi://pay` link for the typed amount with a `ui…` reference.
// axe on both screens; no sideways scrolling at 1024×768; screenshot 05b-upi-qr is committed with
// UPDATE_SCREENSHOTS=1.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDmy } from '../../shared/dates.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { upiPayUri, type UpiPayee } from '../../shared/upi.js';
import { browserMissing } from '../support/browser.js';
import { logInAndOpenShift, offlineShell, openShell, screenshot, seriousViolations, shellCall, type WebShell, shellSession, confirmArmed } from '../support/e2e-shell.js';
import { readQr } from '../support/png.js';
import { tempDir, PINS } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

const PAYEE: UpiPayee = { vpa: 'kesco.collect@sbi', name: 'KESCO Kanpur' };

describe.skipIf(missing !== null)('the UPI QR at the counter through the web shell', () => {
  const dir = tempDir('counterfoil-e2e-upi-');
  let shell: WebShell;
  let close: (() => Promise<void>) | undefined;
  let page: Page;

  const fits = () => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

  /** The QR on screen, decoded from a screenshot of it. */
  async function qrOnScreen(): Promise<string | null> {
    const img = page.locator('.upi-qr img');
    await img.waitFor();
    return readQr(await page.locator('.upi-qr-panel').screenshot());
  }

  beforeAll(async () => {
    ({ shell, page, close } = await offlineShell(dir, { width: 1024, height: 768 }));
  }, 120_000);
  afterAll(() => close?.());

  it('a supervisor sets the UPI ID; the counter shows its QR for the typed amount', async () => {
    await openShell(page, shell);
    await logInAndOpenShift(page, 'meena', PINS.meena);

    // Before any payee: UPI says who sets it, and shows no QR.
    const account = demoAccountNo(2);
    await page.locator('#consumer-search').fill(account);
    await page.locator(`#consumer-${account}`).waitFor();
    await page.locator('#consumer-search').press('Enter');
    await page.keyboard.press('Alt+4');
    await expect.poll(() => page.getByTestId('upi-qr-unset').textContent()).toBe('यूपीआई QR: यूपीआई आईडी पर्यवेक्षक सेटिंग्स (F8) में डालते हैं');
    await page.keyboard.press('Escape');

    await page.keyboard.press('F8');
    await page.locator('input[name="upi-vpa"]').waitFor();
    await page.locator('input[name="upi-vpa"]').fill('kesco collect');
    await page.locator('input[name="upi-vpa"]').press('Enter');
    await expect.poll(() => page.getByTestId('upi-error').textContent()).toBe('कृपया प्रविष्टि जाँचें: यूपीआई आईडी name@bank जैसी होती है');
    await page.locator('input[name="upi-vpa"]').fill(PAYEE.vpa);
    await page.locator('input[name="upi-name"]').fill(PAYEE.name);
    await page.locator('input[name="upi-name"]').press('Enter');
    await expect.poll(() => page.getByTestId('upi-done').textContent()).toBe('यूपीआई आईडी सहेजी गई; काउंटर पर QR दिखेगा');
    expect((await shellCall(shell, 'settings.upi.get', { session: await shellSession(shell, 'meena') })).value).toEqual(PAYEE);
    expect(await fits()).toBe(true);
    expect(await seriousViolations(page, 'settings with UPI')).toEqual([]);
    await screenshot(page, '11b-settings-upi', { fullPage: true });

    await page.keyboard.press('F1');
    await page.locator('#consumer-search').fill(account);
    await page.locator(`#consumer-${account}`).waitFor();
    await page.locator('#consumer-search').press('Enter');
    await page.keyboard.press('Alt+4');
    const amount = page.locator('input[name="amount"]');
    await amount.fill('1,234.50');

    const text = await qrOnScreen();
    const tr = /[?&]tr=([^&]*)/.exec(text ?? '')?.[1] ?? '';
    expect(tr).toMatch(/^ui[0-9a-f]{32}$/);
    expect(text).toBe(upiPayUri(PAYEE, 1_234_50, tr, `A/c ${account}`));
    expect(await page.getByTestId('upi-qr-amount').textContent()).toBe('₹1,234.50');

    // A new amount, a new QR with the same reference (the same payment).
    await amount.fill('2,000');
    await expect.poll(qrOnScreen).toBe(upiPayUri(PAYEE, 2_000_00, tr, `A/c ${account}`));
    expect(await fits()).toBe(true);
    expect(await seriousViolations(page, 'counter with UPI QR')).toEqual([]);
    await page.locator('input[name="utr"]').fill('612345678901');
    await page.locator('input[name="utr"]').focus();
    await screenshot(page, '05b-upi-qr', { commit: true });

    await page.locator('input[name="utr"]').press('Enter');
    await page.getByTestId('confirm-amount').waitFor();
    await confirmArmed(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-no').waitFor();
  }, 90_000);

  it('a consumer whose cheque came back is flagged on the payment form', async () => {
    const account = demoAccountNo(3);
    const { businessDate } = (await shellCall(shell, 'terminal.info', {})).value as { businessDate: string };
    await page.keyboard.press('Enter'); // next consumer
    await page.locator('#consumer-search').fill(account);
    await page.locator(`#consumer-${account}`).waitFor();
    await page.locator('#consumer-search').press('Enter');
    await page.keyboard.press('Alt+2');
    await page.locator('input[name="number"]').fill('004711');
    await page.locator('input[name="bank"]').fill('State Bank of India');
    await page.locator('input[name="date"]').fill(formatDmy(businessDate)); // typed day first (issue 16 #4)
    await page.locator('input[name="amount"]').fill('2,150');
    await page.locator('input[name="amount"]').press('Enter');
    await page.getByTestId('confirm-amount').waitFor();
    await confirmArmed(page);
    await page.keyboard.press('Enter');
    const receiptNo = (await page.getByTestId('receipt-no').textContent())!.split(':').pop()!.trim();

    const { session } = (await shellCall(shell, 'auth.login', { user: 'meena', pin: PINS.meena })).value as { session: string };
    expect((await shellCall(shell, 'cheque.return', { session, receiptNo, returnedOn: businessDate, reason: 'Funds insufficient' })).ok).toBe(true);

    await page.keyboard.press('Enter'); // next consumer
    await page.locator('#consumer-search').fill(account);
    await page.locator(`#consumer-${account}`).waitFor();
    await page.locator('#consumer-search').press('Enter');
    const box = page.getByTestId('returned-cheques');
    await box.waitFor();
    const said = (await box.textContent())!;
    for (const part of ['चेक बिना भुगतान लौटा', 'चेक 004711', 'State Bank of India', '₹2,150.00', formatDmy(businessDate), 'Funds insufficient', receiptNo]) expect(said).toContain(part);
    expect(said).toContain('₹2,150.00 फिर से वसूल करें');
    expect(await fits()).toBe(true);
    expect(await seriousViolations(page, 'counter with a returned cheque')).toEqual([]);
    await screenshot(page, '05c-returned-cheque');
  }, 60_000);
});
