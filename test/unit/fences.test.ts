// `npm run lint` must fail when a file crosses a fence of DESIGN §2. It runs dependency-cruiser
// with the project's own rules on a scratch tree holding one violating file per fence.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/terminal.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = tempDir('counterfoil-fences-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(cwd: string, folders: string[]) {
  const r = spawnSync(join(root, 'node_modules/.bin/depcruise'), ['--config', join(root, '.dependency-cruiser.cjs'), ...folders], {
    cwd, encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const files: Record<string, string> = {
  'tsconfig.json': '{"compilerOptions":{"module":"NodeNext","moduleResolution":"NodeNext","strict":true}}',
  'shared/ok.ts': 'export const x = 1;',
  'core/ok.ts': "export { x } from '../shared/ok.js';",
  'renderer/ok.ts': "export { x } from '../shared/ok.js';",
  'console/ok.ts': "export { x } from '../shared/ok.js';",
  // One crossing per fence:
  'shared/bad-node.ts': "import { readFileSync } from 'node:fs'; export const y = readFileSync;",
  'shared/bad-layer.ts': "import { x } from '../core/ok.js'; export const y = x;",
  'core/bad-electron.ts': "import { app } from 'electron'; export const y = app;",
  'core/bad-renderer.ts': "import { x } from '../renderer/ok.js'; export const y = x;",
  'renderer/bad-core.ts': "import { x } from '../core/ok.js'; export const y = x;",
  'renderer/bad-node.ts': "import { join } from 'node:path'; export const y = join;",
  'renderer/bad-sqlite.ts': "import Database from 'better-sqlite3'; export const y = Database;",
  'console/bad-upstream.ts': "import { x } from '../upstream/bad-core.js'; export const y = x;",
  'console/bad-renderer.ts': "import { x } from '../renderer/ok.js'; export const y = x;",
  'console/bad-node.ts': "import { createHash } from 'node:crypto'; export const y = createHash;",
  'console/bad-fastify.ts': "import Fastify from 'fastify'; export const y = Fastify;",
  'upstream/bad-core.ts': "import { x } from '../core/ok.js'; export const y = x;",
  'upstream/bad-console.ts': "import { x } from '../console/ok.js'; export const y = x;",
  'web-shell/bad-electron.ts': "import { app } from 'electron'; export const y = app;",
  'core/bad-missing.ts': "import { z } from './nowhere.js'; export const y = z;",
};

describe('lint fences', () => {
  it('passes on the project itself', () => {
    const r = lint(root, ['shared', 'core', 'electron', 'web-shell', 'renderer', 'console', 'upstream', 'tools', 'bench', 'test']);
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.code).toBe(0);
  });

  it('fails, naming the rule, for each file that crosses a fence', () => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
    const r = lint(scratch, ['shared', 'core', 'renderer', 'console', 'upstream', 'web-shell']);
    expect(r.code).not.toBe(0);
    const expected: [string, string][] = [
      ['shared-no-node', 'shared/bad-node.ts'],
      ['shared-is-pure', 'shared/bad-layer.ts'],
      ['core-never-electron', 'core/bad-electron.ts'],
      ['core-never-electron', 'core/bad-renderer.ts'],
      ['renderer-is-browser-only', 'renderer/bad-core.ts'],
      ['renderer-no-node', 'renderer/bad-node.ts'],
      ['renderer-is-browser-only', 'renderer/bad-sqlite.ts'],
      ['console-is-browser-only', 'console/bad-upstream.ts'],
      ['console-is-browser-only', 'console/bad-renderer.ts'],
      ['console-no-node', 'console/bad-node.ts'],
      ['console-is-browser-only', 'console/bad-fastify.ts'],
      ['upstream-never-core', 'upstream/bad-core.ts'],
      ['upstream-never-core', 'upstream/bad-console.ts'],
      ['web-shell-host', 'web-shell/bad-electron.ts'],
      ['no-unresolvable', 'core/bad-missing.ts'],
    ];
    for (const [rule, file] of expected) expect(r.out).toMatch(new RegExp(`error ${rule}: ${file.replace('.', '\\.')} →`));
    for (const ok of ['shared/ok.ts →', 'core/ok.ts →', 'renderer/ok.ts →', 'console/ok.ts →']) expect(r.out).not.toContain(`: ${ok}`);
  });
});
