// The audit pack on a terminal's page (docs/audit.md): two dates, typed day first as everywhere in
// the console, and a button that has the centre make the pack (admin-logged) and saves it. The
// answer's SHA-256 and the server key's fingerprint are shown, so whoever hands the file to an
// auditor can say what they handed over and which key to expect.
import { useState, type FormEvent } from 'react';
import { spacedFingerprint } from '../../../shared/audit-pack.js';
import type { AuditPackAnswer } from '../../../shared/console-api.js';
import { parseDmy } from '../../../shared/dates.js';
import { api, type ApiError } from '../../api/client.js';
import { fromBase64, saveFile } from '../../app/download.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

export function AuditPackForm({ terminalId }: { terminalId: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<'badDate' | ApiError | null>(null);
  const [made, setMade] = useState<AuditPackAnswer | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { from: parseDmy(from) ?? '', to: parseDmy(to) ?? '' };
    setMade(null);
    if (!body.from || !body.to) return setProblem('badDate');
    setBusy(true);
    const r = await api.auditPack(terminalId, body);
    setBusy(false);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    saveFile(r.value.fileName, fromBase64(r.value.file), 'application/x-tar');
    setMade(r.value);
  };
  return (
    <form className="card row align-end" onSubmit={(e) => void submit(e)} aria-labelledby="audit-pack-title" noValidate>
      <h2 id="audit-pack-title" className="full">{t('auditPackTitle')}</h2>
      <p className="full">{t('auditPackHint')}</p>
      <label>{t('dateFrom')}<input name="pack-from" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
      <label>{t('dateTo')}<input name="pack-to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
      <button type="submit" className="primary" disabled={busy}>{busy ? t('auditPackWorking') : t('auditPackMake')}</button>
      <p className="error full" role="alert" data-testid="pack-problem">{problem === null ? '' : typeof problem === 'string' ? t(problem) : errorIn(problem, lang)}</p>
      {made && (
        <p className="notice full" role="status" data-testid="pack-made">
          {t('auditPackDone', { file: made.fileName, first: made.firstSeq, last: made.lastSeq, sha: made.sha256, fingerprint: spacedFingerprint(made.fingerprint) })}
        </p>
      )}
    </form>
  );
}
