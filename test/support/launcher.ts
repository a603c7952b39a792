// The `counterfoil` command through its real launcher (core/bin.js), as an operator runs it: its
// exit code, stdout and stderr (trimmed).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const COUNTERFOIL_BIN = fileURLToPath(new URL('../../core/bin.js', import.meta.url));

export interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `counterfoil ARGS` and waits for it; this process's event loop waits too. */
export function counterfoil(...args: string[]): Ran {
  const r = spawnSync(process.execPath, [COUNTERFOIL_BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** The same without blocking: for a test whose upstream answers from this process. */
export function counterfoilAsync(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [COUNTERFOIL_BIN, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out: out.trim(), err: err.trim() }));
  });
}
