// Paid but still due (issue 19, money.read): the check of the latest consumer master import, or of
// an earlier one chosen from the list — the accounts whose bill did not go down by what was paid,
// each opening onto its receipts, and the payments to accounts the master does not know, with
// totals. Exported as CSV, XLSX or PDF with the manifest the server signs (verify-export checks it).
import { Fragment, useEffect, useState } from 'react';
import { formatDmy } from '../../../shared/dates.js';
import type { PaidDueCheck, PaidDueReport } from '../../../shared/paid-still-due.js';
import { api, type ApiError } from '../../api/client.js';
import { fromBase64, saveFile } from '../../app/download.js';
import { Heads, num } from '../../app/table.js';
import { useT } from '../../i18n/lang.js';
import { Amount, inr, Problem } from './money-parts.js';

const FORMATS = ['csv', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** An instant as the console shows it: the date day first, the time in India. */
const when = (iso: string) => `${formatDmy(iso.slice(0, 10))} ${new Date(iso).toLocaleTimeString('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit' })}`;

function Accounts({ r }: { r: PaidDueReport }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  const total = (k: 'previousDuePaise' | 'paidPaise' | 'newDuePaise' | 'shortfallPaise') => r.accounts.reduce((n, a) => n + a[k], 0);
  return (
    <>
      <h3 id="pd-accounts-title">{t('paidDueAccountsTitle', { count: r.accounts.length })}</h3>
      {r.accounts.length === 0 ? <p>{t('paidDueAccountsNone')}</p> : (
        <div className="table-wrap">
          <table className="money" aria-labelledby="pd-accounts-title" data-testid="pd-accounts">
            <Heads cols={['col_account', 'col_bill', num('col_previousDue'), num('col_paidSince'), num('col_newDue'), num('col_shortfall')]} />
            <tbody>
              {r.accounts.map((a) => (
                <Fragment key={a.accountNo}>
                  <tr data-testid={`pd-account-${a.accountNo}`}>
                    <th scope="row">
                      <button type="button" className="small" aria-expanded={open === a.accountNo} onClick={() => setOpen(open === a.accountNo ? null : a.accountNo)}>
                        {a.accountNo}<span className="sr-only"> — {t('paidDueReceipts', { account: a.accountNo })}</span>
                      </button>
                    </th>
                    <td>{a.billNo}</td>
                    <Amount paise={a.previousDuePaise} />
                    <Amount paise={a.paidPaise} />
                    <Amount paise={a.newDuePaise} />
                    <td className="num short">{inr(a.shortfallPaise)}</td>
                  </tr>
                  {open === a.accountNo && (
                    <tr>
                      <td colSpan={6}>
                        <table className="money" aria-label={t('paidDueReceipts', { account: a.accountNo })} data-testid={`pd-receipts-${a.accountNo}`}>
                          <Heads cols={['col_receipt', 'col_terminal', 'col_businessDate', 'col_mode', num('col_amount'), 'col_reachedCentre']} />
                          <tbody>
                            {a.payments.map((p) => (
                              <tr key={`${p.terminalId}-${p.seq}`}>
                                <td>{p.receiptNo}</td>
                                <td>{p.terminalId}</td>
                                <td>{formatDmy(p.businessDate)}</td>
                                <td>{p.mode}</td>
                                <Amount paise={p.amountPaise} />
                                <td>{when(p.receivedAt)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>{t('paidDueTotal')}</th>
                <Amount paise={total('previousDuePaise')} />
                <Amount paise={total('paidPaise')} />
                <Amount paise={total('newDuePaise')} />
                <td className="num short" data-testid="pd-shortfall-total">{inr(total('shortfallPaise'))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}

      <h3 id="pd-unknown-title">{t('paidDueUnknownTitle', { count: r.unknown.length })}</h3>
      {r.unknown.length === 0 ? <p>{t('paidDueUnknownNone')}</p> : (
        <div className="table-wrap">
          <table className="money" aria-labelledby="pd-unknown-title" data-testid="pd-unknown">
            <Heads cols={['col_account', 'col_receipt', 'col_terminal', 'col_businessDate', 'col_mode', num('col_amount')]} />
            <tbody>
              {r.unknown.map((u) => (
                <tr key={`${u.terminalId}-${u.seq}`}>
                  <th scope="row">{u.accountNo}</th>
                  <td>{u.receiptNo}</td>
                  <td>{u.terminalId}</td>
                  <td>{formatDmy(u.businessDate)}</td>
                  <td>{u.mode}</td>
                  <Amount paise={u.amountPaise} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={5}>{t('paidDueTotal')}</th>
                <td className="num" data-testid="pd-unknown-total">{inr(r.check.unknownPaise)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </>
  );
}

export function PaidDueView() {
  const t = useT();
  const [checks, setChecks] = useState<PaidDueCheck[] | null>(null);
  const [report, setReport] = useState<PaidDueReport | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<Format | 'show' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const show = async (check?: number) => {
    setSaved(null);
    setBusy('show');
    const r = await api.money.paidDue(check);
    setBusy(null);
    if (!r.ok) {
      if (r.error.code !== 'no_check') setProblem(r.error);
      return setReport(null);
    }
    setProblem(null);
    setReport(r.value);
  };
  useEffect(() => {
    void (async () => {
      const list = await api.money.paidDueChecks();
      if (!list.ok) return setProblem(list.error);
      setChecks(list.value);
      if (list.value.length) await show(list.value[0]!.id);
    })();
  }, []);

  const exportAs = async (format: Format) => {
    if (!report) return;
    setSaved(null);
    setBusy(format);
    const r = await api.money.exportPaidDue(report.check.id, format);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    saveFile(r.value.fileName, fromBase64(r.value.file), CONTENT_TYPES[format]);
    saveFile(`${r.value.fileName}.manifest.json`, JSON.stringify(r.value.manifest, null, 2), 'application/json');
    setSaved(r.value.fileName);
  };

  const c = report?.check;
  return (
    <div className="stack">
      <h2 id="paid-due-title">{t('paidDueTitle')}</h2>
      <p className="muted">{t('paidDueIntro')}</p>
      {checks && checks.length === 0 && <p data-testid="pd-none">{t('paidDueNone')}</p>}
      {checks && checks.length > 0 && (
        <div className="card stack" role="group" aria-labelledby="paid-due-title">
          <div className="row align-end">
            <label>
              {t('paidDueCheck')}
              <select value={c?.id ?? ''} onChange={(e) => void show(Number(e.target.value))} disabled={busy !== null} data-testid="pd-check">
                {checks.map((k) => (
                  <option key={k.id} value={k.id}>{t('paidDueCheckOption', { at: when(k.checkedAt), subject: k.subject, accounts: k.accounts, unknown: k.unknownPayments })}</option>
                ))}
              </select>
            </label>
            {FORMATS.map((f) => (
              <button key={f} type="button" disabled={busy !== null || !report} onClick={() => void exportAs(f)} data-testid={`pd-export-${f}`}>{t(`exportAs_${f}`)}</button>
            ))}
          </div>
          <p className="hint">{t('exportHint')} <code lang="en">counterfoil verify-export FILE --key centre.pem</code></p>
          <p role="status" className={saved || busy ? 'notice' : 'sr-only'} data-testid="pd-status">
            {busy && busy !== 'show' ? t('exporting') : busy === 'show' ? t('loading') : saved ? t('exportSaved', { file: saved }) : ''}
          </p>
        </div>
      )}
      <Problem problem={problem} testId="pd-problem" />
      {report && c && (
        <>
          <p data-testid="pd-summary">
            {t('paidDueSummary', {
              at: when(c.checkedAt), by: c.checkedBy, records: c.records, accounts: c.accounts, shortfall: inr(c.shortfallPaise), unknown: c.unknownPayments, unknownAmount: inr(c.unknownPaise),
            })}
          </p>
          <Accounts r={report} />
        </>
      )}
    </div>
  );
}
