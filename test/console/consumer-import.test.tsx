// @vitest-environment jsdom
// The consumer master import: the CSV goes up as one multipart field `file` with its progress
// shown (a labelled progress bar and a percentage), then the job is followed — "Checking every
// record", "Importing" with how far into the file — to its outcome: a refused file's bad records
// listed by number and field with how many in all, in Hindi too; or done, with what changed.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportJob } from '../../shared/console-api.js';
import { App } from '../../console/app/App.js';
import { fakeServer, meOf, resetConsole, uploadPace } from './fake-server.js';

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  uploadPace([], 0);
});

const JOB: ImportJob = {
  id: 'job1', name: 'consumers.csv', by: 'admin1', bytes: 2_000, startedAt: '2026-12-07T04:30:00.000Z',
  phase: 'checking', bytesDone: 0, records: 0, errorCount: 0, errors: [], changed: null, message: null, finishedAt: null,
};

/** The job as successive polls see it. */
function jobRoutes(seen: Partial<ImportJob>[]) {
  let i = 0;
  return {
    'GET /me': { json: meOf('admin') },
    'GET /census': { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } },
    'POST /consumers/import': { json: JOB },
    'GET /consumers/import/job1': () => ({ json: { ...JOB, ...seen[Math.min(i++, seen.length - 1)] } }),
  };
}

async function openImport() {
  render(<App />);
  await screen.findByRole('navigation');
  await act(async () => {
    fireEvent.click(screen.getByTestId('nav-consumerImport'));
  });
  await screen.findByRole('heading', { name: 'Consumer master import', level: 1 });
}

function chooseFile(name = 'consumers.csv', bytes = 2_000) {
  const file = new File(['x'.repeat(bytes)], name, { type: 'text/csv' });
  fireEvent.change(screen.getByLabelText('Consumer master (CSV file)'), { target: { files: [file] } });
}

describe('the consumer master import screen', () => {
  it('shows the upload, then checking, then a refused file’s bad records — in Hindi too', async () => {
    uploadPace([0.5, 1], 120);
    const sent = fakeServer(jobRoutes([
      { bytesDone: 1_000, records: 4 },
      {
        phase: 'refused', bytesDone: 2_000, records: 9, errorCount: 2, finishedAt: '2026-12-07T04:30:02.000Z',
        message: '2 of 9 records are not right: nothing was imported',
        errors: [
          { record: 1, field: 'accountNo', message: 'an account no. is 6–16 letters or digits' },
          { record: 7, field: 'mobile', message: 'a mobile no. is 10 digits (or empty)' },
        ],
      },
    ]));
    await openImport();
    expect(screen.getByLabelText('Consumer master (CSV file)').getAttribute('accept')).toBe('.csv,text/csv');

    // No file: said, nothing sent.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    });
    expect(screen.getByTestId('import-problem').textContent).toBe('Choose a CSV file first.');

    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    const upload = await screen.findByRole('progressbar', { name: 'Uploading consumers.csv' });
    await vi.waitFor(() => expect(screen.getByTestId('upload-progress-text').textContent).toBe('50% (1000 B of 2.0 KB)'));
    expect(upload.getAttribute('value')).toBe('50');
    expect(sent.find((s) => s.method === 'POST')).toEqual({ method: 'POST', path: '/consumers/import', body: [{ field: 'file', name: 'consumers.csv', size: 2_000 }] });

    // The job, followed: checking, half-way through the file.
    await vi.waitFor(() => expect(screen.getByTestId('job-progress-text').textContent).toBe('50% (1000 B of 2.0 KB)'), { timeout: 2_000 });
    expect(screen.getByTestId('import-phase').textContent).toBe('Checking every record');
    expect(screen.getByRole('progressbar', { name: 'Checking every record — consumers.csv' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Upload and import' }) as HTMLButtonElement).disabled).toBe(true);

    // Refused: nothing written, the bad records listed, how many in all.
    const refused = await screen.findByTestId('import-refused', {}, { timeout: 2_000 });
    expect(within(refused).getByRole('alert').textContent).toContain('Refused: nothing was imported from consumers.csv.');
    expect(screen.getByTestId('import-bad-count').textContent).toBe('2 of 9 records are not right, listed below. Correct them and upload the file again.');
    const rows = within(screen.getByTestId('import-errors')).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Record', 'Field', 'What is wrong'],
      ['1', 'accountNo', 'an account no. is 6–16 letters or digits'],
      ['7', 'mobile', 'a mobile no. is 10 digits (or empty)'],
    ]);
    expect(screen.queryByRole('progressbar')).toBeNull();

    fireEvent.click(screen.getByTestId('language'));
    expect(screen.getByTestId('import-bad-count').textContent).toBe('9 में से 2 रिकॉर्ड सही नहीं हैं, नीचे दिए हैं। इन्हें ठीक करके फ़ाइल फिर से भेजें।');
    expect(within(screen.getByTestId('import-errors')).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['रिकॉर्ड', 'फ़ील्ड', 'क्या गलत है']);
    expect((screen.getByRole('button', { name: 'भेजें और आयात करें' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('more bad records than listed: says how many in all; a refusal with no count says the server’s words', async () => {
    const errors = Array.from({ length: 100 }, (_, i) => ({ record: i + 1, field: 'meterNo', message: 'a meter no. is 4–20 letters, digits or dashes' }));
    fakeServer(jobRoutes([{ phase: 'refused', bytesDone: 2_000, records: 600, errorCount: 250, errors, message: '250 of 600 records are not right: nothing was imported' }]));
    await openImport();
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    await screen.findByTestId('import-refused', {}, { timeout: 2_000 });
    expect(screen.getByTestId('import-bad-count').textContent).toBe('250 of 600 records are not right; the first 100 are listed. Correct them and upload the file again.');
    expect(within(screen.getByTestId('import-errors')).getAllByRole('row')).toHaveLength(101);
    expect(screen.queryByTestId('import-message')).toBeNull();
    cleanup();

    fakeServer(jobRoutes([{ phase: 'refused', bytesDone: 2_000, message: 'consumers.csv: the header lacks mobile (columns are …)' }]));
    await openImport();
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    expect((await screen.findByTestId('import-message', {}, { timeout: 2_000 })).textContent).toBe('consumers.csv: the header lacks mobile (columns are …)');
    expect(screen.queryByTestId('import-errors')).toBeNull();
  });

  it('a clean file: checking, importing, then done with what changed', async () => {
    fakeServer(jobRoutes([
      { phase: 'importing', bytesDone: 500, records: 12 },
      { phase: 'done', bytesDone: 2_000, records: 12, changed: 10, finishedAt: '2026-12-07T04:30:03.000Z' },
    ]));
    await openImport();
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    await vi.waitFor(() => expect(screen.getByTestId('import-phase').textContent).toBe('Checking every record'));
    await vi.waitFor(() => expect(screen.getByTestId('import-phase').textContent).toBe('Importing'), { timeout: 2_000 });
    expect(screen.getByTestId('job-progress-text').textContent).toBe('25% (500 B of 2.0 KB)');
    expect((await screen.findByTestId('import-done', {}, { timeout: 2_000 })).textContent).toBe('Imported consumers.csv: 12 records read, 10 consumers new or changed.');
  });

  it('a refusal of the upload itself is said by its code', async () => {
    fakeServer({ ...jobRoutes([]), 'POST /consumers/import': { status: 413, json: { error: 'body_too_large', message: 'the file is larger than 512 MB: nothing was imported' } } });
    await openImport();
    chooseFile();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    });
    await vi.waitFor(() => expect(screen.getByTestId('import-problem').textContent).toBe('The file is too large for the centre: the file is larger than 512 MB: nothing was imported'));
  });
});
