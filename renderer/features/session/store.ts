// Who is at the counter: the session from auth.login, cleared on logout or after idle minutes.
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.js';
import { call } from '../../api/client.js';

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
}));
