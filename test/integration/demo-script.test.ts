// `npm run demo` as a newcomer runs it, with its output kept in a file: the whole walk is there,
// and nothing it started is left running when it ends.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cf-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Processes whose command line names `needle` (Linux /proc). */
function processesNaming(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('npm run demo', () => {
  it('writes its whole walk to a redirected file, without NUL bytes, and leaves no virtual printer running', () => {
    const out = join(dir, 'demo.log');
    const r = spawnSync('bash', ['-c', `bash tools/dev/demo.sh "$1" > "$2" 2>&1`, 'demo', join(dir, 'terminal'), out], { cwd: ROOT, encoding: 'utf8' });
    const text = readFileSync(out, 'utf8');
    expect(r.status, text).toBe(0);
    expect(text.includes('\0')).toBe(false);
    expect(text.startsWith('\n== Set up a terminal')).toBe(true);
    expect(text).toMatch(/"receiptNo":"SS042-C1-\d{4}-000001"/);
    expect(text).toContain('Demo terminal data is in');
    expect(processesNaming(join(dir, 'printed'))).toEqual([]);
  }, 180_000);
});
