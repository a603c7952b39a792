// Import (finance): a bank statement (camt.053, MT940, or a CSV read through a bank's saved column
// mapping, for an account typed here) and a provider's settlement report (read through the
// provider's saved mapping), each uploaded with its progress shown; then what the centre took in
// and matched, or its refusal as it said it, with the line. Below, every file imported with its
// SHA-256, and the column mappings. Auditors see the files and mappings only.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { STATEMENT_FORMATS, type StatementFormat } from '../../../shared/bank-statement.js';
import { formatDmy } from '../../../shared/dates.js';
import type { ImportedFile } from '../../../shared/money-monitor.js';
import type { ReconcileResult } from '../../../shared/money-monitor.js';
import { api, type ApiError, type ApiResult, type SavedMappings, type SettlementImported, type StatementImported } from '../../api/client.js';
import { when } from '../../app/format.js';
import { useSession } from '../../app/session.js';
import { Heads, num } from '../../app/table.js';
import { errorIn } from '../../i18n/errors.js';
import { importProblemIn } from '../../i18n/labels.js';
import { useLang, useT } from '../../i18n/lang.js';
import type { StringKey } from '../../i18n/strings.js';
import { MappingsEditor } from './MappingsEditor.js';
import { Problem } from './money-parts.js';
import { useMoney } from './money-store.js';

type Outcome =
  | { name: string; kind: 'statement'; value: StatementImported }
  | { name: string; kind: 'settlement'; value: SettlementImported }
  | { name: string; error: ApiError };

const matchedCount = (m: ReconcileResult | null) => (m ? m.statementMatches + m.settlementLinesMatched : 0);

/** What an upload came to: the counts, or the server's refusal verbatim with its line. */
function Result({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  if ('error' in outcome) {
    const e = outcome.error;
    const fromFile = e.status === 409 || e.status === 413 || e.status === 422;
    return (
      <div className="verdict verdict-bad" role="alert" data-testid="money-import-error">
        <p>{t('importNothing', { name: outcome.name })} {fromFile ? importProblemIn(e.code, lang) : errorIn(e, lang)}</p>
        {fromFile && <p lang="en" title={t('englishFromServer')} data-testid="money-import-message">{e.message}</p>}
        {e.line !== undefined && <p data-testid="money-import-line">{t('importAtLine', { line: e.line })}</p>}
      </div>
    );
  }
  const v = outcome.value;
  const counts = outcome.kind === 'statement'
    ? t('statementImported', { name: outcome.name, account: outcome.value.account, entries: outcome.value.entries, added: v.added })
    : t('settlementImported', { name: outcome.name, provider: outcome.value.provider, entries: outcome.value.lines, batches: outcome.value.batches, added: v.added });
  return (
    <div className="verdict verdict-ok" role="status" data-testid="money-import-result">
      <p>{counts}</p>
      <p>{v.repeated ? t('importRepeated') : t('importMatched', { matched: matchedCount(v.matched) })}</p>
    </div>
  );
}

/** One upload form: its own fields, a file, the button, progress and outcome. */
function UploadCard({ id, title, fileLabel, accept, disabled, children, send, onImported }: {
  id: string; title: StringKey; fileLabel: StringKey; accept: string; disabled: boolean; children?: React.ReactNode;
  send: (file: File, onProgress: (sent: number, total: number) => void) => Promise<ApiResult<StatementImported | SettlementImported> | StringKey>;
  onImported: () => void;
}) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<StringKey | null>(null);
  const [sending, setSending] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setProblem('moneyNoFile');
    setProblem(null);
    setOutcome(null);
    setSending({ name: file.name, sent: 0, total: file.size });
    const r = await send(file, (sent, total) => setSending({ name: file.name, sent, total }));
    setSending(null);
    if (typeof r === 'string') return setProblem(r);
    if (!r.ok) return setOutcome({ name: file.name, error: r.error });
    setOutcome('fileId' in r.value ? { name: file.name, kind: 'settlement', value: r.value } : { name: file.name, kind: 'statement', value: r.value });
    onImported();
  };
  const percent = sending && sending.total > 0 ? Math.min(100, Math.floor((sending.sent / sending.total) * 100)) : 0;
  return (
    <form className="card stack upload-card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate data-testid={id}>
      <h3 id={`${id}-title`}>{t(title)}</h3>
      {children}
      <label>
        {t(fileLabel)}
        <input ref={input} type="file" name={`${id}-file`} accept={accept} disabled={disabled || sending !== null} onChange={() => setProblem(null)} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={disabled || sending !== null} data-testid={`${id}-upload`}>{t('moneyUpload')}</button>
      </div>
      <Problem problem={problem} testId={`${id}-problem`} />
      {sending && (
        <div className="progress-row">
          <span id={`${id}-progress-label`}>{t('importUploading', { name: sending.name })}</span>
          <progress aria-labelledby={`${id}-progress-label`} max={100} value={percent} />
          <span>{percent}%</span>
        </div>
      )}
      {outcome && <Result outcome={outcome} />}
    </form>
  );
}

function FilesTable({ files }: { files: ImportedFile[] }) {
  const t = useT();
  if (files.length === 0) return <p data-testid="files-none">{t('filesNone')}</p>;
  return (
    <div className="table-wrap">
      <table className="money" aria-labelledby="files-title" data-testid="files-table">
        <Heads cols={['col_file', 'col_fileKind', 'col_of', 'col_period', num('col_lines'), 'col_sha256', 'col_importedBy']} />
        <tbody>
          {files.map((f) => (
            <tr key={`${f.kind}-${f.id}`} data-testid={`file-${f.kind}-${f.id}`}>
              <th scope="row">{f.name}</th>
              <td>{t(f.kind === 'statement' ? 'fileStatement' : 'fileSettlement')}</td>
              <td>{f.of}</td>
              <td>{formatDmy(f.from)} – {formatDmy(f.to)}</td>
              <td className="num">{f.lines}</td>
              <td className="mono sha">{f.sha256}</td>
              <td>{f.by} · {when(f.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportView() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const mayAct = useSession((s) => s.me?.capabilities.includes('money.act') ?? false);
  const setMonitor = useMoney((s) => s.setMonitor);
  const [mappings, setMappings] = useState<SavedMappings | null>(null);
  const [files, setFiles] = useState<ImportedFile[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [format, setFormat] = useState<StatementFormat>('camt053');
  const [bank, setBank] = useState('');
  const [account, setAccount] = useState('');
  const [provider, setProvider] = useState('');

  const load = useCallback(async () => {
    const [m, f] = await Promise.all([api.money.mappings(), api.money.files()]);
    if (m.ok) setMappings(m.value);
    if (f.ok) setFiles(f.value.files);
    setError(!m.ok ? m.error : !f.ok ? f.error : null);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const banks = mappings?.banks.map((b) => b.bank) ?? [];
  const providers = mappings?.providers ?? [];
  const chosenBank = banks.includes(bank) ? bank : banks[0] ?? '';
  const chosenProvider = providers.some((p) => p.provider === provider) ? provider : providers[0]?.provider ?? '';

  const imported = () => {
    setMonitor(null); // the monitor is asked again when next shown
    void load();
  };

  return (
    <div className="stack">
      <h2 id="import-title">{t('moneyImportTitle')}</h2>
      <p className="muted">{t('moneyImportIntro')}</p>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {mayAct && (
        <div className="row upload-row">
          <UploadCard
            id="statement" title="statementTitle" fileLabel="statementFile" accept=".xml,.sta,.mt940,.txt,.csv,text/csv,text/plain,application/xml" disabled={false}
            send={(file, onProgress) => {
              if (format !== 'csv') return api.money.importStatement({ format }, file, onProgress);
              if (!chosenBank) return Promise.resolve('noBankMapping' as const);
              if (!account.trim()) return Promise.resolve('noAccount' as const);
              return api.money.importStatement({ format, bank: chosenBank, account: account.trim() }, file, onProgress);
            }}
            onImported={imported}
          >
            <label>
              {t('statementFormat')}
              <select name="statement-format" value={format} onChange={(e) => setFormat(e.target.value as StatementFormat)}>
                {STATEMENT_FORMATS.map((f) => <option key={f} value={f}>{t(`format_${f}`)}</option>)}
              </select>
            </label>
            {format === 'csv' && (
              <div className="row">
                <label>
                  {t('statementBank')}
                  <select name="statement-bank" value={chosenBank} onChange={(e) => setBank(e.target.value)} disabled={banks.length === 0}>
                    {banks.length === 0 && <option value="">{t('noBankMappingShort')}</option>}
                    {banks.map((b) => <option key={b} value={b}>{b}</option>)}
                  </select>
                </label>
                <label>
                  {t('statementAccount')}
                  <input name="statement-account" value={account} onChange={(e) => setAccount(e.target.value)} autoComplete="off" />
                </label>
              </div>
            )}
          </UploadCard>
          <UploadCard
            id="settlement" title="settlementTitle" fileLabel="settlementFile" accept=".csv,text/csv" disabled={providers.length === 0}
            send={(file, onProgress) => (chosenProvider ? api.money.importSettlement(chosenProvider, file, onProgress) : Promise.resolve('noProviderMapping' as const))}
            onImported={imported}
          >
            <label>
              {t('settlementProvider')}
              <select name="settlement-provider" value={chosenProvider} onChange={(e) => setProvider(e.target.value)} disabled={providers.length === 0}>
                {providers.length === 0 && <option value="">{t('noProviderMappingShort')}</option>}
                {providers.map((p) => <option key={p.provider} value={p.provider}>{`${p.provider} (${t(`money_mode_${p.mode}`)})`}</option>)}
              </select>
            </label>
          </UploadCard>
        </div>
      )}
      <h2 id="files-title">{t('filesTitle')}</h2>
      {files === null ? (!error && <p>{t('loading')}</p>) : <FilesTable files={files} />}
      {mappings && <MappingsEditor mappings={mappings} mayAct={mayAct} onSaved={() => void load()} />}
    </div>
  );
}
