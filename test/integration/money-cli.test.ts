// Issue 18 from the server's command line, as an operator's nightly job runs it (in-process, on a
// PGlite folder): a bank's CSV mapping saved, statements imported (MT940, then CSV), a reconcile,
// the monitor as JSON lines, and the morning's exceptions exported as a PDF with its signed manifest;
// a statement that does not add up is one line on stderr, exit 2, nothing imported.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { verifyExport } from '../../core/reports/export.js';
import type { ParsedStatement } from '../../shared/bank-statement.js';
import { main } from '../../upstream/cli.js';
import { csvOf, mt940Of } from '../support/statement-files.js';
import { tempDir } from '../support/terminal.js';

const dir = tempDir('counterfoil-money-cli-');
const data = join(dir, 'up');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command line in this process: its exit status and what it wrote. */
async function run(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { status: await main(['--data', data, ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const statement = (from: string, to: string, opening: number, lines: [string, 'credit' | 'debit', number, string][]): ParsedStatement => {
  const ls = lines.map(([bookedOn, direction, amountPaise, narration], i) => ({ line: i + 1, bookedOn, valueOn: bookedOn, amountPaise, direction, narration, reference: '' }));
  const closing = ls.reduce((b, l) => b + (l.direction === 'credit' ? l.amountPaise : -l.amountPaise), opening);
  return { format: 'mt940', account: '30991234567', statementId: `S${from}`, from, to, openingPaise: opening, closingPaise: closing, lines: ls };
};

it('imports statements, reconciles, lists the monitor and exports the morning’s exceptions signed; an unbalanced statement is refused in one line', async () => {
  const first = statement('2026-12-01', '2026-12-02', 5_000_00, [['2026-12-01', 'credit', 1_200_00, 'CASH DEP SLIP 991'], ['2026-12-02', 'debit', 90_00, 'CHARGES']]);
  const second = statement('2026-12-03', '2026-12-04', first.closingPaise, [['2026-12-03', 'credit', 77_00, 'INTEREST']]);
  const csv = csvOf({ ...second, format: 'csv' }, 'split');
  writeFileSync(join(dir, 'first.sta'), mt940Of(first));
  writeFileSync(join(dir, 'second.csv'), csv.text);
  writeFileSync(join(dir, 'mapping.json'), JSON.stringify(csv.input.mapping));
  const unbalanced = mt940Of({ ...first, closingPaise: first.closingPaise + 1 });
  writeFileSync(join(dir, 'bad.sta'), unbalanced);

  expect(await run('bank-mapping', '--bank', 'SBI', join(dir, 'mapping.json'))).toMatchObject({ status: 0 });
  const a = await run('import-statement', join(dir, 'first.sta'), '--format', 'mt940');
  expect(a.status, a.err).toBe(0);
  expect(JSON.parse(a.out)).toMatchObject({ entries: 2, added: 2, repeated: false });
  const b = await run('import-statement', join(dir, 'second.csv'), '--format', 'csv', '--bank', 'SBI', '--account', '30991234567');
  expect(b.status, b.err).toBe(0);
  const bad = await run('import-statement', join(dir, 'bad.sta'), '--format', 'mt940');
  expect(bad.status).toBe(2);
  expect(bad.err.trim().split('\n')).toHaveLength(1);
  expect(bad.err).toMatch(/closing/i);
  expect((await run('import-statement', join(dir, 'first.sta'))).status).toBe(2); // no --format
  expect(JSON.parse((await run('reconcile', '--from', '2026-12-01', '--to', '2026-12-04')).out)).toMatchObject({ statementMatches: 0 });
  expect((await run('money', '--from', '2026-12-01', '--to', '2026-12-04', '--as-of', '2026-12-09')).out).toBe(''); // no counter traded
  const x = await run('exceptions', '--as-of', '2026-12-05', '--export', 'pdf', '--out', dir);
  expect(x.status, x.err).toBe(0);
  const { file, manifest } = JSON.parse(x.out) as { file: string; manifest: string };
  const verdict = verifyExport(readFileSync(file), readFileSync(manifest, 'utf8'));
  expect(verdict).toMatchObject({ genuine: true, count: 0 });
  const report = JSON.parse((await run('exceptions', '--as-of', '2026-12-05')).out) as { unexplained: { narration: string }[] };
  expect(report.unexplained.map((e) => e.narration)).toEqual(['CASH DEP SLIP 991', 'CHARGES', 'INTEREST']);
}, 60_000);
