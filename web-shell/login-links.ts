// One-time login links for the web shell: the human (or the Chromium the shell opens) gets a link
// holding a random code; the first request with it gets the session cookie, and then the code is
// spent, so a copy left in a terminal's scrollback, a browser's history or a file opens nothing.
// Unused codes expire. Kept in memory only: a restart makes a new session secret anyway.
import { randomBytes } from 'node:crypto';

/** How a link ended: opened, left unused too long, or the shell stopped. */
export type LinkEnd = 'used' | 'expired' | 'closed';

export interface MintedCode {
  /** 32 random bytes, base64url. */
  code: string;
  expiresAt: number;
  /** Resolves once, when the code is spent, expires or the shell stops. */
  done: Promise<LinkEnd>;
}

export interface LoginCodes {
  mint(): MintedCode;
  /** True exactly once for a live code; the code is spent by it. */
  redeem(code: string): boolean;
  /** Ends every live code ('closed'). */
  close(): void;
}

/** No more live codes than this: the oldest goes when a new one would pass it (Enter held down). */
const MAX_LIVE = 16;

export function createLoginCodes(ttlMs: number): LoginCodes {
  const live = new Map<string, { timer: NodeJS.Timeout; end: (how: LinkEnd) => void }>();

  const settle = (code: string, how: LinkEnd): void => {
    const entry = live.get(code);
    if (!entry) return;
    live.delete(code);
    clearTimeout(entry.timer);
    entry.end(how);
  };

  return {
    mint() {
      const code = randomBytes(32).toString('base64url');
      let end!: (how: LinkEnd) => void;
      const done = new Promise<LinkEnd>((resolve) => (end = resolve));
      const timer = setTimeout(() => settle(code, 'expired'), ttlMs);
      timer.unref();
      live.set(code, { timer, end });
      if (live.size > MAX_LIVE) settle(live.keys().next().value!, 'expired');
      return { code, expiresAt: Date.now() + ttlMs, done };
    },
    redeem(code) {
      if (!live.has(code)) return false;
      settle(code, 'used');
      return true;
    },
    close() {
      for (const code of [...live.keys()]) settle(code, 'closed');
    },
  };
}
