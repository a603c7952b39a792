// Logged-in users of this process, by an unguessable session id. A session ends when its user logs
// out, after the terminal's idle minutes without a call (each call through the dispatch refreshes
// it), and when its user closes their shift (issue 15, Low a). Ended is ended: no call revives it.
import { randomBytes } from 'node:crypto';
import { CounterfoilError } from '../../shared/errors.js';
import type { User } from './users.js';

export interface SessionOptions {
  clock?: () => Date;
  /** Minutes without a call after which a session ends; read at every call, so a change applies at once. */
  idleMinutes?: () => number;
}

interface Live {
  user: User;
  lastCall: number;
}

export class Sessions {
  private readonly byId = new Map<string, Live>();
  private readonly clock: () => Date;
  private readonly idleMinutes: () => number;

  constructor(opts: SessionOptions = {}) {
    this.clock = opts.clock ?? (() => new Date());
    this.idleMinutes = opts.idleMinutes ?? (() => 15);
  }

  start(user: User): string {
    const now = this.clock().getTime();
    // Sessions left to idle out are dropped here, so the map holds only live ones.
    for (const [id, live] of this.byId) if (this.idle(live, now)) this.byId.delete(id);
    const id = randomBytes(16).toString('hex');
    this.byId.set(id, { user, lastCall: now });
    return id;
  }

  private idle(live: Live, now: number): boolean {
    return now - live.lastCall > this.idleMinutes() * 60_000;
  }

  /** The session's user, its idle time starting again; SESSION_INVALID when it is unknown or has ended. */
  user(session: string): User {
    const live = this.byId.get(session);
    const now = this.clock().getTime();
    if (!live || this.idle(live, now)) {
      this.byId.delete(session);
      throw new CounterfoilError('SESSION_INVALID');
    }
    live.lastCall = Math.max(live.lastCall, now);
    return live.user;
  }

  end(session: string): void {
    this.byId.delete(session);
  }

  /** Ends every session of a user (their shift has closed). */
  endUser(userId: number): void {
    for (const [id, live] of this.byId) if (live.user.id === userId) this.byId.delete(id);
  }
}
