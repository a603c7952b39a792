// The Electronegativity step of `npm run lint` (tools/dev/check-electron.ts). The tool itself
// exits 0 whatever it finds, so this proves the step fails on known-bad Electron code, listing each
// finding with file:line and rule, and passes on electron/ with one line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/terminal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = tempDir('counterfoil-electronegativity-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const check = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'dev', 'check-electron.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('lint: electronegativity over electron/', () => {
  it('passes on electron/ with one line', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^electronegativity \(Electron [\d.]+\): electron has no HIGH or MEDIUM findings/)]);
    expect(r.status).toBe(0);
  }, 60_000);

  it('fails on an unhardened window, naming file, line and rule', () => {
    const bad = join(scratch, 'bad');
    mkdirSync(join(bad, 'main'), { recursive: true });
    writeFileSync(join(bad, 'main', 'window.ts'), [
      "import { BrowserWindow } from 'electron';",
      'export function open(): BrowserWindow {',
      '  const win = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });',
      "  void win.loadURL('http://example.com/');",
      '  return win;',
      '}',
    ].join('\n'));
    const r = check(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/main\/window\.ts:3 CONTEXT_ISOLATION_JS_CHECK \(HIGH\)/);
    expect(r.stderr).toMatch(/main\/window\.ts:3 SANDBOX_JS_CHECK \(MEDIUM\)/);
    expect(r.stderr).toMatch(/main\/window\.ts:4 HTTP_RESOURCES_JS_CHECK \(MEDIUM\)/);
    expect(r.stderr).toMatch(/LIMIT_NAVIGATION_GLOBAL_CHECK \(HIGH\)/);
    expect(r.stderr).toMatch(/PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK \(MEDIUM\)/);
    expect(r.stderr).toMatch(/HIGH\/MEDIUM findings fail the lint/);
  }, 60_000);

  it('fails on a file it cannot parse: an unparsed file is an unchecked one', () => {
    const broken = join(scratch, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'main.ts'), 'export const = ;');
    const r = check(broken);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/main\.ts: not parsed, so not checked/);
  }, 60_000);
});
