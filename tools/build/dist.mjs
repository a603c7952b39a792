// npm run dist [-- electron-builder arguments, e.g. --linux or --win]: the installers for counter
// PCs (electron-builder.yml): the renderer and the Electron bundles are built, then electron-builder
// packs them into dist-app/ (NSIS for Windows x64, AppImage and deb for Linux), rebuilds the native
// modules for Electron's ABI and flips the fuses.
//
// electron-builder needs Electron itself (the binary and its headers, downloaded). Where the
// electron package has no binary — its download cannot run on this machine (allowScripts) — this
// stops first with one line and exit code 2, rather than failing half-way through a build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));

/** The Electron binary's path, or null: the electron package exports it, and throws without it. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (electronBinary() === null) {
  console.error(
    'dist: packaging needs the Electron binary, which could not be downloaded on this machine (node_modules/electron has none); ' +
      'run the app with `npm start` instead (the web shell where Electron is missing).',
  );
  process.exit(2);
}

const run = (cmd, args) => {
  // npm is npm.cmd on Windows, which Node spawns only through a shell.
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: cmd === 'npm' && process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', '-s', 'build:renderer']);
run('npm', ['run', '-s', 'build:electron']);
run(process.execPath, [require.resolve('electron-builder/cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
