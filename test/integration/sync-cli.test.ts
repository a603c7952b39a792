// The sync issue's "done when", through the two CLIs exactly as a person runs them: a terminal
// enrolled with the upstream records payments while the upstream is down, part of its journal is
// carried by hand (export-bundle → import-bundle), the upstream comes back, one `sync` sends the
// rest and fetches consumers, and the verify page says "genuine, held centrally".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { demoAccountNo } from '../../shared/demo-data.js';
import { tempDir } from '../support/terminal.js';

const terminalBin = fileURLToPath(new URL('../../core/bin.js', import.meta.url));
const upstreamBin = fileURLToPath(new URL('../../upstream/bin.js', import.meta.url));
const dir = tempDir('counterfoil-sync-cli-');
const terminalData = join(dir, 'terminal');
const upstreamData = join(dir, 'upstream');
let server: ChildProcess | null = null;
afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function run(bin: string, data: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--data', data, ...args], { encoding: 'utf8' });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
}
const cf = (...args: string[]) => run(terminalBin, terminalData, args);
const admin = (...args: string[]) => run(upstreamBin, upstreamData, args);

function serve(port: number): Promise<string> {
  const child = spawn(process.execPath, [upstreamBin, '--data', upstreamData, 'serve', '--port', String(port)]);
  server = child;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`upstream exited ${code}`)));
  });
}
async function stop(): Promise<void> {
  const child = server!;
  server = null;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

it('records while the upstream is down, then everything syncs exactly once and the verify page says genuine, held centrally', async () => {
  expect(JSON.parse(admin('seed-demo', '--consumers', '300'))).toEqual({ changed: 300 });
  const code = admin('enroll-code', '--substation', 'SS042', '--counter', 'C1');
  cf('init', '--substation', 'SS042', '--counter', 'C1', '--demo-consumers', '0');
  const pay = (amount: string) => JSON.parse(cf('pay', '--user', 'asha', '--pin', '1111', '--account', '2100000007', '--amount', amount, '--mode', 'cash')) as { receiptNo: string; code: string };
  const before = pay('150');

  const url = await serve(0);
  const port = Number(new URL(url).port);
  expect(JSON.parse(cf('enroll', '--upstream', url, '--code', code))).toMatchObject({ enrolled: true });
  await stop();

  const offline = [pay('200'), pay('300')];
  const usb = join(dir, 'usb');
  const bundle = JSON.parse(cf('export-bundle', '--to', usb)) as { file: string; events: number };
  expect(bundle.events).toBeGreaterThanOrEqual(4); // genesis, shift open, three payments
  offline.push(pay('400'));
  const down = JSON.parse(cf('sync'));
  expect(down).toMatchObject({ connection: 'offline', lastErrorCode: 'UPSTREAM_UNREACHABLE' });
  expect(down.queueDepth).toBeGreaterThan(bundle.events);

  // The bundle reaches the centre by hand while the server is still down.
  expect(JSON.parse(admin('import-bundle', bundle.file))).toMatchObject({ events: bundle.events, ackedThrough: bundle.events });

  await serve(port);
  const up = JSON.parse(cf('sync'));
  expect(up).toMatchObject({ connection: 'online', queueDepth: 0, lastError: null, stopped: null, writeBlock: null });
  expect(up.ackedSeq).toBe(up.headSeq);
  expect(up.consumerCursor).not.toBe('0');
  expect(JSON.parse(cf('consumers', '--search', demoAccountNo(299)))).toEqual([expect.objectContaining({ accountNo: demoAccountNo(299) })]);

  for (const r of [before, ...offline]) {
    const v = await (await fetch(`${url}/v1/verify?c=${encodeURIComponent(r.code)}`, { headers: { accept: 'application/json' } })).json();
    expect(v).toMatchObject({ verdict: 'genuine', receiptNo: r.receiptNo, heldCentrally: true, voided: false });
  }
  const page = await (await fetch(`${url}/v1/verify?c=${encodeURIComponent(offline[2]!.code)}`)).text();
  expect(page).toContain('Genuine receipt');
  expect(page).toContain('Held by the central server');
  // Nothing twice: the day's report upstream counts each payment once. (PGlite is one process's.)
  await stop();
  const report = admin('report', '--date', new Date(Date.now() + 19_800_000).toISOString().slice(0, 10)).split('\n').map((l) => JSON.parse(l));
  expect(report).toEqual([expect.objectContaining({ mode: 'cash', payments: 4, amountPaise: 105_000 })]);
  expect(admin('alerts')).toBe('');
}, 120_000);
