// @vitest-environment jsdom
// Issue 19: an account whose payment the centre holds but the billing system's latest master has
// not taken off the due says so on the consumer card — the amount, the bill and the receipts — in
// Hindi and in English; a consumer without it shows no such note, and the note of one consumer does
// not stay on the next one's card.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Consumer, Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { setTransport } from '../../renderer/api/client.js';
import { CounterScreen } from '../../renderer/features/counter/CounterScreen.js';
import { useCounter } from '../../renderer/features/counter/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { useLang } from '../../renderer/i18n/lang.js';

const SUNITA: Consumer = {
  accountNo: '2100000007', meterNo: 'KE1234', name: 'Sunita Sharma', nameHi: 'सुनीता शर्मा', mobileLast4: '4321',
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: 'B2611-7', dueDate: '2026-11-30', amountDuePaise: 800_00,
};
const RAMESH: Consumer = { ...SUNITA, accountNo: '2100000014', name: 'Ramesh Verma', nameHi: 'रमेश वर्मा', billNo: 'B2611-14' };
const PNA = {
  billNo: 'B2611-7', amountPaise: 500_00,
  receipts: [{ receiptNo: 'SS042-C1-2627-000002', businessDate: '2026-12-07', amountPaise: 300_00 }, { receiptNo: 'SS042-C2-2627-000001', businessDate: '2026-12-07', amountPaise: 200_00 }],
};

beforeEach(() => {
  setTransport(async (channel, input): Promise<Result<unknown>> => {
    const i = input as Record<string, unknown>;
    if (channel === 'consumer.search') return { ok: true, value: String(i.query).startsWith('sun') ? [SUNITA] : String(i.query).startsWith('ram') ? [RAMESH] : [] };
    if (channel === 'consumer.get') {
      const c = i.accountNo === SUNITA.accountNo ? SUNITA : RAMESH;
      return { ok: true, value: { ...c, returnedCheques: [], paidOnBill: [], postedNotApplied: c === SUNITA ? PNA : null } };
    }
    return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
  });
  useSession.setState({ session: 'a'.repeat(32), user: 'asha', role: 'cashier' });
  useTerminal.setState({ info: { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: '2026-12-08', financialYear: '2627', headSeq: 2 } });
  useCounter.getState().next();
});
afterEach(() => {
  cleanup();
  useLang.setState({ lang: 'hi' });
});

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function choose(query: string) {
  const search = screen.getByRole('combobox');
  fireEvent.change(search, { target: { value: query } });
  await settle();
  fireEvent.keyDown(search, { key: 'Enter' });
  fireEvent.keyUp(window, { key: 'Enter' });
  await settle();
}

describe('the consumer card: posted but not applied', () => {
  it('says so in Hindi: the amount, the bill and the receipts', async () => {
    useLang.setState({ lang: 'hi' });
    render(<CounterScreen />);
    await choose('sun');
    const note = screen.getByTestId('posted-not-applied');
    expect(screen.getByTestId('consumer-card').contains(note)).toBe(true);
    expect(note.textContent).toContain('भुगतान केंद्र को भेजा गया, पर बिल में समायोजित नहीं हुआ');
    expect(note.textContent).toContain('इस बिल (B2611-7) पर');
    expect(note.textContent).toContain('बकाया ₹500.00 अधिक');
    expect(note.textContent).toContain('दोबारा भुगतान न लें');
    expect(screen.getByTestId('posted-not-applied-receipts').textContent).toBe('रसीदें: SS042-C1-2627-000002 (07-12-2026, ₹300.00); SS042-C2-2627-000001 (07-12-2026, ₹200.00)');
  });

  it('says so in English', async () => {
    useLang.setState({ lang: 'en' });
    render(<CounterScreen />);
    await choose('sun');
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('Payment posted but not applied');
    expect(note.textContent).toContain('the amount due shows ₹500.00 too much');
    expect(note.textContent).toContain('(B2611-7)');
    expect(screen.getByTestId('posted-not-applied-receipts').textContent).toBe('Receipts: SS042-C1-2627-000002 (07-12-2026, ₹300.00); SS042-C2-2627-000001 (07-12-2026, ₹200.00)');
  });

  it('a consumer the centre knows nothing of shows no note, and the last consumer’s note does not stay', async () => {
    useLang.setState({ lang: 'en' });
    render(<CounterScreen />);
    await choose('sun');
    expect(screen.queryByTestId('posted-not-applied')).not.toBeNull();
    act(() => useCounter.getState().next());
    await settle();
    await choose('ram');
    expect(screen.getByTestId('consumer-card').textContent).toContain('Ramesh Verma');
    expect(screen.queryByTestId('posted-not-applied')).toBeNull();
  });
});
