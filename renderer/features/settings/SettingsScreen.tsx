// Supervisor settings: the receipt and its printer (with a test print), the payment limits in
// rupees, the UPI ID the counter's QR pays, and enrollment with the central server beside what the sync agent reports now;
// then the backup at shift close with its last outcome, "Save diagnostics" for support, and how a backup is restored
// (a command run with the app stopped: the screen says the steps, it does not restore); last the terminal key and changing it.
import { Fragment, useEffect, useRef, type FormEvent } from 'react';
import type { BackupOutcome } from '../../../shared/contract.js';
import { istDateTime } from '../../../shared/dates.js';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors.js';
import { PRINTER_STATE_TEXT } from '../../../shared/printer-state.js';
import { storedErrorIn } from '../../i18n/strings.js';
import { withCode } from '../../i18n/with-code.js';
import { useLang, useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { useStatus } from '../status/store.js';
import { Outcome } from './Outcome.js';
import { HEADER_LINES, LIMIT_FIELDS, LIMIT_LABEL, type PrintForm } from './settings-form.js';
import { useSettings } from './store.js';
import { TerminalKeySection } from './TerminalKeySection.js';
import './settings.css';

function PrintSection({ form }: { form: PrintForm }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const { editPrint, savePrint, testPrint, test, busy } = useSettings();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void savePrint(session);
  };
  const line = (i: number, value: string) => {
    const headerLines = [...form.headerLines];
    headerLines[i] = value;
    editPrint({ headerLines });
  };
  return (
    <form className="card stack" aria-labelledby="print-title" onSubmit={submit}>
      <h2 id="print-title">{t('receiptAndPrinter')}</h2>
      <div className="fields">
        <label htmlFor="printer">{t('printerAddress')}</label>
        <div className="stack tight">
          <input ref={first} id="printer" name="printer" value={form.printer} onChange={(e) => editPrint({ printer: e.target.value })}
            autoComplete="off" spellCheck={false} maxLength={200} aria-describedby="printer-hint" />
          <span id="printer-hint" className="muted hint">{withCode(t('printerAddressHint'))}</span>
        </div>
        <span id="paper-label" className="field-label">{t('paperWidth')}</span>
        <div role="radiogroup" aria-labelledby="paper-label" className="modes">
          {(['58', '80'] as const).map((p) => (
            <label key={p} className={form.paper === p ? 'chosen' : ''}>
              <input type="radio" name="paper" value={p} checked={form.paper === p} onChange={() => editPrint({ paper: p })} />
              {t('mm', { n: p })}
            </label>
          ))}
        </div>
        <span id="languages-label" className="field-label">{t('receiptLanguages')}</span>
        <div role="radiogroup" aria-labelledby="languages-label" className="modes">
          {(['hi+en', 'en'] as const).map((l) => (
            <label key={l} className={form.languages === l ? 'chosen' : ''}>
              <input type="radio" name="languages" value={l} checked={form.languages === l} onChange={() => editPrint({ languages: l })} />
              {t(l === 'en' ? 'langEn' : 'langHiEn')}
            </label>
          ))}
        </div>
        <label className="check span2">
          <input type="checkbox" name="qr-as-picture" checked={form.qrAsRaster} onChange={(e) => editPrint({ qrAsRaster: e.target.checked })} />
          {t('qrAsPicture')}
        </label>
        <label htmlFor="utility-en">{t('utilityEn')}</label>
        <input id="utility-en" name="utility-en" lang="en" value={form.utilityEn} onChange={(e) => editPrint({ utilityEn: e.target.value })} maxLength={60} autoComplete="off" />
        <label htmlFor="utility-hi">{t('utilityHi')}</label>
        <input id="utility-hi" name="utility-hi" lang="hi" value={form.utilityHi} onChange={(e) => editPrint({ utilityHi: e.target.value })} maxLength={60} autoComplete="off" />
        <fieldset className="header-lines span2">
          <legend>{t('headerLines')}</legend>
          {Array.from({ length: HEADER_LINES }, (_, i) => (
            <label key={i}>
              {i + 1}
              <input name={`header-${i + 1}`} value={form.headerLines[i] ?? ''} onChange={(e) => line(i, e.target.value)} maxLength={60} autoComplete="off"
                placeholder={i === 0 ? t('headerLinesExample') : undefined} />
            </label>
          ))}
        </fieldset>
        <label htmlFor="verify-url">{t('verifyUrl')}</label>
        <input id="verify-url" name="verify-url" lang="en" value={form.verifyUrl} onChange={(e) => editPrint({ verifyUrl: e.target.value })}
          maxLength={200} autoComplete="off" spellCheck={false} placeholder="https://…/v1/verify" />
      </div>
      <Outcome section="print" />
      <Outcome section="test" />
      {test && (
        <p role="status" data-testid="test-answer" className={test.printed ? 'good-text' : 'bad-text'}>
          {t(test.printed ? 'testPrinted' : 'testNotPrinted')} — {PRINTER_STATE_TEXT[test.state][lang]}
          {test.detail && <span className="muted" lang="en"> ({test.detail})</span>}
        </p>
      )}
      <div className="actions">
        <span className="muted hint spacer">{t('testPrintHint')}</span>
        <button type="button" disabled={busy === 'test'} onClick={() => void testPrint(session)}>{t('testPrint')} <kbd>Alt+T</kbd></button>
        <button type="submit" className="primary" disabled={busy === 'print'}>{t('save')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function LimitsSection() {
  const t = useT();
  const session = useSession((s) => s.session)!;
  const { limits, badLimit, editLimits, saveLimits, busy } = useSettings();
  if (!limits) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void saveLimits(session);
  };
  return (
    <form className="card stack" aria-labelledby="limits-title" onSubmit={submit}>
      <h2 id="limits-title">{t('paymentLimits')}</h2>
      {LIMIT_FIELDS.map((k) => (
        <label key={k}>
          {t(LIMIT_LABEL[k])}
          <input name={k} inputMode="decimal" value={limits[k]} onChange={(e) => editLimits({ [k]: e.target.value })} autoComplete="off" aria-invalid={badLimit === k} />
        </label>
      ))}
      <p className="muted hint">{t('limitsLawHint')}</p>
      <Outcome section="limits" />
      <div className="actions">
        <button type="submit" disabled={busy === 'limits'}>{t('saveLimits')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function UpiSection() {
  const t = useT();
  const session = useSession((s) => s.session)!;
  const { upi, upiSet, badUpi, editUpi, saveUpi, clearUpi, busy } = useSettings();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void saveUpi(session);
  };
  return (
    <form className="card stack" aria-labelledby="upi-title" onSubmit={submit}>
      <h2 id="upi-title">{t('upiQrSection')}</h2>
      <div className="row">
        <label>
          {t('upiQrVpa')}
          <input name="upi-vpa" lang="en" value={upi.vpa} onChange={(e) => editUpi({ vpa: e.target.value })} autoComplete="off" spellCheck={false}
            maxLength={130} placeholder="kesco.collect@sbi" aria-invalid={badUpi === 'vpa'} aria-describedby="upi-hint" />
        </label>
        <label>
          {t('upiQrPayeeName')}
          <input name="upi-name" value={upi.name} onChange={(e) => editUpi({ name: e.target.value })} autoComplete="off" maxLength={50}
            aria-invalid={badUpi === 'name'} aria-describedby="upi-hint" />
        </label>
      </div>
      <p id="upi-hint" className="muted hint">{t('upiQrHint')}</p>
      <Outcome section="upi" />
      <div className="actions">
        <button type="button" disabled={!upiSet || busy === 'upi'} onClick={() => void clearUpi(session)}>{t('upiQrClear')}</button>
        <button type="submit" disabled={busy === 'upi'}>{t('upiQrSave')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function CentralSection() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const sync = useStatus((s) => s.sync);
  const { enrollment, editEnrollment, enroll, busy } = useSettings();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void enroll(session);
  };
  const code = sync?.lastErrorCode && (ERROR_CODES as string[]).includes(sync.lastErrorCode) ? [sync.lastErrorCode as ErrorCode] : [];
  const connection = !sync?.connection ? t('notYet') : t(sync.connection === 'online' ? 'syncOnline' : sync.connection === 'offline' ? 'syncOffline' : 'syncDegraded');
  return (
    <section className="card stack" aria-labelledby="central-title">
      <h2 id="central-title">{t('centralServer')}</h2>
      {sync && (
        <dl className="facts" data-testid="central-facts">
          <dt>{t('enrolled')}</dt><dd>{t(sync.enrolled ? 'yes' : 'no')}</dd>
          <dt>{t('upstreamUrl')}</dt><dd lang="en" className="acct-url">{sync.upstreamUrl ?? t('none')}</dd>
          <dt>{t('connection')}</dt><dd>{sync.enrolled ? connection : '—'}</dd>
          <dt>{t('queue')}</dt><dd>{sync.queueDepth}</dd>
          <dt>{t('lastError')}</dt><dd>{sync.stopped ? storedErrorIn(sync.stopped, ['UPSTREAM_FORK', 'UPSTREAM_REVOKED'], lang) : sync.lastError ? storedErrorIn(sync.lastError, code, lang) : t('none')}</dd>
        </dl>
      )}
      <form className="stack" onSubmit={submit} aria-label={t('enroll')}>
        <div className="row">
          <label>{t('upstreamUrl')}<input name="upstream-url" lang="en" value={enrollment.upstreamUrl} onChange={(e) => editEnrollment({ upstreamUrl: e.target.value })} autoComplete="off" spellCheck={false} placeholder="https://…" /></label>
          <label>{t('enrollCode')}<input name="enroll-code" value={enrollment.code} onChange={(e) => editEnrollment({ code: e.target.value })} autoComplete="off" spellCheck={false} aria-describedby="enroll-hint" /></label>
        </div>
        <p id="enroll-hint" className="muted hint">{withCode(t('enrollHint'))}</p>
        <Outcome section="enroll" />
        <div className="actions">
          <button type="submit" disabled={busy === 'enroll'}>{t('enroll')} <kbd>Enter</kbd></button>
        </div>
      </form>
    </section>
  );
}

const when = (iso: string) => istDateTime(new Date(iso));

function LastBackup({ last }: { last: BackupOutcome | null }) {
  const t = useT();
  return (
    <dl className="facts" data-testid="backup-last">
      <dt>{t('backupLast')}</dt>
      <dd data-testid="backup-when">{last ? t('backupWhen', { when: when(last.at) }) : t('backupNoneYet')}</dd>
      {last && (
        <>
          <dt>{t('backupCheck')}</dt>
          <dd data-testid="backup-check" className={last.ok ? 'good-text' : 'bad-text'}>
            {t(last.ok ? 'backupCheckPassed' : last.file ? 'backupCheckFailed' : 'backupNotMade')}
            {last.ok && last.headSeq !== null && <span className="muted"> ({t('backupUpTo', { seq: last.headSeq, removed: last.removed })})</span>}
          </dd>
          {last.file && <><dt>{t('backupFile')}</dt><dd lang="en" className="path" data-testid="backup-file">{last.file}</dd></>}
          {last.error && <><dt>{t('reason')}</dt><dd lang="en" className="path">{last.error}</dd></>}
        </>
      )}
    </dl>
  );
}

function BackupSection() {
  const t = useT();
  const session = useSession((s) => s.session)!;
  const { backup, badBackup, backupLast, editBackup, saveBackup, busy } = useSettings();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void saveBackup(session);
  };
  return (
    <form className="card stack" aria-labelledby="backup-title" onSubmit={submit}>
      <h2 id="backup-title">{t('backupSection')}</h2>
      {backup && (
        <>
          <label>
            {t('backupDir')}
            <input name="backup-dir" lang="en" value={backup.dir} onChange={(e) => editBackup({ dir: e.target.value })} autoComplete="off" spellCheck={false}
              maxLength={400} placeholder="/media/usb/counterfoil" aria-invalid={badBackup === 'dir'} aria-describedby="backup-hint" />
          </label>
          <p id="backup-hint" className="muted hint">{t('backupDirHint')}</p>
          <label>
            {t('backupKeep')}
            <input name="backup-keep" inputMode="numeric" value={backup.keep} onChange={(e) => editBackup({ keep: e.target.value })} autoComplete="off"
              maxLength={3} aria-invalid={badBackup === 'keep'} />
          </label>
        </>
      )}
      <LastBackup last={backupLast} />
      <Outcome section="backup" />
      {backup && (
        <div className="actions">
          <button type="submit" disabled={busy === 'backup'}>{t('backupSave')} <kbd>Enter</kbd></button>
        </div>
      )}
    </form>
  );
}

function DiagnosticsSection() {
  const t = useT();
  const session = useSession((s) => s.session)!;
  const { diagnostics, saveDiagnostics, busy } = useSettings();
  return (
    <section className="card stack" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">{t('diagnosticsSection')}</h2>
      <p id="diagnostics-hint" className="muted hint">{withCode(t('diagnosticsHint'))}</p>
      <Outcome section="diagnostics" />
      <div role="status" className="settings-status">
        {busy === 'diagnostics' ? <p>{t('preparing')}</p>
          : diagnostics && <p className="notice path" data-testid="diagnostics-done">{t('diagnosticsSaved', { fileName: diagnostics.fileName, hash: diagnostics.sha256.slice(0, 16) })}</p>}
      </div>
      <div className="actions">
        <button type="button" disabled={busy === 'diagnostics'} aria-describedby="diagnostics-hint" onClick={() => void saveDiagnostics(session)}>
          {t('diagnosticsSave')}
        </button>
      </div>
    </section>
  );
}

/** A path as one shell word: quoted when it holds anything a shell would split or expand. */
const shellWord = (s: string) => (/^[\w@%+=:,./\\-]+$/.test(s) ? s : `"${s}"`);

function RestoreSection() {
  const t = useT();
  const last = useSettings((s) => s.backupLast);
  const newest = last?.ok && last.file ? last.file : null;
  return (
    <section className="card stack" aria-labelledby="restore-title" data-testid="restore-guide">
      <h2 id="restore-title">{t('restoreSection')}</h2>
      <p>{t('restoreWhen')}</p>
      <ol className="steps">
        <li>{withCode(t('restoreStop'))}</li>
        <li>
          {t('restoreRun')}
          <code className="command" data-testid="restore-command">
            {/* Each word kept whole (a line never breaks inside --from); only a long path wraps. */}
            {['counterfoil', '--data', t('restoreDataFolder'), 'restore', '--from'].map((w) => <Fragment key={w}><span className="word">{w}</span>{' '}</Fragment>)}
            {newest ? shellWord(newest) : t('restoreBackupFile')}
          </code>
          <span className="muted hint">{withCode(t('restoreWhereData'))}</span>
          <span className="muted hint">{withCode(t(newest ? 'restoreNewest' : 'restoreWhichFile'))}</span>
        </li>
        <li>{withCode(t('restoreRefuses'))}</li>
        <li>{t('restoreStart')}</li>
      </ol>
    </section>
  );
}

export function SettingsScreen() {
  const t = useT();
  const session = useSession((s) => s.session);
  const role = useSession((s) => s.role);
  const print = useSettings((s) => s.print);
  const loaded = useSettings((s) => s.loaded);
  useEffect(() => void useSettings.getState().load(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 't' || e.key === 'T') && session) {
        e.preventDefault();
        void useSettings.getState().testPrint(session);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
  if (role !== 'supervisor' || !session) return null;
  return (
    <main className="screen stack compact settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('navSettings')}</h1>
      <Outcome section="load" />
      {loaded && (
        <div className="columns">
          {print && <PrintSection form={print} />}
          <div className="stack">
            <LimitsSection />
            <UpiSection />
            <CentralSection />
          </div>
        </div>
      )}
      {loaded && (
        <div className="columns">
          <div className="stack">
            <BackupSection />
            <DiagnosticsSection />
          </div>
          <RestoreSection />
        </div>
      )}
      {loaded && <TerminalKeySection />}
    </main>
  );
}
