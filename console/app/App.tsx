// The console's frame: a skip link, the header (sections the user may see, who is signed in, the
// language switch, sign-out) and the section on screen; or sign-in / set-up before that.
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { api } from '../api/client.js';
import { AdminLogScreen } from '../features/admin-log/AdminLogScreen.js';
import { AlertsScreen } from '../features/alerts/AlertsScreen.js';
import { CensusScreen } from '../features/census/CensusScreen.js';
import { CollectionsScreen } from '../features/collections/CollectionsScreen.js';
import { ConsumerImportScreen } from '../features/consumer-import/ConsumerImportScreen.js';
import { EnrollScreen } from '../features/enroll/EnrollScreen.js';
import { SetupScreen } from '../features/setup/SetupScreen.js';
import { TerminalScreen } from '../features/terminal/TerminalScreen.js';
import { SignInScreen } from '../features/sign-in/SignInScreen.js';
import { UsersScreen } from '../features/users/UsersScreen.js';
import { useLang, useT } from '../i18n/lang.js';
import { watchIdle } from './idle.js';
import { screensFor, type ScreenId } from './nav.js';
import { useSession } from './session.js';

// Money is the largest section and only finance and auditors open it: its code is fetched (same
// origin) the first time it is shown, so everyone else's console loads as before.
const MoneyScreen = lazy(() => import('../features/money/MoneyScreen.js').then((m) => ({ default: m.MoneyScreen })));

const SECTIONS: Record<ScreenId, ComponentType> = {
  census: CensusScreen,
  alerts: AlertsScreen,
  collections: CollectionsScreen,
  money: MoneyScreen,
  adminLog: AdminLogScreen,
  users: UsersScreen,
  enroll: EnrollScreen,
  consumerImport: ConsumerImportScreen,
};

function LanguageSwitch() {
  const t = useT();
  const toggle = useLang((s) => s.toggle);
  const lang = useLang((s) => s.lang);
  return (
    // Named by its own visible word, in the language it switches to (axe: the name holds the text).
    <button type="button" onClick={toggle} title={t('switchLanguageLabel')} lang={lang === 'hi' ? 'en' : 'hi'} data-testid="language">
      {t('switchLanguage')}
    </button>
  );
}

export function App() {
  const t = useT();
  const { phase, me, screen, go, signOut, start, terminalId } = useSession();

  useEffect(() => {
    void start();
  }, [start]);
  useEffect(() => {
    document.title = t('appTitle');
  });
  const idleMinutes = me?.idleMinutes;
  useEffect(() => (idleMinutes ? watchIdle(idleMinutes, () => void api.me()) : undefined), [idleMinutes]);

  const skip = <a className="skip" href="#main">{t('skipToContent')}</a>;
  if (phase === 'starting') return <main id="main" className="screen"><p>{t('loading')}</p></main>;
  if (phase === 'setup' || phase === 'signed-out') {
    return (
      <>
        {skip}
        <header className="top-bar">
          <span className="brand">{t('appTitle')}</span>
          <span className="spacer" />
          <LanguageSwitch />
        </header>
        <main id="main" tabIndex={-1} className="screen">{phase === 'setup' ? <SetupScreen /> : <SignInScreen />}</main>
      </>
    );
  }
  const allowed = screensFor(me!.capabilities);
  const Section = SECTIONS[allowed.includes(screen) ? screen : allowed[0] ?? 'census'];
  return (
    <>
      {skip}
      <header className="top-bar">
        <span className="brand">{t('appTitle')}</span>
        <nav aria-label={t('navLabel')}>
          <ul className="nav">
            {allowed.map((id) => (
              <li key={id}>
                <button type="button" className="nav-item" aria-current={id === screen ? 'page' : undefined} onClick={() => go(id)} data-testid={`nav-${id}`}>
                  {t(`nav_${id}`)}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        <span className="who" data-testid="who">{t('signedInAs', { name: me!.name, role: t(`role_${me!.role}`) })}</span>
        <LanguageSwitch />
        <button type="button" onClick={() => void signOut()} data-testid="sign-out">{t('signOut')}</button>
      </header>
      <main id="main" tabIndex={-1} className="screen">
        <Suspense fallback={<p>{t('loading')}</p>}>
          {terminalId && Section === CensusScreen ? <TerminalScreen terminalId={terminalId} /> : <Section />}
        </Suspense>
      </main>
    </>
  );
}
