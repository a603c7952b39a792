// The Electron main process: bundled by tools/build/electron.mjs into out/main/index.mjs (ESM, so
// the core's import.meta.url paths keep working) and started as `electron out/main/index.mjs
// [--data DIR] [--demo] …`. Everything happens in host.ts; this file only hands it argv and where
// the bundle is.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHost } from './host.js';

runHost(process.argv.slice(1), dirname(fileURLToPath(import.meta.url)));
