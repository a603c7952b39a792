// @vitest-environment jsdom
// The census screen says each reason from its code and fields, in English and in Hindi (dates
// dd-mm-yyyy, times IST), and the light in words as well as colour; filtered and ordered.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CensusRow } from '../../shared/console-api.js';
import { App } from '../../console/app/App.js';
import { censusView } from '../../console/features/census/census-view.js';
import { fakeServer, meOf, resetConsole } from './fake-server.js';

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base = {
  keyId: '0123456789abcdef', enrolledAt: '2026-12-01T04:30:00.000Z', headReceivedAt: null, paymentsToday: 0, frozen: null, revoked: null,
  lastClosedDay: null, unclosedDays: [], highAlerts: 0, replacedBy: null, replacedAt: null, clockSkewSeconds: null, eventsToday: 0, appVersion: null,
} satisfies Partial<CensusRow>;

const ROWS: CensusRow[] = [
  {
    ...base, terminalId: 'T00000000000A', substation: 'SS042', counter: 'C1', lastContactAt: '2026-12-06T04:30:00.000Z', headSeq: 40, light: 'red',
    revoked: 'stolen PC', highAlerts: 2, unclosedDays: ['2026-12-03', '2026-12-04'],
    reasons: [
      { code: 'revoked', reason: 'stolen PC' },
      { code: 'frozen', reason: 'fork at seq 12' },
      { code: 'high_alerts', count: 2 },
      { code: 'silent', since: '2026-12-06T04:30:00.000Z' },
      { code: 'unclosed_overdue', days: 2, first: '2026-12-03', afterDays: 2 },
      { code: 'yesterday_unclosed', day: '2026-12-06' },
    ],
  },
  { ...base, terminalId: 'T00000000000B', substation: 'SS007', counter: 'C2', lastContactAt: '2026-12-07T04:20:00.000Z', headSeq: 12, paymentsToday: 5, lastClosedDay: '2026-12-06', light: 'green', reasons: [] },
];

describe('census reasons and lights', () => {
  it('are said from their codes in English and in Hindi', async () => {
    fakeServer({ 'GET /me': { json: meOf('viewer') }, 'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: ROWS } } });
    render(<App />);
    const red = await screen.findByTestId('census-T00000000000A');
    expect(within(red).getByTestId('light').textContent).toBe('Red — act now');
    expect(within(red).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Revoked: stolen PC',
      'Frozen: fork at seq 12',
      '2 high-severity alerts',
      'Silent since 06-12-2026 10:00',
      '2 days not closed past D+2, the first 03-12-2026',
      'Yesterday (06-12-2026) not closed yet',
    ]);
    const green = screen.getByTestId('census-T00000000000B');
    expect(within(green).getByTestId('light').textContent).toBe('Green — fine');
    expect(within(green).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Green — fine', 'SS007', 'C2', '07-12-2026 09:50', '12', '5', '06-12-2026', '0', '—', 'Open']);
    expect(screen.queryByRole('button', { name: /^Revoke/ })).toBeNull(); // a viewer revokes nothing

    fireEvent.click(screen.getByTestId('language'));
    expect(within(red).getByTestId('light').textContent).toBe('लाल — तुरंत देखें');
    expect(within(red).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'निरस्त: stolen PC',
      'रोका गया: fork at seq 12',
      '2 गंभीर चेतावनी',
      '06-12-2026 10:00 से कोई संपर्क नहीं',
      '2 दिन D+2 के बाद भी बंद नहीं, पहला 03-12-2026',
      'कल (06-12-2026) का दिन अभी बंद नहीं हुआ',
    ]);
    expect(within(green).getByTestId('light').textContent).toBe('हरा — ठीक');
  });

  it('a replaced terminal says by which and when, and a clock a minute or more off says so, in English and Hindi', async () => {
    const replaced: CensusRow = { ...ROWS[1]!, terminalId: 'T00000000000C', replacedBy: 'T00000000000D', replacedAt: '2026-12-06T06:30:00.000Z', clockSkewSeconds: -300 };
    fakeServer({ 'GET /me': { json: meOf('viewer') }, 'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [replaced] } } });
    render(<App />);
    const row = await screen.findByTestId('census-T00000000000C');
    expect(within(row).getByTestId('replaced').textContent).toBe('Replaced by T00000000000D on 06-12-2026 12:00');
    expect(within(row).getByTestId('skew').textContent).toBe('its clock 5 min behind');
    fireEvent.click(screen.getByTestId('language'));
    expect(within(row).getByTestId('replaced').textContent).toBe('06-12-2026 12:00 को T00000000000D से बदला गया');
    expect(within(row).getByTestId('skew').textContent).toBe('इसकी घड़ी 5 मिनट पीछे');
  });

  it('filters by substation and search, riskiest first unless asked otherwise', () => {
    const f = { substation: '', search: '', sort: 'risk' as const };
    expect(censusView(ROWS, f).map((r) => r.terminalId)).toEqual(['T00000000000A', 'T00000000000B']);
    expect(censusView(ROWS, { ...f, sort: 'place' }).map((r) => r.terminalId)).toEqual(['T00000000000B', 'T00000000000A']);
    expect(censusView(ROWS, { ...f, substation: 'SS042' }).map((r) => r.terminalId)).toEqual(['T00000000000A']);
    expect(censusView(ROWS, { ...f, search: 'ss007/c2' }).map((r) => r.terminalId)).toEqual(['T00000000000B']);
    expect(censusView(ROWS, { ...f, search: 'nowhere' })).toEqual([]);
  });
});
