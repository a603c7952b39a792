// Logged-in users of this process, by an unguessable session id.
import { randomBytes } from 'node:crypto';
import { CounterfoilError } from '../../shared/errors.js';
import type { User } from './users.js';

export class Sessions {
  private readonly byId = new Map<string, User>();

  start(user: User): string {
    const id = randomBytes(16).toString('hex');
    this.byId.set(id, user);
    return id;
  }

  user(session: string): User {
    const user = this.byId.get(session);
    if (!user) throw new CounterfoilError('SESSION_INVALID');
    return user;
  }

  end(session: string): void {
    this.byId.delete(session);
  }
}
