// @vitest-environment jsdom
// What only a supervisor sees, against a fake terminal: F7 and F8 reach the day view and settings
// for a supervisor and do nothing for a cashier; the day view shows the summary of the terminal's
// business date; the status bar says why sending stopped, in Hindi, to a supervisor only.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DaySummary, Result, SyncStatus } from '../../shared/contract.js';
import { appError, errorText } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { setTransport } from '../../renderer/api/client.js';
import { App } from '../../renderer/app/App.js';
import { useDay } from '../../renderer/features/day/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { StatusBar } from '../../renderer/features/status/StatusBar.js';

const SESSION = 'c'.repeat(32);
const INFO = { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: '2026-11-26', financialYear: '2627', headSeq: 9 };
const DAY: DaySummary = {
  date: '2026-11-26', substation: 'SS042', counter: 'C1',
  byMode: [{ mode: 'cash', count: 2, totalPaise: 1_734_50 }, { mode: 'upi', count: 1, totalPaise: 700_00 }],
  byCashier: [{ cashier: 'asha', count: 3, totalPaise: 2_434_50 }],
  voids: { count: 1, totalPaise: 300_00 },
  firstReceipt: 'SS042-C1-2627-000001', lastReceipt: 'SS042-C1-2627-000004',
  shifts: [
    { shiftId: 1, cashier: 'asha', closed: true, expectedPaise: 3_734_50, countedPaise: 3_700_00 },
    { shiftId: 2, cashier: 'meena', closed: false, expectedPaise: null, countedPaise: null },
  ],
};
const SYNC: SyncStatus = {
  enrolled: true, upstreamUrl: 'http://127.0.0.1:8080', connection: 'degraded', ackedSeq: 4, headSeq: 9, queueDepth: 5,
  oldestUnsyncedAt: null, oldestUnsyncedAgeSeconds: null, lastAttemptAt: null, lastSuccessAt: null,
  lastError: errorText('UPSTREAM_FORK', { seq: 5 }), lastErrorCode: 'UPSTREAM_FORK', stopped: errorText('UPSTREAM_FORK', { seq: 5 }),
  clockSkewMs: 0, clockSkewWarning: false, consumerCursor: '0', consumersSyncedAt: null, centralSeq: 4, writeBlock: null,
};

let calls: { channel: string; input: Record<string, unknown> }[];

beforeEach(() => {
  calls = [];
  setTransport(async (channel, input): Promise<Result<unknown>> => {
    calls.push({ channel, input: input as Record<string, unknown> });
    switch (channel) {
      case 'terminal.info':
        return { ok: true, value: INFO };
      case 'settings.limits.get':
        return { ok: true, value: DEFAULT_LIMITS };
      case 'shift.current':
        return { ok: true, value: { shiftId: 2, user: 'x', openedAt: '2026-11-26T04:00:00Z', businessDate: '2026-11-26', openingFloatPaise: 0, cashTakenPaise: 0, payments: 0 } };
      case 'sync.status':
        return { ok: true, value: SYNC };
      case 'printer.status':
        return { ok: true, value: { configured: true, state: 'ready', text: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' }, pending: 0 } };
      case 'day.summary':
        return { ok: true, value: DAY };
      case 'settings.print.get':
        return { ok: true, value: { paper: 80, utilityEn: 'U', utilityHi: 'यू', headerLines: [], verifyUrl: null, printer: null, qrAsRaster: false, languages: 'hi+en', logoFile: null } };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useDay.setState({ date: '', summary: null, error: null });
});
afterEach(cleanup);

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function appAs(user: string, role: 'cashier' | 'supervisor') {
  useSession.setState({ session: SESSION, user, role });
  render(<App />);
  await settle();
  await settle();
}

const navNames = () => within(screen.getByRole('navigation')).getAllByRole('button').map((b) => b.textContent);

describe('supervisor screens', () => {
  it('a cashier neither sees the day view and settings nor reaches them by F7 / F8', async () => {
    await appAs('asha', 'cashier');
    expect(navNames()).toEqual(['काउंटर F1', 'रसीदें F3', 'पाली बंद करें F4']);
    fireEvent.keyDown(window, { key: 'F8' });
    fireEvent.keyDown(window, { key: 'F7' });
    await settle();
    expect(screen.getByRole('combobox')).toBeTruthy(); // still the counter
    expect(screen.queryByRole('heading', { name: 'सेटिंग्स' })).toBeNull();
    expect(calls.some((c) => c.channel === 'day.summary' || c.channel === 'settings.print.get')).toBe(false);
  });

  it('a supervisor opens the day view on F7 (today’s summary) and settings on F8', async () => {
    await appAs('meena', 'supervisor');
    expect(navNames()).toEqual(['काउंटर F1', 'रसीदें F3', 'पाली बंद करें F4', 'दिन का सारांश F7', 'सेटिंग्स F8']);
    fireEvent.keyDown(window, { key: 'F7' });
    await settle();
    expect(calls.find((c) => c.channel === 'day.summary')!.input).toEqual({ session: SESSION, date: '2026-11-26' });
    expect(screen.getByTestId('day-total').textContent).toBe('₹2,434.50');
    expect(screen.getByTestId('by-mode').textContent).toContain('यूपीआई');
    expect(screen.getByTestId('first-receipt').textContent).toBe('SS042-C1-2627-000001');
    const shifts = screen.getByTestId('day-shifts').textContent!;
    expect(shifts).toContain('₹3,734.50');
    expect(shifts).toContain('-₹34.50');
    expect(shifts).toContain('अभी खुली है');
    expect(screen.getByTestId('exports-note').textContent).toMatch(/रिपोर्ट सुविधा के साथ आएगा/);
    expect(screen.queryByRole('button', { name: /निर्यात|Export/ })).toBeNull();

    fireEvent.keyDown(window, { key: 'F8' });
    await settle();
    expect(screen.getByRole('heading', { name: 'सेटिंग्स' })).toBeTruthy();
  });

  it('tells a supervisor, not a cashier, why sending stopped, in Hindi', async () => {
    useSession.setState({ session: SESSION, user: 'asha', role: 'cashier' });
    render(<StatusBar />);
    await settle();
    expect(screen.getByTestId('sync-state').textContent).toBe('भेजना रुका — पर्यवेक्षक को बुलाएँ');
    expect(screen.queryByTestId('sync-stopped')).toBeNull();
    act(() => useSession.setState({ role: 'supervisor', user: 'meena' }));
    const alert = screen.getByTestId('sync-stopped');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('केंद्रीय सर्वर पर क्रमांक 5 पर अलग प्रविष्टि है: भेजना रुक गया है। पर्यवेक्षक को बुलाएँ; दोबारा इंस्टॉल या बहाल न करें।');
  });
});
