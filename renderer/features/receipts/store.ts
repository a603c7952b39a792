// The receipts screen: find, then reprint a DUPLICATE or void with a supervisor's PIN and a reason.
import { create } from 'zustand';
import type { Output } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import { call } from '../../api/client.js';
import { currentSession } from '../session/store.js';

export type ReceiptRow = Output<'receipt.find'>[number];

interface ReceiptsState {
  query: string;
  date: string;
  rows: ReceiptRow[];
  searched: boolean;
  selected: string | null;
  error: AppError | null;
  /** The void dialog's own refusal (wrong PIN, a reason too short): said inside the dialog. */
  voidError: AppError | null;
  done: { kind: 'reprinted'; receiptNo: string; n: number } | { kind: 'voided'; receiptNo: string } | null;
  set(patch: Partial<Pick<ReceiptsState, 'query' | 'date' | 'selected'>>): void;
  /** F3 opens on the business day's receipts, with no notice left from before (issue 16 #11). */
  open(today: string): Promise<void>;
  clearVoidError(): void;
  find(): Promise<void>;
  reprint(session: string, receiptNo: string): Promise<void>;
  void(session: string, receiptNo: string, supervisor: { user: string; pin: string }, reason: string): Promise<boolean>;
}

export const useReceipts = create<ReceiptsState>((set, get) => ({
  query: '',
  date: '',
  rows: [],
  searched: false,
  selected: null,
  error: null,
  voidError: null,
  done: null,
  // A new search or choice makes an earlier notice stale.
  set: (patch) => set({ ...patch, error: null, ...('selected' in patch ? {} : { done: null }) }),
  async open(today) {
    set({ query: '', date: today, rows: [], searched: false, selected: null, error: null, voidError: null, done: null });
    await get().find();
  },
  clearVoidError: () => set({ voidError: null }),
  async find() {
    const { query, date } = get();
    const r = await call('receipt.find', { session: currentSession(), ...(query.trim() ? { query } : {}), ...(date ? { date } : {}), limit: 50 });
    set(r.ok ? { rows: r.value, searched: true, error: null, selected: r.value[0]?.receiptNo ?? null } : { error: r.error });
  },
  async reprint(session, receiptNo) {
    const r = await call('receipt.reprint', { session, receiptNo });
    if (!r.ok) return set({ error: r.error });
    set({ done: { kind: 'reprinted', receiptNo, n: r.value.reprint }, error: null });
    await get().find();
  },
  async void(session, receiptNo, supervisor, reason) {
    const r = await call('payment.void', { session, receiptNo, supervisor: { user: supervisor.user.trim().toLowerCase(), pin: supervisor.pin }, reason });
    if (!r.ok) {
      set({ voidError: r.error });
      return false;
    }
    set({ done: { kind: 'voided', receiptNo }, error: null, voidError: null });
    await get().find();
    return true;
  },
}));
