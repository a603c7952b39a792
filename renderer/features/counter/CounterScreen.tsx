// The cashier's screen: find the consumer, take the payment, confirm it in words, record with
// Enter, hand the receipt, next consumer with one key. Every action shows its key. A consumer
// whose cheque came back unpaid is flagged on the form; UPI shows a QR of the exact amount.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { accountFormatError, mobileLast4Of, normaliseAccount } from '../../../shared/account-format.js';
import { amountInWordsEn, amountInWordsHi } from '../../../shared/amount-in-words.js';
import type { Consumer, Output } from '../../../shared/contract.js';
import { formatDmy } from '../../../shared/dates.js';
import { upiPayUri, type UpiPayee } from '../../../shared/upi.js';
import { call } from '../../api/client.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import { DateField } from '../../app/date-field/DateField.js';
import { useArmed } from '../../app/fresh-press.js';
import { useTerminal } from '../../app/terminal-store.js';
import { errorIn } from '../../i18n/strings.js';
import { useLang, useT } from '../../i18n/lang.js';
import { currentSession, useSession } from '../session/store.js';
import { acceptableAmount, checkForm, MODES, upiQrAmount } from './payment-form.js';
import { billPaid, owingNow, useCounter, type PaidOnBill, type PostedNotApplied, type ReturnedCheque } from './store.js';
import { qrImageUrl } from './upi-qr.js';
import './counter.css';

/** Letters and digits a cashier might mean as an account number (spaces and hyphens aside). */
const ACCOUNT_LIKE = /^[A-Za-z0-9][A-Za-z0-9 -]{2,}$/;

/**
 * The centre knows of payments on this bill that the billing system's latest master has not taken
 * off the due (issue 19): the consumer paid, the bill still shows due — the receipts stand, and the
 * due shown is billing's to correct, not the consumer's to pay again.
 */
function PostedNotAppliedNote({ pna }: { pna: PostedNotApplied }) {
  const t = useT();
  return (
    <div className="notice" role="note" data-testid="posted-not-applied">
      <strong>{t('postedNotAppliedTitle')}</strong>
      <p>{t('postedNotAppliedText', { amount: formatINR(pna.amountPaise as Paise), bill: pna.billNo })}</p>
      {pna.receipts.length > 0 && (
        <p className="muted" data-testid="posted-not-applied-receipts">
          {t('postedNotAppliedReceipts')} {pna.receipts.map((r) => `${r.receiptNo} (${formatDmy(r.businessDate)}, ${formatINR(r.amountPaise as Paise)})`).join('; ')}
        </p>
      )}
    </div>
  );
}

function ConsumerCard({ c, accountNo }: { c: Consumer | null; accountNo: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const handTyped = useCounter((s) => s.handTyped);
  const pna = useCounter((s) => s.postedNotApplied);
  if (!c) {
    return (
      <section className="card" aria-label={t('consumer')}>
        <div className="big">{accountNo}</div>
        <p className="notice">{t('notInList')}</p>
        {handTyped && <p className="muted" data-testid="hand-typed-reason">{t('handTypedNote', { reason: handTyped.reason })}</p>}
      </section>
    );
  }
  return (
    <section className="card" aria-label={t('consumer')} data-testid="consumer-card">
      <div className="big">{lang === 'hi' && c.nameHi ? c.nameHi : c.name}</div>
      <div className="muted">{lang === 'hi' ? c.name : c.nameHi} · {lang === 'hi' && c.localityHi ? c.localityHi : c.locality}</div>
      <dl className="facts">
        <dt>{t('accountNo')}</dt><dd>{c.accountNo}</dd>
        <dt>{t('meterNo')}</dt><dd>{c.meterNo}</dd>
        <dt>{t('billNo')}</dt><dd>{c.billNo}</dd>
        <dt>{t('dueDate')}</dt><dd>{formatDmy(c.dueDate)}</dd>
        <dt>{t('amountDue')}</dt><dd className="amount">{formatINR(c.amountDuePaise as Paise)}</dd>
      </dl>
      {pna && <PostedNotAppliedNote pna={pna} />}
    </section>
  );
}

/**
 * What was paid here on the consumer's current bill (not yet in the due the feed sent) and what is
 * owed now; a bill paid in full says so, and a further payment needs Alt+A (issue 16 #2).
 */
function PaidOnBillPanel({ consumer, paid, confirming }: { consumer: Consumer | null; paid: PaidOnBill[] | null; confirming: boolean }) {
  const t = useT();
  const payAgain = useCounter((s) => s.payAgain);
  const setPayAgain = useCounter((s) => s.setPayAgain);
  if (!consumer || !paid || paid.length === 0) return null;
  const full = billPaid(consumer, paid);
  return (
    <section className={full ? 'paid-on-bill warn' : 'paid-on-bill'} aria-labelledby="paid-title" data-testid="paid-on-bill">
      <h2 id="paid-title">{t('paidOnBillTitle')}</h2>
      <ul>
        {paid.map((p) => (
          <li key={p.receiptNo}><span className="acct">{p.receiptNo}</span> · {formatINR(p.amountPaise as Paise)} · {t(p.mode as 'cash' | 'cheque' | 'dd' | 'upi' | 'card')} · {formatDmy(p.businessDate)}</li>
        ))}
      </ul>
      <p>{t('owingNow')}: <strong className="amount" data-testid="owing-now">{formatINR(owingNow(consumer, paid)!.amountDuePaise as Paise)}</strong></p>
      {full && !confirming && (
        <>
          <p className="notice" data-testid="bill-paid">{t('billPaidWarning')}</p>
          <label className="pay-again">
            <input type="checkbox" name="pay-again" checked={payAgain} onChange={(e) => setPayAgain(e.target.checked)} />
            {t('payAgain')} <kbd>Alt+A</kbd>
          </label>
        </>
      )}
      {full && confirming && <p className="notice" data-testid="pay-again-confirm">{t('payAgainConfirm')}</p>}
    </section>
  );
}

/** The consumer's cheques and DDs the bank returned unpaid: what they were, and what to do now. */
function ReturnedCheques({ cheques }: { cheques: ReturnedCheque[] }) {
  const t = useT();
  if (cheques.length === 0) return null;
  const owed = cheques.reduce((sum, c) => sum + c.amountPaise, 0) as Paise;
  return (
    <section className="returned-cheques" aria-labelledby="returned-title" data-testid="returned-cheques">
      <h2 id="returned-title">{t('counterReturnedTitle')}</h2>
      <table aria-labelledby="returned-title">
        <thead>
          <tr>
            <th scope="col">{t('instrumentNo')}</th>
            <th scope="col">{t('bank')}</th>
            <th scope="col">{t('counterReturnedAmount')}</th>
            <th scope="col">{t('counterReturnedOn')}</th>
            <th scope="col">{t('reason')}</th>
            <th scope="col">{t('receiptNo')}</th>
          </tr>
        </thead>
        <tbody>
          {cheques.map((c) => (
            <tr key={c.receiptNo}>
              <td>{t(c.mode)} {c.number}</td>
              <td>{c.bank}</td>
              <td className="amount">{formatINR(c.amountPaise as Paise)}</td>
              <td>{formatDmy(c.returnedOn)}</td>
              <td>{c.reason}</td>
              <td className="acct">{c.receiptNo}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="advice">{t('counterReturnedAdvice', { amount: formatINR(owed) })}</p>
    </section>
  );
}

/**
 * The QR the customer scans to pay by UPI: the payee, the exact amount, and the payment's own
 * reference as `tr` (its idempotency key), so the settlement file names this receipt. Drawn off
 * the keystroke; a picture is shown only for the link it was drawn from.
 */
function UpiQr({ payee, amountPaise, reference, accountNo }: { payee: UpiPayee | null; amountPaise: Paise | null; reference: string; accountNo: string }) {
  const t = useT();
  const uri = payee && amountPaise !== null ? upiPayUri(payee, amountPaise, reference, `A/c ${accountNo}`) : null;
  const [qr, setQr] = useState<{ uri: string; src: string } | null>(null);
  useEffect(() => {
    if (!uri) return;
    let stop = false;
    const timer = setTimeout(() => {
      qrImageUrl(uri).then(
        (src) => !stop && setQr({ uri, src }),
        () => undefined, // no picture: the cashier still takes the UTR by hand
      );
    }, 0);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [uri]);
  if (payee === null) return <p className="muted hint" data-testid="upi-qr-unset">{t('upiQrNoPayee')}</p>;
  return (
    <figure className="upi-qr" data-testid="upi-qr">
      <div className="qr-frame">
        {uri && qr?.uri === uri && <img src={qr.src} width={200} height={200} alt={t('upiQrAlt', { amount: formatINR(amountPaise!) })} />}
      </div>
      <figcaption className="stack tight">
        {amountPaise !== null ? (
          <>
            <span className="big amount" data-testid="upi-qr-amount">{formatINR(amountPaise)}</span>
            <span>{t('upiQrScan')}</span>
            <span className="muted hint" lang="en">{payee.name} · {payee.vpa}</span>
          </>
        ) : (
          <span className="muted">{t('upiQrWaiting')}</span>
        )}
      </figcaption>
    </figure>
  );
}

function SearchStep() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { query, results, search, choose, typeByHand, searching } = useCounter();
  const format = useTerminal((s) => s.accountFormat);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // Back from the form the query is still there, selected: typing replaces it, never appends.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  useEffect(() => setActive(0), [results]);
  // A whole mobile number is searched as one (by the last 4 digits kept), never taken as an account.
  const mobileLast4 = mobileLast4Of(query.trim());
  const typed = normaliseAccount(query.trim());
  // A name or a locality ("KALYANPUR") is never an account: an account number has a digit.
  const accountLike = mobileLast4 === null && results.length === 0 && ACCOUNT_LIKE.test(query.trim()) && /\d/.test(typed);
  const notAnAccount = accountLike ? accountFormatError(typed, format) : null;
  const offerAccount = accountLike && notAnAccount === null;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (results[active]) choose(results[active]!);
      else if (offerAccount) typeByHand(query);
    }
  };
  return (
    <section aria-label={t('search')}>
      <label className="search">
        {t('search')} <kbd>F2</kbd>
        <input
          ref={input} id="consumer-search" role="combobox" aria-expanded={results.length > 0} aria-controls="consumer-results"
          aria-activedescendant={results[active] ? `consumer-${results[active]!.accountNo}` : undefined}
          value={query} onChange={(e) => void search(e.target.value)} onKeyDown={onKey} autoComplete="off" placeholder={t('searchHint')}
        />
      </label>
      <ul id="consumer-results" role="listbox" className="results" aria-busy={searching} aria-label={t('consumer')}>
        {results.map((c, i) => (
          <li
            key={c.accountNo} id={`consumer-${c.accountNo}`} role="option" aria-selected={i === active}
            className={i === active ? 'active' : ''} onClick={() => choose(c)}
          >
            <span className="acct">{c.accountNo}</span> <span>{c.name}</span> <span className="muted">{c.nameHi}</span>
            <span className="muted"> · {c.locality} · {c.meterNo} · …{c.mobileLast4}</span>
            <span className="amount">{formatINR(c.amountDuePaise as Paise)}</span>
          </li>
        ))}
      </ul>
      {mobileLast4 !== null && !searching && (
        <p className={results.length > 0 ? 'notice' : 'muted'} role="status" data-testid="mobile-search">
          {t(results.length > 0 ? 'mobileMatches' : 'mobileNone', { last4: mobileLast4 })}
        </p>
      )}
      {mobileLast4 === null && query.trim().length >= 3 && !searching && results.length === 0 && (
        <p className="muted" role="status">
          {t('noResults')}
          {offerAccount && (
            <>
              {' — '}
              <button type="button" data-testid="pay-unknown" onClick={() => typeByHand(query)}>{t('payUnknown')} <kbd>Enter</kbd></button>
            </>
          )}
          {notAnAccount && <span className="notice" data-testid="not-an-account"> — {errorIn(notAnAccount, lang)}</span>}
        </p>
      )}
    </section>
  );
}

/**
 * An account the list does not know: typed a second time (not copied) and a reason, before the
 * form opens; the core holds it to the terminal's account format and journals the reason.
 */
function HandStep() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { accountNo, error, confirmHandTyped, back } = useCounter();
  const [again, setAgain] = useState('');
  const [reason, setReason] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirmHandTyped(again, reason);
  };
  return (
    <form onSubmit={submit} className="stack hand-typed" aria-labelledby="hand-title" noValidate>
      <h2 id="hand-title">{t('handTitle')}</h2>
      <p className="muted">{t('handHint')}</p>
      <p>{t('handFirst')}: <strong className="acct" data-testid="hand-first">{accountNo}</strong></p>
      <label>
        {t('handAgain')}
        <input ref={first} name="account-again" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="off" inputMode={/^\d+$/.test(accountNo) ? 'numeric' : undefined}
          onPaste={(e) => e.preventDefault()} aria-describedby="hand-error" />
      </label>
      <label>
        {t('handReason')}
        <input name="hand-reason" list="hand-reasons" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" maxLength={120} aria-describedby="hand-error" />
        <datalist id="hand-reasons">
          <option value={t('handReasonNew')} />
          <option value={t('handReasonStale')} />
        </datalist>
      </label>
      <p id="hand-error" className="error" role="alert">{error ? errorIn(error, lang) : ''}</p>
      <div className="actions">
        <button type="button" onClick={back}>{t('back')} <kbd>Esc</kbd></button>
        <button type="submit" className="primary">{t('handContinue')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function FormStep({ today }: { today: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { form, edit, review, error, consumer: billed, accountNo, returnedCheques, paidOnBill, upiPayee, idempotencyKey } = useCounter();
  const consumer = owingNow(billed, paidOnBill);
  const limits = useTerminal((s) => s.limits);
  const amount = useRef<HTMLInputElement>(null);
  useEffect(() => amount.current?.focus(), [form.mode]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    review(today);
  };
  const field = (name: keyof typeof form, label: Parameters<typeof t>[0], extra: Record<string, string> = {}) => (
    <label>
      {t(label)}
      <input name={name} value={form[name]} onChange={(e) => edit({ [name]: e.target.value })} autoComplete="off" {...extra} />
    </label>
  );
  return (
    <form onSubmit={submit} className="stack" aria-label={t('mode')}>
      <div className="consumer-row">
        <ConsumerCard c={billed} accountNo={accountNo} />
        {form.mode === 'upi' && upiPayee !== undefined && (
          <div className="upi-qr-panel">
            <UpiQr payee={upiPayee} amountPaise={upiQrAmount(form, consumer, today, limits)} reference={idempotencyKey} accountNo={accountNo} />
          </div>
        )}
      </div>
      <PaidOnBillPanel consumer={billed} paid={paidOnBill} confirming={false} />
      <ReturnedCheques cheques={returnedCheques} />
      <fieldset className="modes">
        <legend>{t('mode')}</legend>
        {MODES.map((m, i) => (
          <label key={m} className={form.mode === m ? 'chosen' : ''}>
            <input type="radio" name="mode" value={m} checked={form.mode === m} onChange={() => edit({ mode: m })} />
            {t(m)} <kbd>Alt+{i + 1}</kbd>
          </label>
        ))}
      </fieldset>
      <label>
        {t('amount')}
        <input ref={amount} name="amount" inputMode="decimal" value={form.amount} onChange={(e) => edit({ amount: e.target.value })} autoComplete="off"
          aria-invalid={form.amount !== '' && acceptableAmount(form, consumer, today, limits) === null} aria-describedby="form-error" />
      </label>
      {(form.mode === 'cheque' || form.mode === 'dd') && (
        <div className="row">
          {field('number', 'chequeNo', { inputMode: 'numeric' })}
          {field('bank', 'bank')}
          <DateField name="date" label={t('instrumentDate')} value={form.date} onChange={(date) => edit({ date })} max={today} describedBy="form-error" />
        </div>
      )}
      {form.mode === 'upi' && field('utr', 'utr', { inputMode: 'numeric' })}
      {form.mode === 'card' && (
        <div className="row">
          {field('last4', 'last4', { inputMode: 'numeric' })}
          {field('approval', 'approval')}
        </div>
      )}
      <p id="form-error" className="error" role="alert">{error ? errorIn(error, lang) : ''}</p>
      <div className="actions">
        <button type="button" onClick={() => useCounter.getState().back()}>{t('back')} <kbd>Esc</kbd></button>
        <button type="submit" className="primary">{t('review')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

/** What the payment leaves on the bill: a balance still due, or an advance (as the receipt says). */
function LeftOnBill({ owed, paise }: { owed: number | null; paise: number }) {
  const t = useT();
  if (owed === null || owed === paise) return null;
  const text = paise < owed ? t('leftBalance', { amount: formatINR((owed - paise) as Paise) }) : t('leftAdvance', { amount: formatINR((paise - owed) as Paise) });
  return <p className="notice" data-testid="left-on-bill">{text}</p>;
}

function ConfirmStep({ today }: { today: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const session = useSession((s) => s.session)!;
  const { form, consumer: billed, accountNo, returnedCheques, paidOnBill, record, error, step } = useCounter();
  const limits = useTerminal((s) => s.limits);
  const checked = checkForm(form, owingNow(billed, paidOnBill), today, limits);
  const button = useRef<HTMLButtonElement>(null);
  const armed = useArmed();
  useEffect(() => button.current?.focus(), []);
  if (!checked.ok) return null;
  const paise = checked.amountPaise;
  return (
    <section className="stack confirm" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t('confirmTitle')}</h2>
      <ConsumerCard c={billed} accountNo={accountNo} />
      <PaidOnBillPanel consumer={billed} paid={paidOnBill} confirming />
      <ReturnedCheques cheques={returnedCheques} />
      <div className="big amount" data-testid="confirm-amount">{formatINR(paise)} · {t(form.mode)}</div>
      <LeftOnBill owed={owingNow(billed, paidOnBill)?.amountDuePaise ?? null} paise={paise} />
      <p className="words" aria-label={t('amountInWords')}>
        <span lang="hi">{amountInWordsHi(paise)}</span>
        <br />
        <span lang="en">{amountInWordsEn(paise)}</span>
      </p>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      <div className="actions">
        <button type="button" onClick={() => useCounter.getState().back()}>{t('back')} <kbd>Esc</kbd></button>
        {/* Not armed yet: the Enter that opened this step, or a second one in the same breath. */}
        <button ref={button} type="button" className="primary" data-testid="confirm-record" data-armed={armed} disabled={step === 'recording'}
          onClick={() => { if (armed) void record(session, today); }}>
          {step === 'recording' ? t('recording') : t('record')} <kbd>Enter</kbd>
        </button>
      </div>
    </section>
  );
}

/**
 * The receipt's own print state, asked until the printer has taken it: every 100 ms for the first
 * 3 s (a ready printer confirms within a few hundred ms), then every second while it waits.
 */
function usePrintState(receiptNo: string | undefined): Output<'receipt.status'>['print'] | null {
  const [state, setState] = useState<Output<'receipt.status'>['print'] | null>(null);
  useEffect(() => {
    if (!receiptNo) return;
    let stop = false;
    const ask = async () => {
      const r = await call('receipt.status', { session: currentSession(), receiptNo });
      if (stop) return;
      if (r.ok) setState(r.value.print);
      if (!r.ok || r.value.print.state === 'waiting') timer = setTimeout(() => void ask(), Date.now() - started < 3_000 ? 100 : 1_000);
    };
    const started = Date.now();
    let timer = setTimeout(() => void ask(), 0);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [receiptNo]);
  return state;
}

function DoneStep() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const { recorded, next } = useCounter();
  const print = usePrintState(recorded?.receiptNo);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  if (!recorded) return null;
  return (
    <section className="done" aria-labelledby="done-title">
      <div className="stack">
        <h2 id="done-title">{t('recorded')}</h2>
        <div className="big" data-testid="receipt-no">{t('receiptNo')}: {recorded.receiptNo}</div>
        <div className="amount">{formatINR(recorded.amountPaise as Paise)} · {recorded.accountNo}</div>
        {recorded.shiftOpened && <p className="notice">{t('shiftAutoOpened')}</p>}
        <p role="status" data-testid="print-state" className={print?.state === 'waiting' && print.attempts > 0 ? 'notice' : ''} title={print?.lastError ?? undefined}>
          {print?.state === 'printed' ? t('printed') : t('printQueued')}
          {print?.state === 'waiting' && print.fault ? ` — ${print.fault[lang]}` : ''}
        </p>
        <div className="actions">
          <button ref={button} type="button" className="primary" onClick={next}>{t('nextConsumer')} <kbd>Enter</kbd> <kbd>F2</kbd></button>
        </div>
      </div>
      {recorded.previewPng && <img className="receipt" alt={t('receiptPreview')} src={`data:image/png;base64,${recorded.previewPng}`} />}
    </section>
  );
}

export function CounterScreen() {
  const step = useCounter((s) => s.step);
  const today = useTerminal((s) => s.info?.businessDate) ?? new Date(Date.now() + 19_800_000).toISOString().slice(0, 10);
  // The UPI payee, asked once each time the counter opens (a supervisor may have just set it in F8).
  useEffect(() => void useCounter.getState().loadUpiPayee(), []);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const s = useCounter.getState();
      if (e.key === 'F2') {
        e.preventDefault();
        if (s.step === 'search') document.getElementById('consumer-search')?.focus();
        else if (s.step !== 'recording') s.next();
      } else if (e.key === 'Escape') {
        s.back();
      } else if (e.altKey && (e.key === 'a' || e.key === 'A') && s.step === 'form' && billPaid(s.consumer, s.paidOnBill)) {
        e.preventDefault();
        s.setPayAgain(!s.payAgain);
      } else if (e.altKey && /^[1-5]$/.test(e.key) && s.step === 'form') {
        e.preventDefault();
        s.edit({ mode: MODES[Number(e.key) - 1]! });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <main className="screen counter">
      {step === 'search' && <SearchStep />}
      {step === 'hand' && <HandStep />}
      {step === 'form' && <FormStep today={today} />}
      {(step === 'confirm' || step === 'recording') && <ConfirmStep today={today} />}
      {step === 'done' && <DoneStep />}
    </main>
  );
}
