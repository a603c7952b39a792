// Alerts: open or resolved, high severity first (the server's order). Those who may act
// (alerts.act) acknowledge or resolve one with a note, which goes in the admin log with their name.
import { useCallback, useEffect, useState } from 'react';
import type { AlertRow } from '../../../shared/console-api.js';
import { api, type ApiError } from '../../api/client.js';
import { when } from '../../app/format.js';
import { useSession } from '../../app/session.js';
import { errorIn } from '../../i18n/errors.js';
import { alertKindIn } from '../../i18n/labels.js';
import { useLang, useT } from '../../i18n/lang.js';
import { AlertActionForm, type AlertAct } from './AlertActionForm.js';

type Tab = 'open' | 'resolved';

/** The server's English message and, for admins on a fork, its evidence (detail is free-form). */
function detailOf(a: AlertRow): { message: string | null; evidence: unknown } {
  const d = (a.detail ?? {}) as { message?: unknown; evidence?: unknown };
  return { message: typeof d.message === 'string' ? d.message : null, evidence: d.evidence };
}

export function AlertsScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const mayAct = useSession((s) => s.me?.capabilities.includes('alerts.act') ?? false);
  const [tab, setTab] = useState<Tab>('open');
  const [alerts, setAlerts] = useState<AlertRow[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [acting, setActing] = useState<{ id: string; act: AlertAct } | null>(null);
  const [done, setDone] = useState<{ id: string; act: AlertAct } | null>(null);

  const load = useCallback(async (which: Tab) => {
    const r = await api.alerts(which);
    if (r.ok) {
      setAlerts(r.value.alerts);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    setAlerts(null);
    void load(tab);
  }, [tab, load]);

  return (
    <section className="stack" aria-labelledby="alerts-title">
      <div className="title-row">
        <h1 id="alerts-title">{t('alertsTitle')}</h1>
        <div className="tabs" role="group" aria-label={t('alertsTitle')}>
          {(['open', 'resolved'] as const).map((which) => (
            <button key={which} type="button" aria-pressed={tab === which} onClick={() => { setActing(null); setDone(null); setTab(which); }} data-testid={`alerts-${which}`}>
              {t(which === 'open' ? 'alertsOpen' : 'alertsResolved')}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => void load(tab)}>{t('reload')}</button>
      </div>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {done && <p className="notice" role="status" data-testid="alert-done">{t(`alertDone_${done.act}`, { id: done.id })}</p>}
      {!alerts && !error && <p>{t('loading')}</p>}
      {alerts && alerts.length === 0 && <p data-testid="alerts-none">{t('alertsNone')}</p>}
      {alerts && alerts.length > 0 && (
        <div className="table-wrap">
          <table aria-labelledby="alerts-title">
            <thead>
              <tr>
                <th scope="col">{t('col_severity')}</th>
                <th scope="col">{t('col_kind')}</th>
                <th scope="col">{t('col_terminal')}</th>
                <th scope="col" className="num">{t('col_count')}</th>
                <th scope="col">{t('col_firstSeen')}</th>
                <th scope="col">{t('col_lastSeen')}</th>
                <th scope="col">{t('col_message')}</th>
                <th scope="col">{t('col_handling')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => {
                const { message, evidence } = detailOf(a);
                return (
                  <tr key={a.id} data-testid={`alert-${a.id}`}>
                    <td><span className={`severity severity-${a.severity}`}>{t(`severity_${a.severity}`)}</span></td>
                    <th scope="row">{alertKindIn(a.kind, lang)}</th>
                    <td className="mono">{a.terminal_id ?? t('noTerminal')}</td>
                    <td className="num">{a.count}</td>
                    <td>{when(a.first_seen)}</td>
                    <td>{when(a.last_seen)}</td>
                    <td>
                      {message && <span lang="en" title={t('englishFromServer')}>{message}</span>}
                      {evidence === 'shown to admins only' && <p className="muted">{t('evidenceForAdmins')}</p>}
                      {evidence !== undefined && typeof evidence !== 'string' && (
                        <details>
                          <summary>{t('evidence')}</summary>
                          <pre className="evidence">{JSON.stringify(evidence, null, 2)}</pre>
                        </details>
                      )}
                    </td>
                    <td>
                      {a.acknowledged && !a.resolved && <p>{t('acknowledgedBy', { by: a.acknowledged.by, at: when(a.acknowledged.at), note: a.acknowledged.note })}</p>}
                      {a.resolved && <p>{t('resolvedBy', { by: a.resolved.by, at: when(a.resolved.at), note: a.resolved.note })}</p>}
                      {mayAct && !a.resolved && (
                        acting?.id === a.id ? (
                          <AlertActionForm
                            id={a.id}
                            act={acting.act}
                            onCancel={() => setActing(null)}
                            onDone={(act) => {
                              setActing(null);
                              setDone({ id: a.id, act });
                              void load(tab);
                            }}
                            onStale={() => void load(tab)}
                          />
                        ) : (
                          <div className="row-actions">
                            {!a.acknowledged && (
                              <button type="button" className="small" aria-label={t('acknowledgeAlert', { id: a.id })} onClick={() => { setDone(null); setActing({ id: a.id, act: 'acknowledge' }); }}>
                                {t('acknowledge')}
                              </button>
                            )}
                            <button type="button" className="small" aria-label={t('resolveAlert', { id: a.id })} onClick={() => { setDone(null); setActing({ id: a.id, act: 'resolve' }); }} data-testid="resolve">
                              {t('resolve')}
                            </button>
                          </div>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
