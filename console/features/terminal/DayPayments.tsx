// A terminal-day's payments as the centre holds them — the figures of the day's row, each from its
// signed event, its signature checked again by the centre — and, for any of them, the signed event
// itself (the exact text, its hash, the key that signed it). For those who may read events.
import { useEffect, useState } from 'react';
import type { HeldPayment, SignedEventView } from '../../../shared/console-api.js';
import { formatDmy } from '../../../shared/dates.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import { api, type ApiError } from '../../api/client.js';
import { when } from '../../app/format.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

function SignedEvent({ terminalId, seq }: { terminalId: string; seq: number }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [event, setEvent] = useState<SignedEventView | ApiError | null>(null);
  useEffect(() => {
    void api.signedEvent(terminalId, seq).then((r) => setEvent(r.ok ? r.value : r.error));
  }, [terminalId, seq]);
  if (event === null) return <p>{t('loading')}</p>;
  if ('status' in event) return <p className="error" role="alert">{errorIn(event, lang)}</p>;
  return (
    <div className="card stack" data-testid={`event-${seq}`}>
      <h3>{t('eventTitle', { seq, terminal: terminalId })}</h3>
      <p>{t('eventMeta', { key: event.keyId, hash: `${event.hash.slice(0, 16)}…`, at: when(event.receivedAt) })} · {t('col_signature')}: <strong className={event.signature === 'valid' ? '' : 'error'}>{t(event.signature === 'valid' ? 'signatureValid' : 'signatureInvalid')}</strong></p>
      <pre className="event-body" lang="en" tabIndex={0} aria-label={t('eventTitle', { seq, terminal: terminalId })}>{JSON.stringify(JSON.parse(event.body), null, 2)}</pre>
    </div>
  );
}

export function DayPayments({ terminalId, date }: { terminalId: string; date: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [payments, setPayments] = useState<HeldPayment[] | ApiError | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    void api.dayPayments(terminalId, date).then((r) => setPayments(r.ok ? r.value.payments : r.error));
  }, [terminalId, date]);
  if (payments === null) return <p>{t('loading')}</p>;
  if (!Array.isArray(payments)) return <p className="error" role="alert">{errorIn(payments, lang)}</p>;
  const titleId = `payments-${date}`;
  return (
    <div className="stack">
      <h3 id={titleId}>{t('paymentsTitle', { date: formatDmy(date) })}</h3>
      {payments.length === 0 ? <p>{t('noPayments')}</p> : (
        <div className="table-wrap">
          <table aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t('col_receipt')}</th>
                <th scope="col">{t('col_account')}</th>
                <th scope="col" className="num">{t('col_amount')}</th>
                <th scope="col">{t('col_mode')}</th>
                <th scope="col">{t('col_cashier')}</th>
                <th scope="col">{t('col_recordedAt')}</th>
                <th scope="col">{t('col_status')}</th>
                <th scope="col">{t('col_signature')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.seq} data-testid={`payment-${p.seq}`}>
                  <th scope="row">
                    <button type="button" aria-expanded={open === p.seq} onClick={() => setOpen(open === p.seq ? null : p.seq)}>
                      {p.receiptNo}<span className="sr-only"> — {t('showEvent', { seq: p.seq })}</span>
                    </button>
                  </th>
                  <td>{p.accountNo}</td>
                  <td className="num">{formatINR(p.amountPaise as Paise)}</td>
                  <td>{p.mode}</td>
                  <td>{p.cashier}</td>
                  <td>{when(p.recordedAt)}</td>
                  <td>{[t(p.voided ? 'paymentVoided' : 'paymentPaid'), ...(p.late ? [t('paymentLate')] : [])].join(' · ')}</td>
                  <td className={p.signature === 'valid' ? '' : 'error'}>{t(p.signature === 'valid' ? 'signatureValid' : 'signatureInvalid')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open !== null && <SignedEvent terminalId={terminalId} seq={open} />}
    </div>
  );
}
