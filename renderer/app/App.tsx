// The screens in order: log in, open the shift, then the counter (and, for a supervisor, the day
// view and settings); the status bar is always there. A supervisor needs no cash shift for her own
// screens (day close, reports, reconciliation, settings): she opens one only to take payments, on
// the counter screen, and stays in after closing it.
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
import { formatDmy } from '../../shared/dates.js';
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
      {info && <span className="muted">{info.substation} / {info.counter} · {formatDmy(info.businessDate)}</span>}
      <span className="spacer" />
      {user && role && <span>{user} ({t(role)})</span>}
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
    <nav className="nav" aria-label={t('navScreens')}>
      {screensFor(role).map((s) => (
        <button key={s.id} type="button" aria-current={screen === s.id ? 'page' : undefined} onClick={() => go(s.id)}>
          {t(s.label)} <kbd>{s.key}</kbd>
        </button>
      ))}
    </nav>
  );
}

/** A supervisor without a shift: the counter screen asks for one, the others need none. */
function NoShift({ screen }: { screen: ScreenId }) {
  const t = useT();
  if (screen === 'counter') return <ShiftOpenScreen />;
  return (
    <main className="screen narrow stack">
      <p className="notice" role="status" data-testid="no-shift">{t('noShiftOpen')}</p>
    </main>
  );
}

function Working() {
  const t = useT();
  const shift = useShift((s) => s.shift);
  const supervisor = useSession((s) => s.role) === 'supervisor';
  const [screen, setScreen] = useState<ScreenId>('counter');
  const [closed, setClosed] = useState<{ shiftId: number } | null>(null);
  /** To another screen; a supervisor's "shift closed" notice stays only until she moves on. */
  const go = (next: ScreenId) => {
    if (useSession.getState().role === 'supervisor') setClosed(null);
    setScreen(next);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = SCREENS.find((s) => s.key === e.key);
      if (!target) return;
      // Swallowed for a cashier too, so F7 does not start the browser's caret browsing either.
      e.preventDefault();
      if (screensFor(useSession.getState().role).includes(target)) go(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const onShiftClosed = (c: { shiftId: number }) => {
    setClosed(c);
    if (!supervisor) return;
    // She stays in: her shift is gone, and the day is what she closes next.
    useShift.setState({ shift: null });
    setScreen('day');
  };
  if (closed && !supervisor) {
    return (
      <main className="screen narrow stack">
        <p className="notice" role="status">{t('shiftClosed', { shiftId: closed.shiftId })}</p>
        <button type="button" className="primary" autoFocus onClick={() => void useSession.getState().logout()}>{t('logout')} <kbd>Enter</kbd></button>
      </main>
    );
  }
  const needsShift = screen === 'counter' || screen === 'shift-close';
  return (
    <>
      <Nav screen={screen} go={go} />
      {closed && <p className="notice" role="status" data-testid="shift-closed">{t('shiftClosed', { shiftId: closed.shiftId })}</p>}
      {!shift && needsShift ? <NoShift screen={screen} /> : (
        <>
          {screen === 'counter' && <CounterScreen />}
          {screen === 'receipts' && <ReceiptsScreen />}
          {screen === 'shift-close' && <ShiftCloseScreen onClosed={onShiftClosed} />}
          {screen === 'day' && <DayScreen />}
          {screen === 'settings' && <SettingsScreen />}
          {screen === 'reconcile' && <ReconcileScreen />}
        </>
      )}
    </>
  );
}

export function App() {
  const session = useSession((s) => s.session);
  const { shift, loaded, refresh, reset } = useShift();
  const supervisor = useSession((s) => s.role) === 'supervisor';
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
        {notSetUp ? <SetupScreen /> : !session ? <LoginScreen /> : !loaded ? null : !shift && !supervisor ? <ShiftOpenScreen /> : <Working />}
      </div>
      <StatusBar />
    </div>
  );
}
