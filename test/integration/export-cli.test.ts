// The supervisor's exports from the command line, through the real `counterfoil` launcher: each
// format with its signed manifest, verify-export genuine for each, and altered for a changed
// byte in the file, a changed manifest, or another terminal's key.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportManifest } from '../../shared/export-manifest.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';
import { counterfoil } from '../support/launcher.js';
import { PINS } from '../support/terminal.js';

let day: ReportDay;
let data: string;
let out: string;

const cf = counterfoil;

beforeAll(async () => {
  day = await terminalWithDay();
  data = join(day.tt.dir, 'terminal');
  out = day.tt.dir;
});
afterAll(() => day.tt.close());

/** A copy of `file` with one byte changed in the middle, and its manifest beside it unchanged. */
function alteredCopy(file: string): string {
  const bytes = readFileSync(file);
  const i = Math.floor(bytes.length / 2);
  bytes[i] = bytes[i]! ^ 0x01;
  const copy = `${file}.altered`;
  writeFileSync(copy, bytes);
  return copy;
}

describe('counterfoil export and verify-export', () => {
  for (const format of ['csv', 'xlsx', 'pdf'] as const) {
    it(`${format}: writes the file and its signed manifest; genuine as written, altered after one changed byte`, () => {
      const file = join(out, `day.${format}`);
      const r = cf('--data', data, 'export', '--date', REPORT_DAY, '--format', format, '--out', file);
      expect(r.code, r.err).toBe(0);
      const said = JSON.parse(r.out);
      expect(said).toMatchObject({ file, manifest: `${file}.manifest.json`, from: REPORT_DAY, to: REPORT_DAY, payments: 6 });
      const manifest = ExportManifest.parse(JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')));
      expect(manifest.file).toMatchObject({ format, bytes: readFileSync(file).length, sha256: said.sha256 });
      expect(manifest.summary.totals.totalPaise).toBe(said.totalPaise);

      const genuine = cf('--data', data, 'verify-export', file);
      expect(genuine.code, genuine.err).toBe(0);
      expect(genuine.out).toMatch(/^GENUINE: 2026-11-26, 6 payments, ₹13,284.06, signed by terminal T[0-9A-F]{12} key [0-9a-f]{16}$/);
      // Without --data or --key the manifest's own key is used, and the output says to check it.
      expect(cf('verify-export', file).out).toMatch(/^GENUINE: .*check it against the central server/);

      const altered = cf('verify-export', alteredCopy(file), '--manifest', `${file}.manifest.json`);
      expect(altered.code).toBe(1);
      expect(altered.out).toMatch(/^ALTERED: the file is not the one signed: its SHA-256 is [0-9a-f]{64}, the manifest names [0-9a-f]{64}$/);
    });
  }

  it('refuses a manifest whose figures were changed, and another terminal’s key', () => {
    const file = join(out, 'day.csv');
    const m = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
    m.summary.totals.totalPaise += 100_00;
    writeFileSync(join(out, 'edited.manifest.json'), JSON.stringify(m));
    const edited = cf('verify-export', file, '--manifest', join(out, 'edited.manifest.json'));
    expect(edited.code).toBe(1);
    expect(edited.out).toBe('ALTERED: the manifest’s signature does not hold: the manifest was altered');

    const other = join(out, 'other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const wrongKey = cf('verify-export', file, '--key', other);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toMatch(/^ALTERED: signed by key [0-9a-f]{16}, not by this terminal’s key [0-9a-f]{16}$/);

    writeFileSync(join(out, 'junk.manifest.json'), '{"format":"something-else"}');
    expect(cf('verify-export', file, '--manifest', join(out, 'junk.manifest.json')).out).toMatch(/^ALTERED: the manifest is not a counterfoil-export\/1 manifest/);
  });

  it('never overwrites an export, and says what is wrong with bad arguments', () => {
    const file = join(out, 'day.csv');
    const before = readFileSync(file);
    const again = cf('--data', data, 'export', '--date', REPORT_DAY, '--format', 'csv', '--out', file);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists already; an export never overwrites one/);
    expect(readFileSync(file)).toEqual(before);
    expect(cf('--data', data, 'export', '--date', REPORT_DAY, '--format', 'docx', '--out', join(out, 'x.docx')).err).toMatch(/--format is csv, xlsx or pdf/);
    const badRange = cf('--data', data, 'export', '--date', REPORT_DAY, '--to-date', '2026-11-01', '--format', 'csv', '--out', join(out, 'x.csv'));
    expect(badRange.code).toBe(1);
    expect(badRange.err).toMatch(/ends \(2026-11-01\) before it starts/);
    expect(existsSync(join(out, 'x.csv'))).toBe(false);
    expect(cf('verify-export', join(out, 'missing.csv')).err).toMatch(/cannot read .*missing\.csv/);
  });

  it('day close refuses while a shift is open, naming it', () => {
    const r = cf('--data', data, 'day', 'close', '--user', 'meena', '--pin', PINS.meena, '--date', REPORT_DAY);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/still has open shifts \(2 ravi\)/);
  });
});
