// The Electron binary for test/e2e-electron, where there is one. The npm package's
// require('electron') returns the binary's path when its download ran and throws when it did not
// (package.json allowScripts keeps it from running here); better-sqlite3 must also be built for
// Electron's ABI, which a plain `npm ci` does not do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The binary's path, or null when node_modules/electron was installed without it. */
export function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Why the Electron suite cannot run here, or null when it can. */
export function electronMissing(): string | null {
  const bin = electronBinary();
  if (!bin) return 'no Electron binary (node_modules/electron was installed without its download: test/e2e-electron/README.md and electron/README.md say how to run it)';
  // ELECTRON_RUN_AS_NODE: Electron's own Node, without a window, loads the native module once.
  const probe = spawnSync(bin, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.status !== 0) {
    const abi = /NODE_MODULE_VERSION \d+/.exec(probe.stderr)?.[0] ?? probe.stderr.trim().split('\n')[0];
    return `better-sqlite3 is not built for this Electron (${abi}): npx @electron/rebuild -f -w better-sqlite3, and npm rebuild better-sqlite3 to go back to Node`;
  }
  return null;
}
