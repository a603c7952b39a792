// @vitest-environment jsdom
// Issue 16 #3 at the counter: a name, a locality or a mobile number is never one Enter away from
// being posted as an account number. A whole mobile number is searched as a mobile; an account not
// in the list is offered only in the utility's format, then typed again with a reason before the
// form opens, and the reason goes with the payment; Esc leaves a clean search box.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_FORMAT } from '../../shared/account-format.js';
import type { Consumer, Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { setTransport } from '../../renderer/api/client.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { CounterScreen } from '../../renderer/features/counter/CounterScreen.js';
import { useCounter } from '../../renderer/features/counter/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { armedRecordButton } from './armed-confirm.js';

const SUNITA: Consumer = {
  accountNo: '2100000007', meterNo: 'KE1234', name: 'Sunita Sharma', nameHi: 'सुनीता शर्मा', mobileLast4: '3210',
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: 'B1', dueDate: '2026-11-30', amountDuePaise: 1_234_50,
};

type Call = { channel: string; input: Record<string, unknown> };
let calls: Call[];

beforeEach(() => {
  calls = [];
  setTransport(async (channel, input) => {
    const c = { channel, input: input as Record<string, unknown> };
    calls.push(c);
    const answer = (): Result<unknown> => {
      switch (c.channel) {
        case 'consumer.search':
          // What the core answers: a whole mobile ending 3210 finds Sunita by her kept last 4 digits.
          return { ok: true, value: /3210$/.test(String(c.input.query).replace(/\D/g, '')) ? [SUNITA] : [] };
        case 'payment.record':
          return { ok: true, value: { receiptNo: 'SS042-C1-2627-000001', seq: 3, code: 'CF1|x', consumerKnown: false, shiftOpened: false, replayed: false } };
        case 'receipt.preview':
          return { ok: true, value: { receiptNo: 'SS042-C1-2627-000001', pngBase64: 'iVBORw0KGgo=' } };
        case 'receipt.status':
          return { ok: true, value: { receiptNo: 'SS042-C1-2627-000001', print: { state: 'printed', attempts: 1, lastError: null, fault: null } } };
        default:
          return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${c.channel}` }) };
      }
    };
    return answer();
  });
  useLang.setState({ lang: 'en' });
  useSession.setState({ session: 'a'.repeat(32), user: 'asha', role: 'cashier' });
  useTerminal.setState({
    info: { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: '2026-11-26', financialYear: '2627', headSeq: 2 },
    accountFormat: DEFAULT_ACCOUNT_FORMAT,
  });
  useCounter.getState().next();
});
afterEach(cleanup);

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function type(query: string): Promise<HTMLInputElement> {
  const search = screen.getByRole('combobox') as HTMLInputElement;
  fireEvent.change(search, { target: { value: query } });
  await settle();
  return search;
}

async function enter(el: Element) {
  fireEvent.keyDown(el, { key: 'Enter' });
  fireEvent.keyUp(window, { key: 'Enter' });
  await settle();
}

describe('issue 16 #3: nothing but an account number is posted as one', () => {
  it('a locality or a misspelt name finds nothing and offers nothing: Enter stays on the search', async () => {
    render(<CounterScreen />);
    for (const q of ['KALYANPUR', 'Sunitaa Sharmaa']) {
      const search = await type(q);
      expect(screen.getByRole('status').textContent).toContain('No consumer found');
      expect(screen.queryByTestId('pay-unknown')).toBeNull();
      await enter(search);
      expect(useCounter.getState().step).toBe('search');
    }
  });

  it('a whole mobile number is searched as a mobile: the consumers by name to choose from, never an account offer', async () => {
    render(<CounterScreen />);
    let search = await type('98765 43210');
    expect(calls.filter((c) => c.channel === 'consumer.search').at(-1)!.input.query).toBe('98765 43210');
    expect(screen.getByTestId('mobile-search').textContent).toContain('Mobile ending 3210');
    expect(screen.getByRole('option').textContent).toContain('Sunita Sharma');
    expect(screen.queryByTestId('pay-unknown')).toBeNull();

    search = await type('9876501234'); // nobody's mobile ends 1234: still no account offer
    expect(screen.getByTestId('mobile-search').textContent).toContain('No consumer here has a mobile ending 1234');
    expect(screen.queryByTestId('pay-unknown')).toBeNull();
    await enter(search);
    expect(useCounter.getState().step).toBe('search');
  });

  it('digits outside the format say what an account number is here (Hindi too) and offer nothing', async () => {
    render(<CounterScreen />);
    const search = await type('123456');
    expect(screen.getByTestId('not-an-account').textContent).toContain('an account number here is 10 digits');
    await enter(search);
    expect(useCounter.getState().step).toBe('search');
    act(() => useLang.setState({ lang: 'hi' }));
    expect(screen.getByTestId('not-an-account').textContent).toContain('10 अंक');
  });

  it('with a check digit set, a mistyped number is caught on the search', async () => {
    useTerminal.setState({ accountFormat: { ...DEFAULT_ACCOUNT_FORMAT, check: 'luhn' } });
    render(<CounterScreen />);
    await type('2100001253'); // 2100001235 with its last two digits swapped
    expect(screen.getByTestId('not-an-account').textContent).toContain('fails the account number check');
    await type('2100001235');
    expect(screen.getByTestId('pay-unknown')).toBeTruthy();
  });

  it('an account in the format is typed again with a reason before the form; the reason goes with the payment', async () => {
    render(<CounterScreen />);
    const search = await type('2100 009 999');
    expect(screen.getByTestId('pay-unknown')).toBeTruthy();
    await enter(search);
    expect(useCounter.getState().step).toBe('hand');
    expect(screen.getByTestId('hand-first').textContent).toBe('2100009999');

    const again = screen.getByLabelText(/Type the account number again/) as HTMLInputElement;
    const reason = screen.getByLabelText(/Why it is not in the list/) as HTMLInputElement;
    expect(document.activeElement).toBe(again);
    fireEvent.change(again, { target: { value: '2100009990' } });
    fireEvent.submit(again.form!);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The two account numbers typed differ');
    expect(useCounter.getState().step).toBe('hand');

    fireEvent.change(again, { target: { value: '2100009999' } });
    fireEvent.submit(again.form!);
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Say why the consumer is not in the list');

    fireEvent.change(reason, { target: { value: 'New connection, not in the list yet' } });
    fireEvent.submit(again.form!);
    await settle();
    expect(useCounter.getState().step).toBe('form');
    expect(screen.getByTestId('hand-typed-reason').textContent).toContain('New connection, not in the list yet');

    const amount = screen.getByLabelText(/Amount/) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '500' } });
    fireEvent.submit(amount.form!);
    await settle();
    fireEvent.click(await armedRecordButton());
    await settle();
    const record = calls.find((c) => c.channel === 'payment.record')!;
    expect(record.input).toMatchObject({ accountNo: '2100009999', amountPaise: 500_00, handTyped: { reason: 'New connection, not in the list yet' } });
  });

  it('Esc on the search clears the box; back from the form the query is selected, so typing replaces it', async () => {
    render(<CounterScreen />);
    let search = await type('98765 43210');
    fireEvent.keyDown(window, { key: 'Escape' });
    await settle();
    expect((screen.getByRole('combobox') as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('option')).toBeNull();

    search = await type('98765 43210');
    await enter(search);
    expect(useCounter.getState().step).toBe('form');
    fireEvent.keyDown(window, { key: 'Escape' });
    await settle();
    search = screen.getByRole('combobox') as HTMLInputElement;
    expect(search.value).toBe('98765 43210');
    expect(document.activeElement).toBe(search);
    expect([search.selectionStart, search.selectionEnd]).toEqual([0, search.value.length]);
  });
});
