// The counter's flow for one consumer: search → form → confirm → recorded, then the next one.
// The idempotency key is made when the form opens, so pressing Enter twice or retrying after a
// dropped connection records the payment once.
import { create } from 'zustand';
import type { Consumer, Output } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import { call } from '../../api/client.js';
import { useTerminal } from '../../app/terminal-store.js';
import { checkForm, emptyForm, paymentRequest, type PaymentForm } from './payment-form.js';

export type Step = 'search' | 'form' | 'confirm' | 'recording' | 'done';

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
  form: PaymentForm;
  idempotencyKey: string;
  error: AppError | null;
  recorded: Recorded | null;
  search(query: string): Promise<void>;
  choose(consumer: Consumer | null, accountNo?: string): void;
  edit(patch: Partial<PaymentForm>): void;
  review(today: string): boolean;
  back(): void;
  record(session: string, today: string): Promise<void>;
  next(): void;
}

let searchSeq = 0;
const newKey = () => `ui-${crypto.randomUUID()}`;

export const useCounter = create<CounterState>((set, get) => ({
  step: 'search',
  query: '',
  results: [],
  searching: false,
  consumer: null,
  accountNo: '',
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
    const r = await call('consumer.search', { query, limit: 20 });
    if (mine !== searchSeq) return; // a later keystroke's answer wins
    set({ results: r.ok ? r.value : [], searching: false, error: r.ok ? null : r.error });
  },
  choose(consumer, accountNo) {
    set({ step: 'form', consumer, accountNo: consumer?.accountNo ?? (accountNo ?? '').trim().toUpperCase(), form: emptyForm(consumer), idempotencyKey: newKey(), error: null });
  },
  edit(patch) {
    set({ form: { ...get().form, ...patch }, error: null });
  },
  review(today) {
    const checked = checkForm(get().form, get().consumer, today, useTerminal.getState().limits);
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
    else if (step === 'form') set({ step: 'search', error: null });
  },
  async record(session, today) {
    const { form, consumer, accountNo, idempotencyKey, step } = get();
    if (step !== 'confirm') return;
    const checked = checkForm(form, consumer, today, useTerminal.getState().limits);
    if (!checked.ok) {
      set({ step: 'form', error: checked.error });
      return;
    }
    set({ step: 'recording', error: null });
    const r = await call('payment.record', paymentRequest(session, idempotencyKey, accountNo, form, checked));
    if (!r.ok) {
      set({ step: 'confirm', error: r.error });
      return;
    }
    const v: Output<'payment.record'> = r.value;
    set({ step: 'done', recorded: { receiptNo: v.receiptNo, amountPaise: checked.amountPaise, accountNo, shiftOpened: v.shiftOpened, previewPng: null } });
    const preview = await call('receipt.preview', { receiptNo: v.receiptNo });
    const recorded = get().recorded;
    if (preview.ok && recorded?.receiptNo === v.receiptNo) set({ recorded: { ...recorded, previewPng: preview.value.pngBase64 } });
  },
  next() {
    searchSeq++;
    set({ step: 'search', query: '', results: [], consumer: null, accountNo: '', form: emptyForm(null), idempotencyKey: newKey(), error: null, recorded: null });
  },
}));
