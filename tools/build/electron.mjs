// Builds the Electron host (npm run build:electron) with esbuild; needs no Electron binary.
//   out/main/index.mjs    electron/main + core + shared in one ESM file. ESM keeps import.meta.url,
//                         which the core uses for its migrations and fonts; npm packages stay
//                         external (native ones must load from node_modules, rebuilt for Electron
//                         when packaged), and out/main sits two levels down like core/db, so the
//                         core's own relative paths still land in the repository.
//   out/preload/index.cjs the bridge, CommonJS and self-contained: a sandboxed preload can only
//                         require('electron') (and a few Node-ish shims), so zod and the contract
//                         are bundled in, and the build fails if anything else is required.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// `node tools/build/electron.mjs [OUTDIR]`: out/ unless given (the tests build into a scratch folder).
const OUT = resolve(process.argv[2] ?? join(ROOT, 'out'));

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync(join(OUT, 'main'), { recursive: true, force: true });
rmSync(join(OUT, 'preload'), { recursive: true, force: true });

await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: join(OUT, 'main', 'index.mjs'),
  platform: 'node',
  format: 'esm',
  // A floor that both Electron 41's Node and this repository's Node 20 meet.
  target: 'node20',
  packages: 'external',
});

await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: join(OUT, 'preload', 'index.cjs'),
  platform: 'browser',
  format: 'cjs',
  target: 'chrome120', // well below Electron 41's Chromium
  external: ['electron'],
  // It is parsed on every page load; the linked source map keeps stack traces readable.
  minify: true,
});

// What the sandbox allows a preload to require: anything else would fail only at run time.
const preload = readFileSync(join(OUT, 'preload', 'index.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
const foreign = required.filter((name) => name !== 'electron');
if (foreign.length > 0) {
  console.error(`build:electron: the sandboxed preload requires ${foreign.join(', ')}; only electron is available there`);
  process.exit(1);
}
const shown = relative(process.cwd(), OUT) || '.';
console.log(`build:electron: ${join(shown, 'main', 'index.mjs')}, ${join(shown, 'preload', 'index.cjs')}`);
