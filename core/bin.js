#!/usr/bin/env node
// Launcher for `counterfoil` (package.json "bin"): runs core/cli.ts through tsx's loader, so
// the command always runs the source as it is, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
