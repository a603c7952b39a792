// Retry waits for everything that talks to a device or a server that may be away (the printer
// queue, the sync agent): exponential steps from 2 s, capped at 5 min, with full jitter so that
// 200 counters coming back online at once do not knock together.

export const BACKOFF = { baseMs: 2_000, capMs: 5 * 60_000 };

/** Full jitter: a random wait between 0 and the capped exponential step for this attempt (0-based). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** Math.min(attempts, 20)));
}
