// @vitest-environment jsdom
// Resolving an alert needs a note: none (or under 3 characters) is refused on the page, in the
// user's language, and nothing is sent; with one, the note goes to the server and the list
// reloads. Only those with alerts.act are offered the buttons.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertRow } from '../../shared/console-api.js';
import { App } from '../../console/app/App.js';
import { useSession } from '../../console/app/session.js';
import { fakeServer, meOf, resetConsole } from './fake-server.js';

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const FORK: AlertRow = {
  id: '7', severity: 'high', terminal_id: 'T00000000000A', kind: 'fork', source: '10.0.0.5', count: 1,
  first_seen: '2026-12-07T04:00:00.000Z', last_seen: '2026-12-07T04:00:00.000Z',
  detail: { message: 'a different signed event at seq 12', evidence: 'shown to admins only' }, acknowledged: null, resolved: null,
};

async function openAlerts() {
  render(<App />);
  await screen.findByRole('navigation');
  await act(async () => {
    useSession.getState().go('alerts');
  });
  return screen.findByTestId('alert-7');
}

describe('acting on an alert', () => {
  it('resolving needs a note of 3 characters or more, said in both languages; then it is sent', async () => {
    let resolved = false;
    const sent = fakeServer({
      'GET /me': { json: meOf('admin') },
      'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
      'GET /alerts?state=open': () => ({ json: { alerts: resolved ? [] : [FORK] } }),
      'POST /alerts/7/resolve': (body) => {
        resolved = true;
        return { json: { ...FORK, resolved: { at: '2026-12-07T05:00:00.000Z', by: 'admin1', note: (body as { note: string }).note } } };
      },
    });
    const row = await openAlerts();
    expect(within(row).getAllByRole('cell')[0]!.textContent).toBe('High');
    expect(within(row).getByRole('rowheader').textContent).toBe('Fork: two different signed events at one seq');
    fireEvent.click(within(row).getByRole('button', { name: 'Resolve alert 7' }));

    await act(async () => {
      fireEvent.click(screen.getByTestId('alert-submit'));
    });
    expect(screen.getByTestId('alert-problem').textContent).toBe('Write a note of at least 3 characters: what was found or done.');
    fireEvent.change(screen.getByLabelText(/^Note/), { target: { value: 'ok' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('alert-submit'));
    });
    fireEvent.click(screen.getByTestId('language'));
    expect(screen.getByTestId('alert-problem').textContent).toBe('कम से कम 3 अक्षरों की टिप्पणी लिखें: क्या पाया या किया गया।');
    expect(sent.filter((s) => s.method === 'POST')).toEqual([]);

    fireEvent.change(screen.getByLabelText(/^टिप्पणी/), { target: { value: '  Old PC restored from a backup  ' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('alert-submit'));
    });
    expect(sent.filter((s) => s.method === 'POST')).toEqual([{ method: 'POST', path: '/alerts/7/resolve', body: { note: 'Old PC restored from a backup' } }]);
    expect((await screen.findByTestId('alert-done')).textContent).toBe('चेतावनी 7 सुलझी हुई दर्ज हुई।');
    expect(await screen.findByTestId('alerts-none')).toBeTruthy();
  });

  it('an alert someone else resolved meanwhile is said so and the list reloads', async () => {
    fakeServer({
      'GET /me': { json: meOf('admin') },
      'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
      'GET /alerts?state=open': { json: { alerts: [FORK] } },
      'POST /alerts/7/resolve': { status: 409, json: { error: 'already_resolved', message: 'alert 7 was resolved by other' } },
    });
    const row = await openAlerts();
    fireEvent.click(within(row).getByRole('button', { name: 'Resolve alert 7' }));
    fireEvent.change(screen.getByLabelText(/^Note/), { target: { value: 'looked at it' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('alert-submit'));
    });
    expect(screen.getByTestId('alert-problem').textContent).toBe('Someone has already resolved this alert. The list is reloaded.');
  });

  it('a viewer sees the alert and its message but no buttons, and is told the evidence is for admins', async () => {
    fakeServer({
      'GET /me': { json: meOf('viewer') },
      'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
      'GET /alerts?state=open': { json: { alerts: [FORK] } },
    });
    const row = await openAlerts();
    expect(within(row).queryAllByRole('button')).toEqual([]);
    expect(row.textContent).toContain('a different signed event at seq 12');
    expect(row.textContent).toContain('The fork’s two events are shown to administrators only.');
  });
});
