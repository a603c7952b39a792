// Electron's fuses on a packaged app: read back (and, where electron-builder's own electronFuses
// was not used, flipped) with @electron/fuses. The required values are electron-builder.yml's
// `electronFuses` block — the one place they are written; its unit test holds them to DESIGN §8.
//
//   node tools/build/fuses.mjs check PATH   a table of the fuses; exit 0 only if each is as required,
//                                           1 (one stderr line naming them) if not, 2 if PATH is unusable
//   node tools/build/fuses.mjs apply PATH   flip them to the required values, then check
//
// PATH: the Electron executable, a macOS .app, or an unpacked app folder (dist-app/linux-unpacked,
// dist-app/win-unpacked, an installed app's folder), where the executable is found by name. An
// AppImage or an installer is compressed: check what it unpacks or installs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fuses from '@electron/fuses';
import { parse } from 'yaml';

const { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion } = fuses;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = join(ROOT, 'electron-builder.yml');
// @electron/fuses' FuseState (not exported from its index): a fuse byte in the wire.
const STATE = { 48: 'off', 49: 'on', 114: 'removed' };

const fail = (msg) => {
  console.error(`fuses: ${msg}`);
  process.exit(2);
};

/** electron-builder.yml's electronFuses as [FuseV1Options name, index, required boolean]. */
function requiredFuses() {
  const config = parse(readFileSync(CONFIG, 'utf8'));
  const block = config?.electronFuses ?? {};
  const out = [];
  for (const [key, value] of Object.entries(block)) {
    if (key === 'resetAdHocDarwinSignature') continue; // a macOS signing step, not a fuse
    const name = key[0].toUpperCase() + key.slice(1);
    const index = FuseV1Options[name];
    if (typeof index !== 'number' || typeof value !== 'boolean') fail(`electron-builder.yml: electronFuses.${key} is not a fuse @electron/fuses knows`);
    out.push([name, index, value]);
  }
  if (out.length === 0) fail('electron-builder.yml has no electronFuses');
  return out.sort((a, b) => a[1] - b[1]);
}

/** The file that holds the fuse wire: the path itself, or the app's executable inside a folder. */
function fuseTarget(path) {
  const abs = resolve(path);
  if (!existsSync(abs)) fail(`${path} does not exist`);
  if (!statSync(abs).isDirectory() || abs.endsWith('.app')) return abs;
  const config = parse(readFileSync(CONFIG, 'utf8'));
  const names = [config.linux?.executableName, `${config.productName}.exe`, config.productName, 'electron', 'electron.exe'].filter(Boolean);
  const found = names.map((n) => join(abs, n)).find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) fail(`no ${names.join(' or ')} in ${path}`);
  return found;
}

async function readWire(file) {
  try {
    const wire = await getCurrentFuseWire(file);
    if (wire.version !== FuseVersion.V1) fail(`${file}: fuse wire version ${wire.version}, this script knows ${FuseVersion.V1}`);
    return wire;
  } catch (e) {
    return fail(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Prints the table; returns the names of the fuses that are not as required. */
function report(file, wire, required) {
  const rows = [['fuse', 'required', 'actual', '']];
  const wrong = [];
  for (const [name, index, want] of required) {
    const actual = STATE[wire[index]] ?? (wire[index] === undefined ? 'missing' : `byte ${wire[index]}`);
    const ok = actual === (want ? 'on' : 'off');
    if (!ok) wrong.push(name);
    rows.push([name, want ? 'on' : 'off', actual, ok ? 'ok' : 'WRONG']);
  }
  const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(file);
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(width[c])).join('  ').trimEnd());
  return wrong;
}

const [command, path, ...rest] = process.argv.slice(2);
if (!['check', 'apply'].includes(command) || !path || rest.length > 0) fail('usage: node tools/build/fuses.mjs check|apply PATH');
const required = requiredFuses();
const file = fuseTarget(path);
await readWire(file); // refuses a file with no fuse wire before anything is written
if (command === 'apply') {
  const config = { version: FuseVersion.V1 };
  for (const [, index, want] of required) config[index] = want;
  await flipFuses(file, config);
}
const wrong = report(file, await readWire(file), required);
if (wrong.length > 0) {
  console.error(`fuses: ${wrong.join(', ')} not as required in ${file}`);
  process.exit(1);
}
