// The counter's flow for one consumer: search → form → confirm → recorded, then the next one.
// The idempotency key is made when the form opens, so pressing Enter twice or retrying after a
// dropped connection records the payment once; it is also the `tr` of the form's UPI QR, so the
// provider's settlement line names this very payment.
import { create } from 'zustand';
import type { Consumer, Output } from '../../../shared/contract.js';
import { accountFormatError, normaliseAccount } from '../../../shared/account-format.js';
import { appError, type AppError } from '../../../shared/errors.js';
import type { UpiPayee } from '../../../shared/upi.js';
import { call } from '../../api/client.js';
import { currentSession } from '../session/store.js';
import { useTerminal } from '../../app/terminal-store.js';
import { checkForm, emptyForm, paymentRequest, type PaymentForm } from './payment-form.js';

/** hand: an account the list does not know, typed a second time with the reason (issue 16 #3). */
export type Step = 'search' | 'hand' | 'form' | 'confirm' | 'recording' | 'done';

/** A cheque or DD of the consumer's that the bank returned unpaid. */
export type ReturnedCheque = NonNullable<Output<'consumer.get'>>['returnedCheques'][number];
/** A payment taken here on the consumer's current bill, not yet in its amount due. */
export type PaidOnBill = NonNullable<Output<'consumer.get'>>['paidOnBill'][number];
export type PostedNotApplied = NonNullable<NonNullable<Output<'consumer.get'>>['postedNotApplied']>;

/** The consumer as owing now: the bill's due less what was paid on it here (never below 0). */
export function owingNow(consumer: Consumer | null, paid: PaidOnBill[] | null): Consumer | null {
  if (!consumer || !paid || paid.length === 0) return consumer;
  const taken = paid.reduce((sum, p) => sum + p.amountPaise, 0);
  return { ...consumer, amountDuePaise: Math.max(0, consumer.amountDuePaise - taken) };
}

/** Paid in full here already: a further payment on this bill is a deliberate step. */
export const billPaid = (consumer: Consumer | null, paid: PaidOnBill[] | null): boolean =>
  consumer !== null && paid !== null && paid.length > 0 && owingNow(consumer, paid)!.amountDuePaise === 0;

export interface Recorded {
  receiptNo: string;
  amountPaise: number;
  accountNo: string;
  shiftOpened: boolean;
  previewPng: string | null;
}

interface CounterState {
  step: Step;
  query: string;
  results: Consumer[];
  searching: boolean;
  /** The consumer being paid for; accountNo alone when paying an account not in the list. */
  consumer: Consumer | null;
  accountNo: string;
  /** The account was typed by hand, twice, for this reason (journaled with the payment). */
  handTyped: { reason: string } | null;
  /** The chosen consumer's returned cheques: asked with consumer.get after the form opens. */
  returnedCheques: ReturnedCheque[];
  /** Paid here on the consumer's current bill: null until consumer.get answers. */
  paidOnBill: PaidOnBill[] | null;
  /** What the centre knows was paid on the bill and billing has not taken off its due (issue 19). */
  postedNotApplied: PostedNotApplied | null;
  /** The cashier chose to take another payment on a bill already paid (Alt+A). */
  payAgain: boolean;
  /** Enter was pressed before the payments on the bill were known: review once they are. */
  pendingReview: string | null;
  /** The payee of the UPI QR: null when none is set, undefined until the terminal says. */
  upiPayee: UpiPayee | null | undefined;
  form: PaymentForm;
  idempotencyKey: string;
  error: AppError | null;
  recorded: Recorded | null;
  search(query: string): Promise<void>;
  loadUpiPayee(): Promise<void>;
  choose(consumer: Consumer | null, accountNo?: string): void;
  /** Offers to take `typed` as an account not in the list: asks for it again and a reason. */
  typeByHand(typed: string): void;
  /** The second typing and the reason: on to the form when they hold, else the error why. */
  confirmHandTyped(again: string, reason: string): boolean;
  setPayAgain(on: boolean): void;
  edit(patch: Partial<PaymentForm>): void;
  review(today: string): boolean;
  back(): void;
  record(session: string, today: string): Promise<void>;
  next(): void;
}

let searchSeq = 0;
let chooseSeq = 0;
/**
 * `ui` and 32 hex digits: 34 letters and digits, within both the contract's idempotency key and
 * a UPI `tr` (shared/upi.ts UPI_REF), so one value names the payment on both sides.
 */
const newKey = () => `ui${crypto.randomUUID().replaceAll('-', '')}`;

export const useCounter = create<CounterState>((set, get) => ({
  step: 'search',
  query: '',
  results: [],
  searching: false,
  consumer: null,
  accountNo: '',
  handTyped: null,
  returnedCheques: [],
  paidOnBill: null,
  postedNotApplied: null,
  payAgain: false,
  pendingReview: null,
  upiPayee: undefined,
  form: emptyForm(null),
  idempotencyKey: newKey(),
  error: null,
  recorded: null,
  async search(query) {
    set({ query });
    const mine = ++searchSeq;
    if (query.trim().length < 3) {
      set({ results: [], searching: false });
      return;
    }
    set({ searching: true });
    const r = await call('consumer.search', { session: currentSession(), query, limit: 20 });
    if (mine !== searchSeq) return; // a later keystroke's answer wins
    set({ results: r.ok ? r.value : [], searching: false, error: r.ok ? null : r.error });
  },
  async loadUpiPayee() {
    const r = await call('settings.upi.get', { session: currentSession() });
    set({ upiPayee: r.ok ? r.value : undefined });
  },
  choose(consumer, accountNo) {
    const mine = ++chooseSeq;
    set({
      step: 'form', consumer, accountNo: consumer?.accountNo ?? (accountNo ?? '').trim().toUpperCase(), handTyped: null, returnedCheques: [],
      paidOnBill: consumer ? null : [], postedNotApplied: null, payAgain: false, pendingReview: null,
      form: emptyForm(consumer), idempotencyKey: newKey(), error: null,
    });
    // The form opens at once; the returned cheques and the payments already taken on the bill
    // (a local call) join it when they come. The amount, if untouched, becomes what is owed now.
    if (consumer) {
      void call('consumer.get', { session: currentSession(), accountNo: consumer.accountNo }).then((r) => {
        if (mine !== chooseSeq) return;
        const got = r.ok && r.value ? r.value : null;
        const paid = got && Array.isArray(got.paidOnBill) ? got.paidOnBill : [];
        const { form, pendingReview } = get();
        const untouched = form.amount === emptyForm(consumer).amount;
        set({
          returnedCheques: got && Array.isArray(got.returnedCheques) ? got.returnedCheques : [],
          paidOnBill: paid,
          postedNotApplied: got?.postedNotApplied ?? null,
          ...(untouched ? { form: { ...form, amount: emptyForm(owingNow(consumer, paid)).amount } } : {}),
          pendingReview: null,
        });
        if (pendingReview !== null && get().step === 'form') get().review(pendingReview);
      });
    }
  },
  typeByHand(typed) {
    chooseSeq++;
    set({ step: 'hand', consumer: null, accountNo: normaliseAccount(typed), handTyped: null, error: null });
  },
  confirmHandTyped(again, reason) {
    const { accountNo } = get();
    const fail = (error: AppError) => (set({ error }), false);
    if (normaliseAccount(again) !== accountNo) return fail(appError('ACCOUNT_TYPED_MISMATCH'));
    const badFormat = accountFormatError(accountNo, useTerminal.getState().accountFormat);
    if (badFormat) return fail(badFormat);
    if ([...reason.trim()].length < 4) return fail(appError('HAND_TYPED_REASON_REQUIRED'));
    get().choose(null, accountNo);
    set({ handTyped: { reason: reason.trim() } });
    return true;
  },
  setPayAgain(on) {
    set({ payAgain: on, error: null });
  },
  edit(patch) {
    set({ form: { ...get().form, ...patch }, error: null });
  },
  review(today) {
    const { consumer, paidOnBill, payAgain, form } = get();
    if (consumer && paidOnBill === null) {
      set({ pendingReview: today });
      return false;
    }
    if (billPaid(consumer, paidOnBill) && !payAgain) {
      set({ error: appError('BILL_ALREADY_PAID', { receipts: paidOnBill!.map((p) => p.receiptNo).join(', ') }) });
      return false;
    }
    const checked = checkForm(form, owingNow(consumer, paidOnBill), today, useTerminal.getState().limits);
    if (!checked.ok) {
      set({ error: checked.error });
      return false;
    }
    set({ step: 'confirm', error: null });
    return true;
  },
  back() {
    const { step } = get();
    if (step === 'confirm') set({ step: 'form', error: null });
    else if (step === 'form' || step === 'hand') set({ step: 'search', error: null });
    else if (step === 'search') {
      // Esc on the search: a clean box, so the next consumer's number never joins a stale query.
      searchSeq++;
      set({ query: '', results: [], searching: false, error: null });
    }
  },
  async record(session, today) {
    const { form, consumer, accountNo, idempotencyKey, step, paidOnBill, handTyped } = get();
    if (step !== 'confirm') return;
    const checked = checkForm(form, owingNow(consumer, paidOnBill), today, useTerminal.getState().limits);
    if (!checked.ok) {
      set({ step: 'form', error: checked.error });
      return;
    }
    set({ step: 'recording', error: null });
    const r = await call('payment.record', paymentRequest(session, idempotencyKey, accountNo, form, checked, handTyped));
    if (!r.ok) {
      set({ step: 'confirm', error: r.error });
      return;
    }
    const v: Output<'payment.record'> = r.value;
    set({ step: 'done', recorded: { receiptNo: v.receiptNo, amountPaise: checked.amountPaise, accountNo, shiftOpened: v.shiftOpened, previewPng: null } });
    const preview = await call('receipt.preview', { session, receiptNo: v.receiptNo });
    const recorded = get().recorded;
    if (preview.ok && recorded?.receiptNo === v.receiptNo) set({ recorded: { ...recorded, previewPng: preview.value.pngBase64 } });
  },
  next() {
    searchSeq++;
    chooseSeq++;
    set({
      step: 'search', query: '', results: [], consumer: null, accountNo: '', handTyped: null, returnedCheques: [], paidOnBill: null, payAgain: false, pendingReview: null,
      form: emptyForm(null), idempotencyKey: newKey(),
      error: null, recorded: null,
    });
  },
}));
