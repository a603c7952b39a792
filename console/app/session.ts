// Who is signed in, which section they are on, and what the sign-in screen should say when they
// land back on it (signed out, session ended, password just set). The set-up link's token comes
// from the page's fragment (#setup=…), which browsers never send to a server.
import { create } from 'zustand';
import type { Me } from '../../shared/console-api.js';
import { api, onSessionEnded } from '../api/client.js';
import { screensFor, type ScreenId } from './nav.js';

export type Phase = 'starting' | 'setup' | 'signed-out' | 'signed-in';
export type Notice = 'sessionEnded' | 'signedOut' | 'setupDone';

interface SessionState {
  phase: Phase;
  me: Me | null;
  screen: ScreenId;
  notice: Notice | null;
  /** The idle limit of the session that ended, for the sign-in screen to say. */
  endedIdleMinutes: number | null;
  setupToken: string | null;
  /** The terminal page open over the census, if any. */
  terminalId: string | null;
  openTerminal(terminalId: string | null): void;
  start(): Promise<void>;
  signedIn(me: Me): void;
  signOut(): Promise<void>;
  sessionEnded(): void;
  go(screen: ScreenId): void;
  setupFinished(): void;
}

const SETUP_FRAGMENT = /^#setup=([A-Za-z0-9_-]+)$/;

export const useSession = create<SessionState>((set, get) => ({
  phase: 'starting',
  me: null,
  screen: 'census',
  notice: null,
  endedIdleMinutes: null,
  setupToken: null,
  terminalId: null,

  openTerminal(terminalId) {
    set({ terminalId });
  },

  async start() {
    const token = SETUP_FRAGMENT.exec(location.hash)?.[1];
    if (token) return set({ phase: 'setup', setupToken: token });
    const me = await api.me();
    if (me.ok) get().signedIn(me.value);
    else set({ phase: 'signed-out' });
  },

  signedIn(me) {
    set({ phase: 'signed-in', me, screen: screensFor(me.capabilities)[0] ?? 'census', notice: null, endedIdleMinutes: null });
  },

  async signOut() {
    await api.logout();
    set({ phase: 'signed-out', me: null, notice: 'signedOut' });
  },

  sessionEnded() {
    const { phase, me } = get();
    if (phase !== 'signed-in') return; // a sign-in or set-up screen's own refusal, not an ended session
    set({ phase: 'signed-out', me: null, notice: 'sessionEnded', endedIdleMinutes: me?.idleMinutes ?? null });
  },

  go(screen) {
    set({ screen, terminalId: null });
  },

  setupFinished() {
    history.replaceState(null, '', location.pathname + location.search);
    set({ phase: 'signed-out', setupToken: null, notice: 'setupDone' });
  },
}));

onSessionEnded(() => useSession.getState().sessionEnded());
