// tools/build/fuses.mjs without an Electron binary: @electron/fuses finds the fuse wire after a
// sentinel string in the binary (then a version byte, a length byte, and one byte per fuse: '0'
// off, '1' on, 'r' removed), so a small file with that layout stands in for Electron here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/terminal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = tempDir('counterfoil-fuses-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fusesScript = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'tools', 'build', 'fuses.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

// Electron 41's wire has 8 fuses (FuseV1Options 0–7). Electron's defaults: RunAsNode on, cookie
// encryption off, NODE_OPTIONS on, inspect arguments on, asar integrity off, only-asar off,
// browser V8 snapshot off, file:// privileges on — every security fuse the wrong way round.
const ELECTRON_DEFAULTS = '10110001';
const REQUIRED = '01001100'; // electron-builder.yml; index 6 (browser V8 snapshot) is left alone

/** A stand-in binary: filler, the sentinel, version 1, the wire's length, the wire, more filler. */
function fakeElectron(path: string, wire: string): string {
  writeFileSync(path, Buffer.concat([
    Buffer.alloc(4096, 0x7f),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    Buffer.alloc(4096, 0x7f),
  ]));
  return path;
}
const wireOf = (path: string): string => {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1');
};

describe('tools/build/fuses.mjs', () => {
  it('reads the layout @electron/fuses expects', () => {
    expect(FuseState.DISABLE).toBe('0'.charCodeAt(0));
    expect(FuseState.ENABLE).toBe('1'.charCodeAt(0));
  });

  it('check: fails on Electron’s defaults, naming every fuse in the wrong state', () => {
    const bin = fakeElectron(join(scratch, 'defaults'), ELECTRON_DEFAULTS);
    const r = fusesScript('check', bin);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `fuses: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, GrantFileProtocolExtraPrivileges not as required in ${bin}`,
    ]);
    expect(r.stdout).toMatch(/^RunAsNode\s+off\s+on\s+WRONG$/m);
    expect(wireOf(bin)).toBe(ELECTRON_DEFAULTS); // check never writes
  });

  it('apply flips the fuses to electron-builder.yml’s values, then check passes with a table', () => {
    const bin = fakeElectron(join(scratch, 'apply'), ELECTRON_DEFAULTS);
    const applied = fusesScript('apply', bin);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(wireOf(bin)).toBe(REQUIRED.slice(0, 6) + ELECTRON_DEFAULTS[6] + REQUIRED[7]);

    const r = fusesScript('check', bin);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      bin,
      expect.stringMatching(/^fuse\s+required\s+actual$/),
      expect.stringMatching(/^RunAsNode\s+off\s+off\s+ok$/),
      expect.stringMatching(/^EnableCookieEncryption\s+on\s+on\s+ok$/),
      expect.stringMatching(/^EnableNodeOptionsEnvironmentVariable\s+off\s+off\s+ok$/),
      expect.stringMatching(/^EnableNodeCliInspectArguments\s+off\s+off\s+ok$/),
      expect.stringMatching(/^EnableEmbeddedAsarIntegrityValidation\s+on\s+on\s+ok$/),
      expect.stringMatching(/^OnlyLoadAppFromAsar\s+on\s+on\s+ok$/),
      expect.stringMatching(/^GrantFileProtocolExtraPrivileges\s+off\s+off\s+ok$/),
    ]);
  });

  it('check: one fuse wrong is named alone', () => {
    const bin = fakeElectron(join(scratch, 'one-wrong'), '11001100'); // RunAsNode left on
    const r = fusesScript('check', bin);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`fuses: RunAsNode not as required in ${bin}`);
  });

  it('check: a removed or missing fuse is not as required', () => {
    const removed = fakeElectron(join(scratch, 'removed'), '0r001100');
    expect(fusesScript('check', removed).stderr.trim()).toBe(`fuses: EnableCookieEncryption not as required in ${removed}`);
    const short = fakeElectron(join(scratch, 'short'), '010011'); // an older Electron's shorter wire
    const r = fusesScript('check', short);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^GrantFileProtocolExtraPrivileges\s+off\s+missing\s+WRONG$/m);
  });

  it('finds the executable in an unpacked app folder', () => {
    const dir = join(scratch, 'linux-unpacked');
    mkdirSync(dir);
    const bin = fakeElectron(join(dir, 'counterfoil'), REQUIRED);
    const r = fusesScript('check', dir);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(bin);
  });

  it('refuses a file with no fuse wire, a missing path and bad arguments (exit 2, one line)', () => {
    const plain = join(scratch, 'plain');
    writeFileSync(plain, Buffer.alloc(1024));
    for (const args of [['check', plain], ['apply', plain], ['check', join(scratch, 'nothing')], ['check'], ['flip', plain]]) {
      const r = fusesScript(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(plain)).toEqual(Buffer.alloc(1024)); // apply wrote nothing
  });
});
