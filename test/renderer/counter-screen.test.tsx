// @vitest-environment jsdom
// The counter screen and its store against a fake terminal (the transport replaced): search as
// you type, Enter to choose, mode by Alt+N, the inline message in Hindi, confirm in words, one
// idempotency key for every retry of the same payment.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Consumer, Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { PRINTER_STATE_TEXT } from '../../shared/printer-state.js';
import { setTransport } from '../../renderer/api/client.js';
import { CounterScreen } from '../../renderer/features/counter/CounterScreen.js';
import { useCounter } from '../../renderer/features/counter/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { armedRecordButton } from './armed-confirm.js';

const SUNITA: Consumer = {
  accountNo: '2100000007', meterNo: 'KE1234', name: 'Sunita Sharma', nameHi: 'सुनीता शर्मा', mobileLast4: '4321',
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: 'B1', dueDate: '2026-11-30', amountDuePaise: 1_234_50,
};

type Call = { channel: string; input: Record<string, unknown> };
let calls: Call[];
let answer: (c: Call) => Result<unknown> | Promise<Result<unknown>>;

beforeEach(() => {
  calls = [];
  answer = (c) => {
    switch (c.channel) {
      case 'consumer.search':
        return { ok: true, value: String(c.input.query).startsWith('2100') || String(c.input.query).startsWith('sun') ? [SUNITA] : [] };
      case 'payment.record':
        return { ok: true, value: { receiptNo: 'SS042-C1-2627-000001', seq: 3, code: 'CF1|x', consumerKnown: true, shiftOpened: false, replayed: false } };
      case 'receipt.preview':
        return { ok: true, value: { receiptNo: 'SS042-C1-2627-000001', pngBase64: 'iVBORw0KGgo=' } };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${c.channel}` }) };
    }
  };
  setTransport(async (channel, input) => {
    const c = { channel, input: input as Record<string, unknown> };
    calls.push(c);
    return answer(c);
  });
  useSession.setState({ session: 'a'.repeat(32), user: 'asha', role: 'cashier' });
  useTerminal.setState({ info: { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: '2026-11-26', financialYear: '2627', headSeq: 2 } });
  useCounter.getState().next();
});
afterEach(cleanup);

/**
 * Sunita found by typing and chosen with Enter (let go on the form that replaces the search); with
 * `paid`, consumer.get says those payments were already taken on her bill.
 */
async function chooseSunita(paid?: unknown[]) {
  if (paid) {
    const base = answer;
    answer = (c) => (c.channel === 'consumer.get' ? { ok: true, value: { ...SUNITA, returnedCheques: [], paidOnBill: paid } } : base(c));
  }
  render(<CounterScreen />);
  const search = screen.getByRole('combobox');
  fireEvent.change(search, { target: { value: 'sun' } });
  await settle();
  fireEvent.keyDown(search, { key: 'Enter' });
  fireEvent.keyUp(window, { key: 'Enter' }); // the search step is gone by now: the key goes up on the page
  await settle();
}

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('counter screen', () => {
  it('finds the consumer as the cashier types and takes a UPI payment by keyboard, refusing a bad UTR in Hindi', async () => {
    render(<CounterScreen />);
    const search = screen.getByRole('combobox');
    fireEvent.change(search, { target: { value: 'su' } });
    await settle();
    expect(calls.filter((c) => c.channel === 'consumer.search')).toHaveLength(0); // under 3 letters: no search
    fireEvent.change(search, { target: { value: 'sun' } });
    await settle();
    expect(screen.getByRole('option').textContent).toContain('Sunita Sharma');
    fireEvent.keyDown(search, { key: 'Enter' });
    fireEvent.keyUp(window, { key: 'Enter' }); // the search step is gone by now: the key goes up on the page
    await settle();

    expect(screen.getByTestId('consumer-card').textContent).toContain('सुनीता शर्मा');
    const amount = screen.getByLabelText(/राशि/) as HTMLInputElement;
    expect(amount.value).toBe('1234.5');
    fireEvent.keyDown(window, { key: '4', altKey: true });
    await settle();
    fireEvent.change(screen.getByLabelText(/यूटीआर/), { target: { value: '12345' } });
    fireEvent.submit(amount.form!);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/यूपीआई संदर्भ \(UTR\) 12 अंकों/);
    expect(calls.some((c) => c.channel === 'payment.record')).toBe(false);

    fireEvent.change(screen.getByLabelText(/यूटीआर/), { target: { value: '300000000001' } });
    fireEvent.submit(amount.form!);
    await settle();
    expect(screen.getByTestId('confirm-amount').textContent).toContain('₹1,234.50');
    expect(screen.getByLabelText(/शब्दों में/).textContent).toMatch(/एक हज़ार दो सौ चौंतीस रुपये/);
    fireEvent.click(await armedRecordButton());
    await settle();
    expect(screen.getByTestId('receipt-no').textContent).toContain('SS042-C1-2627-000001');
    const record = calls.find((c) => c.channel === 'payment.record')!;
    expect(record.input).toMatchObject({ accountNo: '2100000007', amountPaise: 123_450, mode: 'upi', instrument: { utr: '300000000001' } });
  });

  it('issue 16 #8: the Enter that opened the confirm step, its key-repeat or a second Enter at once never records; a press on the step seen does', async () => {
    await chooseSunita();
    const amount = screen.getByLabelText(/राशि/) as HTMLInputElement;
    // Enter held down on the amount: it submits the form, then repeats onto the confirm button.
    fireEvent.keyDown(amount, { key: 'Enter' });
    fireEvent.submit(amount.form!);
    await settle();
    const button = screen.getByTestId('confirm-record');
    expect(document.activeElement).toBe(button);
    fireEvent.keyDown(button, { key: 'Enter', repeat: true });
    fireEvent.click(button);
    await settle();
    expect(button.dataset.armed).toBe('false');
    // Let go and press again at once: a double Enter, still not what the cashier saw.
    fireEvent.keyUp(button, { key: 'Enter' });
    fireEvent.keyDown(button, { key: 'Enter' });
    fireEvent.click(button);
    fireEvent.keyUp(button, { key: 'Enter' });
    await settle();
    expect(calls.some((c) => c.channel === 'payment.record')).toBe(false);
    expect(useCounter.getState().step).toBe('confirm');
    // A moment on the step, then Enter: recorded once.
    fireEvent.click(await armedRecordButton());
    await settle();
    expect(calls.filter((c) => c.channel === 'payment.record')).toHaveLength(1);
    expect(screen.getByTestId('receipt-no').textContent).toContain('SS042-C1-2627-000001');
  });

  it('issue 16 #8: while Enter is still held from the form, the step does not arm however long it waits', async () => {
    await chooseSunita();
    const amount = screen.getByLabelText(/राशि/) as HTMLInputElement;
    fireEvent.keyDown(amount, { key: 'Enter' });
    fireEvent.submit(amount.form!);
    await settle();
    await act(async () => {
      await new Promise((r) => setTimeout(r, 500));
    });
    const button = screen.getByTestId('confirm-record');
    expect(button.dataset.armed).toBe('false');
    fireEvent.click(button);
    await settle();
    expect(calls.some((c) => c.channel === 'payment.record')).toBe(false);
    fireEvent.keyUp(button, { key: 'Enter' });
    fireEvent.click(await armedRecordButton());
    await settle();
    expect(calls.filter((c) => c.channel === 'payment.record')).toHaveLength(1);
  });

  it('issue 16 #2: a bill paid here shows its receipts and ₹0 owing, offers no amount, refuses Enter, and takes a further payment only after Alt+A', async () => {
    const paid = [{ receiptNo: 'SS042-C1-2627-000001', amountPaise: 1_234_50, mode: 'cash', businessDate: '2026-11-26', recordedAt: '2026-11-26T05:00:00.000Z' }];
    await chooseSunita(paid);
    const amount = screen.getByLabelText(/राशि/) as HTMLInputElement;
    expect(amount.value).toBe(''); // not the bill's ₹1,234.50, one Enter away
    expect(screen.getByTestId('paid-on-bill').textContent).toContain('SS042-C1-2627-000001');
    expect(screen.getByTestId('owing-now').textContent).toBe('₹0.00');
    expect(screen.getByTestId('bill-paid').textContent).toMatch(/पूरा जमा हो चुका है/);
    fireEvent.change(amount, { target: { value: '1,234.50' } });
    fireEvent.submit(amount.form!);
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/पहले ही जमा हो चुका है \(SS042-C1-2627-000001\)/);
    expect(useCounter.getState().step).toBe('form');
    // The deliberate step: Alt+A, then the confirmation says it is a further payment.
    fireEvent.keyDown(window, { key: 'a', altKey: true });
    await settle();
    expect((screen.getByRole('checkbox', { name: /एक और भुगतान लें/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.submit(amount.form!);
    await settle();
    expect(screen.getByTestId('pay-again-confirm').textContent).toMatch(/दूसरा भुगतान/);
    fireEvent.click(await armedRecordButton());
    await settle();
    expect(calls.filter((c) => c.channel === 'payment.record')).toHaveLength(1);
  });

  it('issue 16 #2: a part-paid bill offers what is still owed', async () => {
    const paid = [{ receiptNo: 'SS042-C1-2627-000001', amountPaise: 1_000_00, mode: 'upi', businessDate: '2026-11-26', recordedAt: '2026-11-26T05:00:00.000Z' }];
    await chooseSunita(paid);
    expect((screen.getByLabelText(/राशि/) as HTMLInputElement).value).toBe('234.5');
    expect(screen.getByTestId('owing-now').textContent).toBe('₹234.50');
    expect(screen.queryByTestId('bill-paid')).toBeNull();
  });

  it('issue 16 #6: the confirm step says what a part payment leaves due and what an over-payment carries to the next bill', async () => {
    render(<CounterScreen />);
    act(() => useCounter.getState().choose(SUNITA));
    await settle();
    const amount = screen.getByLabelText(/राशि/) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '1,000' } });
    fireEvent.submit(amount.form!);
    await settle();
    expect(screen.getByTestId('left-on-bill').textContent).toBe('इस भुगतान के बाद शेष बकाया: ₹234.50');
    act(() => useCounter.getState().back());
    await settle();
    fireEvent.change(screen.getByLabelText(/राशि/), { target: { value: '1,500' } });
    fireEvent.submit((screen.getByLabelText(/राशि/) as HTMLInputElement).form!);
    await settle();
    expect(screen.getByTestId('left-on-bill').textContent).toBe('अग्रिम ₹265.50 अगले बिल में समायोजित होगा');
    act(() => useCounter.getState().back());
    await settle();
    fireEvent.change(screen.getByLabelText(/राशि/), { target: { value: '1,234.50' } });
    fireEvent.submit((screen.getByLabelText(/राशि/) as HTMLInputElement).form!);
    await settle();
    expect(screen.getByTestId('confirm-amount')).toBeTruthy();
    expect(screen.queryByTestId('left-on-bill')).toBeNull();
  });

  it('issue 16 #9: a receipt waiting for the printer says why in the status bar\'s words, never the socket error', async () => {
    const base = answer;
    answer = (c) => (c.channel === 'receipt.status'
      ? { ok: true, value: { receiptNo: 'SS042-C1-2627-000001', voided: false, centrallyConfirmed: false, print: { state: 'waiting', attempts: 2, lastError: 'connect ECONNREFUSED 127.0.0.1:41287', fault: PRINTER_STATE_TEXT['paper-out'] } } }
      : base(c));
    render(<CounterScreen />);
    act(() => useCounter.getState().choose(SUNITA));
    await settle();
    fireEvent.submit((screen.getByLabelText(/राशि/) as HTMLInputElement).form!);
    await settle();
    fireEvent.click(await armedRecordButton());
    await settle();
    await settle();
    const state = screen.getByTestId('print-state');
    expect(state.textContent).toBe('छपाई कतार में — प्रिंटर में कागज़ खत्म — नया रोल लगाएँ');
    expect(state.textContent).not.toMatch(/ECONNREFUSED|paper-out/);
  });

  it('retries a refused or lost recording with the same idempotency key, and a new payment gets a new one', async () => {
    let first = true;
    answer = (c) => {
      if (c.channel === 'payment.record' && first) {
        first = false;
        return { ok: false, error: appError('INTERNAL', { detail: 'the connection to the terminal service closed' }) };
      }
      if (c.channel === 'payment.record') return { ok: true, value: { receiptNo: 'SS042-C1-2627-000002', seq: 4, code: 'CF1|y', consumerKnown: true, shiftOpened: true, replayed: true } };
      return { ok: true, value: { receiptNo: 'x', pngBase64: '' } };
    };
    const s = useCounter.getState();
    s.choose(SUNITA);
    await settle(); // the payments already on the bill are known
    expect(useCounter.getState().review('2026-11-26')).toBe(true);
    await useCounter.getState().record('a'.repeat(32), '2026-11-26');
    expect(useCounter.getState()).toMatchObject({ step: 'confirm', error: { code: 'INTERNAL' } });
    await useCounter.getState().record('a'.repeat(32), '2026-11-26');
    expect(useCounter.getState()).toMatchObject({ step: 'done', recorded: { receiptNo: 'SS042-C1-2627-000002', shiftOpened: true } });
    const keys = calls.filter((c) => c.channel === 'payment.record').map((c) => c.input.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    useCounter.getState().next();
    useCounter.getState().choose(SUNITA);
    expect(useCounter.getState().idempotencyKey).not.toBe(keys[0]);
  });

  it('a slow search answer never overwrites a later one', async () => {
    const resolvers: ((r: Result<unknown>) => void)[] = [];
    answer = (c) => new Promise((resolve) => resolvers.push((r) => resolve(c.channel === 'consumer.search' ? r : r)));
    const slow = useCounter.getState().search('sunita');
    const fast = useCounter.getState().search('sunil');
    resolvers[1]!({ ok: true, value: [] });
    await fast;
    resolvers[0]!({ ok: true, value: [SUNITA] });
    await slow;
    expect(useCounter.getState()).toMatchObject({ query: 'sunil', results: [] });
  });
});

describe('issue 16 #4: the cheque date, typed day first', () => {
  /** Sunita's cheque form on 7 December 2026, the cheque's number and bank filled. */
  async function chequeForm() {
    useTerminal.setState({ info: { ...useTerminal.getState().info!, businessDate: '2026-12-07' } });
    await chooseSunita();
    fireEvent.keyDown(window, { key: '2', altKey: true });
    await settle();
    fireEvent.change(screen.getByLabelText(/चेक \/ डीडी संख्या/), { target: { value: '123456' } });
    fireEvent.change(screen.getByLabelText('बैंक'), { target: { value: 'SBI' } });
    return screen.getByLabelText('चेक / डीडी की तिथि') as HTMLInputElement;
  }

  it('05-12-2026 is the cheque of 5 December, taken; not 12 May refused as too old', async () => {
    const date = await chequeForm();
    fireEvent.change(date, { target: { value: '05-12-2026' } });
    expect(useCounter.getState().form.date).toBe('2026-12-05');
    fireEvent.submit(date.form!);
    await settle();
    expect(screen.getByTestId('confirm-amount').textContent).toContain('चेक');
    fireEvent.click(await armedRecordButton());
    await settle();
    const record = calls.find((c) => c.channel === 'payment.record')!;
    expect(record.input).toMatchObject({ mode: 'cheque', instrument: { number: '123456', bank: 'SBI', date: '2026-12-05' } });
  });

  it('takes 5/12/2026 and 05122026 alike and shows them as 05-12-2026 once left', async () => {
    const date = await chequeForm();
    for (const typed of ['5/12/2026', '05122026', '5.12.2026']) {
      fireEvent.change(date, { target: { value: typed } });
      fireEvent.blur(date);
      expect([typed, date.value, useCounter.getState().form.date]).toEqual([typed, '05-12-2026', '2026-12-05']);
    }
  });

  it('a future date or no date at all is refused beside the field in Hindi, by the app, and the form stays', async () => {
    const date = await chequeForm();
    expect(date.type).toBe('text');
    expect(date.hasAttribute('max') || date.hasAttribute('required')).toBe(false); // no browser bubble
    fireEvent.change(date, { target: { value: '08-12-2026' } });
    fireEvent.blur(date);
    const said = () => document.getElementById(date.getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(said().textContent).toBe('चेक / डीडी की तिथि: 07-12-2026 के बाद की तिथि नहीं ली जा सकती');
    expect(said().getAttribute('role')).toBe('alert');
    fireEvent.submit(date.form!);
    await settle();
    expect(useCounter.getState().step).toBe('form');

    fireEvent.change(date, { target: { value: '31-02-2026' } });
    expect(said().textContent).toBe('चेक / डीडी की तिथि: “31-02-2026” कोई तिथि नहीं है — दिन-माह-वर्ष लिखें, जैसे 07-12-2026');
    act(() => useLang.getState().toggle());
    expect(said().textContent).toBe('Cheque / DD date: “31-02-2026” is not a date — write day-month-year, like 07-12-2026');
    act(() => useLang.getState().toggle());
    // The amount field's Enter submits too: still refused, and the focus goes to the date.
    screen.getByLabelText(/राशि/).focus();
    fireEvent.submit(date.form!);
    await settle();
    expect(useCounter.getState().step).toBe('form');
    expect(document.activeElement).toBe(date);
    fireEvent.change(date, { target: { value: '07-12-2026' } });
    expect(date.getAttribute('aria-invalid')).toBe('false');
  });

  it('the arrow keys never change the date (the browser is told not to act on them), and the field is one Tab stop', async () => {
    const date = await chequeForm();
    fireEvent.change(date, { target: { value: '05-12-2026' } });
    for (const key of ['ArrowUp', 'ArrowDown']) expect(fireEvent.keyDown(date, { key })).toBe(false);
    expect([date.value, useCounter.getState().form.date]).toEqual(['05-12-2026', '2026-12-05']);
    const tabStops = [...date.closest('.date-field')!.querySelectorAll<HTMLElement>('input, button, select, textarea, [tabindex]')].filter((el) => el.tabIndex >= 0);
    expect(tabStops).toEqual([date]);
  });

  it('Alt+↓ opens a calendar worked by keys; Esc closes it and not the form; Enter picks a day', async () => {
    const date = await chequeForm();
    fireEvent.change(date, { target: { value: '05-12-2026' } });
    fireEvent.keyDown(date, { key: 'ArrowDown', altKey: true });
    const calendar = screen.getByRole('dialog', { name: 'कैलेंडर' });
    const grid = within(calendar).getByRole('grid');
    expect(document.activeElement).toBe(grid);
    expect(grid.getAttribute('aria-label')).toBe('दिसंबर 2026');
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useCounter.getState().step).toBe('form'); // the screen's own Esc (back to search) did not run
    expect(document.activeElement).toBe(date);

    fireEvent.keyDown(date, { key: 'ArrowDown', altKey: true });
    const again = screen.getByRole('grid');
    fireEvent.keyDown(again, { key: 'ArrowLeft' }); // 4 December
    fireEvent.keyDown(again, { key: 'ArrowDown' }); // a week on: 11 December, after today
    fireEvent.keyDown(again, { key: 'Enter' });
    expect(screen.getByRole('dialog')).toBeTruthy(); // a day after today is not picked
    expect(useCounter.getState().form.date).toBe('2026-12-05');
    fireEvent.keyDown(again, { key: 'PageUp' }); // 11 November
    fireEvent.keyDown(again, { key: 'Enter' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect([date.value, useCounter.getState().form.date]).toEqual(['11-11-2026', '2026-11-11']);
    expect(document.activeElement).toBe(date);

    // By mouse: the button opens it, a day is clicked.
    fireEvent.click(screen.getByRole('button', { name: 'कैलेंडर (Alt+↓)' }));
    expect(screen.getByRole('grid').getAttribute('aria-label')).toBe('नवंबर 2026');
    fireEvent.click(screen.getByRole('gridcell', { name: '3 नवंबर 2026' }));
    expect([date.value, useCounter.getState().form.date]).toEqual(['03-11-2026', '2026-11-03']);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('dates on the consumer card and the paid-on-bill list read dd-mm-yyyy', async () => {
    await chooseSunita([{ receiptNo: 'SS042-C1-2627-000001', amountPaise: 1_000_00, mode: 'upi', businessDate: '2026-11-26', recordedAt: '2026-11-26T05:00:00.000Z' }]);
    expect(screen.getByTestId('consumer-card').textContent).toContain('30-11-2026');
    expect(screen.getByTestId('paid-on-bill').textContent).toContain('26-11-2026');
    expect(screen.getByTestId('consumer-card').textContent).not.toContain('2026-11-30');
  });
});
