// @vitest-environment jsdom
// Issue 19: the money section's "Paid but still due" view against a fake server — the latest
// import's check with both lists and their totals, an account opening onto its receipts, an earlier
// check chosen from the list, the signed export saved beside its manifest, in Hindi too; a centre
// with no import yet says so; a refusal is shown in words.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaidDueCheck, PaidDueReport } from '../../shared/paid-still-due.js';
import { App } from '../../console/app/App.js';
import { useMoney } from '../../console/features/money/money-store.js';
import { useLang } from '../../console/i18n/lang.js';
import { fakeServer, meOf, resetConsole, type Routes } from './fake-server.js';

beforeEach(() => {
  resetConsole();
  useMoney.setState({ view: 'paidDue' });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const T1 = 'T0000000000A1';
const check = (id: number, over: Partial<PaidDueCheck> = {}): PaidDueCheck => ({
  id, checkedAt: '2026-12-08T04:30:00.000000Z', checkedBy: 'admin1', subject: `master-${id}.csv sha256:ab`, records: 8, accounts: 2,
  shortfallPaise: 800_00, unknownPayments: 1, unknownPaise: 150_00, ...over,
});
const LATEST: PaidDueReport = {
  check: check(2),
  accounts: [
    {
      accountNo: '3100000002', billNo: 'B-2-1', previousDuePaise: 800_00, paidPaise: 500_00, newDuePaise: 800_00, shortfallPaise: 500_00,
      payments: [
        { terminalId: T1, seq: 3, receiptNo: 'SS042-C1-2627-000002', amountPaise: 300_00, mode: 'cash', businessDate: '2026-12-07', receivedAt: '2026-12-07T06:00:00.000000Z' },
        { terminalId: T1, seq: 4, receiptNo: 'SS042-C1-2627-000003', amountPaise: 200_00, mode: 'upi', businessDate: '2026-12-07', receivedAt: '2026-12-07T06:05:00.000000Z' },
      ],
    },
    {
      accountNo: '3100000003', billNo: 'B-3-1', previousDuePaise: 1_000_00, paidPaise: 400_00, newDuePaise: 900_00, shortfallPaise: 300_00,
      payments: [{ terminalId: T1, seq: 5, receiptNo: 'SS042-C1-2627-000004', amountPaise: 400_00, mode: 'cash', businessDate: '2026-12-07', receivedAt: '2026-12-07T06:10:00.000000Z' }],
    },
  ],
  unknown: [{ terminalId: T1, seq: 9, accountNo: '3199999999', receiptNo: 'SS042-C1-2627-000008', amountPaise: 150_00, mode: 'cash', businessDate: '2026-12-07' }],
};
const EARLIER: PaidDueReport = { check: check(1, { accounts: 0, shortfallPaise: 0, unknownPayments: 0, unknownPaise: 0 }), accounts: [], unknown: [] };

const routes = (over: Routes = {}): Routes => ({
  'GET /me': { json: meOf('auditor') },
  'GET /census': { json: { at: '2026-12-08T04:30:00.000Z', terminals: [] } },
  'GET /billing/paid-due/checks': { json: [LATEST.check, EARLIER.check] },
  'GET /billing/paid-due?check=2': { json: LATEST },
  'GET /billing/paid-due?check=1': { json: EARLIER },
  ...over,
});

async function openView(): Promise<void> {
  render(<App />);
  await screen.findByRole('navigation');
  await act(async () => {
    fireEvent.click(screen.getByTestId('nav-money'));
  });
}
const click = (el: HTMLElement) => act(async () => {
  fireEvent.click(el);
});

describe('paid but still due (console)', () => {
  it('lists the latest check: accounts with their shortfall and totals, opening onto receipts, and the unknown accounts', async () => {
    fakeServer(routes());
    await openView();
    const accounts = await screen.findByTestId('pd-accounts');
    expect(screen.getByTestId('pd-summary').textContent).toContain('2 accounts still due after payment (₹800.00 more than should be); 1 payments to accounts not in the master (₹150.00)');
    expect([...accounts.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-testid'))).toEqual(['pd-account-3100000002', 'pd-account-3100000003']);
    expect(within(screen.getByTestId('pd-account-3100000002')).getAllByRole('cell').map((c) => c.textContent)).toEqual(['B-2-1', '₹800.00', '₹500.00', '₹800.00', '₹500.00']);
    expect(screen.getByTestId('pd-shortfall-total').textContent).toBe('₹800.00');
    expect(screen.queryByTestId('pd-receipts-3100000002')).toBeNull();
    await click(within(screen.getByTestId('pd-account-3100000002')).getByRole('button'));
    const receipts = screen.getByTestId('pd-receipts-3100000002');
    expect([...receipts.querySelectorAll(':scope > tbody > tr')].map((r) => r.firstElementChild!.textContent)).toEqual(['SS042-C1-2627-000002', 'SS042-C1-2627-000003']);
    expect(within(screen.getByTestId('pd-unknown')).getByText('3199999999')).toBeTruthy();
    expect(screen.getByTestId('pd-unknown-total').textContent).toBe('₹150.00');
  });

  it('in Hindi, and an earlier check chosen from the list', async () => {
    fakeServer(routes());
    useLang.setState({ lang: 'hi' });
    await openView();
    await screen.findByTestId('pd-accounts');
    expect(screen.getByRole('heading', { name: 'भुगतान के बाद भी बकाया खाते (2)' })).toBeTruthy();
    expect(screen.getByTestId('pd-summary').textContent).toContain('भुगतान के बाद भी बकाया 2 खाते');
    expect(screen.getByRole('columnheader', { name: 'जितना होना चाहिए उससे अधिक बकाया' })).toBeTruthy();
    await act(async () => {
      fireEvent.change(screen.getByTestId('pd-check'), { target: { value: '1' } });
    });
    expect(screen.queryByTestId('pd-accounts')).toBeNull();
    expect(screen.getByText('हर बिल उस पर हुए भुगतान जितना कम हुआ।')).toBeTruthy();
    expect(screen.getByText('हर भुगतान ऐसे खाते में है जिसे सूची जानती है।')).toBeTruthy();
  });

  it('exports the shown check with its signed manifest', async () => {
    const manifest = { format: 'counterfoil-central-export/3', signature: 'sig' };
    const sent = fakeServer(routes({
      'GET /billing/paid-due/export?check=2&format=pdf': { json: { fileName: 'counterfoil-centre-paid-still-due-2.pdf', file: btoa('%PDF-1.3'), manifest } },
    }));
    const saved: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:test/1', revokeObjectURL: () => undefined }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    await openView();
    await screen.findByTestId('pd-accounts');
    await click(screen.getByTestId('pd-export-pdf'));
    expect(sent.map((s) => s.path)).toContain('/billing/paid-due/export?check=2&format=pdf');
    expect(saved).toEqual(['counterfoil-centre-paid-still-due-2.pdf', 'counterfoil-centre-paid-still-due-2.pdf.manifest.json']);
    expect(screen.getByTestId('pd-status').textContent).toBe('Saved counterfoil-centre-paid-still-due-2.pdf and counterfoil-centre-paid-still-due-2.pdf.manifest.json.');
  });

  it('a centre with no import yet says so; a refusal is shown in words', async () => {
    fakeServer(routes({ 'GET /billing/paid-due/checks': { json: [] } }));
    await openView();
    expect((await screen.findByTestId('pd-none')).textContent).toBe('No consumer master has been imported yet.');
    cleanup();
    fakeServer(routes({ 'GET /billing/paid-due/checks': { status: 403, json: { error: 'forbidden', message: 'a viewer may not do this (it needs money.read)' } } }));
    await openView();
    await vi.waitFor(() => expect(screen.getByTestId('pd-problem').textContent).not.toBe(''));
    expect(screen.queryByTestId('pd-accounts')).toBeNull();
  });
});
