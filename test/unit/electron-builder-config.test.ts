// electron-builder.yml, checked without packaging (this machine cannot fetch Electron): valid
// against electron-builder's own JSON schema (app-builder-lib's scheme.json, from the installed
// electron-builder), a wrong configuration refused by the same check, and the settings that matter
// for a counter PC held in place: fuses, native modules outside the archive, per-machine NSIS, the
// targets, and the files electron/main/paths.ts looks for when packaged.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// app-builder-lib is electron-builder's own dependency: resolved from electron-builder, as it does.
const fromBuilder = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder/package.json'));
const SCHEMA_PATH = join(dirname(fromBuilder.resolve('app-builder-lib/package.json')), 'scheme.json');
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
// No type coercion (electron-builder coerces "true" to true; this is stricter); strict off because
// the schema carries electron-builder's own annotations.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
  extraResources: { from: string; to: string }[];
  extraMetadata: { main: string };
  directories: { output: string; buildResources: string };
  nsis: Record<string, unknown>;
  win: { target: { target: string; arch: string[] }[]; icon: string };
  linux: { target: { target: string; arch: string[] }[]; category: string; icon: string; executableName: string };
};
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const errorsOf = (c: unknown) => (validate(c) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
const variant = (patch: Record<string, unknown>) => ({ ...structuredClone(config), ...patch });

describe('electron-builder.yml against electron-builder’s JSON schema', () => {
  it('the schema is the installed electron-builder’s', () => {
    const builderVersion = (fromBuilder('electron-builder/package.json') as { version: string }).version;
    expect(builderVersion).toBe('26.17.0');
    expect(Object.keys((schema as { properties: object }).properties)).toContain('electronFuses');
  });

  it('is valid', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('refuses a wrong configuration: a string for a boolean, an unknown key, an unknown fuse, a bad target', () => {
    expect(errorsOf(variant({ nsis: { ...config.nsis, perMachine: 'yes' } }))).toContain('/nsis/perMachine must be boolean');
    expect(errorsOf(variant({ installerKind: 'msi' })).join('\n')).toMatch(/must NOT have additional properties/);
    expect(errorsOf(variant({ electronFuses: { ...config.electronFuses, runAsNodeX: false } })).join('\n')).toMatch(/^\/electronFuses /m);
    expect(errorsOf(variant({ electronFuses: { ...config.electronFuses, runAsNode: 'false' } })).join('\n')).toMatch(/^\/electronFuses/m);
    expect(errorsOf(variant({ asarUnpack: 42 }))).not.toEqual([]);
  });
});

describe('electron-builder.yml: what a counter PC relies on', () => {
  it('sets the fuses (DESIGN §8): no run-as-node, NODE_OPTIONS or inspect; cookies encrypted; asar only, integrity checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar ?? true).toBe(true); // onlyLoadAppFromAsar needs the archive
  });

  it('unpacks the native modules from the archive and rebuilds them for Electron', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/@napi-rs/**']));
    expect(config.npmRebuild).toBe(true);
  });

  it('Windows: NSIS x64, per machine, assisted; Linux: AppImage and deb x64', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    for (const t of config.linux.target) expect(t.arch).toEqual(['x64']);
    expect(config.linux.category.split(';')).toEqual(['Office', 'Finance']);
  });

  it('names the app and writes into dist-app/, which git ignores', () => {
    expect(config).toMatchObject({ appId: 'in.counterfoil.terminal', productName: 'Counterfoil' });
    expect(config.directories.output).toBe('dist-app');
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist-app/');
  });

  it('ships what the packaged host looks for (electron/main/paths.ts), and the icon exists', () => {
    expect(config.extraMetadata.main).toBe('out/main/index.mjs');
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'renderer/dist/**', 'package.json']));
    // paths.ts, packaged: <resources>/migrations/terminal and <resources>/assets/fonts/.
    expect(config.extraResources).toEqual(expect.arrayContaining([
      { from: 'migrations/terminal', to: 'migrations/terminal' },
      { from: 'assets/fonts', to: 'assets/fonts' },
    ]));
    for (const r of config.extraResources) expect(existsSync(join(ROOT, r.from)), r.from).toBe(true);
    const paths = readFileSync(join(ROOT, 'electron', 'main', 'paths.ts'), 'utf8');
    expect(paths).toContain("join(p.resourcesPath, 'migrations', 'terminal')");
    expect(paths).toContain("join(p.resourcesPath, 'assets', 'fonts')");
    for (const icon of [config.win.icon, config.linux.icon]) {
      const png = readFileSync(join(ROOT, icon));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]); // IHDR width, height
    }
  });
});
