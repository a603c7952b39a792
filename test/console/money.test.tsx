// @vitest-environment jsdom
// The money section against a fake server: the monitor shows red first with its reasons in words
// and amounts (in Hindi too); a counter-day drills down to a slip the bank never credited, which
// finance may match to an unexplained credit; finance accepts exactly the difference shown and is
// told the server's reason when it has changed (409); an auditor sees no control that changes
// anything; an import's refusal is shown as the server said it, with its line. And the section's
// pure parts: default dates, rupees read without floats, the settings and mapping forms read back.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MONEY_SETTINGS, type CounterDayDetail, type CounterDayRow, type MoneyMonitor, type StatementEntryRow } from '../../shared/money-monitor.js';
import { App } from '../../console/app/App.js';
import { useMoney } from '../../console/features/money/money-store.js';
import {
  bankMappingOf, creditCandidates, defaultMonitorForm, EMPTY_BANK_FORM, paiseToRupees, parseHolidays, redFirst, rupeesToPaise, settingsForm, settingsOf,
} from '../../console/features/money/money-view.js';
import { fakeServer, meOf, resetConsole, type Routes } from './fake-server.js';

beforeEach(() => {
  resetConsole();
  useMoney.setState({ form: { from: '30-11-2026', to: '04-12-2026', asOf: '09-12-2026', colour: '' } });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const T1 = 'T0000000000A1';
const T2 = 'T0000000000B2';
const T3 = 'T0000000000C3';
const base = {
  substation: 'SS042', voidedPaise: 0, slips: 1, returnedPaise: 0, settledPaise: 0, feePaise: 0, dueOn: '2026-12-03', ageDays: 7, accepted: null,
};
const green: CounterDayRow = {
  ...base, terminalId: T1, counter: 'C1', businessDate: '2026-12-01', collected: { cash: 1_000_00, cheque: 0, upi: 500_00, card: 0 }, collectedPaise: 1_500_00,
  declaredPaise: 1_000_00, creditedPaise: 1_000_00, settledPaise: 500_00, differencePaise: 0, owedPaise: 0, colour: 'green', reasons: [],
};
const red: CounterDayRow = {
  ...base, terminalId: T2, counter: 'C2', businessDate: '2026-12-02', collected: { cash: 2_345_00, cheque: 655_00, upi: 0, card: 0 }, collectedPaise: 3_000_00,
  declaredPaise: 3_000_00, creditedPaise: 0, differencePaise: -3_000_00, owedPaise: 3_000_00, colour: 'red',
  reasons: [{ reason: 'not-credited', paise: 3_000_00 }],
};
const yellow: CounterDayRow = {
  ...base, terminalId: T3, counter: 'C3', businessDate: '2026-12-04', collected: { cash: 0, cheque: 0, upi: 0, card: 800_00 }, collectedPaise: 800_00,
  declaredPaise: 0, slips: 0, creditedPaise: 0, differencePaise: -800_00, owedPaise: 800_00, colour: 'yellow', reasons: [{ reason: 'not-settled', paise: 800_00 }],
};
const MONITOR: MoneyMonitor = {
  asOf: '2026-12-09', from: '2026-11-30', to: '2026-12-04', rows: [green, yellow, red], counts: { red: 1, yellow: 1, green: 1 },
  totals: { collectedPaise: 5_300_00, creditedPaise: 1_000_00, settledPaise: 500_00, feePaise: 0, differencePaise: -3_800_00, owedPaise: 3_800_00 },
};
const RED_DAY: CounterDayDetail = {
  row: red,
  payments: [
    { seq: 3, receiptNo: 'R-0001', mode: 'cash', amountPaise: 2_345_00, cashier: 'asha', reference: null, voided: false, returned: false, settlement: [] },
    { seq: 4, receiptNo: 'R-0002', mode: 'cheque', amountPaise: 655_00, cashier: 'asha', reference: '100123', voided: false, returned: false, settlement: [] },
  ],
  slips: [{ seq: 9, bank: 'SBI Kanpur Main', slipNo: 'DS2037', depositedOn: '2026-12-02', cashPaise: 2_345_00, chequePaise: 655_00, recordedBy: 'meena', credits: [] }],
  returns: [],
  acceptances: [],
};
const entry = (lineId: number, amountPaise: number, narration: string, direction: 'credit' | 'debit' = 'credit'): StatementEntryRow => ({
  lineId, statementId: 1, line: lineId, account: '30991234567', bookedOn: '2026-12-03', amountPaise, direction, narration, reference: '', match: null,
});
const MONITOR_PATH = 'GET /money/monitor?from=2026-11-30&to=2026-12-04&asOf=2026-12-09';
const DAY_PATH = `GET /money/days/${T2}/2026-12-02?asOf=2026-12-09`;

const routes = (role: 'finance' | 'auditor' = 'finance'): Routes => ({
  'GET /me': { json: meOf(role) },
  'GET /census': { json: { at: '2026-12-09T04:30:00.000Z', terminals: [] } },
  [MONITOR_PATH]: { json: MONITOR },
  [DAY_PATH]: { json: RED_DAY },
  'GET /money/entries?from=2026-11-29&to=2026-12-19&unexplained=1': {
    json: { entries: [entry(41, 1_234_56, 'INTEREST CREDIT'), entry(42, 590_00, 'SMS CHARGES', 'debit'), entry(43, 3_000_00, 'BY CASH DEP SLIP DS2O37')] },
  },
  'GET /money/mappings': { json: { banks: [{ bank: 'SBI Kanpur Main', mapping: JSON.stringify({ date: 'Txn Date', narration: 'Description', balance: 'Balance', amount: 'Amount', dateFormat: 'DD-MMM-YYYY', amountUnit: 'rupees' }) }], providers: [] } },
  'GET /money/files': { json: { files: [] } },
  'GET /money/settings': { json: DEFAULT_MONEY_SETTINGS },
});

async function openMoney(): Promise<void> {
  render(<App />);
  await screen.findByRole('navigation');
  await act(async () => {
    fireEvent.click(screen.getByTestId('nav-money'));
  });
  await screen.findByTestId('monitor-table');
}

const rowIds = () => [...screen.getByTestId('monitor-table').querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-testid'));
const click = (el: HTMLElement) => act(async () => {
  fireEvent.click(el);
});

async function openRedDay(): Promise<void> {
  await click(within(screen.getByTestId(`money-row-${T2}-2026-12-02`)).getByTestId('open-day'));
  await screen.findByTestId('day-slips');
}

describe('the money monitor', () => {
  it('shows red first, each colour in words, the reasons with their amounts — in Hindi too', async () => {
    const sent = fakeServer(routes());
    await openMoney();
    expect(sent.some((s) => `${s.method} ${s.path}` === MONITOR_PATH)).toBe(true);
    expect(rowIds()).toEqual([`money-row-${T2}-2026-12-02`, `money-row-${T3}-2026-12-04`, `money-row-${T1}-2026-12-01`]);
    const first = screen.getByTestId(`money-row-${T2}-2026-12-02`);
    expect(first.getAttribute('data-colour')).toBe('red');
    expect(within(first).getByTestId('money-colour').textContent).toBe('Red — money missing');
    expect(within(first).getByTestId('money-reasons').textContent).toBe('Not credited: the bank has no credit for ₹3,000.00 declared on a slip');
    const cells = [...first.querySelectorAll('td')].map((c) => c.textContent);
    expect(cells.slice(1, 10)).toEqual(['02-12-2026', '₹3,000.00cash ₹2,345.00cheque/DD ₹655.00', '₹3,000.00', '₹0.00', '₹0.00', '₹0.00', '-₹3,000.00', '₹3,000.00', '7 d']);
    expect(screen.getByTestId('money-count-red').textContent).toBe('Red: 1');
    expect(within(screen.getByTestId(`money-row-${T3}-2026-12-04`)).getByTestId('money-reasons').textContent).toBe('Not settled: ₹800.00 of UPI or card payments no provider has paid in');

    fireEvent.click(screen.getByTestId('language'));
    expect(within(first).getByTestId('money-colour').textContent).toBe('लाल — पैसा कम');
    expect(within(first).getByTestId('money-reasons').textContent).toBe('बैंक में जमा नहीं: पर्ची में घोषित ₹3,000.00 की कोई जमा नहीं');
    expect(screen.getByTestId('money-count-red').textContent).toBe('लाल: 1');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('धनराशि: वसूली बनाम बैंक');
  });

  it('a date not written day first is refused on the page, nothing sent', async () => {
    const sent = fakeServer(routes());
    await openMoney();
    fireEvent.change(screen.getByLabelText('From (dd-mm-yyyy)'), { target: { value: '2026-11-30' } });
    await click(screen.getByTestId('monitor-show'));
    expect(screen.getByTestId('monitor-problem').textContent).toBe('Write the dates day first, e.g. 05-12-2026.');
    expect(sent.filter((s) => s.path.startsWith('/money/monitor'))).toHaveLength(1);
  });
});

describe('a counter-day', () => {
  it('drills down to the slip with no bank credit; finance matches an unexplained credit to it with a note', async () => {
    const sent = fakeServer({ ...routes(), 'POST /money/match': { json: { matched: 43 } } });
    await openMoney();
    await openRedDay();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(`Counter-day SS042 / C2 (${T2}), 02-12-2026`);
    const slip = screen.getByTestId('slip-DS2037');
    expect(within(slip).getByTestId('slip-no-credit').textContent).toBe('No bank credit found for this slip');
    expect([...slip.querySelectorAll('td')].slice(2, 5).map((c) => c.textContent)).toEqual(['₹2,345.00', '₹655.00', '₹3,000.00']);

    await click(within(slip).getByTestId('match-open'));
    const form = await screen.findByTestId('match-form');
    // Credits only, the nearest amount to the slip first.
    const choices = within(form).getAllByRole('radio').map((r) => r.closest('label')!.textContent);
    expect(choices).toEqual(['credit of ₹3,000.00 on 03-12-2026 · BY CASH DEP SLIP DS2O37', 'credit of ₹1,234.56 on 03-12-2026 · INTEREST CREDIT']);
    await click(within(form).getByTestId('match-submit'));
    expect(screen.getByTestId('match-problem').textContent).toBe('Choose the bank entry first.');
    fireEvent.click(within(form).getAllByRole('radio')[0]!);
    fireEvent.change(within(form).getByLabelText('Why this entry carries the slip (at least 5 characters)'), { target: { value: 'ok' } });
    await click(within(form).getByTestId('match-submit'));
    expect(screen.getByTestId('match-problem').textContent).toBe('Write a note of at least 5 characters: why.');
    fireEvent.change(within(form).getByLabelText('Why this entry carries the slip (at least 5 characters)'), { target: { value: 'the bank misread the slip number' } });
    await click(within(form).getByTestId('match-submit'));
    expect(sent.find((s) => s.method === 'POST')).toEqual({ method: 'POST', path: '/money/match', body: { lineId: 43, terminalId: T2, depositSeq: 9, note: 'the bank misread the slip number' } });
    expect((await screen.findByTestId('day-done')).textContent).toBe('Matched. The day is shown again below.');

    // Back: the monitor, its row's button holding the focus.
    await click(screen.getByTestId('back-to-monitor'));
    await screen.findByTestId('monitor-table');
    expect(document.activeElement).toBe(within(screen.getByTestId(`money-row-${T2}-2026-12-02`)).getByTestId('open-day'));
  });

  it('finance accepts exactly the difference shown; a 409 is said with the server’s reason', async () => {
    const bodies: unknown[] = [];
    const sent = fakeServer({
      ...routes(),
      'POST /money/accept': (body) => {
        bodies.push(body);
        return { status: 409, json: { error: 'changed', message: 'the difference is now -250000 paise, not the -300000 you saw: look again before accepting' } };
      },
    });
    await openMoney();
    await openRedDay();
    const form = screen.getByTestId('accept-form');
    expect(within(form).getByRole('heading').textContent).toBe('Accept this difference');
    await click(within(form).getByTestId('accept-submit'));
    expect(screen.getByTestId('accept-problem').textContent).toBe('Write a note of at least 5 characters: why.');
    expect(bodies).toEqual([]);
    fireEvent.change(within(form).getByLabelText('Why (a note, at least 5 characters)'), { target: { value: '  slip lost by the courier; recovered from the bank  ' } });
    expect(within(form).getByTestId('accept-submit').textContent).toBe('Accept -₹3,000.00');
    await click(within(form).getByTestId('accept-submit'));
    expect(bodies).toEqual([{ terminalId: T2, businessDate: '2026-12-02', differencePaise: -3_000_00, note: 'slip lost by the courier; recovered from the bank' }]);
    expect(screen.getByTestId('accept-problem').textContent).toBe(
      'The figures have changed since they were shown; look again: the difference is now -250000 paise, not the -300000 you saw: look again before accepting',
    );
    // The day was asked again, to show what it is now.
    expect(sent.filter((s) => `${s.method} ${s.path}` === DAY_PATH)).toHaveLength(2);
  });

  it('an auditor reads everything and is offered nothing that changes it', async () => {
    const sent = fakeServer(routes('auditor'));
    await openMoney();
    await openRedDay();
    expect(screen.getByTestId('slip-no-credit')).toBeTruthy();
    expect(screen.queryByTestId('accept-form')).toBeNull();
    expect(screen.queryByTestId('match-open')).toBeNull();

    await click(screen.getByTestId('money-view-import'));
    await screen.findByTestId('files-none');
    await screen.findByTestId('saved-banks');
    expect(screen.queryByTestId('statement')).toBeNull();
    expect(screen.queryByTestId('settlement')).toBeNull();
    expect(screen.queryByTestId('bank-mapping-form')).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit/ })).toBeNull();
    expect(document.querySelector('input[type="file"]')).toBeNull();

    await click(screen.getByTestId('money-view-settings'));
    await screen.findByTestId('money-settings');
    expect(screen.queryByTestId('settings-save')).toBeNull();
    expect(screen.getByLabelText('Tolerance (rupees, either way)').matches(':disabled')).toBe(true);
    expect(sent.filter((s) => s.method !== 'GET')).toEqual([]);
  });
});

describe('importing', () => {
  it('a refused statement is shown as the server said it, with its line; a good one with its counts', async () => {
    let answer = { status: 422, json: { error: 'unbalanced', message: 'the closing balance ₹10,00,001.00 is not the opening balance and the entries (₹10,00,000.00)', line: 12 } } as { status?: number; json: unknown };
    const sent = fakeServer({ ...routes(), 'POST /money/statements?format=camt053': () => answer });
    await openMoney();
    await click(screen.getByTestId('money-view-import'));
    const card = await screen.findByTestId('statement');
    await click(within(card).getByTestId('statement-upload'));
    expect(screen.getByTestId('statement-problem').textContent).toBe('Choose a file first.');
    fireEvent.change(within(card).getByLabelText('Statement file'), { target: { files: [new File(['<xml/>'], 'statement.xml', { type: 'application/xml' })] } });
    await click(within(card).getByTestId('statement-upload'));
    const refused = await screen.findByTestId('money-import-error');
    expect(refused.getAttribute('role')).toBe('alert');
    expect(refused.querySelector('p')!.textContent).toBe('Nothing was imported from statement.xml. The balances do not add up.');
    expect(screen.getByTestId('money-import-message').textContent).toBe('the closing balance ₹10,00,001.00 is not the opening balance and the entries (₹10,00,000.00)');
    expect(screen.getByTestId('money-import-line').textContent).toBe('At line 12 of the file.');
    expect(sent.find((s) => s.method === 'POST')).toEqual({ method: 'POST', path: '/money/statements?format=camt053', body: [{ field: 'file', name: 'statement.xml', size: 6 }] });

    answer = { json: { statementId: 1, account: '30991234567', from: '2026-11-30', to: '2026-12-01', entries: 24, added: 24, fileSha256: 'ab'.repeat(32), repeated: false, matched: { settlementLinesMatched: 0, statementMatches: 22 } } };
    await click(within(card).getByTestId('statement-upload'));
    expect((await screen.findByTestId('money-import-result')).textContent).toBe('Imported statement.xml (account 30991234567): 24 entries read, 24 added.Matched afterwards: 22.');
  });

  it('a CSV statement names the saved bank and the account typed', async () => {
    const sent = fakeServer({ ...routes(), 'POST /money/statements?format=csv&bank=SBI%20Kanpur%20Main&account=30991234567': { status: 409, json: { error: 'overlap', message: 'it overlaps statement 2 of 30991234567 on 04-12-2026 and says something else' } } });
    await openMoney();
    await click(screen.getByTestId('money-view-import'));
    const card = await screen.findByTestId('statement');
    fireEvent.change(within(card).getByLabelText('Format'), { target: { value: 'csv' } });
    expect((within(card).getByLabelText('Bank (its saved column mapping)') as HTMLSelectElement).value).toBe('SBI Kanpur Main');
    fireEvent.change(within(card).getByLabelText('Statement file'), { target: { files: [new File(['a,b'], 's.csv', { type: 'text/csv' })] } });
    await click(within(card).getByTestId('statement-upload'));
    expect(screen.getByTestId('statement-problem').textContent).toBe('Type the account the CSV statement is of.');
    fireEvent.change(within(card).getByLabelText('Account number'), { target: { value: ' 30991234567 ' } });
    await click(within(card).getByTestId('statement-upload'));
    expect((await screen.findByTestId('money-import-message')).textContent).toBe('it overlaps statement 2 of 30991234567 on 04-12-2026 and says something else');
    expect(sent.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual(['/money/statements?format=csv&bank=SBI%20Kanpur%20Main&account=30991234567']);
    // The saved mapping came over as JSON text: read, and offered for editing.
    await click(screen.getByRole('button', { name: /^Edit ?— SBI Kanpur Main$/ }));
    expect((screen.getByLabelText('Booking date column') as HTMLInputElement).value).toBe('Txn Date');
  });
});

describe('reports and settings', () => {
  it('ages undeposited cash in its buckets; a cashier with repeated shortages stands out in words', async () => {
    const place = { terminalId: T1, substation: 'SS042', counter: 'C1', oldestDate: '2026-12-01' };
    fakeServer({
      ...routes('auditor'),
      'GET /money/ageing?asOf=2026-12-09': { json: { asOf: '2026-12-09', counters: [{ ...place, cashier: null, buckets: { '0-1': 0, '2-3': 100_00, '4-7': 0, '8-30': 1_000_00, '31+': 0 }, totalPaise: 1_100_00 }], cashiers: [] } },
      'GET /money/over-short?from=2026-11-30&to=2026-12-04': {
        json: {
          cashiers: [
            { cashier: 'asha', shifts: 5, shortages: 0, overages: 1, shortPaise: 0, overPaise: 10_00, recentShortages: 0, flagged: false, days: [] },
            { cashier: 'ravi', shifts: 5, shortages: 3, overages: 0, shortPaise: 250_00, overPaise: 0, recentShortages: 3, flagged: true, days: [] },
          ],
        },
      },
      'GET /money/receivables?from=2026-11-30&asOf=2026-12-09': {
        json: { asOf: '2026-12-09', from: '2026-11-30', counters: [{ ...place, collectedPaise: 5_000_00, creditedPaise: 3_900_00, settledPaise: 0, returnedPaise: 0, owedPaise: 1_100_00, openDays: [{ date: '2026-12-01', owedPaise: 1_100_00, colour: 'red' }] }] },
      },
    });
    await openMoney();
    await click(screen.getByTestId('money-view-reports'));
    const ageing = await screen.findByTestId('ageing-counters');
    expect(within(ageing).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Counter', '0-1 days', '2-3 days', '4-7 days', '8-30 days', '31+ days', 'Total', 'Oldest day']);
    expect([...ageing.querySelectorAll('tbody td')].map((c) => c.textContent)).toEqual(['—', '₹100.00', '—', '₹1,000.00', '—', '₹1,100.00', '01-12-2026']);
    expect(screen.getByTestId('ageing-cashiers-none').textContent).toBe('Everything collected has been declared deposited.');
    const ravi = screen.getByTestId('cashier-ravi');
    expect(ravi.className).toBe('flagged');
    expect(ravi.lastElementChild!.textContent).toBe('Stands out: 3 recent shortages');
    expect(screen.getByTestId('cashier-asha').lastElementChild!.textContent).toBe('no');
    expect(screen.getByTestId(`receivable-${T1}`).lastElementChild!.textContent).toBe('01-12-2026: ₹1,100.00 (Red — money missing)');
    fireEvent.click(screen.getByTestId('language'));
    expect(ravi.lastElementChild!.textContent).toBe('ध्यान दें: हाल में 3 बार कमी');
  });

  it('finance saves the settings: rupees typed become paise, holidays day first; a bad one is said and not sent', async () => {
    const bodies: unknown[] = [];
    fakeServer({ ...routes(), 'PUT /money/settings': (body) => (bodies.push(body), { json: body }) });
    await openMoney();
    await click(screen.getByTestId('money-view-settings'));
    await screen.findByTestId('money-settings');
    fireEvent.change(screen.getByLabelText('Tolerance (rupees, either way)'), { target: { value: '1,250.5' } });
    fireEvent.change(screen.getByLabelText('Bank holidays (dd-mm-yyyy, one per line)'), { target: { value: '26-01-2027\n2027-03-14' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    await click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-problem').textContent).toBe('“2027-03-14” is not a date written day first (e.g. 26-01-2027).');
    expect(bodies).toEqual([]);
    fireEvent.change(screen.getByLabelText('Bank holidays (dd-mm-yyyy, one per line)'), { target: { value: '14-03-2027\n26-01-2027' } });
    await click(screen.getByTestId('settings-save'));
    expect(bodies).toEqual([{ ...DEFAULT_MONEY_SETTINGS, tolerancePaise: 1_25_050, closedWeekdays: [0, 6], holidays: ['2027-01-26', '2027-03-14'] }]);
    expect(screen.getByTestId('settings-saved').textContent).toBe('Saved. The monitor applies them from now on.');
    expect((screen.getByLabelText('Tolerance (rupees, either way)') as HTMLInputElement).value).toBe('1250.50');
  });
});

describe('the money section’s pure parts', () => {
  it('defaults to the last 7 days to yesterday, as of today', () => {
    expect(defaultMonitorForm('2026-12-09')).toEqual({ from: '02-12-2026', to: '08-12-2026', asOf: '09-12-2026' });
    expect(defaultMonitorForm('2027-01-03')).toEqual({ from: '27-12-2026', to: '02-01-2027', asOf: '03-01-2027' });
  });

  it('orders red, yellow, green, oldest first', () => {
    expect(redFirst([green, yellow, red, { ...red, businessDate: '2026-11-30', terminalId: T3 }]).map((r) => `${r.colour} ${r.businessDate}`))
      .toEqual(['red 2026-11-30', 'red 2026-12-02', 'yellow 2026-12-04', 'green 2026-12-01']);
  });

  it('reads typed rupees into paise exactly, and back', () => {
    expect(rupeesToPaise('0.29')).toBe(29);
    expect(rupeesToPaise('1,23,456.78')).toBe(12_345_678);
    expect(rupeesToPaise('₹ 500')).toBe(50_000);
    expect(rupeesToPaise('-5')).toBeNull();
    expect(rupeesToPaise('1.234')).toBeNull();
    expect(paiseToRupees(12_345_678)).toBe('123456.78');
    expect(paiseToRupees(50_000)).toBe('500');
    expect(paiseToRupees(5)).toBe('0.05');
  });

  it('reads the settings form back, or says what is wrong', () => {
    const f = settingsForm({ ...DEFAULT_MONEY_SETTINGS, tolerancePaise: 1_050, holidays: ['2027-01-26'] });
    expect(f.toleranceRupees).toBe('10.50');
    expect(f.holidays).toBe('26-01-2027');
    expect(settingsOf(f)).toEqual({ ok: true, settings: { ...DEFAULT_MONEY_SETTINGS, tolerancePaise: 1_050, holidays: ['2027-01-26'] } });
    expect(settingsOf({ ...f, toleranceRupees: '0.1.1' })).toEqual({ ok: false, problem: 'badTolerance' });
    expect(settingsOf({ ...f, settleCard: '2.5' })).toEqual({ ok: false, problem: 'badWholeDays' });
    expect(settingsOf({ ...f, holidays: '26-01-2027\n2027-08-15' })).toEqual({ ok: false, problem: { badHoliday: '2027-08-15' } });
    expect(settingsOf({ ...f, depositWindowDays: '31' })).toEqual({ ok: false, problem: 'badSettings' });
    expect(parseHolidays('15-08-2027, 26-01-2027\n26/01/2027')).toEqual({ ok: true, dates: ['2027-01-26', '2027-08-15'] });
  });

  it('makes a bank mapping of only the columns its layout uses', () => {
    const common = { ...EMPTY_BANK_FORM, bank: 'SBI', date: 'Txn Date', narration: 'Description', balance: 'Balance', dateFormat: 'DD-MMM-YYYY' as const };
    expect(bankMappingOf({ ...common, amount: 'Amount', direction: 'Dr / Cr', creditValues: 'CR, C', credit: 'ignored' })).toEqual({
      date: 'Txn Date', narration: 'Description', balance: 'Balance', dateFormat: 'DD-MMM-YYYY', amountUnit: 'rupees', amount: 'Amount', direction: 'Dr / Cr', creditValues: ['CR', 'C'],
    });
    expect(bankMappingOf({ ...common, layout: 'split', credit: 'Deposit', debit: 'Withdrawal', amount: 'ignored' })).toMatchObject({ credit: 'Deposit', debit: 'Withdrawal' });
    expect(bankMappingOf({ ...common, layout: 'split', credit: 'Deposit' })).toBeNull();
    expect(bankMappingOf({ ...common, balance: '' , amount: 'Amount', layout: 'signed' })).toBeNull();
  });

  it('offers the unexplained credits nearest the slip first', () => {
    const picked = creditCandidates([entry(1, 100_00, 'a'), entry(2, 2_990_00, 'b'), entry(3, 3_000_00, 'c', 'debit'), { ...entry(4, 3_000_00, 'd'), match: { kind: 'deposit', rule: 'slip', terminalId: T1, seq: 1, provider: null, batch: null, by: null, note: null } }], 3_000_00);
    expect(picked.map((e) => e.lineId)).toEqual([2, 1]);
  });
});
