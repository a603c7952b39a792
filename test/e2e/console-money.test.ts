// Issue 18 in the browser: the money scenario (10 real terminals × 5 days through the real ledger,
// synced into a real upstream on PGlite whose clock reads the morning of SCENARIO_AS_OF, 10:00 IST)
// and a finance officer in Debian's Chromium, whose own clock reads the same morning. They sign in,
// save the bank's CSV column mapping and both providers' mappings in the console, import the three
// statements (camt.053, MT940, CSV) and both settlement reports by choosing the files, see a
// statement that contradicts one held refused with the server's words, then find exactly the six
// planted counter-days red — the "not credited" one among them — open it to the slip the bank never
// credited, and export the morning's exceptions: the file and its manifest verify against the
// server key. axe on every money view; screenshots console-money-* with UPDATE_SCREENSHOTS=1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExport } from '../../core/reports/export.js';
import type { ProviderInput, StatementCsvMapping } from '../../shared/bank-statement.js';
import { formatINR, type Paise } from '../../shared/money.js';
import { publicKeyFromRaw, serverKey, type ServerKey } from '../../upstream/crypto.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import { openStore, type Sql } from '../../upstream/store.js';
import { browserMissing, launchChromium } from '../support/browser.js';
import { makeConsoleUser, type TestUser } from '../support/console-users.js';
import { buildConsole, screenshot, seriousViolations } from '../support/e2e-shell.js';
import { buildMoneyScenario, SCENARIO_AS_OF, SCENARIO_BANK, SCENARIO_DAYS, syncScenario, type MoneyScenario } from '../support/money-scenario.js';
import { tempDir } from '../support/terminal.js';

const missing = browserMissing();
if (missing) console.log(`e2e skipped: ${missing}`);

/** 10:00 IST on the morning the monitor is read. */
const MORNING = new Date(`${SCENARIO_AS_OF}T04:30:00.000Z`);
const inr = (paise: number) => formatINR(paise as Paise);
const dmy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

describe.skipIf(missing !== null)('issue 18: the money section of the console in a browser', () => {
  const dir = tempDir('counterfoil-e2e-console-money-');
  let scenario: MoneyScenario;
  let sql: Sql;
  let key: ServerKey;
  let app: FastifyInstance;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let finance: TestUser;

  beforeAll(async () => {
    const build = buildConsole(join(dir, 'dist'));
    if (!build.ok) throw new Error(`console build failed: ${build.stderr}`);
    scenario = await buildMoneyScenario();
    sql = await openStore({ dataDir: join(dir, 'upstream') });
    key = await serverKey(sql);
    app = await buildServer(sql, { now: () => MORNING, consoleDir: join(dir, 'dist') });
    await syncScenario(app, scenario, (substation, counter) => makeEnrollCode(sql, substation, counter));
    finance = await makeConsoleUser(sql, key, 'ravi.finance', 'finance', MORNING);
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    // The browser's "today" is the scenario's morning too: the monitor's defaults count from it.
    await context.clock.setFixedTime(MORNING);
    page = await context.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sql?.close();
    scenario?.close();
  });

  const axe = async (view: string) => expect(await seriousViolations(page, view)).toEqual([]);
  const terminalId = (i: number) => scenario.terminals[i]!.t.id;
  const view = async (id: 'monitor' | 'import' | 'reports' | 'exceptions' | 'settings') => {
    await page.getByTestId(`money-view-${id}`).click();
    await expect.poll(() => page.getByTestId(`money-view-${id}`).getAttribute('aria-pressed')).toBe('true');
  };

  async function saveBankMapping(bank: string, m: StatementCsvMapping): Promise<void> {
    const form = page.getByTestId('bank-mapping-form');
    await form.getByLabel('Bank', { exact: true }).fill(bank);
    await form.getByLabel('Booking date column', { exact: true }).fill(m.date);
    await form.getByLabel('Value date column (optional)', { exact: true }).fill(m.valueDate ?? '');
    await form.getByLabel('Narration column', { exact: true }).fill(m.narration);
    await form.getByLabel('Reference column (optional)', { exact: true }).fill(m.reference ?? '');
    await form.getByLabel('Running balance column', { exact: true }).fill(m.balance);
    expect(m.direction).toBeDefined(); // the scenario's bank marks each amount CR or DR
    await form.getByRole('radio', { name: 'One amount column and a credit/debit column' }).check();
    await form.getByLabel('Amount column', { exact: true }).fill(m.amount!);
    await form.getByLabel('Credit/debit column', { exact: true }).fill(m.direction!);
    await form.getByLabel('Values that mean credit (comma-separated)', { exact: true }).fill(m.creditValues!.join(', '));
    await form.getByLabel('Dates written as').selectOption(m.dateFormat);
    await form.getByLabel('Amounts in').selectOption(m.amountUnit);
    await form.getByTestId('bank-mapping-save').click();
    await expect.poll(() => page.getByTestId('mapping-saved').textContent()).toBe(`Saved the mapping of ${bank}.`);
  }

  async function saveProviderMapping(p: ProviderInput): Promise<void> {
    const form = page.getByTestId('provider-mapping-form');
    await form.getByLabel('Provider', { exact: true }).fill(p.provider);
    await form.getByLabel('Mode').selectOption(p.mode);
    await form.getByLabel('UTR or approval code column', { exact: true }).fill(p.mapping.reference);
    await form.getByLabel('Gross amount column', { exact: true }).fill(p.mapping.amount);
    await form.getByLabel('Fee column (optional)', { exact: true }).fill(p.mapping.fee ?? '');
    await form.getByLabel('Transaction date column', { exact: true }).fill(p.mapping.transactedOn);
    await form.getByLabel('Settlement date column', { exact: true }).fill(p.mapping.settledOn);
    await form.getByLabel('Batch column', { exact: true }).fill(p.mapping.batch);
    await form.getByLabel('Dates written as').selectOption(p.mapping.dateFormat);
    await form.getByLabel('Amounts in').selectOption(p.mapping.amountUnit);
    await form.getByTestId('provider-mapping-save').click();
    await expect.poll(() => page.getByTestId('mapping-saved').textContent()).toBe(`Saved the mapping of ${p.provider}.`);
  }

  /** Chooses a file in an upload card and uploads it: the outcome's element, once shown. */
  async function upload(card: 'statement' | 'settlement', name: string, bytes: Buffer) {
    const form = page.getByTestId(card);
    await form.getByLabel(card === 'statement' ? 'Statement file' : 'Settlement report file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    await form.getByTestId(`${card}-upload`).click();
    const outcome = form.locator('[data-testid="money-import-result"], [data-testid="money-import-error"]');
    await outcome.waitFor();
    return outcome;
  }

  it('finance imports the bank’s and providers’ files, finds the six red counter-days, drills down to the missing deposit and exports the exceptions', async () => {
    const started = Date.now();
    await page.goto(`${origin}/console/`);
    await page.locator('input[name="name"]').fill(finance.name);
    await page.locator('input[name="password"]').fill(finance.password);
    await page.locator('input[name="password"]').press('Enter');
    await page.getByTestId('who').waitFor();
    expect(await page.getByRole('navigation').getByRole('button').allTextContents()).toEqual(['Counters', 'Alerts', 'Collections', 'Money']);
    await page.getByTestId('nav-money').click();
    await page.getByRole('heading', { name: 'Money: collections against the bank', level: 1 }).waitFor();
    // The monitor's defaults: the last 7 days to yesterday, as of today (the browser's clock).
    expect(await page.getByLabel('From (dd-mm-yyyy)').inputValue()).toBe('02-12-2026');
    expect(await page.getByLabel('To (dd-mm-yyyy)').inputValue()).toBe('08-12-2026');
    expect(await page.getByLabel('As of (dd-mm-yyyy)').inputValue()).toBe(dmy(SCENARIO_AS_OF));
    await page.getByTestId('monitor-table').waitFor();

    // The mappings, saved in the console: the bank's CSV columns, then each provider's.
    await view('import');
    await page.getByTestId('files-none').waitFor();
    const csv = scenario.statements.find((s) => s.format === 'csv')!;
    await saveBankMapping(SCENARIO_BANK, csv.csv!.mapping);
    for (const s of scenario.settlements) await saveProviderMapping(s.input);
    await expect.poll(() => page.getByTestId('saved-providers').locator('li').count()).toBe(2);

    // The three statements, one after another, each in its own format.
    const statement = page.getByTestId('statement');
    for (const s of scenario.statements) {
      await statement.getByLabel('Format').selectOption(s.format);
      if (s.format === 'csv') {
        await statement.getByLabel('Bank (its saved column mapping)').selectOption(SCENARIO_BANK);
        await statement.getByLabel('Account number').fill(s.csv!.account);
      }
      const outcome = await upload('statement', s.name, s.bytes);
      expect(await outcome.getAttribute('data-testid'), await outcome.textContent() ?? '').toBe('money-import-result');
      expect(await outcome.textContent()).toMatch(new RegExp(`^Imported ${s.name.replaceAll('.', '\\.')} \\(account ${s.csv?.account ?? '\\S+'}\\): (\\d+) entries read, \\1 added\\.Matched afterwards: \\d+\\.$`));
    }
    // Both settlement reports, each read through its provider's mapping.
    const settlement = page.getByTestId('settlement');
    for (const s of scenario.settlements) {
      await settlement.getByLabel('Provider (its saved mapping)').selectOption(s.input.provider);
      const outcome = await upload('settlement', s.name, s.bytes);
      expect(await outcome.textContent()).toMatch(new RegExp(`^Imported ${s.name.replaceAll('.', '\\.')} \\(${s.input.provider}\\): (\\d+) lines in 5 batch\\(es\\) read, \\1 added\\.`));
    }
    const files = page.getByTestId('files-table').locator('tbody tr');
    await expect.poll(() => files.count()).toBe(5);
    for (const sha of await files.locator('td.sha').allTextContents()) expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await axe('money import, five files imported');
    await screenshot(page, 'console-money-import', { commit: true, fullPage: true });

    // A statement for the MT940's dates that says something else is refused, in the server's words.
    const mt = scenario.statements.find((s) => s.format === 'mt940')!;
    const contradicting = Buffer.from(mt.bytes.toString('utf8').replace(/FUNDS INSUFFICIENT|SS042 C1\b/, (w) => `${w} X`));
    await statement.getByLabel('Format').selectOption('mt940');
    const refused = await upload('statement', 'contradicting.sta', contradicting);
    expect(await refused.getAttribute('data-testid')).toBe('money-import-error');
    expect(await refused.locator('p').first().textContent()).toBe('Nothing was imported from contradicting.sta. It says something else than a statement already held, on the dates they share.');
    expect(await refused.getByTestId('money-import-message').textContent()).toMatch(/overlaps statement/);
    await axe('money import, a statement refused');
    await expect.poll(() => files.count()).toBe(5);

    // The monitor over the scenario's five days: exactly the six planted counter-days red, first.
    await view('monitor');
    await page.getByLabel('From (dd-mm-yyyy)').fill(dmy(SCENARIO_DAYS[0]!));
    await page.getByLabel('To (dd-mm-yyyy)').fill(dmy(SCENARIO_DAYS.at(-1)!));
    await page.getByLabel('To (dd-mm-yyyy)').press('Enter');
    await expect.poll(() => page.getByTestId('money-count-red').textContent()).toBe('Red: 6');
    expect(await page.getByTestId('money-count-yellow').textContent()).toBe('Yellow: 0');
    expect(await page.getByTestId('money-count-green').textContent()).toBe('Green: 44');
    const rows = page.getByTestId('monitor-table').locator('tbody tr');
    expect(await rows.count()).toBe(50);
    const colours = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-colour')));
    expect(colours.slice(0, 6)).toEqual(Array(6).fill('red'));
    expect(colours.slice(6).every((c) => c === 'green')).toBe(true);
    const redKeys = await rows.evaluateAll((trs) => trs.filter((tr) => tr.getAttribute('data-colour') === 'red').map((tr) => tr.getAttribute('data-testid')));
    expect(redKeys.sort()).toEqual(scenario.planted.map((p) => `money-row-${terminalId(p.terminal)}-${p.day}`).sort());
    const notCredited = scenario.planted.find((p) => p.reason === 'not-credited')!;
    const missingRow = page.getByTestId(`money-row-${terminalId(notCredited.terminal)}-${notCredited.day}`);
    expect(await missingRow.getByTestId('money-colour').textContent()).toBe('Red — money missing');
    const owed = -notCredited.differencePaise;
    expect(await missingRow.getByTestId('money-reasons').textContent()).toBe(`Not credited: the bank has no credit for ${inr(owed)} declared on a slip`);
    await axe('money monitor');
    await screenshot(page, 'console-money-monitor', { commit: true });

    // In Hindi: the colour and the reason said from their codes.
    await page.getByTestId('language').click();
    expect(await missingRow.getByTestId('money-colour').textContent()).toBe('लाल — पैसा कम');
    expect(await missingRow.getByTestId('money-reasons').textContent()).toBe(`बैंक में जमा नहीं: पर्ची में घोषित ${inr(owed)} की कोई जमा नहीं`);
    await axe('money monitor in Hindi');
    await page.getByTestId('language').click();

    // The missing deposit: the counter-day opened from its row, by keyboard.
    await missingRow.getByTestId('open-day').focus();
    await page.keyboard.press('Enter');
    const slipNo = `DS${notCredited.terminal + 1}${String(SCENARIO_DAYS.indexOf(notCredited.day) + 1).padStart(2, '0')}7`;
    const slip = page.getByTestId(`slip-${slipNo}`);
    await slip.waitFor();
    expect(await slip.getByTestId('slip-no-credit').textContent()).toBe('No bank credit found for this slip');
    expect(await slip.locator('td').nth(4).textContent()).toBe(inr(owed)); // the slip's total
    expect(await page.getByTestId('day-difference').textContent()).toBe(inr(notCredited.differencePaise));
    expect(await page.getByTestId('accept-submit').textContent()).toBe(`Accept -${inr(owed)}`);
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('day-title');
    // Finance may match one of the bank's unexplained credits to it: the interest credit is the only one.
    await slip.getByTestId('match-open').click();
    const match = page.getByTestId('match-form');
    await expect.poll(() => match.getByRole('radio').count()).toBe(1);
    expect(await match.locator('label.check').textContent()).toMatch(/^credit of ₹1,234\.56 on 05-12-2026 · INTEREST CREDIT$/);
    await axe('money counter-day, a slip with no credit');
    await screenshot(page, 'console-money-day', { commit: true, fullPage: true });
    await match.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('back-to-monitor').click();
    await expect.poll(() => page.evaluate("document.activeElement?.closest('tr')?.getAttribute('data-testid')")).toBe(`money-row-${terminalId(notCredited.terminal)}-${notCredited.day}`);

    // A short credit drills down to its entry and the rule that matched it.
    const short = scenario.planted.find((p) => p.reason === 'credit-short')!;
    await page.getByTestId(`money-row-${terminalId(short.terminal)}-${short.day}`).getByTestId('open-day').click();
    await expect.poll(() => page.getByTestId('day-slips').textContent()).toContain('matched by: slip number');
    await page.getByTestId('back-to-monitor').click();

    await view('reports');
    await page.getByTestId('ageing-counters').waitFor();
    const notDeposited = scenario.planted.find((p) => p.reason === 'not-deposited')!;
    expect(await page.getByTestId('ageing-counters').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('ageing-counters').locator('tbody tr td').nth(3).textContent()).toBe(inr(-notDeposited.differencePaise)); // 8–30 days
    await page.getByTestId(`receivable-${terminalId(notDeposited.terminal)}`).waitFor();
    await axe('money reports');
    await screenshot(page, 'console-money-reports', { fullPage: true });

    await view('settings');
    await page.getByTestId('settings-save').waitFor();
    expect(await page.getByLabel('Tolerance (rupees, either way)').inputValue()).toBe('0');
    expect(await page.getByRole('checkbox', { name: 'Sunday' }).isChecked()).toBe(true);
    await axe('money settings');
    await screenshot(page, 'console-money-settings', { fullPage: true });

    // The morning's exceptions: the six red days, the two entries nothing explains; exported signed.
    await view('exceptions');
    await expect.poll(() => page.getByTestId('x-red').locator('tbody tr').count()).toBe(6);
    expect(await page.getByTestId('x-entries').locator('tbody tr').count()).toBe(2);
    expect((await page.getByTestId('x-entries').locator('tbody td[lang="en"]').allTextContents()).sort()).toEqual(['INTEREST CREDIT', 'SMS AND SERVICE CHARGES']);
    await axe('money exceptions');
    await screenshot(page, 'console-money-exceptions', { commit: true, fullPage: true });
    const isManifest = (d: Download) => d.suggestedFilename().endsWith('.manifest.json');
    for (const format of ['csv', 'pdf'] as const) {
      const fileDownload = page.waitForEvent('download', (d) => !isManifest(d));
      const manifestDownload = page.waitForEvent('download', isManifest);
      await page.getByTestId(`x-export-${format}`).click();
      const [file, manifest] = await Promise.all([fileDownload, manifestDownload]);
      expect(file.suggestedFilename()).toBe(`counterfoil-centre-money-exceptions-${SCENARIO_AS_OF}.${format}`);
      expect(manifest.suggestedFilename()).toBe(`${file.suggestedFilename()}.manifest.json`);
      await page.getByText(`Saved ${file.suggestedFilename()} and`).waitFor();
      const verdict = verifyExport(readFileSync(await file.path()), readFileSync(await manifest.path(), 'utf8'), publicKeyFromRaw(key.publicRaw));
      expect(verdict).toMatchObject({ genuine: true, signer: { kind: 'centre' }, keyPinned: true, count: 6 });
    }
    console.log(`console money e2e: ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
  }, 180_000);
});
