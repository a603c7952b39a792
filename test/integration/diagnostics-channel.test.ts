// "Save diagnostics" from the settings screen: the diagnostics.save channel through the contract's
// dispatch (in-process, cloned like IPC). A supervisor's session only; the bundle is the very
// bytes `counterfoil diagnostics` writes (one function builds both), gunzips to the report with
// versions, the journal check and the logs, and holds no private key, PIN hash or salt, or session.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDiagnostics } from '../../core/diagnostics.js';
import { createLogger, LOG_FILE } from '../../core/log.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import type { Output } from '../../shared/contract.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
let cashier: string;
let supervisor: string;
let secrets: { name: string; value: string }[];

beforeAll(async () => {
  tt = await makeTerminal();
  cashier = await tt.login('asha');
  supervisor = await tt.login('meena');
  await tt.call('payment.record', { session: cashier, idempotencyKey: 'diag-channel-1', accountNo: demoAccountNo(1), amountPaise: 50_000, mode: 'cash', autoOpenShift: true });
  const pem = readFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), 'utf8');
  // Something careless logged: the log's redaction keeps it out of the file and so out of the bundle.
  const log = createLogger(tt.t.dataDir);
  log.info('test.line', { receiptNo: 'SS042-C1-2627-000001' });
  log.warn('test.careless', { pin: PINS.meena, session: supervisor, detail: `key ${pem}` });
  log.close();
  const users = tt.t.db.prepare('SELECT pin_hash, pin_salt FROM users').all() as { pin_hash: Buffer; pin_salt: Buffer }[];
  secrets = [
    ...pem.split('\n').filter((l) => l && !l.startsWith('-----')).map((value) => ({ name: 'private key PEM line', value })),
    { name: 'cashier session', value: cashier },
    { name: 'supervisor session', value: supervisor },
    ...users.flatMap((u) => [u.pin_hash, u.pin_salt].flatMap((b) => [
      { name: 'PIN hash/salt (hex)', value: b.toString('hex') },
      { name: 'PIN hash/salt (base64)', value: b.toString('base64') },
    ])),
  ];
});

afterAll(() => tt.close());

describe('diagnostics.save', () => {
  it('refuses a cashier, a bad session and an unknown one', async () => {
    const asCashier = await tt.api['diagnostics.save']({ session: cashier });
    expect(!asCashier.ok && asCashier.error.code).toBe('SUPERVISOR_REQUIRED');
    const malformed = await tt.api['diagnostics.save']({ session: 'nope' });
    expect(!malformed.ok && malformed.error.code).toBe('SESSION_INVALID');
    const unknown = await tt.api['diagnostics.save']({ session: 'f'.repeat(32) });
    expect(!unknown.ok && unknown.error.code).toBe('SESSION_INVALID');
    const extra = await tt.dispatch('diagnostics.save', { session: supervisor, to: '/tmp' });
    expect(!extra.ok && extra.error.code).toBe('INVALID_INPUT');
  });

  describe('for a supervisor', () => {
    let out: Output<'diagnostics.save'>;
    let gz: Buffer;
    let text: string;
    let report: Record<string, any>; // the parsed bundle, checked field by field below

    beforeAll(async () => {
      out = await tt.call('diagnostics.save', { session: supervisor });
      gz = Buffer.from(out.base64, 'base64');
      text = gunzipSync(gz).toString('utf8');
      report = JSON.parse(text);
    });

    it('is a named .json.gz with its SHA-256, as report.export hands a file', () => {
      expect(out.fileName).toMatch(new RegExp(`^counterfoil-diagnostics-${tt.t.id}-\\d{8}T\\d{6}Z\\.json\\.gz$`));
      expect(out.contentType).toBe('application/gzip');
      expect(out.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
      expect(gz.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    });

    it('gunzips to the report: versions, identity, the journal check, sync and the logs', () => {
      expect(report.format).toBe('counterfoil-diagnostics/1');
      expect(report.generatedAt).toBe(tt.clock.now.toISOString());
      expect(report.versions).toMatchObject({ app: expect.any(String), node: process.versions.node, sqlite: expect.stringMatching(/^3\.\d+/) });
      expect(report.terminal).toMatchObject({ id: tt.t.id, substation: 'SS042', counter: 'C1', keyId: tt.t.signer.keyId });
      expect(report.verify).toMatchObject({ ok: true, headSeq: report.terminal.headSeq, faults: [] });
      expect(report.terminal.headSeq).toBeGreaterThanOrEqual(2);
      expect(report.sync).toMatchObject({ enrolled: false });
      expect(report.logs.map((l: { file: string }) => l.file)).toEqual([LOG_FILE]);
      const events = (report.logs[0].text as string).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events.map((e) => e.event)).toEqual(['test.line', 'test.careless']);
      expect(events[1]).toMatchObject({ pin: '[redacted]', session: '[redacted]', detail: expect.stringMatching(/^key \[redacted PEM\]\s*$/) });
    });

    it('contains no private key, PIN hash or salt, or session', () => {
      expect(secrets.length).toBeGreaterThan(8);
      for (const s of secrets) expect(text.includes(s.value), s.name).toBe(false);
      expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
      expect(text).not.toMatch(/pin_hash|pin_salt/);
    });

    it('is the very file `counterfoil diagnostics` writes at the same moment', () => {
      const dir = tempDir('counterfoil-diag-channel-');
      try {
        const saved = saveDiagnostics(tt.t, dir);
        expect(readdirSync(dir)).toEqual([out.fileName]);
        expect(readFileSync(saved.file).equals(gz)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
