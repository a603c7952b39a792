// The screens in order: log in, open the shift, then the counter (and, for a supervisor, the day
// view and settings); the status bar is always there.
import { useEffect, useState } from 'react';
import type { StringKey } from '../i18n/strings.js';
import { CounterScreen } from '../features/counter/CounterScreen.js';
import { DayScreen } from '../features/day/DayScreen.js';
import { useCounter } from '../features/counter/store.js';
import { LoginScreen } from '../features/session/LoginScreen.js';
import { IDLE_LOCK_MS, useSession } from '../features/session/store.js';
import { ReceiptsScreen } from '../features/receipts/ReceiptsScreen.js';
import { ReconcileScreen } from '../features/reconcile/ReconcileScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { ShiftCloseScreen } from '../features/shift/ShiftCloseScreen.js';
import { ShiftOpenScreen } from '../features/shift/ShiftOpenScreen.js';
import { useShift } from '../features/shift/store.js';
import { SetupScreen } from '../features/setup/SetupScreen.js';
import { StatusBar } from '../features/status/StatusBar.js';
import { useLang, useT } from '../i18n/lang.js';
import { useTerminal } from './terminal-store.js';

function TopBar() {
  const t = useT();
  const toggle = useLang((s) => s.toggle);
  const info = useTerminal((s) => s.info);
  const { user, role, logout } = useSession();
  return (
    <header className="top-bar">
      <strong>{t('appTitle')}</strong>
      {info && <span className="muted">{info.substation} / {info.counter} · {info.businessDate}</span>}
      <span className="spacer" />
      {user && <span>{user} ({role})</span>}
      <button type="button" onClick={toggle} lang={t('language') === 'English' ? 'en' : 'hi'}>{t('language')} <kbd>Alt+L</kbd></button>
      {user && <button type="button" onClick={() => void logout()}>{t('logout')} <kbd>Alt+Q</kbd></button>}
    </header>
  );
}

/** Locks the screen after IDLE_LOCK_MS without a key or a click. */
function useIdleLock(active: boolean) {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(() => void useSession.getState().logout('idle'), IDLE_LOCK_MS);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void useSession.getState().logout('idle'), IDLE_LOCK_MS);
    };
    window.addEventListener('keydown', touch, true);
    window.addEventListener('pointerdown', touch, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', touch, true);
      window.removeEventListener('pointerdown', touch, true);
    };
  }, [active]);
}

/**
 * The screens once the shift is open, each on its own function key. A supervisor also has the day
 * view and settings; a cashier neither sees them nor reaches them by key.
 */
const SCREENS = [
  { id: 'counter', key: 'F1', label: 'navCounter', supervisor: false },
  { id: 'receipts', key: 'F3', label: 'navReceipts', supervisor: false },
  { id: 'shift-close', key: 'F4', label: 'navShiftClose', supervisor: false },
  { id: 'day', key: 'F7', label: 'navDay', supervisor: true },
  { id: 'settings', key: 'F8', label: 'navSettings', supervisor: true },
  { id: 'reconcile', key: 'F9', label: 'navReconcile', supervisor: true },
] as const satisfies readonly { id: string; key: string; label: StringKey; supervisor: boolean }[];
type ScreenId = (typeof SCREENS)[number]['id'];

const screensFor = (role: string | null) => SCREENS.filter((s) => !s.supervisor || role === 'supervisor');

function Nav({ screen, go }: { screen: ScreenId; go: (s: ScreenId) => void }) {
  const t = useT();
  const role = useSession((s) => s.role);
  return (
    <nav className="nav" aria-label="screens">
      {screensFor(role).map((s) => (
        <button key={s.id} type="button" aria-current={screen === s.id ? 'page' : undefined} onClick={() => go(s.id)}>
          {t(s.label)} <kbd>{s.key}</kbd>
        </button>
      ))}
    </nav>
  );
}

function Working() {
  const t = useT();
  const [screen, setScreen] = useState<ScreenId>('counter');
  const [closed, setClosed] = useState<{ shiftId: number } | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = SCREENS.find((s) => s.key === e.key);
      if (!target) return;
      // Swallowed for a cashier too, so F7 does not start the browser's caret browsing either.
      e.preventDefault();
      if (screensFor(useSession.getState().role).includes(target)) setScreen(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (closed) {
    return (
      <main className="screen narrow stack">
        <p className="notice" role="status">{t('shiftClosed', { shiftId: closed.shiftId })}</p>
        <button type="button" className="primary" autoFocus onClick={() => void useSession.getState().logout()}>{t('logout')} <kbd>Enter</kbd></button>
      </main>
    );
  }
  return (
    <>
      <Nav screen={screen} go={setScreen} />
      {screen === 'counter' && <CounterScreen />}
      {screen === 'receipts' && <ReceiptsScreen />}
      {screen === 'shift-close' && (
        <ShiftCloseScreen onClosed={setClosed} />
      )}
      {screen === 'day' && <DayScreen />}
      {screen === 'settings' && <SettingsScreen />}
      {screen === 'reconcile' && <ReconcileScreen />}
    </>
  );
}

export function App() {
  const session = useSession((s) => s.session);
  const { shift, loaded, refresh, reset } = useShift();
  const load = useTerminal((s) => s.load);
  const notSetUp = useTerminal((s) => s.error?.code === 'NOT_INITIALISED');
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (session) {
      void refresh(session);
      void useTerminal.getState().loadLimits(session);
    } else {
      reset();
      useCounter.getState().next();
    }
  }, [session, refresh, reset]);
  useIdleLock(session !== null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        useLang.getState().toggle();
      } else if (e.altKey && (e.key === 'q' || e.key === 'Q')) {
        e.preventDefault();
        void useSession.getState().logout();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="app">
      <TopBar />
      <div className="body">
        {notSetUp ? <SetupScreen /> : !session ? <LoginScreen /> : !loaded ? null : !shift ? <ShiftOpenScreen /> : <Working />}
      </div>
      <StatusBar />
    </div>
  );
}
