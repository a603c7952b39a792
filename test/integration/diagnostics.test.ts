// "Save diagnostics" through the real `counterfoil` launcher: one gzipped JSON file with versions,
// identity, the journal check, sync, printer settings and the logs — and none of the secrets.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import { findUser } from '../../core/auth/users.js';
import { startRuntime } from '../../core/host/runtime.js';
import { createLogger, LOG_FILE } from '../../core/log.js';
import { printSettings, savePrintSettings } from '../../core/print/settings.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { makeTerminal, PINS, tempDir, type TestTerminal } from '../support/terminal.js';

const bin = fileURLToPath(new URL('../../core/bin.js', import.meta.url));
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };

let tt: TestTerminal;
let outDir: string;
let session: string;
let receiptNo: string;
let secrets: { name: string; value: string }[];

beforeAll(async () => {
  tt = await makeTerminal();
  outDir = tempDir('counterfoil-diag-');
  // A printer nobody answers at, so the print loop's failure is logged.
  savePrintSettings(tt.t, { ...printSettings(tt.t), printer: 'tcp://127.0.0.1:1' }, findUser(tt.t.db, 'meena')!);
  // The runtime a host runs, with its default logger on the terminal's folder.
  const runtime = startRuntime(tt.t, { printIntervalMs: 60_000 });
  const call = async (channel: string, input: unknown) => {
    const r = await runtime.dispatch(channel, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Record<string, unknown>;
  };
  session = (await call('auth.login', { user: 'asha', pin: PINS.asha })).session as string;
  const paid = await call('payment.record', {
    session, idempotencyKey: 'diagnostics-1', accountNo: demoAccountNo(1), amountPaise: 123450, mode: 'cash', autoOpenShift: true,
  } satisfies Input<'payment.record'>);
  receiptNo = paid.receiptNo as string;
  await runtime.stop();
  const pem = readFileSync(join(tt.t.dataDir, DATA_FILES.privateKey), 'utf8');
  // Something careless logged: the redaction still keeps it out of the file and so out of the bundle.
  const careless = createLogger(tt.t.dataDir);
  careless.warn('test.careless', { pin: PINS.asha, session, detail: `key ${pem}`, card: '4111 1111 1111 1111' });
  careless.close();
  const users = tt.t.db.prepare('SELECT pin_hash, pin_salt FROM users').all() as { pin_hash: Buffer; pin_salt: Buffer }[];
  secrets = [
    ...pem.split('\n').filter((l) => l && !l.startsWith('-----')).map((value) => ({ name: 'private key PEM line', value })),
    { name: 'session', value: session },
    { name: 'card number', value: '4111 1111 1111 1111' },
    ...users.flatMap((u) => [u.pin_hash, u.pin_salt].flatMap((b) => [
      { name: 'PIN hash/salt (hex)', value: b.toString('hex') },
      { name: 'PIN hash/salt (base64)', value: b.toString('base64') },
    ])),
  ];
  tt.t.close();
});

afterAll(() => {
  rmSync(tt.dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('counterfoil diagnostics --to DIR', () => {
  let text: string;
  let report: Record<string, any>; // the parsed file, checked field by field below

  beforeAll(() => {
    const r = spawnSync(process.execPath, [bin, '--data', tt.t.dataDir, 'diagnostics', '--to', outDir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout.trim()) as { file: string; bytes: number };
    expect(readdirSync(outDir)).toEqual([printed.file.slice(outDir.length + 1)]);
    expect(printed.file).toMatch(new RegExp(`/counterfoil-diagnostics-${tt.t.id}-\\d{8}T\\d{6}Z\\.json\\.gz$`));
    const gz = readFileSync(printed.file);
    expect(gz.length).toBe(printed.bytes);
    text = gunzipSync(gz).toString('utf8');
    report = JSON.parse(text);
  });

  it('holds versions, identity, the journal check, sync, printer settings and the schema version', () => {
    expect(report.format).toBe('counterfoil-diagnostics/1');
    expect(Date.parse(report.generatedAt)).not.toBeNaN();
    expect(report.versions).toEqual({ app: pkg.version, node: process.versions.node, sqlite: expect.stringMatching(/^3\.\d+/), platform: process.platform, arch: process.arch });
    expect(report.terminal).toEqual({
      id: tt.t.id, substation: 'SS042', counter: 'C1', keyId: tt.t.signer.keyId, headSeq: expect.any(Number),
      keys: [{ keyId: tt.t.signer.keyId, fromSeq: 1, toSeq: null, rotatedBy: null }],
    });
    expect(report.terminal.headSeq).toBeGreaterThanOrEqual(2);
    expect(report.verify).toMatchObject({ ok: true, headSeq: report.terminal.headSeq, faults: [] });
    expect(report.sync).toMatchObject({ enrolled: false, headSeq: report.terminal.headSeq });
    expect(report.printer).toMatchObject({ printer: 'tcp://127.0.0.1:1', paper: expect.any(Number), logo: false });
    expect(report.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('carries the log: the runtime start, the payment by receipt no. and amount, the failed print run, the stop', () => {
    expect(report.logs.map((l: { file: string }) => l.file)).toEqual([LOG_FILE]);
    const events = (report.logs[0].text as string).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const names = events.map((e) => e.event);
    // The print run goes on beside the call that queued it: its line may come before or after the payment's.
    expect([...names].sort()).toEqual(['auth.login', 'payment.recorded', 'print.failed', 'runtime.start', 'runtime.stop', 'test.careless']);
    expect(names.slice(-2)).toEqual(['runtime.stop', 'test.careless']);
    expect(names[0]).toBe('runtime.start');
    const paid = events.find((e) => e.event === 'payment.recorded')!;
    expect(paid).toMatchObject({ level: 'info', receiptNo, amountPaise: 123450 });
    expect(paid).not.toHaveProperty('accountNo');
    expect(events.find((e) => e.event === 'print.failed')).toMatchObject({ level: 'warn', printer: 'tcp', state: expect.any(String), pending: 1 });
    expect(events.at(-1)).toMatchObject({ pin: '[redacted]', session: '[redacted]', detail: expect.stringMatching(/^key \[redacted PEM\]\s*$/), card: '[PAN …1111]' });
  });

  it('contains no private key, PIN hash or salt, session or card number', () => {
    expect(secrets.length).toBeGreaterThan(8);
    for (const s of secrets) expect(text.includes(s.value), s.name).toBe(false);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
    expect(text).not.toMatch(/pin_hash|pin_salt/);
  });

  it('is a usage error without --to', () => {
    const r = spawnSync(process.execPath, [bin, '--data', tt.t.dataDir, 'diagnostics'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--to is required');
  });
});
