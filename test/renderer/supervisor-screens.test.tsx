// @vitest-environment jsdom
// What only a supervisor sees, against a fake terminal: F7 and F8 reach the day view and settings
// for a supervisor and do nothing for a cashier; the day view shows the summary of the terminal's
// business date; the status bar says why sending stopped, in Hindi, to a supervisor only.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DaySummary, Result, SyncStatus } from '../../shared/contract.js';
import { appError, errorText } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { setTransport } from '../../renderer/api/client.js';
import { App } from '../../renderer/app/App.js';
import { useDay } from '../../renderer/features/day/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { useSession } from '../../renderer/features/session/store.js';
import { StatusBar } from '../../renderer/features/status/StatusBar.js';
import { useStatus } from '../../renderer/features/status/store.js';
import { catchDownloads, restoreDownloads } from './catch-downloads.js';

const SESSION = 'c'.repeat(32);
const INFO = { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: '2026-11-26', financialYear: '2627', headSeq: 9 };
const DAY: DaySummary = {
  format: 'counterfoil-summary/1', terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', from: '2026-11-26', to: '2026-11-26',
  totals: { count: 3, totalPaise: 2_434_50 },
  byMode: [{ mode: 'cash', count: 2, totalPaise: 1_734_50 }, { mode: 'upi', count: 1, totalPaise: 700_00 }],
  byCashier: [{ cashier: 'asha', count: 3, totalPaise: 2_434_50 }],
  byDate: [{ date: '2026-11-26', count: 3, totalPaise: 2_434_50 }],
  byHour: [{ date: '2026-11-26', hour: 10, count: 3, totalPaise: 2_434_50 }],
  shifts: [
    {
      shiftId: 1, cashier: 'asha', businessDate: '2026-11-26', openedAt: '2026-11-26T04:00:00.000Z', closedAt: '2026-11-26T12:00:00.000Z',
      openingFloatPaise: 2_000_00, count: 3, totalPaise: 2_434_50, cashPaise: 1_734_50, expectedPaise: 3_734_50, countedPaise: 3_700_00, variancePaise: -34_50,
    },
    {
      shiftId: 2, cashier: 'meena', businessDate: '2026-11-26', openedAt: '2026-11-26T05:00:00.000Z', closedAt: null,
      openingFloatPaise: 500_00, count: 0, totalPaise: 0, cashPaise: 0, expectedPaise: null, countedPaise: null, variancePaise: null,
    },
  ],
  voids: {
    count: 1, totalPaise: 300_00,
    list: [{
      receiptNo: 'SS042-C1-2627-000002', businessDate: '2026-11-26', accountNo: 'KN0000000002', mode: 'cash', amountPaise: 300_00,
      voidedAt: '2026-11-26T06:00:00.000Z', requestedBy: 'asha', approvedBy: 'meena', reason: 'wrong account',
    }],
  },
  series: [{ fy: '2627', first: 'SS042-C1-2627-000001', last: 'SS042-C1-2627-000004', count: 4 }],
  instruments: [],
  sync: { payments: 4, centrallyHeld: 3, notYetPaise: 700_00 },
};
const CHEQUE = {
  receiptNo: 'SS042-C1-2627-000004', businessDate: '2026-11-26', mode: 'cheque', number: '004512', bank: 'State Bank of India',
  date: '2026-11-20', accountNo: 'KN0000000004', amountPaise: 1_250_00,
} as const;
const CLOSED = { businessDate: '2026-11-26', seq: 12, closedAt: '2026-11-26T13:12:00.000Z', closedBy: 'meena', summarySha256: 'f'.repeat(64) };
const EXPORTED = {
  fileName: 'counterfoil-SS042-C1-2026-11-26.csv', contentType: 'text/csv; charset=utf-8', base64: Buffer.from('\uFEFFreceipt,amount\r\n').toString('base64'),
  manifestFileName: 'counterfoil-SS042-C1-2026-11-26.csv.manifest.json', manifestJson: '{"format":"counterfoil-export/1"}\n', sha256: '0123456789abcdef'.repeat(4),
};
const SYNC: SyncStatus = {
  enrolled: true, upstreamUrl: 'http://127.0.0.1:8080', connection: 'degraded', ackedSeq: 4, headSeq: 9, queueDepth: 5,
  oldestUnsyncedAt: null, oldestUnsyncedAgeSeconds: null, lastAttemptAt: null, lastSuccessAt: null,
  lastError: errorText('UPSTREAM_FORK', { seq: 5 }), lastErrorCode: 'UPSTREAM_FORK', stopped: errorText('UPSTREAM_FORK', { seq: 5 }),
  clockSkewMs: 0, clockSkewWarning: false, consumerCursor: '0', consumersSyncedAt: null, centralSeq: 4, writeBlock: null,
};

let calls: { channel: string; input: Record<string, unknown> }[];
/** Answers a test puts in place of the default ones below, by channel. */
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
        return { ok: true, value: { shiftId: 2, user: 'x', openedAt: '2026-11-26T04:00:00Z', businessDate: '2026-11-26', openingFloatPaise: 0, cashTakenPaise: 0, payments: 0 } };
      case 'sync.status':
        return { ok: true, value: SYNC };
      case 'printer.status':
        return { ok: true, value: { configured: true, state: 'ready', text: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' }, pending: 0 } };
      case 'day.summary':
        return { ok: true, value: { summary: DAY, closed: null } };
      case 'settings.print.get':
        return { ok: true, value: { paper: 80, utilityEn: 'U', utilityHi: 'यू', headerLines: [], verifyUrl: null, printer: null, qrAsRaster: false, languages: 'hi+en', logoFile: null } };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useDay.setState({ date: '', toDate: '', summary: null, closed: null, error: null, badRange: false, loading: false, busy: null, done: null, confirming: false });
  useLang.setState({ lang: 'hi' });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

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
const actionNames = () => within(screen.getByRole('group', { name: 'निर्यात, छपाई और दिन बंद' })).getAllByRole('button').map((b) => b.textContent);

async function openDay() {
  await appAs('meena', 'supervisor');
  fireEvent.keyDown(window, { key: 'F7' });
  await settle();
}

afterEach(restoreDownloads);

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
    expect(navNames()).toEqual(['काउंटर F1', 'रसीदें F3', 'पाली बंद करें F4', 'दिन का सारांश F7', 'सेटिंग्स F8', 'मिलान F9']);
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
    expect(shifts).toContain('₹2,000.00'); // asha's float
    expect(screen.getByTestId('day-voids').textContent).toBe(['रसीद संख्या', 'राशि (₹)', 'किसने माँगा', 'किसने स्वीकृत किया', 'कारण', 'SS042-C1-2627-000002', '₹300.00', 'asha', 'meena', 'wrong account'].join(''));
    expect(screen.getByText('कोई चेक या डीडी नहीं')).toBeTruthy();
    expect(screen.getByTestId('day-sync').textContent).toBe('केंद्र पर 4 में से 3 सुरक्षित; ₹700.00 अभी भेजना बाकी');
    expect(screen.getByTestId('day-state').textContent).toBe('खुला है (अभी बंद नहीं हुआ)');
    expect(screen.queryByTestId('exports-note')).toBeNull();
    expect(actionNames()).toEqual(['CSV निर्यात Alt+C', 'एक्सेल निर्यात Alt+X', 'PDF निर्यात Alt+P', 'दिन की रिपोर्ट छापें Alt+R', 'दिन बंद करें Alt+Z']);

    fireEvent.keyDown(window, { key: 'F8' });
    await settle();
    expect(screen.getByRole('heading', { name: 'सेटिंग्स' })).toBeTruthy();
  });

  it('issue 16 #1: a supervisor without a shift reaches the day view and settings, opens one only to take payments, and stays in after closing it', async () => {
    let open: { shiftId: number; user: string; openedAt: string; businessDate: string; openingFloatPaise: number; cashTakenPaise: number; payments: number } | null = null;
    answers['shift.current'] = () => ({ ok: true, value: open });
    answers['shift.open'] = (input) => {
      open = { shiftId: 3, user: 'meena', openedAt: '2026-11-26T09:00:00Z', businessDate: '2026-11-26', openingFloatPaise: input.openingFloatPaise as number, cashTakenPaise: 0, payments: 0 };
      return { ok: true, value: { shiftId: 3 } };
    };
    answers['shift.close'] = () => {
      open = null;
      return { ok: true, value: { shiftId: 3, expectedPaise: 0, countedPaise: 0, variancePaise: 0, reportQueued: true } };
    };
    answers['consumer.search'] = () => ({ ok: true, value: [] });
    answers['settings.upi.get'] = () => ({ ok: true, value: null });
    await appAs('meena', 'supervisor');
    // Not forced to open a shift: the screens are there, the counter asks for one and says why.
    expect(navNames()).toEqual(['काउंटर F1', 'रसीदें F3', 'पाली बंद करें F4', 'दिन का सारांश F7', 'सेटिंग्स F8', 'मिलान F9']);
    expect(screen.getByRole('heading', { name: 'पाली खोलें' })).toBeTruthy();
    expect(screen.getByTestId('supervisor-shift-hint').textContent).toMatch(/बिना पाली के खुलते हैं/);
    fireEvent.keyDown(window, { key: 'F7' });
    await settle();
    expect(screen.getByTestId('day-total').textContent).toBe('₹2,434.50');
    expect(actionNames()).toContain('दिन बंद करें Alt+Z');
    fireEvent.keyDown(window, { key: 'F4' });
    await settle();
    expect(screen.getByTestId('no-shift').textContent).toMatch(/कोई पाली खुली नहीं है/);
    fireEvent.keyDown(window, { key: 'F8' });
    await settle();
    expect(screen.getByRole('heading', { name: 'सेटिंग्स' })).toBeTruthy();
    expect(calls.some((c) => c.channel === 'shift.open')).toBe(false);

    // To take payments she opens one on the counter screen.
    fireEvent.keyDown(window, { key: 'F1' });
    await settle();
    fireEvent.submit(screen.getByRole('button', { name: /पाली खोलें/ }).closest('form')!);
    await settle();
    await settle();
    expect(screen.getByRole('combobox')).toBeTruthy();

    // Closing it keeps her in, on the day view, with the shift closed said.
    fireEvent.keyDown(window, { key: 'F4' });
    await settle();
    await settle();
    fireEvent.submit(screen.getByRole('button', { name: /गिनती पूरी/ }).closest('form')!); // the count (blind), then the review
    await settle();
    const close = screen.getByTestId('close-shift');
    await waitFor(() => expect(close.dataset.armed).toBe('true'));
    fireEvent.click(close);
    await settle();
    await settle();
    expect(screen.getByTestId('shift-closed').textContent).toMatch(/पाली 3 बंद हुई/);
    expect(screen.getByTestId('day-total')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /बाहर निकलें Enter/ })).toBeNull();
    fireEvent.keyDown(window, { key: 'F1' });
    await settle();
    expect(screen.getByRole('heading', { name: 'पाली खोलें' })).toBeTruthy();
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
  it('exports the day: report.export, then the file and its signed manifest saved as two downloads', async () => {
    const { blobs, saved } = catchDownloads();
    let release: () => void = () => undefined;
    answers['report.export'] = () => new Promise((done) => (release = () => done({ ok: true, value: EXPORTED })));
    await openDay();
    const csv = screen.getByRole('button', { name: /CSV निर्यात/ }) as HTMLButtonElement;
    fireEvent.click(csv);
    await settle();
    expect(screen.getByTestId('day-busy').textContent).toBe('तैयार हो रहा है…');
    expect(csv.disabled).toBe(true);
    expect(saved).toEqual([]);
    release();
    await settle();
    expect(calls.filter((c) => c.channel === 'report.export').map((c) => c.input)).toEqual([{ session: SESSION, date: '2026-11-26', format: 'csv' }]);
    expect(saved).toEqual([{ name: EXPORTED.fileName, href: 'blob:counterfoil/1' }, { name: EXPORTED.manifestFileName, href: 'blob:counterfoil/2' }]);
    expect(blobs[0]!.type).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await blobs[0]!.arrayBuffer()).equals(Buffer.from(EXPORTED.base64, 'base64'))).toBe(true);
    expect(blobs[1]!.type).toBe('application/json');
    expect(await blobs[1]!.text()).toBe(EXPORTED.manifestJson);
    expect(screen.getByTestId('day-done').textContent).toBe(`${EXPORTED.fileName} और उसका हस्ताक्षरित मैनिफ़ेस्ट सहेजे गए (SHA-256 0123456789abcdef…)`);
    expect(screen.queryByTestId('day-busy')).toBeNull();
    expect(csv.disabled).toBe(false);

    // Alt+X and Alt+P by the key's place, as a Hindi (InScript) layout sends them.
    answers['report.export'] = (input) => ({ ok: true, value: { ...EXPORTED, fileName: `day.${String(input.format)}`, manifestFileName: `day.${String(input.format)}.manifest.json` } });
    fireEvent.keyDown(window, { key: 'ं', code: 'KeyX', altKey: true });
    await settle();
    fireEvent.keyDown(window, { key: 'ज', code: 'KeyP', altKey: true });
    await settle();
    expect(calls.filter((c) => c.channel === 'report.export').map((c) => c.input.format)).toEqual(['csv', 'xlsx', 'pdf']);
    expect(saved.map((f) => f.name).slice(2)).toEqual(['day.xlsx', 'day.xlsx.manifest.json', 'day.pdf', 'day.pdf.manifest.json']);
    act(() => useLang.getState().toggle());
    expect(screen.getByTestId('day-done').textContent).toBe('Saved day.pdf and its signed manifest (SHA-256 0123456789abcdef…)');
  });

  it('closes the day after a confirmation in the page (Escape goes back, Enter closes) and shows it closed', async () => {
    answers['day.close'] = () => ({ ok: true, value: CLOSED });
    answers['day.report.print'] = () => ({ ok: true, value: { queued: true } });
    await openDay();
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    await settle();
    expect(screen.getByTestId('day-done').textContent).toBe('X रिपोर्ट छपाई के लिए भेजी गई');

    const close = screen.getByRole('button', { name: /दिन बंद करें/ });
    fireEvent.click(close);
    expect(screen.getByRole('alertdialog', { name: 'दिन 26-11-2026 बंद करें?' }).textContent).toMatch(/Z रिपोर्ट छपेगी/);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(close);
    expect(calls.some((c) => c.channel === 'day.close')).toBe(false);

    fireEvent.keyDown(window, { key: 'z', code: 'KeyZ', altKey: true });
    const confirm = within(screen.getByRole('alertdialog')).getByRole('button', { name: /दिन बंद करें/ });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(confirm, { key: 'Enter' });
    await settle();
    expect(calls.filter((c) => c.channel === 'day.close').map((c) => c.input)).toEqual([{ session: SESSION, date: '2026-11-26' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('day-state').textContent).toBe('बंद — meena ने 26-11-2026 18:42 बजे (IST) बंद किया');
    expect(screen.getByTestId('day-done').textContent).toBe('दिन 26-11-2026 बंद हुआ; Z रिपोर्ट छपाई के लिए भेजी गई');
    expect(actionNames()).toEqual(['CSV निर्यात Alt+C', 'एक्सेल निर्यात Alt+X', 'PDF निर्यात Alt+P', 'दिन की रिपोर्ट छापें Alt+R']);
    fireEvent.keyDown(window, { key: 'z', code: 'KeyZ', altKey: true });
    expect(screen.queryByRole('alertdialog')).toBeNull();

    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    await settle();
    expect(screen.getByTestId('day-done').textContent).toBe('Z रिपोर्ट छपाई के लिए भेजी गई');
    expect(calls.filter((c) => c.channel === 'day.report.print').map((c) => c.input)).toEqual([{ session: SESSION, date: '2026-11-26' }, { session: SESSION, date: '2026-11-26' }]);
  });

  it('asks again for the day shown when the centre acknowledges more, so “held centrally” stays true', async () => {
    await openDay();
    const asked = () => calls.filter((c) => c.channel === 'day.summary').map((c) => c.input);
    const before = asked().length;
    answers['day.summary'] = () => ({ ok: true, value: { summary: { ...DAY, sync: { payments: 4, centrallyHeld: 4, notYetPaise: 0 } }, closed: null } });
    act(() => useStatus.setState({ sync: { ...SYNC, ackedSeq: 9 } }));
    await settle();
    expect(asked().slice(before)).toEqual([{ session: SESSION, date: '2026-11-26' }]);
    expect(screen.getByTestId('day-sync').textContent).toBe('सभी 4 केंद्र पर सुरक्षित');
  });

  it('a day already closed says by whom and when, and offers no close', async () => {
    answers['day.summary'] = () => ({ ok: true, value: { summary: DAY, closed: CLOSED } });
    await openDay();
    expect(screen.getByTestId('day-state').textContent).toBe('बंद — meena ने 26-11-2026 18:42 बजे (IST) बंद किया');
    expect(screen.queryByRole('button', { name: /दिन बंद करें/ })).toBeNull();
  });

  it('says why the day cannot be closed in the screen’s language: Hindi, then English', async () => {
    const params = { date: '2026-11-26', shifts: '2 (meena)' };
    answers['day.close'] = () => ({ ok: false, error: appError('DAY_HAS_OPEN_SHIFTS', params) });
    await openDay();
    fireEvent.click(screen.getByRole('button', { name: /दिन बंद करें/ }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: /दिन बंद करें/ }));
    await settle();
    expect(calls.filter((c) => c.channel === 'day.close')).toHaveLength(1);
    const error = screen.getByTestId('day-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(errorText('DAY_HAS_OPEN_SHIFTS', { ...params, date: '26-11-2026' }, 'hi'));
    expect(error.textContent).toMatch(/^दिन 26-11-2026 की पालियाँ अभी खुली हैं/);
    expect(screen.getByTestId('day-state').textContent).toBe('खुला है (अभी बंद नहीं हुआ)');
    expect(screen.getByRole('button', { name: /दिन बंद करें/ })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'l', altKey: true });
    expect(screen.getByTestId('day-error').textContent).toBe(errorText('DAY_HAS_OPEN_SHIFTS', { ...params, date: '26-11-2026' }, 'en'));
  });

  it('issue 16 #4: the day view takes and shows dates dd-mm-yyyy; a wrong one is said beside its field, in Hindi and English, and nothing is asked', async () => {
    await openDay();
    expect(screen.getByRole('banner').textContent).toContain('SS042 / C1 · 26-11-2026');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('दिन का सारांश · SS042 / C1 · 26-11-2026');
    const asked = () => calls.filter((c) => c.channel === 'day.summary').length;
    const before = asked();
    const from = screen.getByLabelText('तिथि से') as HTMLInputElement;
    const said = () => document.getElementById(from.getAttribute('aria-describedby')!)!.textContent;
    const show = () => fireEvent.click(screen.getByRole('button', { name: /दिखाएँ|^Show/ }));
    fireEvent.change(from, { target: { value: '30-02-2026' } });
    show();
    await settle();
    expect(asked()).toBe(before);
    expect(document.activeElement).toBe(from);
    expect(said()).toBe('तिथि से: “30-02-2026” कोई तिथि नहीं है — दिन-माह-वर्ष लिखें, जैसे 26-11-2026');
    fireEvent.keyDown(window, { key: 'l', altKey: true });
    expect(said()).toBe('From: “30-02-2026” is not a date — write day-month-year, like 26-11-2026');
    fireEvent.change(from, { target: { value: '27-11-2026' } });
    expect(said()).toBe('From: cannot be later than 26-11-2026');
    fireEvent.change(from, { target: { value: '' } });
    show();
    await settle();
    expect(said()).toBe('From: enter the date (dd-mm-yyyy)');
    fireEvent.keyDown(window, { key: 'l', altKey: true });
    expect(said()).toBe('तिथि से: तिथि लिखें (दिन-माह-वर्ष)');
    expect(asked()).toBe(before);
    fireEvent.change(from, { target: { value: '20-11-2026' } });
    expect(from.getAttribute('aria-describedby')).toBeNull();
    show();
    await settle();
    expect(calls.filter((c) => c.channel === 'day.summary').pop()!.input).toEqual({ session: SESSION, date: '2026-11-20' });
  });

  it('shows a range of days (From, To): exports it; printing and closing stay for one day', async () => {
    answers['day.summary'] = (input) => {
      const to = typeof input.toDate === 'string' ? input.toDate : String(input.date);
      return { ok: true, value: { summary: { ...DAY, from: String(input.date), to, instruments: [CHEQUE, { ...CHEQUE, receiptNo: 'SS042-C1-2627-000009', mode: 'dd', amountPaise: 50_00 }] }, closed: null } };
    };
    answers['report.export'] = () => ({ ok: true, value: EXPORTED });
    catchDownloads();
    await openDay();
    fireEvent.change(screen.getByLabelText('तिथि से'), { target: { value: '20-11-2026' } });
    fireEvent.change(screen.getByLabelText('तिथि तक (वैकल्पिक)'), { target: { value: '10-11-2026' } });
    fireEvent.click(screen.getByRole('button', { name: /दिखाएँ/ }));
    await settle();
    expect(screen.getByTestId('day-range-error').textContent).toBe('“तक” की तिथि “से” की तिथि से पहले नहीं हो सकती');
    expect(calls.filter((c) => c.channel === 'day.summary')).toHaveLength(1);

    fireEvent.change(screen.getByLabelText('तिथि तक (वैकल्पिक)'), { target: { value: '26-11-2026' } });
    fireEvent.click(screen.getByRole('button', { name: /दिखाएँ/ }));
    await settle();
    expect(calls.filter((c) => c.channel === 'day.summary').pop()!.input).toEqual({ session: SESSION, date: '2026-11-20', toDate: '2026-11-26' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('दिन का सारांश · SS042 / C1 · 20-11-2026 – 26-11-2026');
    expect(actionNames()).toEqual(['CSV निर्यात Alt+C', 'एक्सेल निर्यात Alt+X', 'PDF निर्यात Alt+P']);
    expect(screen.queryByTestId('day-state')).toBeNull();
    const slip = screen.getByTestId('deposit-slip').textContent!;
    expect(slip).toContain('004512');
    expect(slip).toContain('State Bank of India');
    expect(screen.getByTestId('deposit-total').textContent).toBe('₹1,300.00');
    fireEvent.keyDown(window, { key: 'z', code: 'KeyZ', altKey: true });
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    fireEvent.keyDown(window, { key: 'c', code: 'KeyC', altKey: true });
    await settle();
    expect(calls.filter((c) => c.channel === 'report.export').map((c) => c.input)).toEqual([{ session: SESSION, date: '2026-11-20', toDate: '2026-11-26', format: 'csv' }]);
    expect(calls.some((c) => c.channel === 'day.report.print' || c.channel === 'day.close')).toBe(false);
  });
});
