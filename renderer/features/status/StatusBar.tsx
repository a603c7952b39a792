// Always visible: online / offline / degraded, what waits to be sent and since when, the printer,
// and a clock-skew warning; for a supervisor, why sending stopped (a fork, a revoked key) in
// words. Honest about the network: offline is said, never hidden.
import { useEffect } from 'react';
import type { Output } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import { errorIn, storedErrorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { call } from '../../api/client.js';
import { useSession } from '../session/store.js';
import { STATUS_POLL_MS, useStatus } from './store.js';

/** An age in the screen's words: "45 सेकंड", "12 min", "3 घंटे". */
function age(seconds: number, t: ReturnType<typeof useT>): string {
  if (seconds < 90) return t('ageSeconds', { n: seconds });
  if (seconds < 90 * 60) return t('ageMinutes', { n: Math.round(seconds / 60) });
  return t('ageHours', { n: Math.round(seconds / 3600) });
}

function syncWord(s: Output<'sync.status'>): { key: Parameters<ReturnType<typeof useT>>[0]; tone: string } {
  if (!s.enrolled) return { key: 'syncNotEnrolled', tone: 'warn' };
  if (s.stopped) return { key: 'syncStopped', tone: 'bad' };
  if (s.connection === 'online') return { key: 'syncOnline', tone: 'good' };
  if (s.connection === 'degraded') return { key: 'syncDegraded', tone: 'warn' };
  return { key: 'syncOffline', tone: 'warn' };
}

export function StatusBar() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { sync, printer, refresh } = useStatus();
  const session = useSession((s) => s.session);
  const supervisor = useSession((s) => s.role === 'supervisor');
  const sendNow = async () => {
    if (session) await call('sync.now', { session });
    await refresh();
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const word = sync ? syncWord(sync) : null;
  return (
    <footer className="status-bar" aria-label={t('statusBar')}>
      {word && sync && (
        <span className={`badge ${word.tone}`} data-testid="sync-state" title={sync.lastError ?? ''}>
          {t(word.key)}
        </span>
      )}
      {sync && sync.enrolled && (
        <span data-testid="sync-queue">
          {t('queue')}: {sync.queueDepth}
          {sync.oldestUnsyncedAgeSeconds !== null && ` (${t('oldest')} ${age(sync.oldestUnsyncedAgeSeconds, t)})`}
        </span>
      )}
      {session && sync?.enrolled && !sync.stopped && sync.queueDepth > 0 && (
        <button type="button" className="small" onClick={() => void sendNow()}>{t('sendNow')}</button>
      )}
      {supervisor && sync?.stopped && (
        <span className="badge bad" role="alert" data-testid="sync-stopped">{storedErrorIn(sync.stopped, ['UPSTREAM_FORK', 'UPSTREAM_REVOKED'], lang)}</span>
      )}
      {sync?.clockSkewWarning && sync.clockSkewMs !== null && (
        <span className="badge warn" role="alert">{t('clockSkew', { minutes: Math.round(Math.abs(sync.clockSkewMs) / 60_000) })}</span>
      )}
      {sync?.writeBlock && <span className="badge bad" role="alert">{errorIn(sync.writeBlock as AppError, lang)}</span>}
      {printer && (
        <span className={`badge ${printer.state === 'ready' || printer.state === 'printing' ? 'good' : 'warn'}`} data-testid="printer-state">
          {t('printer')}: {printer.text[lang]}
          {printer.pending > 0 && ` · ${t('printQueued')}: ${printer.pending}`}
        </span>
      )}
    </footer>
  );
}
