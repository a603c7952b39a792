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
  it('writes its whole walk to a redirected file, without NUL bytes, and leaves no virtual printer or centre running', () => {
    const out = join(dir, 'demo.log');
    const r = spawnSync('bash', ['-c', `bash tools/dev/demo.sh "$1" > "$2" 2>&1`, 'demo', join(dir, 'terminal'), out], { cwd: ROOT, encoding: 'utf8' });
    const text = readFileSync(out, 'utf8');
    expect(r.status, text).toBe(0);
    expect(text.includes('\0')).toBe(false);
    expect(text.slice(0, 200)).toMatch(/^\n== Set up a terminal/);
    expect(text).toMatch(/"receiptNo":"SS042-C1-\d{4}-000001"/);
    expect(text).toContain('Demo terminal data is in');
    // Issue 16 #12: enrolled with its local centre, the printed receipt's QR (as the virtual printer
    // decoded it from the job's bytes) opens the centre's verify page, which knows the receipt.
    const centre = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(text)?.[1];
    expect(centre).toBeDefined();
    expect(text).toContain(`"verifyUrl":"${centre}/v1/verify"`);
    const qr = /read back from the printer's bytes\n(\S+)\n/.exec(text)?.[1];
    expect(qr, text).toMatch(new RegExp(`^${centre}/v1/verify\\?c=CF1%7CT[0-9A-F]{12}%7C\\d+%7CSS042-C1-\\d{4}-000001%7C`));
    expect(text).toMatch(/200 \{"verdict":"genuine".*"heldCentrally":true.*"voided":true/);
    expect(processesNaming(join(dir, 'printed'))).toEqual([]);
    expect(processesNaming(join(dir, 'central'))).toEqual([]);
  }, 420_000); // a local centre (PGlite) opens twice: for the enrollment code, then to serve
});
