// The OS printer path: a raw job through `lp`, tried here against a stand-in `lp` on PATH that
// keeps what it was given (no CUPS server runs in tests).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePrinterTarget, printJob } from '../../core/print/transports.js';
import { tempDir } from '../support/terminal.js';

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
