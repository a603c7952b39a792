// @vitest-environment jsdom
// The collections screen: dates typed day first are asked as YYYY-MM-DD with the dimensions ticked;
// the table has a column for each dimension grouped by (and none for the others), amounts in
// rupees, late entries and a totals row; a refusal (400) is said by its code, in Hindi too; an
// export saves the file and its manifest as two downloads.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CollectionsReport } from '../../shared/console-api.js';
import { App } from '../../console/app/App.js';
import { useSession } from '../../console/app/session.js';
import { fakeServer, meOf, resetConsole } from './fake-server.js';

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const BY_COUNTER_MODE: CollectionsReport = {
  from: '2026-12-01', to: '2026-12-07', by: ['counter', 'mode'], substation: null,
  rows: [
    { substation: 'SS042', counter: 'C1', terminalId: 'T00000000000A', mode: 'cash', payments: 3, amountPaise: 1_234_500, voids: 1, voidedPaise: 50_000, late: 0 },
    { substation: 'SS042', counter: 'C1', terminalId: 'T00000000000A', mode: 'upi', payments: 2, amountPaise: 20_000, voids: 0, voidedPaise: 0, late: 1 },
  ],
  totals: { payments: 5, amountPaise: 1_254_500, voids: 1, voidedPaise: 50_000, late: 1 },
};
const BY_DAY: CollectionsReport = {
  ...BY_COUNTER_MODE, by: ['day'],
  rows: [{ day: '2026-12-02', payments: 5, amountPaise: 1_254_500, voids: 1, voidedPaise: 50_000, late: 1 }],
};

const routes = {
  'GET /me': { json: meOf('finance') },
  'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
  'GET /collections?from=2026-12-01&to=2026-12-07&by=counter,mode': { json: BY_COUNTER_MODE },
  'GET /collections?from=2026-12-01&to=2026-12-07&by=day': { json: BY_DAY },
  'GET /collections?from=2025-01-01&to=2026-12-07&by=counter,mode': {
    status: 400, json: { error: 'invalid_query', message: 'one report covers at most 366 days' },
  },
};

async function openCollections() {
  render(<App />);
  await screen.findByRole('navigation');
  await act(async () => {
    fireEvent.click(screen.getByTestId('nav-collections'));
  });
  await screen.findByRole('heading', { name: 'Collections', level: 1 });
}

const show = () => act(async () => {
  fireEvent.click(screen.getByTestId('collections-show'));
});
const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent);
const headers = () => within(screen.getByTestId('collections-table')).getAllByRole('columnheader').map((h) => h.textContent);

describe('the collections screen', () => {
  it('groups as ticked: a column for each dimension, rupees, late entries and a totals row', async () => {
    const sent = fakeServer(routes);
    await openCollections();
    // Defaults: this month to today, by counter and mode.
    expect((screen.getByLabelText('From (dd-mm-yyyy)') as HTMLInputElement).value).toMatch(/^01-\d{2}-\d{4}$/);
    expect((screen.getByRole('checkbox', { name: 'Counter (terminal)' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Mode' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Business day' }) as HTMLInputElement).checked).toBe(false);

    fireEvent.change(screen.getByLabelText('From (dd-mm-yyyy)'), { target: { value: '01-12-2026' } });
    fireEvent.change(screen.getByLabelText('To (dd-mm-yyyy)'), { target: { value: '07/12/2026' } });
    await show();
    expect(sent.at(-1)).toEqual({ method: 'GET', path: '/collections?from=2026-12-01&to=2026-12-07&by=counter,mode', body: undefined });
    expect(headers()).toEqual(['Substation', 'Counter', 'Terminal', 'Mode', 'Payments', 'Amount', 'Voided', 'Voided amount', 'Late entries']);
    const rows = screen.getAllByTestId('collections-row').map(cells);
    expect(rows).toEqual([
      ['SS042', 'C1', 'T00000000000A', 'cash', '3', '₹12,345.00', '1', '₹500.00', '0'],
      ['SS042', 'C1', 'T00000000000A', 'UPI', '2', '₹200.00', '0', '₹0.00', '1'],
    ]);
    const totals = cells(screen.getByTestId('collections-totals'));
    expect(totals).toEqual(['Total', '5', '₹12,545.00', '1', '₹500.00', '1']);
    expect(screen.getByTestId('collections-totals').querySelector('th')!.colSpan).toBe(4);

    // By day alone: only the day's column, whatever was ticked before.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Counter (terminal)' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mode' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Business day' }));
    await show();
    expect(sent.at(-1)!.path).toBe('/collections?from=2026-12-01&to=2026-12-07&by=day');
    expect(headers()).toEqual(['Business day', 'Payments', 'Amount', 'Voided', 'Voided amount', 'Late entries']);
    expect(within(screen.getByTestId('collections-row')).getByRole('rowheader').textContent).toBe('02-12-2026');

    // In Hindi: the headings and the mode in words.
    fireEvent.click(screen.getByTestId('language'));
    expect(headers()[0]).toBe('कारोबारी दिन');
    expect(within(screen.getByTestId('collections-totals')).getByRole('rowheader').textContent).toBe('कुल');
  });

  it('a date not written day first is refused on the page; a 400 is said by its code, in Hindi too', async () => {
    const sent = fakeServer(routes);
    await openCollections();
    fireEvent.change(screen.getByLabelText('From (dd-mm-yyyy)'), { target: { value: '2026-12-01' } });
    await show();
    expect(screen.getByTestId('collections-problem').textContent).toBe('Write the dates day first, e.g. 05-12-2026.');
    expect(sent.filter((s) => s.path.startsWith('/collections'))).toEqual([]);

    fireEvent.change(screen.getByLabelText('From (dd-mm-yyyy)'), { target: { value: '01-01-2025' } });
    fireEvent.change(screen.getByLabelText('To (dd-mm-yyyy)'), { target: { value: '07-12-2026' } });
    await show();
    expect(screen.getByTestId('collections-problem').textContent).toBe('The server refused this report: one report covers at most 366 days');
    fireEvent.click(screen.getByTestId('language'));
    expect(screen.getByTestId('collections-problem').textContent).toBe('सर्वर ने यह रिपोर्ट अस्वीकार की: one report covers at most 366 days');
    expect(screen.queryByTestId('collections-table')).toBeNull();
  });

  it('an export saves two files: the report and its manifest', async () => {
    const manifest = { format: 'counterfoil-central-export/1', signature: 'sig' };
    fakeServer({
      ...routes,
      'GET /collections/export?from=2026-12-01&to=2026-12-07&by=counter,mode&format=csv': {
        json: { fileName: 'collections_2026-12-01_2026-12-07.csv', file: btoa('a,b\n1,2\n'), manifest },
      },
    });
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
    await openCollections();
    fireEvent.change(screen.getByLabelText('From (dd-mm-yyyy)'), { target: { value: '01-12-2026' } });
    fireEvent.change(screen.getByLabelText('To (dd-mm-yyyy)'), { target: { value: '07-12-2026' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    });
    expect(saved.map((s) => s.name)).toEqual(['collections_2026-12-01_2026-12-07.csv', 'collections_2026-12-01_2026-12-07.csv.manifest.json']);
    expect(await saved[0]!.blob.text()).toBe('a,b\n1,2\n');
    expect(JSON.parse(await saved[1]!.blob.text())).toEqual(manifest);
    expect(screen.getByTestId('collections-status').textContent).toBe('Saved collections_2026-12-01_2026-12-07.csv and collections_2026-12-01_2026-12-07.csv.manifest.json.');
    expect(screen.getByText(/counterfoil verify-export FILE --key centre\.pem/)).toBeTruthy();
  });

  it('is not offered to a viewer', async () => {
    fakeServer({ ...routes, 'GET /me': { json: meOf('viewer') } });
    render(<App />);
    await screen.findByRole('navigation');
    expect(screen.queryByTestId('nav-collections')).toBeNull();
    expect(useSession.getState().screen).toBe('census');
  });
});
