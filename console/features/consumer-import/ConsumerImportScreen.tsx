// The consumer master import (admins): a CSV uploaded with its progress shown, then the centre's
// job followed every half second — checking every record, then importing — to its outcome: done
// (how many records, how many consumers new or changed), refused (nothing written; the bad records
// listed by number and field, and how many in all) or failed.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImportJob } from '../../../shared/console-api.js';
import { CONSUMER_FIELDS } from '../../../shared/consumer-record.js';
import { api, type ApiError } from '../../api/client.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

export const POLL_MS = 500;

const percent = (done: number, total: number) => (total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0);
const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** A labelled <progress> and its percentage in words. */
function Progress({ id, label, done, total }: { id: string; label: string; done: number; total: number }) {
  const t = useT();
  const p = percent(done, total);
  return (
    <div className="progress-row">
      <span id={`${id}-label`}>{label}</span>
      <progress aria-labelledby={`${id}-label`} max={100} value={p} data-testid={id} />
      <span data-testid={`${id}-text`}>{t('importPercent', { percent: p, done: kb(done), total: kb(total) })}</span>
    </div>
  );
}

function Outcome({ job }: { job: ImportJob }) {
  const t = useT();
  if (job.phase === 'done') {
    return <p className="verdict verdict-ok" role="status" data-testid="import-done">{t('importDone', { name: job.name, records: job.records, changed: job.changed ?? 0 })}</p>;
  }
  const english = job.message && <p lang="en" title={t('englishFromServer')} data-testid="import-message">{job.message}</p>;
  if (job.phase === 'failed') {
    return (
      <div className="verdict verdict-bad" role="alert" data-testid="import-failed">
        <p>{t('importFailed', { name: job.name })}</p>
        {english}
      </div>
    );
  }
  return (
    <div className="stack" data-testid="import-refused">
      <div className="verdict verdict-bad" role="alert">
        <p>{t('importRefused', { name: job.name })}</p>
        {/* The server's sentence only when there is no count to say (a header lacking a column, no records). */}
        {job.errorCount === 0 && english}
        {job.errorCount > 0 && (
          <p data-testid="import-bad-count">
            {t(job.errors.length < job.errorCount ? 'importBadCount' : 'importBadCountAll', { count: job.errorCount, records: job.records, listed: job.errors.length })}
          </p>
        )}
      </div>
      {job.errors.length > 0 && (
        <div className="table-wrap">
          <table data-testid="import-errors">
            <caption className="sr-only">{t('importBadTable')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{t('col_record')}</th>
                <th scope="col">{t('col_field')}</th>
                <th scope="col">{t('col_problem')}</th>
              </tr>
            </thead>
            <tbody>
              {job.errors.map((e, i) => (
                <tr key={i} data-testid={`import-error-${e.record}`}>
                  <th scope="row" className="num">{e.record}</th>
                  <td className="mono">{e.field}</td>
                  <td lang="en">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ConsumerImportScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<'importNoFile' | ApiError | null>(null);
  const [sending, setSending] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  /** Asks for the job again every POLL_MS until it has an outcome. */
  const follow = (id: string) => {
    timer.current = setTimeout(() => {
      void (async () => {
        const r = await api.importJob(id);
        if (!live.current) return;
        if (!r.ok) return setProblem(r.error);
        setJob(r.value);
        if (r.value.phase === 'checking' || r.value.phase === 'importing') follow(id);
      })();
    }, POLL_MS);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setProblem('importNoFile');
    setProblem(null);
    setJob(null);
    setSending({ name: file.name, sent: 0, total: file.size });
    const r = await api.importConsumers(file, (sent, total) => {
      if (live.current) setSending({ name: file.name, sent, total });
    });
    if (!live.current) return;
    setSending(null);
    if (!r.ok) return setProblem(r.error);
    setJob(r.value);
    if (r.value.phase === 'checking' || r.value.phase === 'importing') follow(r.value.id);
  };

  const running = sending !== null || job?.phase === 'checking' || job?.phase === 'importing';
  return (
    <section className="stack narrow-wide" aria-labelledby="import-title">
      <h1 id="import-title">{t('importTitle')}</h1>
      <p className="muted">{t('importIntro', { fields: CONSUMER_FIELDS.join(',') })}</p>
      <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="import-title" noValidate>
        <label>
          {t('importFile')}
          <input ref={input} type="file" name="consumer-file" accept=".csv,text/csv" disabled={running} onChange={() => setProblem(null)} />
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={running} data-testid="import-upload">{t('importUpload')}</button>
        </div>
        <p className="error" role="alert" data-testid="import-problem">{problem === null ? '' : typeof problem === 'string' ? t(problem) : errorIn(problem, lang)}</p>
      </form>
      <div aria-live="polite" className="stack">
        {sending && <Progress id="upload-progress" label={t('importUploading', { name: sending.name })} done={sending.sent} total={sending.total} />}
        {job && (job.phase === 'checking' || job.phase === 'importing') && (
          <>
            <p className="muted" data-testid="import-phase">{t(`phase_${job.phase}`)}</p>
            <Progress id="job-progress" label={`${t(`phase_${job.phase}`)} — ${job.name}`} done={job.bytesDone} total={job.bytes} />
          </>
        )}
      </div>
      {job && (job.phase === 'done' || job.phase === 'refused' || job.phase === 'failed') && <Outcome job={job} />}
    </section>
  );
}
