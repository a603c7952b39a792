// Money (issue 18, docs/reconciliation.md): what the counters collected against what reached the
// bank, for finance officers and auditors (money.read) — the monitor and its counter-days, imports
// of statements and settlement reports, reports, the morning's exceptions, and the settings. What
// changes anything (import, mappings, accept, match, settings) is for finance only (money.act): an
// auditor is shown none of those controls, and the server refuses them anyway.
import { useT } from '../../i18n/lang.js';
import { CounterDayPanel } from './CounterDayPanel.js';
import { ExceptionsView } from './ExceptionsView.js';
import { ImportView } from './ImportView.js';
import { MonitorView } from './MonitorView.js';
import { MONEY_VIEWS, useMoney } from './money-store.js';
import { PaidDueView } from './PaidDueView.js';
import { ReportsView } from './ReportsView.js';
import { SettingsView } from './SettingsView.js';

export function MoneyScreen() {
  const t = useT();
  const view = useMoney((s) => s.view);
  const open = useMoney((s) => s.open);
  const go = useMoney((s) => s.go);
  return (
    <section className="stack money-section" aria-labelledby="money-title">
      <div className="title-row">
        <h1 id="money-title">{t('moneyTitle')}</h1>
        <div className="tabs" role="group" aria-label={t('moneyViews')}>
          {MONEY_VIEWS.map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => go(v)} data-testid={`money-view-${v}`}>{t(`moneyView_${v}`)}</button>
          ))}
        </div>
      </div>
      {view === 'monitor' && (open ? <CounterDayPanel key={`${open.terminalId}/${open.date}`} day={open} /> : <MonitorView />)}
      {view === 'import' && <ImportView />}
      {view === 'reports' && <ReportsView />}
      {view === 'exceptions' && <ExceptionsView />}
      {view === 'paidDue' && <PaidDueView />}
      {view === 'settings' && <SettingsView />}
    </section>
  );
}
