// @vitest-environment jsdom
// The audit pack on a terminal's page: offered to admins, finance and auditors (audit.pack), not to
// a viewer; dates typed day first are sent as YYYY-MM-DD; the answer is saved as the .tar with its
// SHA-256 and the server key's fingerprint shown; a date not written day first sends nothing; the
// centre's refusals are said by their codes, in Hindi too.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TerminalPage } from '../../shared/console-api.js';
import { App } from '../../console/app/App.js';
import { useSession } from '../../console/app/session.js';
import { useLang } from '../../console/i18n/lang.js';
import { fakeServer, meOf, resetConsole } from './fake-server.js';

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const ID = 'T3FA9C01B22E4';
const PAGE: TerminalPage = {
  terminal: {
    terminalId: ID, substation: 'SS042', counter: 'C1', keyId: '9c1f0e2d3b4a5968', enrolledAt: '2026-11-01T04:00:00.000Z', lastContactAt: '2026-12-07T04:00:00.000Z',
    headSeq: 40, headReceivedAt: '2026-12-07T04:00:00.000Z', paymentsToday: 0, frozen: null, revoked: null, appVersion: '0.1.0', eventsToday: 0, clockSkewSeconds: 0,
    replacedBy: null, replacedAt: null, lastClosedDay: '2026-12-06', unclosedDays: [], highAlerts: 0, light: 'green', reasons: [],
  },
  keys: [{ keyId: '9c1f0e2d3b4a5968', fromSeq: 1, toSeq: null }],
  days: [],
  alerts: [],
  outOfService: [],
};
const TAR = 'bWFuaWZlc3QuanNvbgAA'; // any bytes: the console saves what the centre answers
const ANSWER = {
  fileName: `counterfoil-audit-${ID}-2026-12-01_2026-12-06.tar`, file: TAR, sha256: 'ab'.repeat(32), firstSeq: 12, lastSeq: 40, fingerprint: '0123456789abcdef'.repeat(4),
};

function routes(role: 'admin' | 'finance' | 'auditor' | 'viewer', answer: (body: unknown) => { status?: number; json: unknown } = () => ({ json: ANSWER })) {
  return {
    'GET /me': { json: meOf(role) },
    'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
    [`GET /terminals/${ID}`]: { json: PAGE },
    [`POST /terminals/${ID}/audit-pack`]: answer,
  };
}

async function openTerminal() {
  render(<App />);
  await screen.findByRole('navigation');
  await act(async () => {
    useSession.getState().openTerminal(ID);
  });
  await screen.findByRole('heading', { level: 1, name: new RegExp(ID) });
}

function captureDownloads(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.stubGlobal('URL', Object.assign(URL, {
    createObjectURL: (b: Blob) => {
      const u = `blob:test/${blobs.size}`;
      blobs.set(u, b);
      return u;
    },
    revokeObjectURL: () => undefined,
  }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  return saved;
}

const fill = (from: string, to: string) => {
  const form = screen.getByRole('form', { name: /Audit pack|ऑडिट पैक/ });
  fireEvent.change(form.querySelector('input[name="pack-from"]')!, { target: { value: from } });
  fireEvent.change(form.querySelector('input[name="pack-to"]')!, { target: { value: to } });
};
const make = () => act(async () => {
  fireEvent.click(screen.getByRole('button', { name: /Make and download the pack|पैक बनाएँ और डाउनलोड करें/ }));
});

describe('the audit pack on a terminal’s page', () => {
  it.each(['admin', 'finance', 'auditor'] as const)('a %s makes the pack for the typed dates and saves it, with its SHA-256 and the key fingerprint shown', async (role) => {
    const sent = fakeServer(routes(role));
    const saved = captureDownloads();
    await openTerminal();
    fill('01-12-2026', '06-12-2026');
    await make();
    expect(sent.filter((s) => s.method === 'POST')).toEqual([{ method: 'POST', path: `/terminals/${ID}/audit-pack`, body: { from: '2026-12-01', to: '2026-12-06' } }]);
    expect(saved.map((s) => s.name)).toEqual([ANSWER.fileName]);
    expect(new Uint8Array(await saved[0]!.blob.arrayBuffer())).toEqual(Uint8Array.from(atob(TAR), (c) => c.charCodeAt(0)));
    expect(saved[0]!.blob.type).toBe('application/x-tar');
    const status = screen.getByTestId('pack-made').textContent!;
    expect(status).toContain(ANSWER.sha256);
    expect(status).toContain('0123 4567 89ab cdef');
    expect(status).toContain('seq 12–40');
  });

  it('is not offered to a viewer', async () => {
    fakeServer(routes('viewer'));
    await openTerminal();
    expect(screen.queryByRole('form', { name: 'Audit pack' })).toBeNull();
    expect(screen.queryByText('Make and download the pack')).toBeNull();
  });

  it('sends nothing for a date not written day first, and says the centre’s refusals by their codes, in Hindi too', async () => {
    const sent = fakeServer(routes('auditor', (body) => ((body as { from: string }).from === '2026-12-10'
      ? { status: 422, json: { error: 'empty_range', message: `the centre holds no event of ${ID} from 2026-12-10 to 2026-12-11` } }
      : { status: 400, json: { error: 'invalid_range', message: 'the range runs from its first day to its last' } })));
    const saved = captureDownloads();
    await openTerminal();
    fill('2026-12-01', '06-12-2026');
    await make();
    expect(sent.filter((s) => s.method === 'POST')).toEqual([]);
    expect(screen.getByTestId('pack-problem').textContent).toBe('Write the dates day first, e.g. 05-12-2026.');
    fill('10-12-2026', '11-12-2026');
    await make();
    expect(screen.getByTestId('pack-problem').textContent).toBe('The centre holds nothing of this terminal on these days.');
    await act(async () => {
      useLang.setState({ lang: 'hi' });
    });
    fill('06-12-2026', '01-12-2026');
    await make();
    expect(screen.getByTestId('pack-problem').textContent).toBe('इन तिथियों से ऑडिट पैक नहीं बन सकता: the range runs from its first day to its last');
    expect(saved).toEqual([]);
    expect(screen.queryByTestId('pack-made')).toBeNull();
  });
});
