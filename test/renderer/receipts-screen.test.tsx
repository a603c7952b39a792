// @vitest-environment jsdom
// Issue 16 #11, the receipts screen (F3) against a fake terminal: it opens on the business day's
// receipts; a notice from before goes when the search changes or the screen opens again; the void
// dialog says its refusal inside itself, over the list, with every field in it.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { setTransport } from '../../renderer/api/client.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { ReceiptsScreen } from '../../renderer/features/receipts/ReceiptsScreen.js';
import { useReceipts } from '../../renderer/features/receipts/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { TERMINAL_INFO } from './fake-terminal.js';

const TODAY = TERMINAL_INFO.businessDate;
const ROW = {
  receiptNo: 'SS042-C1-2627-000007', accountNo: '2100000007', consumerName: 'Sunita Sharma', consumerNameHi: 'सुनीता शर्मा', amountPaise: 1_234_50,
  mode: 'cash', recordedAt: `${TODAY}T05:00:00.000Z`, businessDate: TODAY, cashier: 'asha', voided: false, reprints: 0,
} as const;

let calls: { channel: string; input: Record<string, unknown> }[];

beforeEach(() => {
  calls = [];
  setTransport(async (channel, input): Promise<Result<unknown>> => {
    calls.push({ channel, input: input as Record<string, unknown> });
    switch (channel) {
      case 'receipt.find':
        return { ok: true, value: [ROW] };
      case 'receipt.reprint':
        return { ok: true, value: { receiptNo: ROW.receiptNo, seq: 9, reprint: 1 } };
      case 'payment.void':
        return { ok: false, error: appError('BAD_CREDENTIALS', { remaining: 4 }) };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useSession.setState({ session: 'r'.repeat(32), user: 'asha', role: 'cashier' });
  useTerminal.setState({ info: TERMINAL_INFO });
  useReceipts.setState({ query: 'old', date: '', rows: [], searched: false, selected: null, error: null, voidError: null, done: { kind: 'voided', receiptNo: 'SS042-C1-2627-000001' } });
  useLang.setState({ lang: 'hi' });
});
afterEach(cleanup);

async function settle() {
  for (let i = 0; i < 2; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

describe('issue 16 #11: receipts (F3)', () => {
  it('opens on the business day’s receipts, with no notice left from before', async () => {
    render(<ReceiptsScreen />);
    await settle();
    expect(calls.filter((c) => c.channel === 'receipt.find').map((c) => c.input)).toEqual([{ session: 'r'.repeat(32), date: TODAY, limit: 50 }]);
    expect(screen.getByRole('cell', { name: ROW.receiptNo })).toBeTruthy();
    expect((document.querySelector('input[name="receipt-date"]') as HTMLInputElement).value).toBe('26-11-2026');
    expect((document.querySelector('input[name="receipt-query"]') as HTMLInputElement).value).toBe('');
    expect(screen.queryByText(/SS042-C1-2627-000001/)).toBeNull();
  });

  it('issue 16 #4: the date filter is typed dd-mm-yyyy; the list’s arrow keys move the selection, never its date', async () => {
    const second = { ...ROW, receiptNo: 'SS042-C1-2627-000008' };
    setTransport(async (channel, input): Promise<Result<unknown>> => {
      calls.push({ channel, input: input as Record<string, unknown> });
      return channel === 'receipt.find' ? { ok: true, value: [ROW, second] } : { ok: false, error: appError('INTERNAL', { detail: channel }) };
    });
    render(<ReceiptsScreen />);
    await settle();
    expect(screen.getAllByRole('cell', { name: '26-11-2026 10:30' })).toHaveLength(2);
    const date = screen.getByLabelText('तिथि') as HTMLInputElement;
    date.focus();
    expect(fireEvent.keyDown(date, { key: 'ArrowDown' })).toBe(false); // the browser does nothing with it
    expect(useReceipts.getState().selected).toBe(second.receiptNo);
    expect(fireEvent.keyDown(date, { key: 'ArrowUp' })).toBe(false);
    expect(useReceipts.getState().selected).toBe(ROW.receiptNo);
    expect([date.value, useReceipts.getState().date]).toEqual(['26-11-2026', TODAY]);

    fireEvent.change(date, { target: { value: '05-11-2026' } });
    fireEvent.submit(date.form!);
    await settle();
    expect(calls.filter((c) => c.channel === 'receipt.find').at(-1)!.input).toEqual({ session: 'r'.repeat(32), date: '2026-11-05', limit: 50 });
  });

  it('a duplicate’s notice goes when the search changes', async () => {
    render(<ReceiptsScreen />);
    await settle();
    fireEvent.keyDown(window, { key: 'r', altKey: true });
    await settle();
    expect(screen.getByRole('status').textContent).toMatch(/प्रतिलिपि 1/);
    fireEvent.change(document.querySelector('input[name="receipt-query"]')!, { target: { value: '2100' } });
    expect(screen.queryByText(/प्रतिलिपि 1/)).toBeNull();
  });

  it('the void dialog says a refusal inside itself, over the list, and keeps its reason field', async () => {
    render(<ReceiptsScreen />);
    await settle();
    fireEvent.keyDown(window, { key: 'v', altKey: true });
    await settle();
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.parentElement!.className).toBe('modal-backdrop');
    fireEvent.change(within(dialog).getByLabelText(/पर्यवेक्षक$/), { target: { value: 'meena' } });
    fireEvent.change(within(dialog).getByLabelText(/पिन/), { target: { value: '123456' } });
    fireEvent.change(within(dialog).getByLabelText(/कारण/), { target: { value: 'wrong account' } });
    fireEvent.submit(dialog);
    await settle();
    expect(within(dialog).getByRole('alert').textContent).toMatch(/गलत उपयोगकर्ता या पिन/);
    expect(screen.getAllByRole('alert')).toHaveLength(1); // said once, in the dialog
    expect((within(dialog).getByLabelText(/कारण/) as HTMLInputElement).value).toBe('wrong account');
  });
});
