// The desktop host's arguments and paths, under plain Node.
import { describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../electron/main/args.js';
import { hostPaths } from '../../electron/main/paths.js';

describe('host arguments', () => {
  it('takes its own options among Electron’s, Chromium’s and Playwright’s switches', () => {
    expect(parseHostArgs(['out/main/index.mjs', '--no-sandbox', '--data', '/d', '--demo', '--remote-debugging-port=0', '--printer=tcp://127.0.0.1:9100']))
      .toEqual({ data: '/d', demo: true, printer: 'tcp://127.0.0.1:9100' });
    expect(parseHostArgs([])).toEqual({ demo: false });
    expect(parseHostArgs(['--upstream', 'http://u', '--code', 'AB-CD'])).toMatchObject({ upstream: 'http://u', code: 'AB-CD' });
  });

  it('refuses an option without its value, and --upstream without --code', () => {
    expect(() => parseHostArgs(['--data'])).toThrow(/--data needs a value/);
    expect(() => parseHostArgs(['--data', '--demo'])).toThrow(/--data needs a value/);
    expect(() => parseHostArgs(['--data='])).toThrow(/--data needs a value/);
    expect(() => parseHostArgs(['--upstream', 'http://u'])).toThrow(/go together/);
  });
});

describe('host paths', () => {
  it('finds everything in the repository when run from out/main', () => {
    expect(hostPaths({ packaged: false, mainDir: '/repo/out/main', appPath: '/ignored', resourcesPath: '/ignored' })).toEqual({
      rendererDir: '/repo/renderer/dist',
      preload: '/repo/out/preload/index.cjs',
      migrationsDir: '/repo/migrations/terminal',
      fontsDir: '/repo/assets/fonts/',
    });
  });

  it('packaged: the renderer and bundles in the archive, migrations and fonts under resources/', () => {
    expect(hostPaths({ packaged: true, mainDir: '/opt/C/resources/app.asar/out/main', appPath: '/opt/C/resources/app.asar', resourcesPath: '/opt/C/resources' })).toEqual({
      rendererDir: '/opt/C/resources/app.asar/renderer/dist',
      preload: '/opt/C/resources/app.asar/out/preload/index.cjs',
      migrationsDir: '/opt/C/resources/migrations/terminal',
      fontsDir: '/opt/C/resources/assets/fonts/',
    });
  });
});
