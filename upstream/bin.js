#!/usr/bin/env node
// Launcher for `counterfoil-upstream` (package.json "bin"), running upstream/cli.ts through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
