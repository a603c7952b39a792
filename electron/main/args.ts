// The desktop host's own arguments. Electron and Chromium switches (and Playwright's) share argv,
// so anything not ours is left alone rather than refused.
import { HostRefusal } from './refusal.js';

export interface HostArgs {
  /** The terminal's data folder; default <userData>/terminal. */
  data?: string;
  /** Make a demo terminal (demo users and consumers) in the data folder when it holds none. */
  demo: boolean;
  /** First-run enrollment with the upstream, as `counterfoil enroll` does. */
  upstream?: string;
  code?: string;
  /** The receipt printer for this start, e.g. the demo's virtual printer (tcp://127.0.0.1:PORT). */
  printer?: string;
}

const VALUED = ['data', 'upstream', 'code', 'printer'] as const;
type Valued = (typeof VALUED)[number];

export function parseHostArgs(argv: readonly string[]): HostArgs {
  const out: HostArgs = { demo: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--demo') {
      out.demo = true;
      continue;
    }
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1] as Valued | undefined;
    if (!m || !name || !VALUED.includes(name)) continue;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--'))) {
      throw new HostRefusal('BAD_ARGUMENTS', { detail: `--${name} needs a value` });
    }
    out[name] = value;
  }
  if ((out.upstream === undefined) !== (out.code === undefined)) {
    throw new HostRefusal('BAD_ARGUMENTS', { detail: '--upstream URL and --code CODE go together' });
  }
  return out;
}
