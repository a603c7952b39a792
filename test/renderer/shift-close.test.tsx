// @vitest-environment jsdom
// The F4 close-shift screen against a fake terminal: it reads the shift's figures afresh each time
// it opens, so the cash taken after log-in (and a void) shows in the expected cash, and it shows no
// expected cash or variance until those figures are in.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Output, Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { setTransport } from '../../renderer/api/client.js';
import { App } from '../../renderer/app/App.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useShift } from '../../renderer/features/shift/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { SYNC_NOT_ENROLLED, TERMINAL_INFO } from './fake-terminal.js';

const SESSION = 'd'.repeat(32);
type Shift = NonNullable<Output<'shift.current'>>;

/** The shift as the core holds it now; a test changes it as payments and voids would. */
let shift: Shift;
let calls: string[];
/** A test's own answer to shift.current (e.g. one that waits), else the shift above. */
let shiftCurrent: (() => Promise<Result<unknown>>) | null;
/** What shift.close was sent. */
let closeInputs: unknown[];

beforeEach(() => {
  calls = [];
  closeInputs = [];
  shiftCurrent = null;
  shift = { shiftId: 7, user: 'asha', openedAt: '2026-11-26T04:00:00.000Z', businessDate: '2026-11-26', openingFloatPaise: 0, cashTakenPaise: 0, payments: 0 };
  setTransport(async (channel, input): Promise<Result<unknown>> => {
    calls.push(channel);
    switch (channel) {
      case 'shift.close':
        closeInputs.push(input);
        return { ok: true, value: { shiftId: 7, seq: 9, expectedPaise: 1_500_00, countedPaise: 1_000_00, variancePaise: -500_00 } };
      case 'terminal.info':
        return { ok: true, value: TERMINAL_INFO };
      case 'settings.limits.get':
        return { ok: true, value: DEFAULT_LIMITS };
      case 'shift.current':
        return shiftCurrent ? shiftCurrent() : { ok: true, value: structuredClone(shift) };
      case 'sync.status':
        return { ok: true, value: SYNC_NOT_ENROLLED };
      case 'printer.status':
        return { ok: true, value: { configured: true, state: 'ready', text: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' }, pending: 0 } };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useShift.getState().reset();
  useLang.setState({ lang: 'en' });
});
afterEach(cleanup);

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function loggedIn() {
  useSession.setState({ session: SESSION, user: 'asha', role: 'cashier' });
  render(<App />);
  await settle();
  await settle();
  expect(screen.getByRole('combobox')).toBeTruthy(); // the counter: the shift is open
}

async function press(key: string) {
  fireEvent.keyDown(window, { key });
  await settle();
  await settle();
}

const text = (id: string) => screen.getByTestId(id).textContent;
const countDoneButton = () => screen.getByRole('button', { name: /Count done/ }) as HTMLButtonElement;

/** Enter on the count: to the review, once the figures are in. */
async function countDone() {
  fireEvent.submit(countDoneButton().closest('form')!);
  await settle();
}

/** Enter on the review's close button, once it takes a press. */
async function closeNow() {
  const button = screen.getByTestId('close-shift');
  await waitFor(() => expect(button.dataset.armed).toBe('true'));
  fireEvent.click(button);
  await settle();
}

describe('close shift (F4)', () => {
  it('issue 16 #5: counts blind first, then shows the cash taken since log-in as expected, not the figures read at log-in', async () => {
    await loggedIn();
    // A ₹1,500 cash payment at the counter after log-in.
    shift = { ...shift, cashTakenPaise: 1_500_00, payments: 1 };
    await press('F4');
    expect(screen.queryByTestId('expected')).toBeNull();
    expect(screen.queryByTestId('variance')).toBeNull();
    expect(text('count-hint')).toBe('Count the drawer first; the expected cash is shown after the count.');
    fireEvent.change(screen.getByLabelText('₹500'), { target: { value: '3' } });
    expect(text('counted')).toBe('₹1,500.00');
    await countDone();
    expect(text('expected')).toBe('₹1,500.00 (Float ₹0.00 + cash taken ₹1,500.00 (cash receipts: 1))');
    expect(text('variance')).toBe('₹0.00');
    expect(screen.getByTestId('variance').className).toContain('good-text');
    expect(screen.queryByTestId('variance-approval')).toBeNull();
    // Esc counts again; the expected goes away with the review.
    fireEvent.keyDown(screen.getByTestId('close-shift'), { key: 'Escape' });
    await settle();
    expect(screen.queryByTestId('expected')).toBeNull();
  });

  it('reads the figures again each time it opens: a later payment and a void show', async () => {
    shift = { ...shift, openingFloatPaise: 2_000_00 };
    await loggedIn();
    shift = { ...shift, cashTakenPaise: 1_500_00, payments: 1 };
    await press('F4');
    await countDone();
    expect(text('expected')).toMatch(/^₹3,500\.00 /);
    await press('F1');
    shift = { ...shift, cashTakenPaise: 2_250_00, payments: 2 };
    await press('F4');
    await countDone();
    expect(text('expected')).toBe('₹4,250.00 (Float ₹2,000.00 + cash taken ₹2,250.00 (cash receipts: 2))');
    await press('F3');
    shift = { ...shift, cashTakenPaise: 750_00, payments: 1 }; // the ₹1,500 receipt voided
    await press('F4');
    await countDone();
    expect(text('expected')).toBe('₹2,750.00 (Float ₹2,000.00 + cash taken ₹750.00 (cash receipts: 1))');
    expect(calls.filter((c) => c === 'shift.current').length).toBeGreaterThanOrEqual(4); // log-in and each F4
  });

  it('an Enter on the count before the fresh figures are in opens the review once they are, with those figures', async () => {
    await loggedIn();
    let release: () => void = () => undefined;
    shiftCurrent = () => new Promise((done) => (release = () => done({ ok: true, value: { ...shift, cashTakenPaise: 1_500_00, payments: 1 } })));
    await press('F4');
    await countDone();
    expect(screen.queryByTestId('expected')).toBeNull();
    await act(async () => release());
    await settle();
    expect(text('expected')).toMatch(/^₹1,500\.00 /);
    expect(text('variance')).toBe('-₹1,500.00');
  });

  it('says why when the figures cannot be read, rather than show old ones', async () => {
    await loggedIn();
    // (SESSION_INVALID would end the session and go back to log-in: test/renderer/session-ended.test.tsx.)
    shiftCurrent = async () => ({ ok: false, error: appError('STORAGE_BUSY') });
    await press('F4');
    expect(screen.queryByTestId('expected')).toBeNull();
    expect(screen.getByRole('alert').textContent).not.toBe('');
    expect(countDoneButton().disabled).toBe(true);
    await countDone();
    expect(screen.queryByTestId('expected')).toBeNull();
  });

  it('issue 16 #5: a letter in a note count is marked, never ₹NaN, and stops the count', async () => {
    await loggedIn();
    await press('F4');
    fireEvent.change(screen.getByLabelText('₹500'), { target: { value: '3a' } });
    expect(text('note-500-amount')).toBe('—');
    expect(text('counted')).toBe('—');
    expect(screen.getByLabelText('₹500').getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toMatch(/NaN/);
    await countDone();
    expect(screen.getByRole('alert').textContent).toBe('write note counts as whole numbers and coins as an amount');
    expect(screen.queryByTestId('expected')).toBeNull();
  });

  it('issue 16 #5: a variance beyond the tolerance asks for a remark and a supervisor before it closes, and sends both', async () => {
    shift = { ...shift, cashTakenPaise: 1_500_00, payments: 1 };
    await loggedIn();
    await press('F4');
    fireEvent.change(screen.getByLabelText('₹500'), { target: { value: '2' } }); // ₹500 short
    await countDone();
    expect(text('variance')).toBe('-₹500.00');
    expect(screen.getByTestId('variance-approval').textContent).toMatch(/beyond the ₹100.00 allowed/);
    await closeNow();
    expect(calls).not.toContain('shift.close');
    expect(screen.getByRole('alert').textContent).toMatch(/write why, and a supervisor approves/);
    fireEvent.change(document.querySelector('[name="variance-remark"]')!, { target: { value: 'a note fell behind the drawer' } });
    fireEvent.change(document.querySelector('[name="variance-supervisor"]')!, { target: { value: 'meena' } });
    fireEvent.change(document.querySelector('[name="variance-supervisor-pin"]')!, { target: { value: '909090' } });
    await closeNow();
    expect(closeInputs).toEqual([{
      session: SESSION, count: { notes: { '500': 2, '200': 0, '100': 0, '50': 0, '20': 0, '10': 0 }, coinsPaise: 0 },
      remark: 'a note fell behind the drawer', approval: { user: 'meena', pin: '909090' },
    }]);
  });
});

