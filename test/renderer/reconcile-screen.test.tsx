// @vitest-environment jsdom
// The supervisor's reconciliation screen (F9) against a fake terminal: each day's deposits in
// words (ok, not deposited, short, excess), a deposit slip recorded in paise and the table asked
// again, a settlement file whose columns the core asks for first and that then matches, a cheque
// marked returned after a confirmation in the page, and the core's refusals in Hindi.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract.js';
import { appError, errorText } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import type { DepositDay, SettlementReport } from '../../shared/reconciliation.js';
import { setTransport } from '../../renderer/api/client.js';
import { App } from '../../renderer/app/App.js';
import { useReconcile } from '../../renderer/features/reconcile/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useLang } from '../../renderer/i18n/lang.js';

const SESSION = 'd'.repeat(32);
const TODAY = '2026-11-27';
/** TODAY as the screens show and take a date (dd-mm-yyyy, issue 16 #4). */
const TODAY_SHOWN = '27-11-2026';
const INFO = { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: TODAY, financialYear: '2627', headSeq: 9 };
const SYNC = {
  enrolled: false, upstreamUrl: null, connection: null, ackedSeq: 0, headSeq: 9, queueDepth: 0, oldestUnsyncedAt: null, oldestUnsyncedAgeSeconds: null,
  lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastErrorCode: null, stopped: null, clockSkewMs: 0, clockSkewWarning: false,
  consumerCursor: '0', consumersSyncedAt: null, centralSeq: 0, writeBlock: null,
};

const day = (date: string, over: Partial<DepositDay>): DepositDay => ({
  date, ledgerCashPaise: 1_684_56, countedCashPaise: 1_484_56, depositedCashPaise: 0, cashDifferencePaise: -1_484_56,
  ledgerChequePaise: 7_500_00, depositedChequePaise: 0, chequeDifferencePaise: -7_500_00, slips: [], state: 'not-deposited', ...over,
});
const SLIP = { seq: 40, bank: 'SBI Civil Lines', slipNo: 'DS-1001', depositedOn: '2026-11-25', cashPaise: 1_034_56, chequePaise: 7_500_00 };
const DAYS: DepositDay[] = [
  day('2026-11-24', { depositedCashPaise: 1_484_56, cashDifferencePaise: 0, depositedChequePaise: 7_500_00, chequeDifferencePaise: 0, state: 'ok', slips: [{ ...SLIP, slipNo: 'DS-0999', seq: 30 }] }),
  day('2026-11-25', { depositedCashPaise: 1_034_56, cashDifferencePaise: -450_00, depositedChequePaise: 7_500_00, chequeDifferencePaise: 0, state: 'short', slips: [SLIP] }),
  day('2026-11-26', { depositedCashPaise: 1_584_56, cashDifferencePaise: 100_00, depositedChequePaise: 7_500_00, chequeDifferencePaise: 0, state: 'excess', slips: [{ ...SLIP, slipNo: 'DS-1002', seq: 41 }] }),
  day(TODAY, { countedCashPaise: null, cashDifferencePaise: -1_684_56 }),
];

const MAPPING = { reference: 'Txn Ref', amount: 'Settled Amount', date: 'Value Date', dateFormat: 'DD/MM/YYYY', amountUnit: 'rupees' } as const;
const CSV = ['Txn Ref,Settled Amount,Value Date,Narration', '634512789012,999.00,27/11/2026,UPI credit', '777788889999,150.00,27/11/2026,UPI credit'].join('\r\n');
const REPORT: SettlementReport = {
  importId: 3, source: 'HDFC UPI', fileSha256: 'ab'.repeat(32), from: TODAY, to: TODAY,
  counts: { matched: 1, 'amount-mismatch': 0, duplicate: 0, 'settled-voided': 0, unknown: 1, 'not-settled': 1 },
  exceptions: [
    { state: 'unknown', line: 2, reference: '777788889999', settledPaise: 150_00, settledOn: TODAY, receiptNo: null, ledgerPaise: null, mode: null, businessDate: null },
    { state: 'not-settled', line: null, reference: '300000000001', settledPaise: null, settledOn: null, receiptNo: 'SS042-C1-2627-000004', ledgerPaise: 2_500_00, mode: 'upi', businessDate: TODAY },
  ],
  matchedPaise: 999_00, repeated: false,
};

let calls: { channel: string; input: Record<string, unknown> }[];
let answers: Record<string, (input: Record<string, unknown>) => Result<unknown> | Promise<Result<unknown>>>;

beforeEach(() => {
  calls = [];
  answers = {};
  setTransport(async (channel, input): Promise<Result<unknown>> => {
    calls.push({ channel, input: input as Record<string, unknown> });
    const answer = answers[channel];
    if (answer) return answer(input as Record<string, unknown>);
    switch (channel) {
      case 'terminal.info':
        return { ok: true, value: INFO };
      case 'settings.limits.get':
        return { ok: true, value: DEFAULT_LIMITS };
      case 'shift.current':
        return { ok: true, value: { shiftId: 2, user: 'meena', openedAt: '2026-11-27T04:00:00Z', businessDate: TODAY, openingFloatPaise: 0, cashTakenPaise: 0, payments: 0 } };
      case 'sync.status':
        return { ok: true, value: SYNC };
      case 'printer.status':
        return { ok: true, value: { configured: true, state: 'ready', text: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' }, pending: 0 } };
      case 'deposit.reconcile':
        return { ok: true, value: DAYS };
      case 'settlement.sources':
        return { ok: true, value: [] };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useReconcile.setState({ owner: null, today: '' });
  useLang.setState({ lang: 'hi' });
});
afterEach(() => cleanup());

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function openReconcile(role: 'supervisor' | 'cashier' = 'supervisor') {
  useSession.setState({ session: SESSION, user: role === 'supervisor' ? 'meena' : 'asha', role });
  render(<App />);
  await settle();
  await settle();
  fireEvent.keyDown(window, { key: 'F9' });
  await settle();
}

const asked = (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.input);
const input = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
const rowOf = (date: string) => screen.getByTestId(`deposit-${date}`);

describe('reconciliation screen (F9)', () => {
  it('is a supervisor’s: on F9 with today’s deposits; a cashier neither sees it nor reaches it', async () => {
    await openReconcile();
    const nav = within(screen.getByRole('navigation')).getAllByRole('button').map((b) => b.textContent);
    expect(nav.at(-1)).toBe('मिलान F9');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('मिलान');
    expect(asked('deposit.reconcile')).toEqual([{ session: SESSION, date: TODAY }]);
    expect(asked('settlement.sources')).toEqual([{ session: SESSION }]);
    expect(document.activeElement).toBe(input('deposits-from'));
    expect(input('deposits-from').value).toBe(TODAY_SHOWN);
    cleanup();

    calls = [];
    await openReconcile('cashier');
    expect(within(screen.getByRole('navigation')).getByRole('button', { name: /काउंटर/ })).toBeTruthy();
    expect(screen.queryByText(/मिलान/)).toBeNull();
    expect(calls.some((c) => c.channel.startsWith('deposit.') || c.channel.startsWith('settlement.'))).toBe(false);
  });

  it('shows each day’s cash and cheques against the slips, the state in words, short and excess marked', async () => {
    await openReconcile();
    type('deposits-from', '24-11-2026');
    fireEvent.click(screen.getByRole('button', { name: /दिखाएँ/ }));
    await settle();
    expect(asked('deposit.reconcile').at(-1)).toEqual({ session: SESSION, date: '2026-11-24', toDate: TODAY });

    const state = (date: string) => within(rowOf(date)).getByTestId('deposit-state');
    expect(state('2026-11-24').textContent).toBe('ठीक — पूरा जमा');
    expect(state('2026-11-25').textContent).toBe('कम जमा');
    expect(state('2026-11-26').textContent).toBe('अधिक जमा');
    expect(state(TODAY).textContent).toBe('जमा नहीं हुआ');
    expect(rowOf('2026-11-25').className).toContain('state-short');
    expect(rowOf('2026-11-26').className).toContain('state-excess');
    expect(rowOf('2026-11-24').className).not.toMatch(/short|excess/);

    const short = rowOf('2026-11-25').textContent!;
    expect(short).toContain('₹1,684.56'); // ledger cash
    expect(short).toContain('₹1,484.56'); // counted, less floats
    expect(short).toContain('-₹450.00');
    expect(within(rowOf('2026-11-25')).getByTestId('deposit-slips').textContent).toBe('SBI Civil Lines, पर्ची DS-1001, 25-11-2026 को जमा: नकद ₹1,034.56, चेक / डीडी ₹7,500.00');
    expect(rowOf('2026-11-26').textContent).toContain('+₹100.00');
    expect(rowOf(TODAY).textContent).toContain('पालियाँ खुली हैं');
    expect(within(rowOf(TODAY)).queryByTestId('deposit-slips')).toBeNull();

    // Column headers for every cell: the two groups and their columns.
    const headers = within(screen.getByTestId('deposit-days')).getAllByRole('columnheader').map((h) => [h.textContent, h.getAttribute('scope')]);
    expect(headers).toContainEqual(['नकद', 'colgroup']);
    expect(headers).toContainEqual(['चेक / डीडी', 'colgroup']);
    expect(headers.filter(([, scope]) => scope === 'col').map(([text]) => text)).toEqual(['वसूली का दिन', 'स्थिति', 'लेजर में', 'गिनी गई', 'बैंक में जमा', 'अंतर', 'लेजर में', 'बैंक में जमा', 'अंतर']);

    act(() => useLang.getState().toggle());
    expect(state('2026-11-25').textContent).toBe('Short');
    expect(state('2026-11-26').textContent).toBe('Excess');
    expect(rowOf(TODAY).textContent).toContain('shifts open');
    act(() => useLang.getState().toggle());

    type('deposits-to', '20-11-2026');
    fireEvent.click(screen.getByRole('button', { name: /दिखाएँ/ }));
    await settle();
    expect(screen.getByTestId('deposits-range-error').textContent).toBe('“तक” की तिथि “से” की तिथि से पहले नहीं हो सकती');
    expect(asked('deposit.reconcile')).toHaveLength(2);
  });

  it('records a slip typed in rupees as paise, then asks for the table again and shows the slip', async () => {
    const recorded = { ...SLIP, seq: 52, slipNo: 'DS/1003', depositedOn: TODAY, cashPaise: 1_23_456_50, chequePaise: 0 };
    answers['deposit.record'] = () => {
      answers['deposit.reconcile'] = () => ({ ok: true, value: [{ ...DAYS[3]!, depositedCashPaise: 1_23_456_50, cashDifferencePaise: 1_21_771_94, state: 'excess', slips: [recorded] }] });
      return { ok: true, value: { seq: 52 } };
    };
    await openReconcile();
    fireEvent.keyDown(window, { key: 'ब', code: 'KeyB', altKey: true }); // Alt+B by its place, on a Hindi layout
    expect(document.activeElement).toBe(input('slip-business-date'));
    expect(input('slip-business-date').value).toBe(TODAY_SHOWN);
    type('slip-bank', 'SBI Civil Lines');
    type('slip-no', 'DS/1003');
    type('slip-cash', '1,23,456.5');
    fireEvent.submit(input('slip-cash').form!);
    await settle();
    expect(asked('deposit.record')).toEqual([{
      session: SESSION,
      slip: { businessDate: TODAY, depositedOn: TODAY, bank: 'SBI Civil Lines', slipNo: 'DS/1003', cashPaise: 1_23_456_50, chequePaise: 0 },
    }]);
    expect(asked('deposit.reconcile')).toEqual([{ session: SESSION, date: TODAY }, { session: SESSION, date: TODAY }]);
    expect(screen.getByTestId('slip-done').textContent).toBe(`SBI Civil Lines की पर्ची DS/1003 (${TODAY_SHOWN} की वसूली) दर्ज हुई`);
    expect(within(rowOf(TODAY)).getByTestId('deposit-slips').textContent).toContain('DS/1003');
    expect(within(rowOf(TODAY)).getByTestId('deposit-state').textContent).toBe('अधिक जमा');
    // Ready for the next slip of the same bank.
    expect([input('slip-bank').value, input('slip-no').value, input('slip-cash').value]).toEqual(['SBI Civil Lines', '', '']);

    // A typing slip is caught before anything is sent, on the field, in Hindi.
    type('slip-no', 'DS-1004');
    type('slip-cheque', '12,34');
    fireEvent.submit(input('slip-cash').form!);
    await settle();
    expect(screen.getByTestId('slip-error').textContent).toBe('चेक / डीडी (₹): राशि सही लिखें, जैसे 1,23,456.50');
    expect(input('slip-cheque').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input('slip-cheque'));
    expect(asked('deposit.record')).toHaveLength(1);
  });

  it('issue 16 #7: the slip form shows what the day has still to deposit (its collections, not the float) beside what is typed', async () => {
    await openReconcile();
    const expected = screen.getByTestId('slip-expected');
    expect(expected.textContent).toContain(`${TODAY_SHOWN} के लिए बैंक में जमा करना बाकी`);
    expect(expected.textContent).toMatch(/फ़्लोट गल्ले में रहता है, बैंक नहीं जाता/);
    expect(screen.getByTestId('slip-expected-cash').textContent).toBe('₹1,684.56'); // shifts open: the ledger's cash
    expect(screen.getByTestId('slip-expected-cheque').textContent).toBe('₹7,500.00');
    type('slip-cash', '1,600');
    expect(screen.getByTestId('slip-cash-vs').textContent).toBe('लिखी राशि ₹84.56 कम है');
    type('slip-cash', '1,684.56');
    expect(screen.getByTestId('slip-cash-vs').textContent).toBe('लिखी राशि बराबर है');
    // Yesterday's slip, a day the table does not show: asked for, counted cash less what is in the bank.
    type('slip-business-date', '25-11-2026');
    await settle();
    expect(asked('deposit.reconcile').at(-1)).toEqual({ session: SESSION, date: '2026-11-25' });
    expect(screen.getByTestId('slip-expected-cash').textContent).toBe('₹450.00');
    expect(screen.getByTestId('slip-cash-vs').textContent).toBe('लिखी राशि ₹1,234.56 अधिक है');
    expect(screen.getByTestId('slip-expected-cheque').textContent).toBe('₹0.00');
    act(() => useLang.getState().toggle());
    expect(screen.getByTestId('slip-expected').textContent).toMatch(/The float stays in the drawer; it is not deposited/);
    act(() => useLang.getState().toggle());
  });

  it('says the core’s refusal in Hindi (a slip recorded before), then in English on Alt+L', async () => {
    const params = { bank: 'SBI Civil Lines', slipNo: 'DS-1001', date: '2026-11-25' };
    answers['deposit.record'] = () => ({ ok: false, error: appError('DEPOSIT_SLIP_DUPLICATE', params) });
    await openReconcile();
    type('slip-bank', 'SBI Civil Lines');
    type('slip-no', 'DS-1001');
    type('slip-cheque', '7500');
    fireEvent.submit(input('slip-no').form!);
    await settle();
    expect(asked('deposit.record')[0]!.slip).toMatchObject({ cashPaise: 0, chequePaise: 7_500_00 });
    const error = screen.getByTestId('slip-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('SBI Civil Lines की जमा पर्ची DS-1001 पहले से दर्ज है (25-11-2026 के लिए)।');
    expect(input('slip-no').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('slip-done').textContent).toBe('');
    expect(asked('deposit.reconcile')).toHaveLength(1); // nothing recorded, nothing to refresh
    fireEvent.keyDown(window, { key: 'l', altKey: true });
    expect(screen.getByTestId('slip-error').textContent).toBe(errorText('DEPOSIT_SLIP_DUPLICATE', { ...params, date: '25-11-2026' }, 'en'));
  });

  it('imports a settlement file: the core asks for the columns, the supervisor names them, the report shows counts and exceptions', async () => {
    const columns = 'Txn Ref, Settled Amount, Value Date, Narration';
    let release: () => void = () => undefined;
    answers['settlement.import'] = (i) => i.mapping
      ? new Promise((done) => (release = () => done({ ok: true, value: REPORT })))
      : { ok: false, error: appError('SETTLEMENT_MAPPING_REQUIRED', { source: 'HDFC UPI', columns }) };
    await openReconcile();
    fireEvent.keyDown(window, { key: 'i', code: 'KeyI', altKey: true });
    expect(document.activeElement).toBe(input('settlement-source'));
    type('settlement-source', 'HDFC UPI');
    const file = input('settlement-file');
    expect(file.type).toBe('file');
    expect(file.accept).toBe('.csv,text/csv');
    fireEvent.change(file, { target: { files: [new File([CSV], 'upi.csv', { type: 'text/csv' })] } });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /आयात करें और मिलाएँ/ }));
    await settle();
    expect(asked('settlement.import')).toEqual([{ session: SESSION, source: 'HDFC UPI', csv: CSV, date: TODAY }]);
    const error = screen.getByTestId('import-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(`HDFC UPI फ़ाइल के कौन से कॉलम में संदर्भ, राशि और तारीख है, बताएँ (इसके कॉलम: ${columns})।`);
    expect(document.activeElement).toBe(input('map-reference'));
    // The file's columns are offered for each mapping field.
    expect([...document.querySelectorAll('#file-columns option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['Txn Ref', 'Settled Amount', 'Value Date', 'Narration']);
    expect(input('map-reference').getAttribute('list')).toBe('file-columns');

    type('map-reference', 'Txn Ref');
    type('map-amount', 'Settled Amount');
    fireEvent.click(screen.getByRole('button', { name: /आयात करें और मिलाएँ/ }));
    await settle();
    expect(screen.getByTestId('import-error').textContent).toBe('तीनों कॉलम के नाम लिखें, या तीनों खाली छोड़ें');
    expect(document.activeElement).toBe(input('map-date'));
    expect(asked('settlement.import')).toHaveLength(1);

    type('map-date', 'Value Date');
    fireEvent.change(input('map-date-format'), { target: { value: 'DD/MM/YYYY' } });
    fireEvent.click(screen.getByRole('button', { name: /आयात करें और मिलाएँ/ }));
    await settle();
    expect(screen.getByTestId('import-busy').textContent).toBe('मिलान हो रहा है…');
    expect((screen.getByRole('button', { name: /आयात करें और मिलाएँ/ }) as HTMLButtonElement).disabled).toBe(true);
    release();
    await settle();
    expect(asked('settlement.import')[1]).toEqual({ session: SESSION, source: 'HDFC UPI', csv: CSV, date: TODAY, mapping: MAPPING });
    expect(screen.getByTestId('import-busy').textContent).toBe('');
    expect(screen.getByTestId('import-error').textContent).toBe('');

    expect(screen.getByTestId('count-matched').textContent).toBe('मिलान हुआ1 · ₹999.00');
    expect(screen.getByTestId('count-unknown').textContent).toBe('अज्ञात — कोई रसीद नहीं1');
    expect(screen.getByTestId('count-not-settled').textContent).toBe('सेटल नहीं हुआ1');
    expect(screen.getByTestId('count-amount-mismatch').textContent).toBe('राशि अलग0');
    expect(screen.getByTestId('count-duplicate').textContent).toBe('दोहरी प्रविष्टि0');
    expect(screen.getByTestId('count-settled-voided').textContent).toBe('सेटल हुआ, पर रसीद रद्द0');
    expect(screen.queryByTestId('report-repeated')).toBeNull();
    const rows = within(screen.getByTestId('exceptions')).getAllByRole('row').map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['स्थिति', 'पंक्ति', 'संदर्भ', 'सेटल राशि (₹)', 'सेटल तिथि', 'रसीद संख्या', 'लेजर राशि (₹)', 'तरीका', 'वसूली का दिन'],
      ['अज्ञात — कोई रसीद नहीं', '2', '777788889999', '₹150.00', TODAY_SHOWN, '—', '—', '—', '—'],
      ['सेटल नहीं हुआ', '—', '300000000001', '—', '—', 'SS042-C1-2627-000004', '₹2,500.00', 'यूपीआई', TODAY_SHOWN],
    ]);
    expect(asked('settlement.sources')).toHaveLength(2); // asked again: the mapping is saved for the source now
  });

  it('fills the columns from a source’s saved mapping and says when the very file was imported before', async () => {
    answers['settlement.sources'] = () => ({ ok: true, value: [{ name: 'HDFC UPI', mapping: MAPPING }] });
    answers['settlement.import'] = () => ({ ok: true, value: { ...REPORT, repeated: true, exceptions: [], counts: { ...REPORT.counts, unknown: 0, 'not-settled': 0 } } });
    await openReconcile();
    expect([...document.querySelectorAll('#settlement-sources option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['HDFC UPI']);
    type('settlement-source', 'HDFC UPI');
    expect([input('map-reference').value, input('map-amount').value, input('map-date').value]).toEqual(['Txn Ref', 'Settled Amount', 'Value Date']);
    expect((document.querySelector('[name="map-date-format"]') as HTMLSelectElement).value).toBe('DD/MM/YYYY');

    // No file yet: said, not sent.
    fireEvent.click(screen.getByRole('button', { name: /आयात करें और मिलाएँ/ }));
    await settle();
    expect(screen.getByTestId('import-error').textContent).toBe('CSV फ़ाइल चुनें');
    expect(asked('settlement.import')).toEqual([]);

    fireEvent.change(input('settlement-file'), { target: { files: [new File([CSV], 'upi.csv', { type: 'text/csv' })] } });
    type('settlement-from', '26-11-2026');
    fireEvent.submit(input('settlement-source').form!);
    await settle();
    expect(asked('settlement.import')).toEqual([{ session: SESSION, source: 'HDFC UPI', csv: CSV, date: '2026-11-26', toDate: TODAY, mapping: MAPPING }]);
    expect(screen.getByTestId('report-repeated').textContent).toBe('यही फ़ाइल पहले आयात हो चुकी है: कुछ नया दर्ज नहीं हुआ; रिपोर्ट उसी आयात की है।');
    expect(screen.getByTestId('no-exceptions').textContent).toBe('कोई अपवाद नहीं: हर पंक्ति का मिलान हुआ');
    expect(screen.getByRole('heading', { name: 'मिलान रिपोर्ट: HDFC UPI, 27-11-2026' })).toBeTruthy();
  });

  it('marks a cheque returned only after the confirmation in the page: Escape goes back, Enter confirms', async () => {
    answers['cheque.return'] = () => ({ ok: true, value: { seq: 60 } });
    await openReconcile();
    fireEvent.keyDown(window, { key: 'u', code: 'KeyU', altKey: true });
    expect(document.activeElement).toBe(input('return-receipt-no'));
    type('return-receipt-no', ' ss042-c1-2627-000002 ');
    type('return-reason', 'insufficient funds');
    fireEvent.submit(input('return-reason').form!);
    const dialog = screen.getByRole('alertdialog', { name: 'रसीद SS042-C1-2627-000002 का चेक लौटा हुआ दर्ज करें?' });
    expect(dialog.textContent).toContain(`लौटने की तिथि ${TODAY_SHOWN}; कारण: insufficient funds।`);
    const mark = screen.getByRole('button', { name: /^लौटा हुआ दर्ज करें/ });
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(mark);
    expect(asked('cheque.return')).toEqual([]);

    fireEvent.click(mark);
    const confirm = within(screen.getByRole('alertdialog')).getByRole('button', { name: /हाँ, लौटा हुआ दर्ज करें/ });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(confirm, { key: 'Enter' });
    await settle();
    expect(asked('cheque.return')).toEqual([{ session: SESSION, receiptNo: 'SS042-C1-2627-000002', returnedOn: TODAY, reason: 'insufficient funds' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('return-done').textContent).toBe(`रसीद SS042-C1-2627-000002 का चेक ${TODAY_SHOWN} को लौटा हुआ दर्ज हुआ`);
    expect(input('return-receipt-no').value).toBe('');
    expect(document.activeElement).toBe(input('return-receipt-no'));
  });

  it('says why a cheque cannot be marked returned, in Hindi; a bad receipt number is caught before sending', async () => {
    const params = { receiptNo: 'SS042-C1-2627-000001', what: 'cash' };
    answers['cheque.return'] = () => ({ ok: false, error: appError('CHEQUE_NOT_RETURNABLE', params) });
    await openReconcile();
    type('return-receipt-no', '000001');
    type('return-reason', 'bounced');
    fireEvent.submit(input('return-reason').form!);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('return-error').textContent).toBe('रसीद संख्या SS042-C1-2627-000001 जैसी होती है');

    type('return-receipt-no', 'SS042-C1-2627-000001');
    fireEvent.submit(input('return-reason').form!);
    fireEvent.keyDown(document.body, { key: 'Enter' });
    await settle();
    expect(asked('cheque.return')).toHaveLength(1);
    expect(screen.getByTestId('return-error').textContent).toBe('रसीद SS042-C1-2627-000001 मान्य चेक या डीडी नहीं है (cash); केवल उन्हें लौटाया हुआ चिह्नित कर सकते हैं।');
    expect(screen.getByTestId('return-done').textContent).toBe('');
  });
});
