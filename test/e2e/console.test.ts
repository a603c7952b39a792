// Issue 17: the centre's console in Debian's Chromium, against the real upstream (PGlite) with a
// clock the test moves. The first admin is made as `create-admin` makes one; in the browser they
// follow the set-up link (the authenticator secret read off the page, the code computed from it),
// sign in with password and code, issue an enrollment code that a real terminal then enrolls with
// and syncs: the census shows it green. A second terminal goes silent and, as the server clock
// moves, turns yellow then red (the idle session ending on the way, and said so). A fork alert is
// resolved with a note; the admin log verifies, then shows the fault after a row is hand-edited
// as the database owner. Hindi on the census; a user created; a terminal revoked; sign-out. A
// finance officer (in a browser context of their own) sees the day's collections by counter and
// mode and exports them: the downloaded file and manifest verify against the server key. The admin
// uploads a consumer master: refused with its bad record listed, then a clean one imported. axe on
// every screen; screenshots console-* committed with UPDATE_SCREENSHOTS=1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../core/sync/agent.js';
import { verifyExport } from '../../core/reports/export.js';
import { syncOnce } from '../../core/sync/pass.js';
import { CONSUMER_FIELDS, type ConsumerRecord } from '../../shared/consumer-record.js';
import { businessDate, formatDmy } from '../../shared/dates.js';
import { demoAccountNo, demoConsumers } from '../../shared/demo-data.js';
import { raiseAlert } from '../../upstream/alerts.js';
import { createUser, totpCodeFor } from '../../upstream/console/users.js';
import { publicKeyFromRaw, serverKey, type ServerKey } from '../../upstream/crypto.js';
import { buildServer } from '../../upstream/server.js';
import { openStore, type Sql } from '../../upstream/store.js';
import { browserMissing, launchChromium } from '../support/browser.js';
import { makeConsoleUser } from '../support/console-users.js';
import { buildConsole, screenshot, seriousViolations } from '../support/e2e-shell.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

const ADMIN = 'asha.admin';
const PASSWORD = 'a long console password';
const MINUTE = 60_000;

/** A consumer master CSV: the header of CONSUMER_FIELDS, then each record (quoted where needed). */
function consumersCsv(records: ConsumerRecord[]): Buffer {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from([CONSUMER_FIELDS.join(','), ...records.map((r) => CONSUMER_FIELDS.map((f) => cell(String(r[f]))).join(','))].join('\n') + '\n');
}

describe.skipIf(missing !== null)('issue 17: the central console in a browser', () => {
  const dir = tempDir('counterfoil-e2e-console-');
  /** The server's clock: the wall clock moved on by `ahead` (enrollment rows take the database's own now()). */
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);
  let sql: Sql;
  let key: ServerKey;
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let secret = '';
  const terminals: TestTerminal[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    const build = buildConsole(join(dir, 'dist'));
    if (!build.ok) throw new Error(`console build failed: ${build.stderr}`);
    sql = await openStore({ dataDir: join(dir, 'upstream') });
    key = await serverKey(sql);
    app = await buildServer(sql, { now, consoleDir: join(dir, 'dist') });
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sql?.close();
    for (const tt of terminals) tt.close();
  });

  const axe = async (screen: string) => expect(await seriousViolations(page, screen)).toEqual([]);
  /** Moves the server's clock (and every terminal's with it) on. */
  const advance = (ms: number) => {
    ahead += ms;
    for (const tt of terminals) tt.clock.now = now();
  };
  const row = (terminalId: string) => page.getByTestId(`census-${terminalId}`);

  async function signIn(): Promise<void> {
    advance(31_000); // a fresh TOTP step: each code is taken once
    await page.locator('input[name="name"]').fill(ADMIN);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('input[name="totp"]').fill(totpCodeFor(secret, ADMIN, now()));
    await page.locator('input[name="totp"]').press('Enter');
    await page.getByTestId('who').waitFor();
  }

  /** A real terminal at SS042/`counter`, enrolled with `code` and synced once, after one payment. */
  async function enrolledTerminal(counter: string, code: string): Promise<TestTerminal> {
    const tt = await makeTerminal({ consumers: 5, counter, now: now().toISOString() });
    terminals.push(tt);
    await enroll(tt.t, origin, code);
    await tt.call('payment.record', {
      session: await tt.login('asha'), idempotencyKey: `console-e2e-${tt.t.id}-1`, accountNo: demoAccountNo(1), amountPaise: 12_345, mode: 'cash', autoOpenShift: true,
    });
    expect((await syncOnce(tt.t)).connection).toBe('online');
    return tt;
  }

  async function issueCode(substation: string, counter: string): Promise<string> {
    await page.getByTestId('nav-enroll').click();
    await page.getByRole('heading', { name: 'Enroll a terminal', level: 1 }).waitFor();
    if (await page.getByTestId('enroll-issued').count()) await page.getByRole('button', { name: 'Make another code' }).click();
    await page.locator('input[name="substation"]').fill(substation);
    await page.locator('input[name="counter"]').fill(counter);
    await page.locator('input[name="counter"]').press('Enter');
    const code = (await page.getByTestId('enroll-code').textContent())!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await page.getByTestId('qr').getAttribute('data-qr-text')).toBe(code);
    return code;
  }

  it('set-up, sign-in, enrollment, the census turning yellow and red, alerts, the admin log, users and sign-out', async () => {
    const started = Date.now();
    // The first admin, as `counterfoil-upstream create-admin` makes one.
    const link = await createUser(sql, key, { name: ADMIN, role: 'admin' }, 'cli:root', now());
    await page.goto(`${origin}/console/#setup=${link.token}`);
    await expect.poll(() => page.getByTestId('setup-for').textContent()).toBe(`This link is for ${ADMIN}, as administrator.`);
    await page.getByTestId('qr').waitFor();
    secret = (await page.getByTestId('totp-secret').textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await axe('set-up');
    await screenshot(page, 'console-setup', { commit: true });
    await page.locator('input[name="new-password"]').fill(PASSWORD);
    await page.locator('input[name="new-password-again"]').fill(`${PASSWORD}!`);
    await page.locator('input[name="totp"]').fill(totpCodeFor(secret, ADMIN, now()));
    await page.locator('input[name="totp"]').press('Enter');
    await expect.poll(() => page.getByTestId('setup-problem').textContent()).toBe('The two passwords are not the same.');
    await page.locator('input[name="new-password-again"]').fill(PASSWORD);
    await page.locator('input[name="totp"]').press('Enter');
    await expect.poll(() => page.getByTestId('sign-in-notice').textContent()).toBe('Your password is set. Sign in with it now.');
    expect(new URL(page.url()).hash).toBe(''); // the used token leaves the address bar

    // A wrong password is refused in words; then password and code sign in, onto the census.
    await page.locator('input[name="name"]').fill(ADMIN);
    await page.locator('input[name="password"]').fill('not the password');
    await page.locator('input[name="password"]').press('Enter');
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('Wrong name, password or code.');
    await axe('sign-in');
    await screenshot(page, 'console-signin', { commit: true });
    await signIn();
    expect(await page.getByTestId('who').textContent()).toBe(`Signed in: ${ADMIN} (administrator)`);
    await page.getByRole('heading', { name: 'Counters (terminal census)', level: 1 }).waitFor();
    await page.getByText('No terminal is enrolled yet.').waitFor();
    expect(await page.getByRole('navigation').getByRole('button').allTextContents()).toEqual(['Counters', 'Alerts', 'Admin log', 'Users', 'Enroll a terminal', 'Consumers']);

    // An enrollment code, used by a real terminal that then syncs; a second terminal too.
    const first = await enrolledTerminal('C1', await issueCode('SS042', 'C1'));
    await axe('enroll');
    await screenshot(page, 'console-enroll', { commit: true });
    const second = await enrolledTerminal('C2', await issueCode('SS042', 'C2'));

    await page.getByTestId('nav-census').click();
    for (const tt of [first, second]) {
      await expect.poll(() => row(tt.t.id).getAttribute('data-light')).toBe('green');
      expect(await row(tt.t.id).getByTestId('light').textContent()).toBe('Green — fine');
    }
    const firstCells = await row(first.t.id).locator('td, th').allTextContents();
    expect(firstCells.slice(1, 4)).toEqual(['SS042', 'C1', first.t.id]);
    expect(firstCells[6]).toBe('1'); // payments today
    await axe('census');

    // A finance officer, in a browser of their own, sees today's collections by counter and mode
    // (each terminal's one cash payment) and exports them: two downloads, the file and its manifest,
    // which verify against the server key.
    const finance = await makeConsoleUser(sql, key, 'ravi.finance', 'finance', now());
    const financeContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    try {
      const fp = await financeContext.newPage();
      await fp.goto(`${origin}/console/`);
      await fp.locator('input[name="name"]').fill(finance.name);
      await fp.locator('input[name="password"]').fill(finance.password);
      await fp.locator('input[name="password"]').press('Enter');
      await fp.getByTestId('who').waitFor();
      expect(await fp.getByRole('navigation').getByRole('button').allTextContents()).toEqual(['Counters', 'Alerts', 'Collections', 'Money']);
      await fp.getByTestId('nav-collections').click();
      await fp.getByRole('heading', { name: 'Collections', level: 1 }).waitFor();
      const today = formatDmy(businessDate(now()));
      await fp.getByLabel('From (dd-mm-yyyy)').fill(today);
      await fp.getByLabel('To (dd-mm-yyyy)').fill(today);
      expect(await fp.getByRole('checkbox', { name: 'Counter (terminal)' }).isChecked()).toBe(true);
      expect(await fp.getByRole('checkbox', { name: 'Mode' }).isChecked()).toBe(true);
      await fp.getByLabel('To (dd-mm-yyyy)').press('Enter');
      const firstRow = fp.getByTestId('collections-row').filter({ hasText: first.t.id });
      await firstRow.waitFor();
      expect(await firstRow.locator('th, td').allTextContents()).toEqual(['SS042', 'C1', first.t.id, 'cash', '1', '₹123.45', '0', '₹0.00', '0']);
      expect(await fp.getByTestId('collections-totals').locator('th, td').allTextContents()).toEqual(['Total', '2', '₹246.90', '0', '₹0.00', '0']);
      expect(await fp.locator('thead th').allTextContents()).toEqual(['Substation', 'Counter', 'Terminal', 'Mode', 'Payments', 'Amount', 'Voided', 'Voided amount', 'Late entries']);
      expect(await seriousViolations(fp, 'collections')).toEqual([]);
      await screenshot(fp, 'console-collections', { commit: true });

      const isManifest = (d: Download) => d.suggestedFilename().endsWith('.manifest.json');
      const fileDownload = fp.waitForEvent('download', (d) => !isManifest(d));
      const manifestDownload = fp.waitForEvent('download', isManifest);
      await fp.getByRole('button', { name: 'Export CSV' }).click();
      const [file, manifest] = await Promise.all([fileDownload, manifestDownload]);
      expect(manifest.suggestedFilename()).toBe(`${file.suggestedFilename()}.manifest.json`);
      await fp.getByText(`Saved ${file.suggestedFilename()} and`).waitFor();
      const verdict = verifyExport(readFileSync(await file.path()), readFileSync(await manifest.path(), 'utf8'), publicKeyFromRaw(key.publicRaw));
      expect(verdict).toMatchObject({ genuine: true, signer: { kind: 'centre' }, keyPinned: true, count: 2, totalPaise: 24_690 });
    } finally {
      await financeContext.close();
    }

    // The second terminal goes silent; the first keeps in touch. Three hours on the console's
    // session has idled out: the next reload lands on sign-in, which says why.
    advance(3 * 60 * MINUTE);
    expect((await syncOnce(first.t)).connection).toBe('online');
    await page.getByTestId('census-reload').click();
    await expect.poll(() => page.getByTestId('sign-in-notice').textContent()).toMatch(/^You were signed out: the session ended after 15 minutes without use/);
    await signIn();
    await expect.poll(() => row(second.t.id).getAttribute('data-light')).toBe('yellow');
    expect(await row(second.t.id).getByTestId('light').textContent()).toBe('Yellow — look into it');
    expect(await row(second.t.id).getByTestId('reasons').textContent()).toMatch(/^Silent since \d{2}-\d{2}-\d{4} \d{2}:\d{2}/);

    advance(22 * 60 * MINUTE); // 25 h silent
    await page.getByTestId('census-reload').click();
    await page.getByTestId('sign-in-notice').waitFor();
    await signIn();
    await expect.poll(() => row(second.t.id).getAttribute('data-light')).toBe('red');
    expect(await page.locator('table.census tbody tr').first().getAttribute('data-testid')).toBe(`census-${second.t.id}`); // riskiest first
    await axe('census, one terminal red');
    await screenshot(page, 'console-census', { commit: true });

    // The silent terminal's own page, opened from its row: its day as the signed journal has it.
    await row(second.t.id).getByTestId('open-terminal').click();
    await page.getByRole('heading', { name: `Terminal ${second.t.id} — SS042 / C2`, level: 1 }).waitFor();
    expect(await page.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('₹123.45');
    await axe('terminal page');
    // Every figure drills down to the signed events it comes from: the day's payments, then one event.
    await page.locator('tbody tr').first().locator('td').nth(0).getByRole('button').click();
    const payment = page.locator('[data-testid^="payment-"]').first();
    await payment.waitFor();
    expect(await payment.locator('td').last().textContent()).toBe('valid');
    await payment.getByRole('button').click();
    const event = page.locator('[data-testid^="event-"]');
    await event.waitFor();
    expect(await event.locator('pre').textContent()).toContain('"type": "payment.recorded"');
    await axe('terminal page, a day’s payments and one signed event');
    await screenshot(page, 'console-terminal', { commit: true, fullPage: true });
    await page.getByRole('button', { name: 'Back to the counters' }).click();

    // The same census in Hindi: lights and reasons said from their codes.
    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: 'काउंटर (टर्मिनल गणना)', level: 1 }).waitFor();
    expect(await row(second.t.id).getByTestId('light').textContent()).toBe('लाल — तुरंत देखें');
    expect(await row(second.t.id).getByTestId('reasons').textContent()).toMatch(/से कोई संपर्क नहीं/);
    expect(await page.evaluate('document.documentElement.lang')).toBe('hi');
    await axe('census in Hindi');
    await page.getByTestId('language').click();
    await page.getByRole('heading', { name: 'Counters (terminal census)', level: 1 }).waitFor();

    // A fork: listed high, resolved with a note (none is refused).
    await raiseAlert(sql, {
      kind: 'fork', terminalId: first.t.id, source: '127.0.0.1',
      detail: { message: `a different signed event at seq 2 of ${first.t.id}: the terminal is frozen`, evidence: { held: { seq: 2 }, received: { seq: 2 } } },
    });
    await page.getByTestId('nav-alerts').click();
    const fork = page.locator('tbody tr', { hasText: first.t.id }).filter({ hasText: 'Fork' });
    await fork.waitFor();
    expect(await fork.locator('td').first().textContent()).toBe('High');
    await fork.getByTestId('resolve').click();
    await page.getByTestId('alert-submit').click();
    await expect.poll(() => page.getByTestId('alert-problem').textContent()).toBe('Write a note of at least 3 characters: what was found or done.');
    await page.locator('textarea[name="alert-note"]').fill('Old PC restored from a backup; replaced and re-enrolled');
    await axe('alerts');
    await screenshot(page, 'console-alerts', { commit: true });
    await page.locator('textarea[name="alert-note"]').press('Tab');
    await page.keyboard.press('Tab'); // past Cancel, onto Resolve
    await page.keyboard.press('Enter');
    await page.getByTestId('alert-done').waitFor();
    await expect.poll(() => fork.count()).toBe(0);
    await page.getByTestId('alerts-resolved').click();
    await expect.poll(() => page.locator('tbody tr', { hasText: 'Old PC restored from a backup' }).count()).toBe(1);
    expect(await page.locator('tbody tr', { hasText: 'Old PC restored' }).textContent()).toContain(`Resolved by ${ADMIN}`);

    // A user made from the console: the one-time link shown once.
    await page.getByTestId('nav-users').click();
    await page.locator('input[name="new-user-name"]').fill('meera.finance');
    await page.locator('select[name="new-user-role"]').selectOption('finance');
    await page.locator('input[name="new-user-name"]').press('Enter');
    const setupUrl = await page.locator('input[name="setup-link"]').inputValue();
    expect(setupUrl).toMatch(new RegExp(`^${origin}/console/#setup=[A-Za-z0-9_-]{43}$`));
    await expect.poll(() => page.getByTestId('user-meera.finance').locator('td').allTextContents()).toEqual(expect.arrayContaining(['finance officer', 'set-up pending']));
    await axe('users');
    await screenshot(page, 'console-users', { commit: true });

    // The consumer master, uploaded: a bad first record refuses the whole file (listed by number
    // and field, nothing written); the same file corrected is imported.
    const consumers = [...demoConsumers(20, { seed: 7 })];
    await page.getByTestId('nav-consumerImport').click();
    await page.getByRole('heading', { name: 'Consumer master import', level: 1 }).waitFor();
    await page.getByLabel('Consumer master (CSV file)').setInputFiles({ name: 'consumers.csv', mimeType: 'text/csv', buffer: consumersCsv([{ ...consumers[0]!, accountNo: 'NO!' }, ...consumers.slice(1)]) });
    await page.getByTestId('import-upload').click();
    await page.getByTestId('import-refused').waitFor();
    expect(await page.getByTestId('import-bad-count').textContent()).toBe('1 of 20 records are not right, listed below. Correct them and upload the file again.');
    expect((await page.getByTestId('import-error-1').locator('th, td').allTextContents()).slice(0, 2)).toEqual(['1', 'accountNo']);
    await axe('consumer import, refused');
    await screenshot(page, 'console-import', { commit: true });
    await page.getByLabel('Consumer master (CSV file)').setInputFiles({ name: 'consumers.csv', mimeType: 'text/csv', buffer: consumersCsv(consumers) });
    await page.getByTestId('import-upload').click();
    await expect.poll(() => page.getByTestId('import-done').textContent()).toBe('Imported consumers.csv: 20 records read, 20 consumers new or changed.');
    await axe('consumer import, done');

    // Revoking the silent terminal from its row: a reason, then an explicit yes.
    await page.getByTestId('nav-census').click();
    await row(second.t.id).getByTestId('revoke').click();
    await page.getByTestId('revoke-submit').click();
    await expect.poll(() => page.getByTestId('revoke-form').getByRole('alert').textContent()).toBe('Say why, in a few words (at least 3 characters).');
    await page.locator('input[name="revoke-reason"]').fill('PC stolen from the counter');
    await page.locator('input[name="revoke-reason"]').press('Enter');
    expect(await page.getByTestId('revoke-submit').textContent()).toBe(`Yes, revoke ${second.t.id}`);
    await axe('revoke confirmation');
    await page.keyboard.press('Enter'); // focus is on the yes
    await page.getByTestId('revoke-done').waitFor();
    await expect.poll(() => row(second.t.id).getByTestId('reasons').textContent()).toContain('Revoked: PC stolen from the counter');

    // The admin log: every act above, newest first; verified; then a row edited by the owner.
    await page.getByTestId('nav-adminLog').click();
    await page.getByTestId('log-1').waitFor();
    const actions = await page.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(actions[0]).toBe('Terminal revoked');
    expect(actions).toEqual(expect.arrayContaining(['User created', 'User set up their password', 'Enrollment code issued', 'Alert resolved', 'Consumers imported']));
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toMatch(/^Verified: all \d+ entries are intact/);
    await axe('admin log');
    await screenshot(page, 'console-admin-log', { commit: true });
    await sql.exec('ALTER TABLE admin_log DISABLE TRIGGER USER');
    try {
      await sql.query("UPDATE admin_log SET actor = 'cli:nobody' WHERE seq = 1");
    } finally {
      await sql.exec('ALTER TABLE admin_log ENABLE TRIGGER USER');
    }
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('verify-faults').textContent()).toBe('Entry 1: its actor column says "cli:nobody", the signed body "cli:root"');

    // Sign-out: back at sign-in, and the session is gone on the server too.
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('sign-in-notice').textContent()).toBe('You have signed out.');
    expect((await page.request.get(`${origin}/console/api/me`)).status()).toBe(401);
    expect(cspErrors).toEqual([]);
    console.log(`console e2e: ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
  }, 120_000);
});
