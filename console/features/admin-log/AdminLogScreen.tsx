// The admin log, newest first, and its verification: the server checks every entry's hash, its
// link to the one before and the server key's signature, and says ok or each fault by entry.
import { useEffect, useState } from 'react';
import { api, type AdminLogEntry, type AdminLogReport, type ApiError } from '../../api/client.js';
import { when } from '../../app/format.js';
import { errorIn } from '../../i18n/errors.js';
import { adminActionIn } from '../../i18n/labels.js';
import { useLang, useT } from '../../i18n/lang.js';

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v));

export function AdminLogScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [entries, setEntries] = useState<AdminLogEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [report, setReport] = useState<AdminLogReport | null>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    void api.adminLog().then((r) => (r.ok ? setEntries(r.value.entries) : setError(r.error)));
  }, []);

  const verify = async () => {
    setVerifying(true);
    setReport(null);
    const r = await api.verifyAdminLog();
    setVerifying(false);
    if (r.ok) setReport(r.value);
    else setError(r.error);
  };

  return (
    <section className="stack" aria-labelledby="admin-log-title">
      <div className="title-row">
        <h1 id="admin-log-title">{t('adminLogTitle')}</h1>
        <button type="button" className="primary" onClick={() => void verify()} disabled={verifying} data-testid="verify">{verifying ? t('verifying') : t('verify')}</button>
      </div>
      <p className="muted">{t('adminLogIntro')}</p>
      <div role="status" data-testid="verify-result">
        {report?.ok && <p className="verdict verdict-ok">{t('verifyOk', { entries: report.entries, headSeq: report.headSeq })}</p>}
        {report && !report.ok && (
          <div className="verdict verdict-bad">
            <p><strong>{t('verifyFaults', { count: report.faults.length, entries: report.entries })}</strong></p>
            <ul data-testid="verify-faults">
              {report.faults.map((f, i) => (
                <li key={i}>{t('verifyFault', { seq: f.seq })} <span lang="en">{f.problem}</span></li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {!entries && !error && <p>{t('loading')}</p>}
      {entries && entries.length === 0 && <p>{t('adminLogEmpty')}</p>}
      {entries && entries.length > 0 && (
        <div className="table-wrap">
          <table aria-labelledby="admin-log-title">
            <thead>
              <tr>
                <th scope="col" className="num">{t('col_seq')}</th>
                <th scope="col">{t('col_at')}</th>
                <th scope="col">{t('col_actor')}</th>
                <th scope="col">{t('col_action')}</th>
                <th scope="col">{t('col_subject')}</th>
                <th scope="col">{t('col_change')}</th>
                <th scope="col">{t('col_note')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq} data-testid={`log-${e.seq}`}>
                  <th scope="row" className="num">{e.seq}</th>
                  <td>{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{adminActionIn(e.action, lang)}</td>
                  <td className="mono">{e.subject}</td>
                  <td><code className="change">{json(e.before)} → {json(e.after)}</code></td>
                  <td>{e.note ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
