// The screens in order: log in, open the shift, then the counter; the status bar is always there.
import { useEffect } from 'react';
import { CounterScreen } from '../features/counter/CounterScreen.js';
import { useCounter } from '../features/counter/store.js';
import { LoginScreen } from '../features/session/LoginScreen.js';
import { IDLE_LOCK_MS, useSession } from '../features/session/store.js';
import { ShiftOpenScreen } from '../features/shift/ShiftOpenScreen.js';
import { useShift } from '../features/shift/store.js';
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

export function App() {
  const session = useSession((s) => s.session);
  const { shift, loaded, refresh, reset } = useShift();
  const load = useTerminal((s) => s.load);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (session) void refresh(session);
    else {
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
      {!session ? <LoginScreen /> : !loaded ? null : !shift ? <ShiftOpenScreen /> : <CounterScreen />}
      <StatusBar />
    </div>
  );
}
