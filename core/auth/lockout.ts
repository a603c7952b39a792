// How long a name is locked after wrong PINs (issue 15 #3). Pure: the store is core/auth/users.ts.
//
// Five wrong PINs in a row lock the name for 1 minute; after that each further wrong PIN (one can
// be tried only once the lock has run out) locks it again, for 5, then 15, then 60 minutes, and 60
// from then on. A lock is never lengthened while it runs: a guess during it is refused unread. So
// a guesser gets at most 5 tries, then one an hour (24 a day: a 6-digit supervisor PIN holds for
// decades), and someone who wants to keep the supervisor out must come back and fail again after
// every window; the supervisor's own right PIN works the moment a window ends, and every
// failure and lock is in the log. A day without a failure forgives the streak.

export const MAX_PIN_FAILURES = 5;
/** The lock after the 5th, 6th, 7th and 8th-or-later wrong PIN in a row. */
export const LOCKOUT_STEPS_MINUTES: readonly number[] = [1, 5, 15, 60];
/** A streak with no failure for this long starts again from nothing. */
export const FORGIVE_AFTER_MS = 24 * 60 * 60_000;

export interface AttemptState {
  /** Wrong PINs in a row, since the last right one. */
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

export const NO_ATTEMPTS: AttemptState = { failures: 0, lastFailureAt: null, lockedUntil: null };

/** The lock in force at `now`, or null. */
export function lockedUntil(s: AttemptState, now: Date): Date | null {
  return s.lockedUntil && s.lockedUntil > now ? s.lockedUntil : null;
}

/** The streak as it stands at `now`: forgiven after a quiet day. */
export function current(s: AttemptState, now: Date): AttemptState {
  if (s.lastFailureAt && now.getTime() - s.lastFailureAt.getTime() >= FORGIVE_AFTER_MS) return NO_ATTEMPTS;
  return s;
}

/** What one more wrong PIN at `now` makes of the state, and the lock's minutes when it locks. */
export function afterFailure(s: AttemptState, now: Date): { state: AttemptState; lockMinutes: number | null; remaining: number } {
  const failures = current(s, now).failures + 1;
  if (failures < MAX_PIN_FAILURES) {
    return { state: { failures, lastFailureAt: now, lockedUntil: null }, lockMinutes: null, remaining: MAX_PIN_FAILURES - failures };
  }
  const step = Math.min(failures - MAX_PIN_FAILURES, LOCKOUT_STEPS_MINUTES.length - 1);
  const lockMinutes = LOCKOUT_STEPS_MINUTES[step]!;
  return { state: { failures, lastFailureAt: now, lockedUntil: new Date(now.getTime() + lockMinutes * 60_000) }, lockMinutes, remaining: 0 };
}
