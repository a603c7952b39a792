// The centre takes each signed read once (issue 15 Low b), so the terminal must never sign one time
// twice — also when a restored copy, stamping with the skew it was backed up with, signs between
// two reads of the live terminal (the CI failure of the restore-safety sync test).
import { describe, expect, it } from 'vitest';
import { readTime } from '../../core/sync/http.js';

describe('signed read time', () => {
  const clock = { now: new Date('2026-12-07T06:00:00.000Z') };
  const terminal = (id: string) => ({ id, clock: () => new Date(clock.now) });

  it('a clock that stands still still signs a new time for each read', () => {
    const t = terminal('SS042-C1-a');
    const times = Array.from({ length: 5 }, () => readTime(t, 0));
    expect(new Set(times).size).toBe(5);
  });

  it('a read with a stale skew between two current ones never makes the next reuse a time', () => {
    const live = terminal('SS042-C1-b');
    const restored = terminal('SS042-C1-b');
    const first = readTime(live, 0);
    const stale = readTime(restored, -2_000);
    const next = readTime(live, 0);
    expect(stale).toBe(new Date(clock.now.getTime() - 2_000).toISOString());
    expect(new Set([first, stale, next]).size).toBe(3);
  });

  it('a read stamped days back (a copy restored with the skew of its backup) does not make the terminal forget the times it signed', () => {
    const live = terminal('SS042-C1-d');
    const restored = terminal('SS042-C1-d');
    const skew = 11 * 24 * 3_600_000;
    const first = readTime(live, skew);
    readTime(restored, 0); // refused by the centre for its clock, then sent again with the skew measured
    expect(readTime(restored, skew)).not.toBe(first);
  });

  it('a clock set back by minutes is followed, not outrun into the future', () => {
    const t = terminal('SS042-C1-c');
    readTime(t, 0);
    expect(readTime(t, -5 * 60_000)).toBe(new Date(clock.now.getTime() - 5 * 60_000).toISOString());
  });

  it('terminals do not share their times', () => {
    expect(readTime(terminal('SS042-C2'), 0)).toBe(readTime(terminal('SS043-C1'), 0));
  });
});
