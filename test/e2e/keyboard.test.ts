// Every control on every screen is reachable with Tab: a cashier or supervisor never needs the
// mouse. Each screen is reached first, then Tab is pressed round the whole page and every visible,
// enabled control must have had the focus (in a radio group only the chosen radio is a Tab stop;
// lists and table rows are moved through with the arrow keys from their input, as the screens say).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccountNo } from '../../shared/demo-data.js';
import { browserMissing } from '../support/browser.js';
import { offlineShell, openShell, type WebShell, confirmArmed } from '../support/e2e-shell.js';
import { tempDir, PINS } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

// Run in the page (as text: this layer's types have no DOM). Marks the controls that must be Tab
// stops: a native control with tabindex=-1 counts (Tab skips it: the fault to find) unless it names
// the key that does its work from the Tab stop beside it (aria-keyshortcuts: a date field's
// calendar button, Alt+↓ from the field); other elements with tabindex=-1 are focus targets for
// scripts, not controls.
const MARK_CONTROLS = `(() => {
  const controls = [...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')].filter(
    (e) => !e.disabled && e.offsetParent !== null
      && (e.matches('button, input, select, textarea, a[href]') || e.getAttribute('tabindex') !== '-1')
      && !(e.getAttribute('tabindex') === '-1' && e.hasAttribute('aria-keyshortcuts'))
      && !(e.tagName === 'INPUT' && e.type === 'radio' && !e.checked));
  controls.forEach((e, i) => e.setAttribute('data-kb', String(i)));
  return controls.length;
})()`;
const FOCUSED = `document.activeElement ? document.activeElement.getAttribute('data-kb') : null`;
const MISSED = (reached: string[]) => `(() => {
  const seen = ${JSON.stringify(reached)};
  const missed = [...document.querySelectorAll('[data-kb]')].filter((e) => !seen.includes(e.getAttribute('data-kb')))
    .map((e) => e.tagName.toLowerCase() + (e.getAttribute('name') ? '[name=' + e.getAttribute('name') + ']' : '') + ' "' + (e.textContent || '').trim().slice(0, 40) + '"');
  document.querySelectorAll('[data-kb]').forEach((e) => e.removeAttribute('data-kb'));
  return missed;
})()`;

/**
 * The controls Tab never reached, one line each. Tab goes on until every marked control has had
 * the focus or the focus has gone round the page twice (the browser's own chrome takes a stop or
 * two per round), so a long form is swept whole.
 */
async function unreachableByTab(page: Page): Promise<string[]> {
  const count = (await page.evaluate(MARK_CONTROLS)) as number;
  expect(count).toBeGreaterThan(0);
  const reached = new Set<string>();
  for (let i = 0; i < 2 * count + 10 && reached.size < count; i++) {
    await page.keyboard.press('Tab');
    const id = (await page.evaluate(FOCUSED)) as string | null;
    if (id !== null) reached.add(id);
  }
  return (await page.evaluate(MISSED([...reached]))) as string[];
}

describe.skipIf(missing !== null)('every control reachable by keyboard', () => {
  const dir = tempDir('counterfoil-keyboard-');
  let shell: WebShell;
  let close: (() => Promise<void>) | undefined;
  let page: Page;

  beforeAll(async () => {
    ({ shell, page, close } = await offlineShell(dir, { width: 1024, height: 768 }));
  }, 120_000);
  afterAll(() => close?.());

  it('on each screen a supervisor and a cashier use', async () => {
    const check = async (screen: string) => expect(await unreachableByTab(page), screen).toEqual([]);
    await openShell(page, shell);
    await page.locator('input[name="user"]').waitFor();
    await check('login');
    await page.locator('input[name="user"]').fill('meena');
    await page.locator('input[name="pin"]').fill(PINS.meena);
    await page.locator('input[name="pin"]').press('Enter');
    await page.locator('input[name="float"]').waitFor();
    await check('shift open');
    await page.locator('input[name="float"]').press('Enter');
    await page.locator('#consumer-search').waitFor();
    await check('counter');

    await page.locator('#consumer-search').fill(demoAccountNo(1));
    await page.locator(`#consumer-${demoAccountNo(1)}`).waitFor();
    await page.locator('#consumer-search').press('Enter');
    await page.locator('input[name="amount"]').waitFor();
    await check('payment form');
    await page.locator('input[name="amount"]').press('Enter');
    await page.getByTestId('confirm-amount').waitFor();
    await confirmArmed(page);
    await check('confirm');
    await page.getByRole('button', { name: /दर्ज करें/ }).press('Enter');
    await page.getByTestId('receipt-no').waitFor();
    await check('receipt');

    for (const [key, screen, ready] of [
      ['F3', 'receipts', 'input[name="receipt-query"]'],
      ['F4', 'shift close', 'input[name="note-500"]'],
      // Each screen's own content, loaded: marking before it arrives would sweep the wrong page.
      ['F7', 'day view', '[data-testid="day-total"]'],
      ['F8', 'settings', 'input[name="printer"], input[name="minPartialPaise"], [data-testid="central-facts"]'],
      ['F9', 'reconciliation', 'input[name="slip-bank"], [data-testid="deposit-days"]'],
    ] as const) {
      await page.locator('body').press(key);
      for (const part of ready.split(', ')) await page.locator(part).first().waitFor();
      await check(screen);
    }
  }, 90_000);
  it('issue 16 #8: Enter held down on the amount stops at the confirm step however long it repeats; a fresh press records', async () => {
    await page.locator('body').press('F1');
    await page.keyboard.press('F2'); // the last receipt's done step: next consumer
    const search = page.locator('#consumer-search');
    await search.fill(demoAccountNo(2));
    await page.locator(`#consumer-${demoAccountNo(2)}`).waitFor();
    await search.press('Enter');
    await page.locator('input[name="amount"]').waitFor();
    await page.keyboard.down('Enter'); // submits the form: the confirm step opens under the held key
    await page.getByTestId('confirm-amount').waitFor();
    for (let i = 0; i < 10; i++) await page.keyboard.down('Enter'); // the key repeating
    await page.waitForTimeout(600);
    for (let i = 0; i < 5; i++) await page.keyboard.down('Enter');
    expect(await page.getByTestId('receipt-no').count()).toBe(0);
    expect(await page.getByTestId('confirm-record').getAttribute('data-armed')).toBe('false');
    await page.keyboard.up('Enter');
    await confirmArmed(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-no').waitFor();
  }, 60_000);
  it('issue 16 #2: the account just paid in full comes back with ₹0 owing and no amount; Enter, Enter records nothing; Alt+A takes a further payment deliberately', async () => {
    await page.keyboard.press('Enter'); // next consumer
    const search = page.locator('#consumer-search');
    await search.fill(demoAccountNo(2));
    await page.locator(`#consumer-${demoAccountNo(2)}`).waitFor();
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('owing-now').textContent()).toBe('₹0.00');
    expect(await page.locator('input[name="amount"]').inputValue()).toBe('');
    await page.locator('input[name="amount"]').fill('500');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#form-error').textContent()).toMatch(/पहले ही जमा हो चुका है/);
    expect(await page.getByTestId('confirm-amount').count()).toBe(0);
    await page.keyboard.press('Alt+A');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-again-confirm').waitFor();
    await confirmArmed(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-no').waitFor();
    // Issue 16 #9: with the receipt preview shown, the status bar stays in view at 768 px high.
    await page.locator('img.receipt').waitFor();
    const bar = (await page.locator('.status-bar').boundingBox())!;
    expect(bar.y + bar.height).toBeLessThanOrEqual(768);
    expect(await page.evaluate('document.documentElement.scrollHeight')).toBeGreaterThan(768);
  }, 60_000);
});
