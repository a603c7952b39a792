// @vitest-environment jsdom
// Issue 15 Low (a) in the renderer: every call to a channel with a role carries the session (the
// core refuses it otherwise), and when the core says the session has ended (idle there, or the
// shift closed) the screen goes back to log-in and says so.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, isChannel, type Consumer, type Output, type Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_ACCOUNT_FORMAT } from '../../shared/account-format.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { setTransport } from '../../renderer/api/client.js';
import { App } from '../../renderer/app/App.js';
import { useCounter } from '../../renderer/features/counter/store.js';
import { useReceipts } from '../../renderer/features/receipts/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useShift } from '../../renderer/features/shift/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { requireSessions, SYNC_NOT_ENROLLED, TERMINAL_INFO } from './fake-terminal.js';

const SESSION = 'e'.repeat(32);
const SUNITA: Consumer = {
  accountNo: '2100000007', meterNo: 'KE1234', name: 'Sunita Sharma', nameHi: 'सुनीता शर्मा', mobileLast4: '4321',
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: 'B1', dueDate: '2026-11-30', amountDuePaise: 1_234_50,
};
const SHIFT: NonNullable<Output<'shift.current'>> = {
  shiftId: 7, user: 'asha', openedAt: '2026-11-26T04:00:00.000Z', businessDate: '2026-11-26', openingFloatPaise: 0, cashTakenPaise: 0, payments: 0,
};

let calls: { channel: string; input: Record<string, unknown> }[];
/** Whether the core still holds the session: once false, every call with a role is SESSION_INVALID. */
let live: boolean;

beforeEach(() => {
  calls = [];
  live = true;
  setTransport(async (channel, raw): Promise<Result<unknown>> => {
    const input = (raw ?? {}) as Record<string, unknown>;
    calls.push({ channel, input });
    const refused = requireSessions({ channel, input });
    if (refused) return refused;
    if (isChannel(channel) && contract[channel].role !== 'none' && !live) return { ok: false, error: appError('SESSION_INVALID') };
    switch (channel) {
      case 'terminal.info':
        return { ok: true, value: TERMINAL_INFO };
      case 'settings.limits.get':
        return { ok: true, value: DEFAULT_LIMITS };
      case 'settings.accountFormat.get':
        return { ok: true, value: DEFAULT_ACCOUNT_FORMAT };
      case 'settings.upi.get':
        return { ok: true, value: null };
      case 'shift.current':
        return { ok: true, value: SHIFT };
      case 'consumer.search':
        return { ok: true, value: [SUNITA] };
      case 'consumer.get':
        return { ok: true, value: { ...SUNITA, returnedCheques: [] } };
      case 'receipt.find':
        return { ok: true, value: [] };
      case 'sync.status':
        return { ok: true, value: SYNC_NOT_ENROLLED };
      case 'printer.status':
        return { ok: true, value: { configured: true, state: 'ready', text: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' }, pending: 0 } };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useShift.getState().reset();
  useCounter.getState().next();
  useReceipts.setState({ query: '', date: '', rows: [], searched: false });
  useLang.setState({ lang: 'en' });
  useSession.setState({ session: SESSION, user: 'asha', role: 'cashier', error: null, lockedForIdle: false });
});
afterEach(cleanup);

async function settle() {
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

describe('issue 15 low (a): the renderer and sessions', () => {
  it('(a) every call the counter and receipts screens make to a channel with a role carries the session', async () => {
    render(<App />);
    await settle();
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'sun' } });
    await settle();
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Enter' });
    await settle();
    fireEvent.keyDown(window, { key: 'F3' });
    await settle();
    fireEvent.change(document.querySelector('input[name="receipt-query"]')!, { target: { value: '2100000007' } });
    fireEvent.submit(screen.getByRole('search'));
    await settle();

    const guarded = calls.filter((c) => isChannel(c.channel) && contract[c.channel].role !== 'none');
    expect(new Set(guarded.map((c) => c.channel))).toEqual(
      new Set(['shift.current', 'settings.limits.get', 'settings.accountFormat.get', 'settings.upi.get', 'consumer.search', 'consumer.get', 'receipt.find']),
    );
    for (const c of guarded) expect(c.input.session, c.channel).toBe(SESSION);
    // What the log-in screen and status bar read needs none.
    expect(calls.filter((c) => c.channel === 'terminal.info' || c.channel === 'sync.status').every((c) => c.input.session === undefined)).toBe(true);
  });

  it('(a) when the core says the session has ended, the screen goes back to log-in and says why', async () => {
    render(<App />);
    await settle();
    expect(screen.getByRole('combobox')).toBeTruthy();
    live = false; // the core's idle limit passed, or the shift was closed elsewhere
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'sun' } });
    await settle();
    expect(useSession.getState().session).toBeNull();
    expect(document.querySelector('#login-title')).not.toBeNull();
    expect((document.querySelector('input[name="user"]') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('alert').textContent).toBe('Your session has ended. Log in again.');
  });
});
