// Issue 16 #10: a cashier or supervisor who works in Hindi reads Hindi everywhere. The real
// product (web shell, demo data, Debian's Chromium) is walked screen by screen in Hindi, every step
// and dialog a day's work opens, and each screen is read for Latin-script words: in its text, its
// aria-labels, placeholders, titles and alt texts, and the options of its lists. A word is allowed
// only when it is data (the consumers', users' and banks' own names, which the test knows), a code
// (anything with a digit: receipt numbers, F-keys), a key name on a key cap or an agreed acronym
// (PIN, UPI, UTR, QR…). A browser's own control (a native file or date picker) speaks the
// browser's language, not the app's, and is a finding too.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccountNo, demoConsumers, DEMO_USERS } from '../../shared/demo-data.js';
import { browserMissing } from '../support/browser.js';
import { confirmArmed, offlineShell, openShell, type WebShell } from '../support/e2e-shell.js';
import { tempDir, PINS } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

/** Acronyms and names the Hindi interface keeps in Latin letters, as Hindi speakers read them. */
const AGREED = [
  'PIN', 'UPI', 'UTR', 'QR', 'DD', 'PDF', 'CSV', 'XLSX', 'Excel', 'ID', 'URL', 'USB', 'IFSC', 'NEFT', 'RTGS', 'SHA-256', 'OK', 'Z',
  'Counterfoil', 'KEYID', 'CF1', 'JSON', 'PNG', 'A/c', 'VPA',
];
/** Key names on key caps (<kbd>) and in hints. */
const KEYS = ['Enter', 'Esc', 'Tab', 'Alt', 'Ctrl', 'Shift', 'Space', 'Backspace', 'Home', 'End', 'PgUp', 'PgDn'];

function dataWords(): string[] {
  const words = new Set<string>();
  for (const c of demoConsumers(2_000)) for (const w of `${c.name} ${c.locality}`.split(/[\s.]+/)) words.add(w);
  for (const u of DEMO_USERS) words.add(u.name);
  return [...words];
}

// Run in the page (as text: this layer's types have no DOM). Each finding: the word and where.
const LATIN_WORDS = (allowed: string[]) => `(() => {
  const allowed = new Set(${JSON.stringify(allowed)});
  const visible = (el) => !!el && (el.offsetParent !== null || getComputedStyle(el).position === 'fixed') && getComputedStyle(el).visibility !== 'hidden';
  // An element's text is UI unless it sits on a key cap or is marked as another language on purpose
  // (the amount in English words beside the Hindi, the UPI payee's registered name).
  // Commands, file names and printer addresses are typed as they are: shown as code.
  const exempt = (el) => !!el.closest('kbd, code, [lang="en"], script, style, noscript');
  const found = [];
  const check = (text, where) => {
    for (const w of text.match(/[A-Za-z0-9][A-Za-z0-9_./:@'’-]*/g) || []) {
      const word = w.replace(/[.:'’-]+$/, '');
      if (!/[A-Za-z]/.test(word) || /[0-9]/.test(word) || allowed.has(word)) continue;
      if (word.split(/[/-]/).every((part) => part === '' || allowed.has(part) || /[0-9]/.test(part))) continue;
      found.push(word + '  in  ' + where + ': "' + text.trim().replace(/\\s+/g, ' ').slice(0, 80) + '"');
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || exempt(el)) continue;
    if (el.tagName === 'OPTION') { if (visible(el.closest('select, datalist') && el.closest('select'))) check(n.textContent, 'option'); continue; }
    if (visible(el)) check(n.textContent, el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], img[alt], datalist option[value]')) {
    if (exempt(el)) continue;
    const isOption = el.tagName === 'OPTION';
    if (!isOption && !visible(el)) continue;
    if (isOption) { const list = el.closest('datalist'); const input = list && document.querySelector('[list="' + list.id + '"]'); if (!visible(input)) continue; }
    for (const attr of isOption ? ['value'] : ['aria-label', 'placeholder', 'title', 'alt']) {
      const v = el.getAttribute(attr);
      if (v) check(v, el.tagName.toLowerCase() + '[' + attr + ']');
    }
  }
  for (const el of document.querySelectorAll('input[type="file"], input[type="date"], input[type="month"], input[type="time"]')) {
    if (visible(el)) found.push('a browser control in its own language: input[type=' + el.type + '][name=' + el.name + ']');
  }
  return [...new Set(found)];
})()`;

describe.skipIf(missing !== null)('issue 16 #10: every screen in Hindi', () => {
  const dir = tempDir('counterfoil-hindi-');
  let shell: WebShell;
  let close: (() => Promise<void>) | undefined;
  let page: Page;
  // Banks' own names, as the examples on the screen give them.
  const allowed = [...AGREED, ...KEYS, ...dataWords(), 'HDFC'];
  const findings: string[] = [];
  const read = async (screen: string) => {
    for (const f of (await page.evaluate(LATIN_WORDS(allowed))) as string[]) findings.push(`${screen}: ${f}`);
  };

  beforeAll(async () => {
    ({ shell, page, close } = await offlineShell(dir, { width: 1366, height: 768 }));
  }, 120_000);
  afterAll(() => close?.());

  it('walks log-in, the counter, every payment mode, receipts and void, shift close, day, settings and reconciliation', async () => {
    await openShell(page, shell);
    await page.locator('input[name="user"]').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('hi');
    await read('login');
    await page.locator('input[name="user"]').fill('asha');
    await page.locator('input[name="pin"]').fill('0000');
    await page.locator('input[name="pin"]').press('Enter');
    await page.locator('[role="alert"]:not(:empty)').first().waitFor();
    await read('login, wrong PIN');
    await page.locator('input[name="user"]').fill('meena');
    await page.locator('input[name="pin"]').fill(PINS.meena);
    await page.locator('input[name="pin"]').press('Enter');
    await page.locator('input[name="float"]').waitFor();
    await read('shift open');
    await page.locator('input[name="float"]').press('Enter');
    const search = page.locator('#consumer-search');
    await search.waitFor();
    await read('counter');

    await search.fill('sun');
    await page.locator('[role="option"]').first().waitFor();
    await read('counter, results');
    await search.fill('9876543210');
    await page.getByTestId('mobile-search').waitFor();
    await read('counter, a mobile number');
    await search.fill('12345');
    await page.getByTestId('not-an-account').waitFor();
    await read('counter, not an account');
    await search.fill('2100999999');
    await page.getByTestId('pay-unknown').waitFor();
    await read('counter, not in the list');
    await search.press('Enter');
    await page.locator('input[name="account-again"]').waitFor();
    await page.locator('input[name="account-again"]').press('Enter');
    await page.locator('#hand-error:not(:empty)').waitFor();
    await read('account typed by hand');
    await page.keyboard.press('Escape');

    await search.fill(demoAccountNo(1));
    await page.locator(`#consumer-${demoAccountNo(1)}`).waitFor();
    await search.press('Enter');
    const amount = page.locator('input[name="amount"]');
    await amount.waitFor();
    await read('payment form, cash');
    for (const [key, mode] of [['Alt+2', 'cheque'], ['Alt+3', 'DD'], ['Alt+4', 'UPI'], ['Alt+5', 'card']] as const) {
      await page.keyboard.press(key);
      await amount.fill('1x');
      await amount.press('Enter');
      await page.locator('#form-error:not(:empty)').waitFor();
      await read(`payment form, ${mode}, an error`);
    }
    await page.keyboard.press('Alt+1');
    await amount.fill('500');
    await amount.press('Enter');
    await page.getByTestId('confirm-amount').waitFor();
    await read('confirm');
    await confirmArmed(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt-no').waitFor();
    await page.locator('img.receipt').waitFor();
    await read('receipt done');
    const receiptNo = ((await page.getByTestId('receipt-no').textContent()) ?? '').split(': ')[1]!;

    await page.locator('body').press('F3');
    await page.locator('input[name="receipt-query"]').waitFor();
    await page.locator(`text=${receiptNo}`).first().waitFor();
    await read('receipts');
    await page.locator('input[name="receipt-query"]').fill(receiptNo);
    await page.locator('input[name="receipt-query"]').press('Enter');
    await page.getByRole('button', { name: /रसीद रद्द करें/ }).first().click();
    await page.locator('[role="dialog"]').waitFor();
    await page.locator('input[name="supervisor"]').fill('meena');
    await page.locator('input[name="supervisor-pin"]').fill('000000');
    await page.locator('input[name="reason"]').fill('गलत खाता');
    await page.locator('input[name="reason"]').press('Enter');
    await page.getByTestId('void-error').waitFor();
    await read('void dialog, an error');
    await page.keyboard.press('Escape');

    await page.locator('body').press('F4');
    await page.locator('input[name="note-500"]').waitFor();
    await read('shift close, count');
    await page.locator('input[name="note-500"]').fill('x');
    await read('shift close, a letter in the count');
    await page.locator('input[name="note-500"]').fill('1');
    await page.locator('input[name="note-500"]').press('Enter');
    await page.getByTestId('variance').waitFor();
    await read('shift close, review');

    for (const [key, screen, ready] of [
      ['F7', 'day view', '[data-testid="day-total"]'],
      ['F8', 'settings', 'input[name="minPartialPaise"]'],
      ['F9', 'reconciliation', '[data-testid="deposit-days"]'],
    ] as const) {
      await page.locator('body').press(key);
      await page.locator(ready).first().waitFor();
      await read(screen);
    }
    // Reconciliation's own refusals and the date field's calendar.
    await page.locator('input[name="slip-bank"]').press('Enter');
    await page.locator('[data-testid="slip-error"]:not(:empty)').waitFor();
    await read('reconciliation, a slip refused');
    await page.locator('input[name="settlement-source"]').press('Enter');
    await page.locator('[data-testid="import-error"]:not(:empty)').waitFor();
    await read('reconciliation, an import refused');
    await page.locator('input[name="deposits-from"]').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('.calendar[role="dialog"]').waitFor();
    await read('the calendar');
    await page.keyboard.press('Escape');
    expect(findings).toEqual([]);
  }, 180_000);
});
