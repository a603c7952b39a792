// One counter-day behind its monitor row: every payment with the provider lines that settled it,
// every deposit slip with the bank entries that carry it and the rule that matched each, every
// returned cheque with its debit, and what finance accepted. Finance (money.act) accepts the
// difference here, or matches an unexplained credit to a slip the bank did not credit.
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatDmy } from '../../../shared/dates.js';
import type { CounterDayDetail } from '../../../shared/money-monitor.js';
import { api, type ApiError } from '../../api/client.js';
import { when } from '../../app/format.js';
import { useSession } from '../../app/session.js';
import { Heads, num } from '../../app/table.js';
import { errorIn } from '../../i18n/errors.js';
import { settlementStateIn } from '../../i18n/labels.js';
import { useLang, useT, type T } from '../../i18n/lang.js';
import { AcceptForm, MatchForm } from './DayActions.js';
import { Amount, Colour, EntryLine, inr, Reasons } from './money-parts.js';
import { useMoney, type OpenDay } from './money-store.js';
import { modesOf } from './money-view.js';

function Payments({ d, t }: { d: CounterDayDetail; t: T }) {
  const lang = useLang((s) => s.lang);
  return (
    <div className="table-wrap">
      <table className="money" aria-labelledby="day-payments-title" data-testid="day-payments">
        <Heads cols={['col_receipt', 'col_mode', num('col_amount'), 'col_cashier', 'col_reference', 'col_status', 'col_settlement']} />
        <tbody>
          {d.payments.map((p) => {
            const electronic = p.mode === 'upi' || p.mode === 'card';
            return (
              <tr key={p.seq} data-testid={`day-payment-${p.seq}`}>
                <th scope="row">{p.receiptNo}</th>
                <td>{t(`money_mode_${p.mode === 'dd' ? 'cheque' : (p.mode as 'cash' | 'cheque' | 'upi' | 'card')}`)}</td>
                <Amount paise={p.amountPaise} />
                <td>{p.cashier}</td>
                <td className="mono">{p.reference ?? t('none')}</td>
                <td>{[t(p.voided ? 'paymentVoided' : 'paymentPaid'), ...(p.returned ? [t('paymentReturned')] : [])].join(' · ')}</td>
                <td>
                  {p.settlement.length === 0 ? (electronic && !p.voided ? <strong className="short">{t('noSettlementLine')}</strong> : t('none')) : (
                    <ul className="plain">
                      {p.settlement.map((s) => (
                        <li key={s.lineId}>
                          {t('settlementLine', { provider: s.provider, batch: s.batch, amount: inr(s.amountPaise), fee: inr(s.feePaise), date: formatDmy(s.settledOn) })}
                          {' — '}<strong>{settlementStateIn(s.state, lang)}</strong>, {t(s.credited ? 'batchCredited' : 'batchNotCredited')}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CounterDayPanel({ day }: { day: OpenDay }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const mayAct = useSession((s) => s.me?.capabilities.includes('money.act') ?? false);
  const { openDay, setMonitor } = useMoney();
  const [detail, setDetail] = useState<CounterDayDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [matching, setMatching] = useState<number | null>(null);
  const [done, setDone] = useState<'accepted' | 'matched' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const r = await api.money.day(day.terminalId, day.date, day.asOf);
    if (r.ok) {
      setDetail(r.value);
      setError(null);
    } else setError(r.error);
  }, [day]);
  useEffect(() => {
    void load();
    heading.current?.focus();
  }, [load]);

  /** After an act: the day again, and the monitor asked again when next shown. */
  const acted = (what: 'accepted' | 'matched') => {
    setDone(what);
    setMatching(null);
    setMonitor(null);
    void load();
  };

  const row = detail?.row;
  const place = row ? `${row.substation} / ${row.counter}` : day.terminalId;
  const showAccept = mayAct && row && row.differencePaise !== 0 && !(row.accepted && row.accepted.differencePaise === row.differencePaise);
  return (
    <div className="stack" data-testid="counter-day">
      <p><button type="button" onClick={() => openDay(null)} data-testid="back-to-monitor">{t('backToMonitor')}</button></p>
      <h2 id="day-title" tabIndex={-1} ref={heading}>{t('counterDayTitle', { place, terminal: day.terminalId, date: formatDmy(day.date) })}</h2>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {!detail && !error && <p>{t('loading')}</p>}
      {done && <p className="notice" role="status" data-testid="day-done">{t(done === 'accepted' ? 'acceptDone' : 'matchDone')}</p>}
      {detail && row && (
        <>
          <div className="row">
            <Colour colour={row.colour} />
            <Reasons row={row} />
          </div>
          <dl className="facts" data-testid="day-facts">
            <dt>{t('col_collected')}</dt>
            <dd>{inr(row.collectedPaise)} ({modesOf(row.collected).map((m) => `${t(`money_mode_${m.mode}`)} ${inr(m.paise)}`).join(', ') || t('none')})</dd>
            <dt>{t('col_voidedAmount')}</dt><dd>{inr(row.voidedPaise)}</dd>
            <dt>{t('col_declared')}</dt><dd>{t('declaredOnSlips', { amount: inr(row.declaredPaise), slips: row.slips })}</dd>
            <dt>{t('col_credited')}</dt><dd>{inr(row.creditedPaise)}</dd>
            <dt>{t('col_returned')}</dt><dd>{inr(row.returnedPaise)}</dd>
            <dt>{t('col_settled')}</dt><dd>{t('settledLessFees', { amount: inr(row.settledPaise), fees: inr(row.feePaise) })}</dd>
            <dt>{t('col_difference')}</dt><dd data-testid="day-difference">{inr(row.differencePaise)}</dd>
            <dt>{t('col_owed')}</dt><dd>{inr(row.owedPaise)}</dd>
            <dt>{t('col_dueOn')}</dt><dd>{formatDmy(row.dueOn)} · {t('ageDays', { days: row.ageDays })} · {t('asOfShort', { asOf: formatDmy(day.asOf) })}</dd>
          </dl>

          <h3 id="day-payments-title">{t('dayPaymentsTitle', { count: detail.payments.length })}</h3>
          {detail.payments.length === 0 ? <p>{t('noPayments')}</p> : <Payments d={detail} t={t} />}

          <h3 id="day-slips-title">{t('daySlipsTitle', { count: detail.slips.length })}</h3>
          {detail.slips.length === 0 ? <p>{t('noSlips')}</p> : (
            <div className="table-wrap">
              <table className="money" aria-labelledby="day-slips-title" data-testid="day-slips">
                <Heads cols={['col_slip', 'col_bank', 'col_depositedOn', num('col_cash'), num('col_cheques'), num('col_slipTotal'), 'col_recordedBy', 'col_bankCredit']} />
                <tbody>
                  {detail.slips.map((s) => (
                    <tr key={s.seq} data-testid={`slip-${s.slipNo}`}>
                      <th scope="row" className="mono">{s.slipNo}</th>
                      <td>{s.bank}</td>
                      <td>{formatDmy(s.depositedOn)}</td>
                      <Amount paise={s.cashPaise} />
                      <Amount paise={s.chequePaise} />
                      <Amount paise={s.cashPaise + s.chequePaise} />
                      <td>{s.recordedBy}</td>
                      <td>
                        {s.credits.length === 0 ? (
                          <div className="stack align-start">
                            <strong className="verdict verdict-bad" data-testid="slip-no-credit">{t('slipNoCredit')}</strong>
                            {mayAct && matching !== s.seq && (
                              <button type="button" className="small" onClick={() => { setDone(null); setMatching(s.seq); }} data-testid="match-open">
                                {t('matchOpen')}<span className="sr-only"> — {t('slipNamed', { slip: s.slipNo })}</span>
                              </button>
                            )}
                          </div>
                        ) : (
                          <ul className="plain">{s.credits.map((c) => <li key={c.lineId}><EntryLine entry={c} /></li>)}</ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {matching !== null && (() => {
            const slip = detail.slips.find((s) => s.seq === matching);
            return slip ? <MatchForm terminalId={day.terminalId} businessDate={day.date} slip={slip} onCancel={() => setMatching(null)} onDone={() => acted('matched')} /> : null;
          })()}

          {detail.returns.length > 0 && (
            <>
              <h3 id="day-returns-title">{t('dayReturnsTitle')}</h3>
              <ul aria-labelledby="day-returns-title" data-testid="day-returns">
                {detail.returns.map((r) => (
                  <li key={r.seq}>
                    {t('returnLine', { receipt: r.receiptNo, amount: inr(r.amountPaise), date: formatDmy(r.returnedOn), reason: r.reason })}
                    {' — '}{r.debit ? <EntryLine entry={r.debit} /> : <strong className="short">{t('returnNoDebit')}</strong>}
                  </li>
                ))}
              </ul>
            </>
          )}

          {detail.acceptances.length > 0 && (
            <>
              <h3 id="day-acceptances-title">{t('dayAcceptancesTitle')}</h3>
              <ul aria-labelledby="day-acceptances-title" data-testid="day-acceptances">
                {detail.acceptances.map((a, i) => <li key={i}>{t('acceptanceLine', { by: a.by, at: when(a.at), amount: inr(a.differencePaise), note: a.note })}</li>)}
              </ul>
            </>
          )}

          {showAccept && <AcceptForm row={row} onDone={() => acted('accepted')} onStale={() => { setMonitor(null); void load(); }} />}
        </>
      )}
    </div>
  );
}
