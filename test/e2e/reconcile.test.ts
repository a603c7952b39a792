// A supervisor's reconciliation (F9) in the real product: the web shell (--demo, the virtual
// printer, an upstream that is not there) in Debian's Chromium, by keyboard. The supervisor takes
// a UPI and a cheque payment at the counter, then on F9 records the bank deposit slip for the
// cheque, imports a UPI settlement CSV through the file input (the core asks for its columns the
// first time) that matches the UPI payment and names one UTR the ledger does not know, and marks
// the cheque returned after the confirmation in the page; back at the counter the consumer's
// returned cheque shows. axe on the screen and its confirmation; no sideways scrolling at 1366×768
// or 1024×768; screenshot 12-reconcile is committed with UPDATE_SCREENSHOTS=1.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDmy } from '../../shared/dates.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { browserMissing } from '../support/browser.js';
import { logInAndOpenShift, offlineShell, openShell, screenshot, seriousViolations, shellCall, type WebShell, confirmArmed } from '../support/e2e-shell.js';
import { tempDir, PINS } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

const UTR = '300000000017';
const UNKNOWN_UTR = '999900001111';

describe.skipIf(missing !== null)('a supervisor reconciles deposits, a UPI settlement and a returned cheque (F9)', () => {
  const dir = tempDir('counterfoil-e2e-reconcile-');
  let shell: WebShell;
  let close: (() => Promise<void>) | undefined;
  let page: Page;
  let today = '';

  /** Takes a payment at the counter; its receipt number and amount ("₹1,234.00"). */
  async function pay(account: string, mode: 2 | 4, fill: Record<string, string>): Promise<{ receiptNo: string; amount: string }> {
    const search = page.locator('#consumer-search');
    await search.fill(account);
    await page.locator(`#consumer-${account}`).waitFor();
    await search.press('Enter');
    await page.locator('input[name="amount"]').waitFor();
    await page.keyboard.press(`Alt+${mode}`);
    for (const [name, value] of Object.entries(fill)) await page.locator(`input[name="${name}"]`).fill(value);
    await page.locator('input[name="amount"]').press('Enter');
    await confirmArmed(page);
    const amount = (await page.getByTestId('confirm-amount').textContent())!.split('·')[0]!.trim();
    await page.keyboard.press('Enter');
    const receiptNo = (await page.getByTestId('receipt-no').textContent())!.split(':').pop()!.trim();
    await page.keyboard.press('Enter'); // next consumer
    await search.waitFor();
    return { receiptNo, amount };
  }

  const fitsSideways = () => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

  beforeAll(async () => {
    ({ shell, page, close } = await offlineShell(dir, { width: 1366, height: 768 }));
  }, 120_000);
  afterAll(() => close?.());

  it('records the slip, matches the settlement file, marks the cheque returned; the counter shows it', async () => {
    await openShell(page, shell);
    await logInAndOpenShift(page, 'meena', PINS.meena);
    today = ((await shellCall(shell, 'terminal.info', {})).value as { businessDate: string }).businessDate;

    const upi = await pay(demoAccountNo(1), 4, { utr: UTR });
    const cheque = await pay(demoAccountNo(2), 2, { number: '654321', bank: 'SBI', date: formatDmy(today) }); // typed day first
    const rupees = (amount: string) => amount.replace(/[₹,]/g, '');

    // F9: today's deposits, the cheque not deposited yet.
    await page.keyboard.press('F9');
    await page.getByRole('heading', { name: 'मिलान', level: 1 }).waitFor();
    const todayRow = page.getByTestId(`deposit-${today}`);
    await expect.poll(() => todayRow.getByTestId('deposit-state').textContent()).toBe('जमा नहीं हुआ');
    expect(await todayRow.textContent()).toContain(cheque.amount);

    // The deposit slip for the cheque (Alt+B, typed in rupees, Enter): the day is then ok.
    await page.keyboard.press('Alt+B');
    await page.locator('input[name="slip-bank"]').fill('SBI Civil Lines');
    await page.locator('input[name="slip-no"]').fill('DS-1001');
    await page.locator('input[name="slip-cheque"]').fill(rupees(cheque.amount));
    await page.locator('input[name="slip-cheque"]').press('Enter');
    await expect.poll(() => page.getByTestId('slip-done').textContent()).toBe(`SBI Civil Lines की पर्ची DS-1001 (${formatDmy(today)} की वसूली) दर्ज हुई`);
    await expect.poll(() => todayRow.getByTestId('deposit-state').textContent()).toBe('ठीक — पूरा जमा');
    expect(await todayRow.getByTestId('deposit-slips').textContent()).toContain('DS-1001');

    // The settlement file through the file input: a new source, so the core asks for its columns.
    const csv = ['UTR,Amount,Settled On,Remarks', `${UTR},${rupees(upi.amount)},${today},UPI credit`, `${UNKNOWN_UTR},150.00,${today},UPI credit`].join('\r\n');
    await page.keyboard.press('Alt+I');
    await page.locator('input[name="settlement-source"]').fill('Demo UPI');
    await page.locator('input[name="settlement-file"]').setInputFiles({ name: 'upi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('input[name="settlement-source"]').press('Enter');
    await expect.poll(() => page.getByTestId('import-error').textContent()).toBe('Demo UPI फ़ाइल के कौन से कॉलम में संदर्भ, राशि और तारीख है, बताएँ (इसके कॉलम: UTR, Amount, Settled On, Remarks)।');
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("name")')).toBe('map-reference');
    await page.keyboard.type('UTR');
    await page.locator('input[name="map-amount"]').fill('Amount');
    await page.locator('input[name="map-date"]').fill('Settled On');
    await page.locator('select[name="map-date-format"]').selectOption('YYYY-MM-DD');
    await page.locator('input[name="map-date"]').press('Enter');
    await page.getByTestId('settlement-report').waitFor();
    expect(await page.getByTestId('count-matched').textContent()).toBe(`मिलान हुआ1 · ${upi.amount}`);
    expect(await page.getByTestId('count-unknown').textContent()).toBe('अज्ञात — कोई रसीद नहीं1');
    for (const state of ['amount-mismatch', 'duplicate', 'settled-voided', 'not-settled']) {
      expect(await page.getByTestId(`count-${state}`).locator('.n').textContent(), state).toBe('0');
    }
    const exceptions = page.getByTestId('exceptions').locator('tbody tr');
    expect(await exceptions.count()).toBe(1);
    expect(await exceptions.first().textContent()).toBe(`अज्ञात — कोई रसीद नहीं2${UNKNOWN_UTR}₹150.00${formatDmy(today)}————`);

    // The cheque came back: Alt+U, the confirmation in the page (Escape back, Enter confirms).
    await page.keyboard.press('Alt+U');
    await page.locator('input[name="return-receipt-no"]').fill(cheque.receiptNo);
    await page.locator('input[name="return-reason"]').fill('insufficient funds');
    await page.locator('input[name="return-reason"]').press('Enter');
    await page.getByRole('alertdialog', { name: `रसीद ${cheque.receiptNo} का चेक लौटा हुआ दर्ज करें?` }).waitFor();
    expect(await seriousViolations(page, 'returned-cheque confirmation')).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.locator('input[name="return-reason"]').press('Enter');
    await page.getByRole('alertdialog').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('return-done').textContent()).toBe(`रसीद ${cheque.receiptNo} का चेक ${formatDmy(today)} को लौटा हुआ दर्ज हुआ`);
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    // Issue 16 #4, in Chromium itself: the date reads day first and the arrow keys leave it; Alt+↓
    // opens the calendar, and Esc closes it (the focus back on the field, the screen as it was).
    const from = page.locator('input[name="deposits-from"]');
    await from.focus();
    expect(await from.inputValue()).toBe(formatDmy(today));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    expect(await from.inputValue()).toBe(formatDmy(today));
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByRole('dialog', { name: 'कैलेंडर' }).waitFor();
    expect(await seriousViolations(page, 'date calendar')).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog', { name: 'कैलेंडर' }).count()).toBe(0);
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("name")')).toBe('deposits-from');

    // The screen as a supervisor leaves it: tidy, accessible, no sideways scrolling at either width.
    await from.focus();
    expect(await fitsSideways()).toBe(true);
    expect(await seriousViolations(page, 'reconciliation')).toEqual([]);
    await screenshot(page, '12-reconcile', { commit: true, fullPage: true }); // the screen scrolls at 768 px high
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await fitsSideways()).toBe(true);
    await screenshot(page, '12-reconcile-1024', { fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });

    // At the counter the consumer's returned cheque shows.
    await page.keyboard.press('F1');
    const search = page.locator('#consumer-search');
    await search.fill(demoAccountNo(2));
    await page.locator(`#consumer-${demoAccountNo(2)}`).waitFor();
    await search.press('Enter');
    await page.locator('input[name="amount"]').waitFor();
    const warning = page.getByTestId('returned-cheques');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(cheque.receiptNo);
    expect(await warning.textContent()).toContain('insufficient funds');
    await page.keyboard.press('Escape');
  }, 120_000);
});
