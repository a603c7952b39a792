// One terminal's page, opened from its census row: its light and reasons, its business days (what
// the signed journal says was collected, by mode; voids, late entries, the day close), its keys and
// the seqs each signs, its alerts, and its out-of-service declarations — which an administrator
// adds here for days it will not close.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { OutOfServiceRequest, type TerminalPage } from '../../../shared/console-api.js';
import { formatDmy, parseDmy } from '../../../shared/dates.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import { api, type ApiError } from '../../api/client.js';
import { when } from '../../app/format.js';
import { useSession } from '../../app/session.js';
import { errorIn } from '../../i18n/errors.js';
import { alertKindIn } from '../../i18n/labels.js';
import { useLang, useT } from '../../i18n/lang.js';
import { reasonIn } from '../../i18n/reasons.js';
import { AuditPackForm } from './AuditPackForm.js';
import { DayPayments } from './DayPayments.js';

const inr = (paise: number) => formatINR(paise as Paise);

function OutOfServiceForm({ terminalId, onDone }: { terminalId: string; onDone: (from: string, to: string) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<'badDate' | 'revokeReasonShort' | ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Typed day first, as everywhere here (parseDmy); the API takes YYYY-MM-DD.
    const body = { from: parseDmy(from) ?? '', to: parseDmy(to) ?? '', reason };
    if (!body.from || !body.to) return setProblem('badDate');
    if (!OutOfServiceRequest.safeParse(body).success) return setProblem('revokeReasonShort');
    const r = await api.outOfService(terminalId, { ...body, reason: reason.trim() });
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    onDone(body.from, body.to);
  };
  return (
    <form className="card row align-end" onSubmit={(e) => void submit(e)} aria-labelledby="oos-title" noValidate>
      <h2 id="oos-title" className="full">{t('outOfServiceTitle')}</h2>
      <label>{t('dateFrom')}<input name="oos-from" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
      <label>{t('dateTo')}<input name="oos-to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
      <label>{t('outOfServiceReason')}<input name="oos-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <button type="submit" className="primary">{t('declare')}</button>
      <p className="error full" role="alert" data-testid="oos-problem">{problem === null ? '' : typeof problem === 'string' ? t(problem) : errorIn(problem, lang)}</p>
    </form>
  );
}

export function TerminalScreen({ terminalId }: { terminalId: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const isAdmin = useSession((s) => s.me?.capabilities.includes('fleet.admin') ?? false);
  const readsEvents = useSession((s) => s.me?.capabilities.includes('events.read') ?? false);
  const makesPacks = useSession((s) => s.me?.capabilities.includes('audit.pack') ?? false);
  const [dayOpen, setDayOpen] = useState<string | null>(null);
  const back = useSession((s) => s.openTerminal);
  const [page, setPage] = useState<TerminalPage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [declared, setDeclared] = useState<{ from: string; to: string } | null>(null);

  const load = useCallback(async () => {
    const r = await api.terminal(terminalId);
    if (r.ok) setPage(r.value);
    else setError(r.error);
  }, [terminalId]);
  useEffect(() => {
    void load();
  }, [load]);

  const row = page?.terminal;
  return (
    <section className="stack" aria-labelledby="terminal-title">
      <p><button type="button" onClick={() => back(null)}>{t('backToCensus')}</button></p>
      <h1 id="terminal-title">{t('terminalTitle', { terminal: terminalId, place: row ? `${row.substation} / ${row.counter}` : '…' })}</h1>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {!page && !error && <p>{t('loading')}</p>}
      {page && row && (
        <>
          <div className="row">
            <span className={`light light-${row.light}`} data-testid="light">{t(`light_${row.light}`)}</span>
            <ul className="reasons">{row.reasons.map((r, i) => <li key={i}>{reasonIn(r, lang)}</li>)}</ul>
          </div>
          <p data-testid="contact">{t('terminalContact', { contact: when(row.lastContactAt, t('never')), events: row.eventsToday, skew: row.clockSkewSeconds === null ? '—' : `${row.clockSkewSeconds > 0 ? '+' : ''}${row.clockSkewSeconds} s`, version: row.appVersion ?? '—' })}</p>
          {declared && <p className="notice" role="status">{t('outOfServiceDone', { from: formatDmy(declared.from), to: formatDmy(declared.to) })}</p>}
          <h2 id="days-title">{t('terminalDays')}</h2>
          <div className="table-wrap">
            <table aria-labelledby="days-title">
              <thead>
                <tr>
                  <th scope="col">{t('col_date')}</th>
                  <th scope="col" className="num">{t('col_payments')}</th>
                  <th scope="col" className="num">{t('col_amount')}</th>
                  <th scope="col">{t('col_byMode')}</th>
                  <th scope="col" className="num">{t('col_voids')}</th>
                  <th scope="col" className="num">{t('col_late')}</th>
                  <th scope="col">{t('col_shiftCloses')}</th>
                  <th scope="col">{t('col_returnedCheques')}</th>
                  <th scope="col">{t('col_dayClosed')}</th>
                </tr>
              </thead>
              <tbody>
                {page.days.map((d) => (
                  <tr key={d.businessDate} data-testid={`day-${d.businessDate}`}>
                    <th scope="row">{formatDmy(d.businessDate)}</th>
                    <td className="num">
                      {readsEvents && d.payments + d.voids > 0 ? (
                        <button type="button" aria-expanded={dayOpen === d.businessDate} onClick={() => setDayOpen(dayOpen === d.businessDate ? null : d.businessDate)}>
                          {d.payments}<span className="sr-only"> — {t(dayOpen === d.businessDate ? 'hidePayments' : 'showPayments', { date: formatDmy(d.businessDate) })}</span>
                        </button>
                      ) : d.payments}
                    </td>
                    <td className="num">{inr(d.amountPaise)}</td>
                    <td>{d.byMode.map((m) => `${m.mode} ${m.payments} · ${inr(m.amountPaise)}`).join('; ') || '—'}</td>
                    <td className="num">{d.voids ? `${d.voids} · ${inr(d.voidedPaise)}` : 0}</td>
                    <td className="num">{d.late}</td>
                    <td>
                      {d.shiftCloses.length === 0 ? '—' : (
                        <ul className="plain">
                          {d.shiftCloses.map((c) => (
                            <li key={c.seq}>{t('shiftCloseLine', { shift: c.shiftId, by: c.closedBy, counted: inr(c.countedPaise), variance: inr(c.variancePaise) })}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      {d.returnedCheques.length === 0 ? '—' : (
                        <ul className="plain">
                          {d.returnedCheques.map((c) => (
                            <li key={c.seq}>{t('returnedChequeLine', { receipt: c.receiptNo, amount: c.amountPaise === null ? '—' : inr(c.amountPaise), reason: c.reason })}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{d.closed ? when(d.closed.closedAt) : d.outOfService ? t('dayOutOfService') : t('dayNotClosed')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {dayOpen && <DayPayments terminalId={terminalId} date={dayOpen} />}
          <h2 id="keys-title">{t('terminalKeys')}</h2>
          <ul aria-labelledby="keys-title">
            {page.keys.map((k) => (
              <li key={k.keyId}><code>{k.keyId}</code> — {k.toSeq === null ? t('seqOn', { from: k.fromSeq }) : t('seqRange', { from: k.fromSeq, to: k.toSeq })}</li>
            ))}
          </ul>
          <h2 id="terminal-alerts-title">{t('terminalAlerts')}</h2>
          {page.alerts.length === 0 ? <p>{t('alertsNone')}</p> : (
            <ul aria-labelledby="terminal-alerts-title">
              {page.alerts.map((a) => (
                <li key={a.id}>
                  {t(`severity_${a.severity}`)} · {alertKindIn(a.kind, lang)} · {when(a.last_seen)}
                  {a.resolved ? ` · ${t('resolvedBy', { by: a.resolved.by, at: when(a.resolved.at), note: a.resolved.note })}` : ''}
                </li>
              ))}
            </ul>
          )}
          {page.outOfService.length > 0 && (
            <>
              <h2 id="oos-list-title">{t('outOfServiceList')}</h2>
              <ul aria-labelledby="oos-list-title" data-testid="oos-list">
                {page.outOfService.map((o, i) => <li key={i}>{t('outOfServiceItem', { from: formatDmy(o.from), to: formatDmy(o.to), reason: o.reason, by: o.declaredBy })}</li>)}
              </ul>
            </>
          )}
          {makesPacks && <AuditPackForm terminalId={terminalId} />}
          {isAdmin && !row.revoked && (
            <OutOfServiceForm terminalId={terminalId} onDone={(from, to) => { setDeclared({ from, to }); void load(); }} />
          )}
        </>
      )}
    </section>
  );
}
