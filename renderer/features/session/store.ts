// Who is at the counter: the session from auth.login, cleared on logout, after idle minutes, or
// when the core says it has ended (SESSION_INVALID: idle there too, or the shift closed).
import { create } from 'zustand';
import { appError, type AppError } from '../../../shared/errors.js';
import { call, onSessionEnded } from '../../api/client.js';

export const IDLE_LOCK_MS = 5 * 60_000;

interface SessionState {
  session: string | null;
  user: string | null;
  role: 'cashier' | 'supervisor' | null;
  error: AppError | null;
  lockedForIdle: boolean;
  busy: boolean;
  login(user: string, pin: string): Promise<boolean>;
  logout(reason?: 'idle'): Promise<void>;
  /** The core ended the session: back to log-in, saying why. */
  ended(): void;
}

export const useSession = create<SessionState>((set, get) => ({
  session: null,
  user: null,
  role: null,
  error: null,
  lockedForIdle: false,
  busy: false,
  async login(user, pin) {
    set({ busy: true, error: null });
    const r = await call('auth.login', { user: user.trim().toLowerCase(), pin });
    if (!r.ok) {
      set({ busy: false, error: r.error });
      return false;
    }
    set({ busy: false, session: r.value.session, user: r.value.user, role: r.value.role, lockedForIdle: false });
    return true;
  },
  async logout(reason) {
    const { session } = get();
    set({ session: null, user: null, role: null, error: null, lockedForIdle: reason === 'idle' });
    if (session) await call('auth.logout', { session });
  },
  ended() {
    if (get().session === null) return;
    set({ session: null, user: null, role: null, error: appError('SESSION_INVALID'), lockedForIdle: false, busy: false });
  },
}));

onSessionEnded(() => useSession.getState().ended());

/**
 * The session for a read a screen makes on its own (a search, a status poll): '' when logged out,
 * which the core answers with SESSION_INVALID like any ended session.
 */
export function currentSession(): string {
  return useSession.getState().session ?? '';
}
