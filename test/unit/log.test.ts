// The terminal's log: what it never writes down (PINs, keys, sessions, tokens, card numbers), how it
// rotates, and that a write that fails is dropped and counted rather than thrown at a payment.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, LOG_DIR, LOG_FILE, logLine, noopLogger, redact, redactText } from '../../core/log.js';
import { tempDir } from '../support/terminal.js';

const dirs: string[] = [];
const dataDir = () => {
  const d = tempDir('counterfoil-log-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('redaction', () => {
  it('replaces fields named like secrets, at any depth and in any case', () => {
    const out = redact({
      pin: '1111', PINS: ['1111', '2222'], Password: 'x', privateKey: 'k', KEY: 'k', session: 's', token: 't',
      nested: { supervisor: { user: 'meena', pin: '909090' }, list: [{ Session: 'abc' }] },
      keyId: 'ab12', receiptNo: 'SS042C1-2627-000001',
    });
    expect(out).toEqual({
      pin: '[redacted]', PINS: '[redacted]', Password: '[redacted]', privateKey: '[redacted]', KEY: '[redacted]', session: '[redacted]', token: '[redacted]',
      nested: { supervisor: { user: 'meena', pin: '[redacted]' }, list: [{ Session: '[redacted]' }] },
      keyId: 'ab12', receiptNo: 'SS042C1-2627-000001',
    });
  });

  it('masks a PEM block inside any string', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trimEnd();
    const body = pem.split('\n')[1]!;
    const text = redactText(`key was ${pem} and more`);
    expect(text).toBe('key was [redacted PEM] and more');
    expect(text).not.toContain(body);
    expect(redactText('-----BEGIN PRIVATE KEY-----\nMC4CAQAw (cut off')).toBe('[redacted PEM]');
  });

  it('masks card numbers of 13–19 digits, plain or grouped, keeping the last 4', () => {
    expect(redactText('card 4111111111111111 approved')).toBe('card [PAN …1111] approved');
    expect(redactText('card 4111 1111 1111 4242.')).toBe('card [PAN …4242].');
    expect(redactText('5500-0000-0000-0004')).toBe('[PAN …0004]');
    expect(redactText('x 4222222222222 y')).toBe('x [PAN …2222] y'); // 13 digits
    expect(redactText('6011000990139424123')).toBe('[PAN …4123]'); // 19 digits
  });

  it('leaves shorter numbers, account numbers and hashes alone', () => {
    for (const s of ['account 2100000007', 'amount 123450 paise', 'seq 12', 'hash 3f2a1234567890123456789abc', 'T0A1B2C3D4E5F', '2026-11-26T06:00:00.000Z']) {
      expect(redactText(s)).toBe(s);
    }
  });

  it('masks token= in query strings', () => {
    expect(redactText('http://127.0.0.1:4000/?token=abc-DEF_123&x=1')).toBe('http://127.0.0.1:4000/?token=[redacted]&x=1');
    expect(redactText('GET /ws?a=1&TOKEN=zzz')).toBe('GET /ws?a=1&TOKEN=[redacted]');
  });

  it('writes errors as their message, redacted, and keeps at/level/event first', () => {
    const line = JSON.parse(logLine(new Date('2026-11-26T06:00:00Z'), 'error', 'sync.crashed', { error: new Error('card 4111111111111111'), at: 'x' }));
    expect(Object.keys(line).slice(0, 3)).toEqual(['at', 'level', 'event']);
    expect(line).toEqual({ at: '2026-11-26T06:00:00.000Z', level: 'error', event: 'sync.crashed', error: { name: 'Error', message: 'card [PAN …1111]' } });
  });

  it('the file holds the redacted line, never the secret', () => {
    const d = dataDir();
    const log = createLogger(d);
    log.info('auth.login', { user: 'asha', pin: '1111', url: 'http://h/?token=secret123' });
    log.close();
    const text = readFileSync(join(d, LOG_DIR, LOG_FILE), 'utf8');
    expect(text).not.toContain('1111');
    expect(text).not.toContain('secret123');
    expect(lines(join(d, LOG_DIR, LOG_FILE))[0]).toMatchObject({ level: 'info', event: 'auth.login', user: 'asha', pin: '[redacted]' });
  });
});

describe('rotation', () => {
  it('past the size limit keeps the current file and exactly N rotated ones, the newest lines in counterfoil.log', () => {
    const d = dataDir();
    const log = createLogger(d, { maxBytes: 400, keep: 3 });
    for (let i = 0; i < 200; i++) log.info('test.line', { i, filler: 'x'.repeat(40) });
    log.close();
    const dir = join(d, LOG_DIR);
    expect(readdirSync(dir).sort()).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`, `${LOG_FILE}.3`]);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(400);
    const current = lines(join(dir, LOG_FILE));
    expect(current.at(-1)).toMatchObject({ event: 'test.line', i: 199 });
    // Each older file ends just before the next newer one starts.
    const first = (f: string) => lines(join(dir, f))[0]!.i as number;
    const last = (f: string) => lines(join(dir, f)).at(-1)!.i as number;
    expect(last(`${LOG_FILE}.1`)).toBe(first(LOG_FILE) - 1);
    expect(last(`${LOG_FILE}.2`)).toBe(first(`${LOG_FILE}.1`) - 1);
    expect(last(`${LOG_FILE}.3`)).toBe(first(`${LOG_FILE}.2`) - 1);
    expect(log.dropped).toBe(0);
  });

  it('keeps 5 rotated files of 1 MiB by default', () => {
    const d = dataDir();
    const log = createLogger(d);
    const filler = 'y'.repeat(10_000);
    for (let i = 0; i < 700; i++) log.info('big', { i, filler }); // ≈ 7 MiB
    expect(readdirSync(join(d, LOG_DIR)).sort()).toEqual([LOG_FILE, ...[1, 2, 3, 4, 5].map((n) => `${LOG_FILE}.${n}`)]);
    expect(readFileSync(join(d, LOG_DIR, `${LOG_FILE}.5`)).length).toBeGreaterThan(1024 * 1024 - 10_100);
  });
});

describe('a write that fails', () => {
  it('is swallowed and counted, and writing resumes when the folder is back', () => {
    const d = dataDir();
    const log = createLogger(d);
    log.info('before');
    rmSync(join(d, LOG_DIR), { recursive: true });
    writeFileSync(join(d, LOG_DIR), 'not a folder');
    expect(() => log.info('payment.recorded', { receiptNo: 'R1' })).not.toThrow();
    expect(() => log.error('print.failed')).not.toThrow();
    expect(log.dropped).toBe(2);
    rmSync(join(d, LOG_DIR));
    log.warn('after');
    expect(log.dropped).toBe(2);
    expect(lines(join(d, LOG_DIR, LOG_FILE)).map((l) => l.event)).toEqual(['after']);
  });

  it('after close, nothing is written', () => {
    const d = dataDir();
    const log = createLogger(d);
    log.close();
    log.info('late');
    expect(existsSync(join(d, LOG_DIR, LOG_FILE))).toBe(false);
    expect(() => noopLogger.error('x', { pin: '1' })).not.toThrow();
  });
});
