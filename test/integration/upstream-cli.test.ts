// `counterfoil-upstream` as an admin runs it: codes, alerts, and serve on a loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { listAdminLog } from '../../upstream/admin-log.js';
import { defaultPublicUrl } from '../../upstream/cli.js';
import { beginSetup } from '../../upstream/console/users.js';
import { openStore } from '../../upstream/store.js';
import { tempDir } from '../support/terminal.js';

const bin = fileURLToPath(new URL('../../upstream/bin.js', import.meta.url));
const dir = tempDir('counterfoil-upstream-cli-');
const data = join(dir, 'up');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--data', data, ...args], { encoding: 'utf8' });

it('makes one-time enrollment codes and refuses bad arguments with one line', () => {
  const a = run('enroll-code', '--substation', 'SS042', '--counter', 'C1');
  const b = run('enroll-code', '--substation', 'SS042', '--counter', 'C1');
  expect(a.status).toBe(0);
  expect(a.stdout.trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(b.stdout.trim()).not.toBe(a.stdout.trim());
  const bad = run('enroll-code', '--substation', 'ss-42');
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(run('alerts').stdout).toBe('');
}, 60_000);

/** `serve` started with `args`: its address and the verify page it says it announces. */
function serve(...args: string[]) {
  const child = spawn(process.execPath, [bin, '--data', data, 'serve', '--port', '0', ...args]);
  const started = new Promise<{ url: string; verifyPage: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1.*\nreceipt verify page, announced to terminals: (\S+)\n/.exec(out);
      if (m) resolve({ url: m[1]!, verifyPage: m[2]! });
    });
    child.on('exit', (code) => reject(new Error(`upstream exited ${code}`)));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited; // the next test opens the same folder
  };
  return { started, stop };
}

it('serves /v1 on loopback and answers in JSON', async () => {
  const { started, stop } = serve();
  try {
    const { url, verifyPage } = await started;
    // No --public-url: the verify page at the address it listens on.
    expect(verifyPage).toBe(`${url}/v1/verify`);
    const r = await fetch(`${url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: 'invalid_body' });
    // Issue 17: PGlite is one process's database, so an admin command beside a running serve is
    // handed to it (the folder's admin socket) and runs there, logged as this OS user.
    expect(run('alerts').status).toBe(0);
    const code = run('enroll-code', '--substation', 'SS042', '--counter', 'C7');
    expect(code.status, code.stderr).toBe(0);
    expect(code.stdout.trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const log = run('admin-log', '--limit', '1');
    expect(JSON.parse(log.stdout)).toMatchObject({ action: 'enroll-code.issued', subject: 'SS042/C7', actor: `cli:${userInfo().username}` });
    // A refusal is still one line and a non-zero exit; a relative file is the caller's.
    const missing = run('import-consumers', 'no-such-file.csv');
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain(join(process.cwd(), 'no-such-file.csv'));
    expect(run('revoke', '--terminal', 'T00000000000F').stderr).toMatch(/no terminal T00000000000F/);
    const r2 = await fetch(`${url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r2.status).toBe(400);
  } finally {
    await stop();
  }
}, 60_000);

it('issue 16 #12: announces the verify page under --public-url in its enrollment answer, and refuses a public URL that cannot be one', async () => {
  const bad = run('serve', '--port', '0', '--public-url', 'https://centre.example/cf?x=1');
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(bad.stderr).toMatch(/--public-url/);
  const code = run('enroll-code', '--substation', 'SS042', '--counter', 'C9').stdout.trim();
  const { started, stop } = serve('--public-url', 'https://centre.example/cf/');
  try {
    const { url, verifyPage } = await started;
    expect(verifyPage).toBe('https://centre.example/cf/v1/verify');
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const r = await fetch(`${url}/v1/enroll`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, terminalId: 'T00000000C9C9', publicKey, substation: 'SS042', counter: 'C9' }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ serverKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), verifyUrl: 'https://centre.example/cf/v1/verify' });
  } finally {
    await stop();
  }
  // Listening on every address, the default is one a phone on the network can reach, not loopback.
  expect(defaultPublicUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
  expect(defaultPublicUrl('0.0.0.0', 8080)).not.toMatch(/0\.0\.0\.0|127\.0\.0\.1|localhost/);
  expect(defaultPublicUrl('::1', 8080)).toBe('http://[::1]:8080');
}, 60_000);

it('imports the consumer master from CSV all or nothing, seeds demo consumers, and refuses what it cannot read with one line', () => {
  const csv = join(dir, 'consumers.csv');
  const gen = spawnSync(process.execPath, [fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url)), fileURLToPath(new URL('../../tools/demo-data.ts', import.meta.url)), '--consumers', '50', '--out', csv], { encoding: 'utf8' });
  expect(gen.status, gen.stderr).toBe(0);
  const lines = readFileSync(csv, 'utf8').split('\r\n');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, [...lines.slice(0, 10), lines[10]!.replace(/^"\d+"/, '"no such thing"'), ...lines.slice(11)].join('\r\n'));
  const refused = run('import-consumers', bad);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toMatch(/record 10: accountNo/);
  expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  const ok = run('import-consumers', csv);
  expect(ok.status, ok.stderr).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ read: 50, changed: 50 }); // nothing of bad.csv had been written
  expect(JSON.parse(run('import-consumers', csv).stdout)).toMatchObject({ read: 50, changed: 0 });
  expect(JSON.parse(run('seed-demo', '--consumers', '60').stdout)).toEqual({ changed: 10 });
  expect(run('import-consumers', join(dir, 'missing.csv')).stderr).toMatch(/ENOENT/);
  expect(run('import-bundle', join(dir, 'missing.json')).status).toBe(2);
  expect(run('revoke', '--terminal', 'T000000000000').status).toBe(1);
  expect(run('seed-demo').status).toBe(2);
}, 120_000);

it('issue 17: create-admin prints a one-time set-up link for the console, which offers the new admin an authenticator app; a bad name is one line', async () => {
  const made = run('create-admin', '--name', 'sunita', '--public-url', 'https://centre.example/');
  expect(made.status, made.stderr).toBe(0);
  const { name, setupUrl } = JSON.parse(made.stdout) as { name: string; setupUrl: string };
  expect(name).toBe('sunita');
  const token = /^https:\/\/centre\.example\/console\/#setup=([A-Za-z0-9_-]{43})$/.exec(setupUrl)?.[1];
  expect(token, setupUrl).toBeDefined();
  expect(run('create-admin', '--name', 'sunita').stderr).toMatch(/already a user sunita/);
  const bad = run('create-user', '--name', 'Sunita Devi', '--role', 'finance');
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(run('create-user', '--name', 'ravi', '--role', 'boss').stderr).toMatch(/--role admin\|finance\|auditor\|viewer/);
  const sql = await openStore({ dataDir: data });
  try {
    expect(await beginSetup(sql, token!)).toMatchObject({ name: 'sunita', role: 'admin', totp: { uri: expect.stringMatching(/^otpauth:\/\/totp\//) } });
    expect((await listAdminLog(sql)).find((e) => e.action === 'user.created')).toMatchObject({ subject: 'sunita', actor: expect.stringMatching(/^cli:/) });
  } finally {
    await sql.close();
  }
}, 60_000);
