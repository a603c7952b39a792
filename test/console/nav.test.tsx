// @vitest-environment jsdom
// Each role sees the sections its capabilities allow (shared/console-api.ts ROLE_CAPABILITIES),
// and no more: a viewer has no admin log, collections or money, an auditor no users, enrollment or import.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROLES } from '../../shared/console-api.js';
import { App } from '../../console/app/App.js';
import { screensFor } from '../../console/app/nav.js';
import { fakeServer, meOf, resetConsole } from './fake-server.js';

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const EXPECTED = {
  admin: ['Counters', 'Alerts', 'Admin log', 'Users', 'Enroll a terminal', 'Consumers'],
  finance: ['Counters', 'Alerts', 'Collections', 'Money'],
  auditor: ['Counters', 'Alerts', 'Collections', 'Money', 'Admin log'],
  viewer: ['Counters', 'Alerts'],
} as const;

describe('console navigation by capability', () => {
  it.each(ROLES)('a signed-in %s sees only the sections their role allows', async (role) => {
    fakeServer({ 'GET /me': { json: meOf(role) }, 'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } } });
    render(<App />);
    const nav = await screen.findByRole('navigation', { name: 'Console sections' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(EXPECTED[role]);
    expect(screen.getByTestId('who').textContent).toBe(`Signed in: ${role}1 (${{ admin: 'administrator', finance: 'finance officer', auditor: 'internal auditor', viewer: 'viewer' }[role]})`);
  });

  it('in Hindi too, and the section shown is the one chosen', async () => {
    fakeServer({
      'GET /me': { json: meOf('auditor') },
      'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
      'GET /admin-log': { json: { entries: [] } },
    });
    render(<App />);
    const nav = await screen.findByRole('navigation');
    fireEvent.click(screen.getByTestId('language'));
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['काउंटर', 'चेतावनियाँ', 'वसूली', 'धनराशि', 'प्रशासन लॉग']);
    await act(async () => {
      fireEvent.click(within(nav).getByRole('button', { name: 'प्रशासन लॉग' }));
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('प्रशासन लॉग');
    expect(within(nav).getByRole('button', { name: 'प्रशासन लॉग' }).getAttribute('aria-current')).toBe('page');
  });

  it('screensFor follows the capabilities, not the role name', () => {
    expect(screensFor(['fleet.read'])).toEqual(['census', 'alerts']);
    expect(screensFor(['fleet.read', 'users.admin'])).toEqual(['census', 'alerts', 'users']);
    expect(screensFor([])).toEqual([]);
  });
});
