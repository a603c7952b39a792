// `counterfoil-upstream` as an admin runs it: codes, alerts, and serve on a loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
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

it('serves /v1 on loopback and answers in JSON', async () => {
  const child = spawn(process.execPath, [bin, '--data', data, 'serve', '--port', '0']);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`upstream exited ${code}`)));
    });
    const r = await fetch(`${url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: 'invalid_body' });
  } finally {
    child.kill('SIGTERM');
  }
}, 60_000);
