// npm run build:electron, checked without an Electron binary: the main bundle imports only
// electron, Node's built-ins and the app's runtime dependencies (what a packaged app ships), and
// it links and starts under Node's own ESM loader (with a stub for electron), so a named import
// from a CommonJS package cannot break only at launch; the sandboxed preload requires nothing but
// electron. Built into a scratch folder inside the repository, so node_modules resolves as from out/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRATCH = join(ROOT, '.tmp', `electron-build-${process.pid}`);
const OUT = join(SCRATCH, 'out');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

let build: ReturnType<typeof spawnSync>;
beforeAll(() => {
  mkdirSync(SCRATCH, { recursive: true });
  build = spawnSync(process.execPath, [join(ROOT, 'tools', 'build', 'electron.mjs'), OUT], { cwd: ROOT, encoding: 'utf8' });
}, 60_000);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

describe('build:electron', () => {
  it('builds both bundles and says so in one line', () => {
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(String(build.stdout).trim().split('\n')).toEqual([expect.stringMatching(/^build:electron: .*main\/index\.mjs, .*preload\/index\.cjs$/)]);
  });

  it('main: an ES module importing only electron, node: built-ins and runtime dependencies', () => {
    const code = readFileSync(join(OUT, 'main', 'index.mjs'), 'utf8');
    const specs = [...code.matchAll(/^\s*import\s[^'"]*?from\s*["']([^"']+)["']/gm), ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(specs.length).toBeGreaterThan(5);
    expect(code).not.toMatch(/\brequire\(["'](?!node:)/); // no CommonJS require of a package slipped in
    const bare = [...new Set(specs.filter((s) => !s.startsWith('.') && !s.startsWith('/')))];
    const wrong = bare.filter((s) => s !== 'electron' && !s.startsWith('node:') && !builtinModules.includes(s) && !(packageOf(s) in pkg.dependencies));
    expect(wrong).toEqual([]);
    expect(bare).toContain('better-sqlite3');
  });

  it('main: links and runs its first steps under Node’s ESM loader, with a stub for electron', () => {
    // The stub refuses the single-instance lock, so the host stops before needing a real app.
    const stub = join(SCRATCH, 'electron-stub.mjs');
    writeFileSync(stub, `
      const log = (s) => process.stdout.write(s + '\\n');
      export const protocol = { registerSchemesAsPrivileged: (l) => log('scheme ' + l.map((s) => s.scheme).join()) };
      export const app = {
        enableSandbox: () => log('sandbox'), setName: () => {}, getPath: () => '/nonexistent', setPath: () => {},
        requestSingleInstanceLock: () => false, exit: (c) => { log('exit ' + c); process.exit(c); },
        on() {}, whenReady: () => new Promise(() => {}), isPackaged: false,
      };
      export const BrowserWindow = class {}, dialog = {}, ipcMain = {}, Menu = {}, safeStorage = {}, session = {};
      export default { protocol, app };
    `);
    const hooks = join(SCRATCH, 'hooks.mjs');
    writeFileSync(hooks, `export async function resolve(s, c, next) { return s === 'electron' ? { url: ${JSON.stringify(pathToFileURL(stub).href)}, shortCircuit: true } : next(s, c); }`);
    const register = join(SCRATCH, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`);
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(OUT, 'main', 'index.mjs'), '--data', join(SCRATCH, 'data')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout.trim().split('\n')).toEqual(['scheme app', 'sandbox', 'exit 0']);
    expect(r.status).toBe(0);
  });

  it('preload: CommonJS that requires electron and nothing else', () => {
    const code = readFileSync(join(OUT, 'preload', 'index.cjs'), 'utf8');
    expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).toMatch(/exposeInMainWorld\(\s*["']counterfoil["']/);
  });
});
