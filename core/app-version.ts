// This app's version, from the package.json beside the code: shown in diagnostics, and reported to
// the centre with each head check (`?app=`, signed with the read) so its census can say which
// version each counter runs.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function appVersion(): string {
  if (cached !== undefined) return cached;
  try {
    cached = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    cached = 'unknown'; // a bundle without package.json beside it
  }
  return cached;
}
