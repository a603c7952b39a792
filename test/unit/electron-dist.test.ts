// npm run dist (tools/build/dist.mjs) where the Electron binary is missing, as on this machine: it
// stops before building anything, with one line saying why and what to run instead, and exit 2.
// Where the binary exists the script would package for real, so this is skipped there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hasElectron = (() => {
  try {
    const path: unknown = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
})();

describe('npm run dist', () => {
  it.skipIf(hasElectron)('without the Electron binary: one line, npm start instead, exit 2', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'build', 'dist.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dist: packaging needs the Electron binary, which could not be downloaded on this machine .*`npm start`/);
  });

  it('is the package script', () => {
    const pkg = createRequire(import.meta.url)('../../package.json') as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('node tools/build/dist.mjs');
  });
});
