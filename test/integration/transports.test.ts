// The OS printer path: a raw job through `lp`, tried here against a stand-in `lp` on PATH that
// keeps what it was given (no CUPS server runs in tests). And a file or device printer that cannot
// be written: a not-printed outcome the status bar shows, never an internal error.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUser } from '../../core/auth/users.js';
import { runPrintQueue } from '../../core/print/queue.js';
import { setPrintFileFolder } from '../../core/print/settings.js';
import { parsePrinterTarget, printJob, queryPrinter, type PrintOutcome } from '../../core/print/transports.js';
import { makeTerminal, tempDir } from '../support/terminal.js';

let dir: string;
let oldPath: string | undefined;
beforeEach(() => {
  dir = tempDir('counterfoil-lp-');
  mkdirSync(join(dir, 'bin'));
  oldPath = process.env.PATH;
  process.env.PATH = `${join(dir, 'bin')}:${oldPath}`;
});
afterEach(() => {
  process.env.PATH = oldPath;
});

function fakeLp(script: string) {
  writeFileSync(join(dir, 'bin/lp'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'bin/lp'), 0o755);
}

describe('printer targets', () => {
  it('parses tcp, file and cups targets and refuses anything else', () => {
    expect(parsePrinterTarget('tcp://127.0.0.1:9100')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 9100 });
    expect(parsePrinterTarget('file:/dev/usb/lp0')).toEqual({ kind: 'file', path: '/dev/usb/lp0' });
    expect(parsePrinterTarget('cups:Counter_1')).toEqual({ kind: 'cups', queue: 'Counter_1' });
    for (const bad of ['tcp://host', 'tcp://h:0', 'tcp://h:70000', 'cups:a b', 'lpt1', 'file:']) expect(() => parsePrinterTarget(bad)).toThrow(/printer must be/);
  });

  it('sends a raw job to the named CUPS queue', async () => {
    fakeLp(`echo "$@" > "${dir}/args"; cat > "${dir}/job.bin"`);
    const bytes = Buffer.from([0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x00]);
    expect(await printJob(parsePrinterTarget('cups:Counter_1'), bytes)).toEqual({ printed: true, state: 'ready' });
    expect(readFileSync(join(dir, 'args'), 'utf8').trim()).toBe('-d Counter_1 -o raw');
    expect(readFileSync(join(dir, 'job.bin'))).toEqual(bytes);
  });

  it('reports what lp said when CUPS refuses the job', async () => {
    fakeLp('cat > /dev/null; echo "lp: The printer or class does not exist." >&2; exit 1');
    expect(await printJob(parsePrinterTarget('cups:Nope'), Buffer.from('x'))).toEqual({
      printed: false, state: 'unreachable', detail: 'lp: The printer or class does not exist.',
    });
  });

  it('says the printer is unreachable when nothing listens on its port', async () => {
    const outcome = await printJob(parsePrinterTarget('tcp://127.0.0.1:1'), Buffer.from('x'), 2000);
    expect(outcome).toMatchObject({ printed: false, state: 'unreachable' });
  });
});

const TRANSPORTS = fileURLToPath(new URL('../../core/print/transports.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const asRoot = process.getuid?.() === 0;

/**
 * printJob then queryPrinter on a file target, as an unprivileged user: root writes a read-only
 * file regardless, so as root the two run in a child as `nobody`.
 */
async function writeAndQueryUnprivileged(target: string): Promise<{ job: PrintOutcome; status: PrintOutcome }> {
  if (!asRoot) return { job: await printJob(parsePrinterTarget(target), Buffer.from('x')), status: await queryPrinter(parsePrinterTarget(target)) };
  const script = `const { printJob, queryPrinter, parsePrinterTarget } = await import(${JSON.stringify(TRANSPORTS)});
    const target = parsePrinterTarget(${JSON.stringify(target)});
    console.log(JSON.stringify({ job: await printJob(target, Buffer.from('x')), status: await queryPrinter(target) }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, uid: 65534, gid: 65534, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { job: PrintOutcome; status: PrintOutcome };
}

describe('a file or device printer that cannot be written', () => {
  it('is unreachable, with the OS reason, when its folder does not exist (a USB printer not plugged in)', async () => {
    const target = parsePrinterTarget(`file:${join(dir, 'usb', 'lp0')}`);
    const job = await printJob(target, Buffer.from('x'));
    expect(job).toEqual({ printed: false, state: 'unreachable', detail: expect.stringMatching(/^ENOENT: no such file or directory, open '.*\/usb\/lp0'$/) });
    expect(await queryPrinter(target)).toMatchObject({ printed: false, state: 'unreachable', detail: expect.stringMatching(/^ENOENT: /) });
    expect(existsSync(join(dir, 'usb'))).toBe(false);
  });

  it('is unreachable when the file may not be written, and when the path is a folder', async () => {
    const file = join(dir, 'read-only.bin');
    writeFileSync(file, 'before');
    chmodSync(file, 0o444);
    chmodSync(dir, 0o755); // so that only the file's own mode stands in the way
    try {
      const { job, status } = await writeAndQueryUnprivileged(`file:${file}`);
      expect(job).toEqual({ printed: false, state: 'unreachable', detail: expect.stringMatching(/^EACCES: permission denied, open '.*read-only\.bin'$/) });
      expect(status).toMatchObject({ printed: false, state: 'unreachable', detail: expect.stringMatching(/^EACCES: /) });
      expect(readFileSync(file, 'utf8')).toBe('before');
    } finally {
      chmodSync(file, 0o644);
    }
    const folder = parsePrinterTarget(`file:${join(dir, 'bin')}`);
    expect(await printJob(folder, Buffer.from('x'))).toMatchObject({ printed: false, state: 'unreachable', detail: expect.stringMatching(/^EISDIR: /) });
    expect(await queryPrinter(folder)).toMatchObject({ printed: false, state: 'unreachable' });
  });

  it('never makes a plain file where a device is missing', async () => {
    const device = '/dev/counterfoil-no-such-printer';
    const target = parsePrinterTarget(`file:${device}`);
    try {
      expect(await printJob(target, Buffer.from('x'))).toMatchObject({ printed: false, state: 'unreachable', detail: expect.stringMatching(/^ENOENT: /) });
      expect(existsSync(device)).toBe(false);
      expect(await queryPrinter(target)).toMatchObject({ state: 'unreachable' });
    } finally {
      rmSync(device, { force: true }); // only if a broken printJob made it
    }
  });

  it('a file it can write is ready, and a job written there is printed', async () => {
    const target = parsePrinterTarget(`file:${join(dir, 'out.bin')}`);
    expect(await queryPrinter(target)).toMatchObject({ printed: false, state: 'ready' });
    expect(await printJob(target, Buffer.from('job'))).toEqual({ printed: true, state: 'ready' });
    expect(readFileSync(join(dir, 'out.bin'), 'utf8')).toBe('job');
  });

  it('through the terminal: the test print says not printed, the status bar unreachable, and the receipt stays queued', async () => {
    const tt = await makeTerminal();
    try {
      const lp0 = join(dir, 'usb', 'lp0');
      const meena = await tt.login('meena');
      setPrintFileFolder(tt.t, dir, findUser(tt.t.db, 'meena')!); // a stand-in device outside /dev: a file in the print folder
      const settings = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
      await tt.call('settings.print.set', { session: meena, settings: { ...settings, printer: `file:${lp0}` } });
      const asha = await tt.login('asha');
      expect(await tt.call('printer.test', { session: asha })).toEqual({
        printed: false, state: 'unreachable', detail: expect.stringMatching(/^ENOENT: no such file or directory, open /),
      });
      expect(await tt.call('printer.status', {})).toMatchObject({
        configured: true, state: 'unreachable', text: { en: 'Printer not reachable — check the cable and power' }, pending: 0,
      });

      const paid = await tt.call('payment.record', {
        session: asha, idempotencyKey: 'file-printer-0001', accountNo: '2100000007', amountPaise: 1_500_00, mode: 'cash', autoOpenShift: true,
      });
      const run = await runPrintQueue(tt.t, parsePrinterTarget(`file:${lp0}`), { random: () => 0 });
      expect(run).toEqual({ printed: [], state: 'unreachable', pending: 1, error: expect.stringMatching(/^ENOENT: /) });
      // Issue 16 #9: the counter gets the status bar's words; the technical detail stays for diagnosis.
      expect((await tt.call('receipt.status', { session: await tt.sessionOf('asha'), receiptNo: paid.receiptNo })).print).toEqual({
        state: 'waiting', attempts: 1, lastError: expect.stringMatching(/^ENOENT: /),
        fault: { en: 'Printer not reachable — check the cable and power', hi: 'प्रिंटर से संपर्क नहीं — केबल और बिजली जाँचें' },
      });
      expect(await tt.call('printer.status', {})).toMatchObject({ state: 'unreachable', pending: 1 });

      // Plugged in: the same receipt prints and the status bar says ready.
      mkdirSync(join(dir, 'usb'));
      tt.clock.now = new Date(tt.clock.now.getTime() + 60 * 60_000);
      expect(await tt.call('printer.status', {})).toMatchObject({ state: 'ready', pending: 1 });
      expect(await runPrintQueue(tt.t, parsePrinterTarget(`file:${lp0}`))).toEqual({ printed: [paid.receiptNo], state: 'ready', pending: 0 });
      expect((await tt.call('receipt.status', { session: await tt.sessionOf('asha'), receiptNo: paid.receiptNo })).print).toMatchObject({ state: 'printed', fault: null });
      expect(readFileSync(lp0).includes(Buffer.from(paid.receiptNo))).toBe(true);
    } finally {
      tt.close();
      rmSync(tt.dir, { recursive: true, force: true });
    }
  });
});
