// Where the desktop host finds what the core and the window need. Run from the repository
// (`electron out/main/index.mjs`), everything is under the repository root, two levels above the
// bundle; packaged, the renderer and the bundles are in the app archive and the migrations and
// fonts are extraResources (electron-builder.yml) under process.resourcesPath, where native code
// (@napi-rs/canvas loading fonts) can read them.
import { join, resolve, sep } from 'node:path';

export interface HostPaths {
  /** renderer/dist: index.html and assets/, served as app://counterfoil/. */
  rendererDir: string;
  /** The sandboxed preload bundle (CommonJS). */
  preload: string;
  /** migrations/terminal, passed to openTerminal. */
  migrationsDir: string;
  /** assets/fonts/ with its trailing separator (registerReceiptFonts joins by concatenation). */
  fontsDir: string;
}

export interface PathsInput {
  packaged: boolean;
  /** Where the main bundle is: out/main. */
  mainDir: string;
  /** app.getAppPath(): the app archive when packaged. */
  appPath: string;
  /** process.resourcesPath: the folder beside the app archive when packaged. */
  resourcesPath: string;
}

export function hostPaths(p: PathsInput): HostPaths {
  const preload = join(p.mainDir, '..', 'preload', 'index.cjs');
  if (p.packaged) {
    return {
      rendererDir: join(p.appPath, 'renderer', 'dist'),
      preload,
      migrationsDir: join(p.resourcesPath, 'migrations', 'terminal'),
      fontsDir: join(p.resourcesPath, 'assets', 'fonts') + sep,
    };
  }
  const root = resolve(p.mainDir, '..', '..');
  return {
    rendererDir: join(root, 'renderer', 'dist'),
    preload,
    migrationsDir: join(root, 'migrations', 'terminal'),
    fontsDir: join(root, 'assets', 'fonts') + sep,
  };
}
