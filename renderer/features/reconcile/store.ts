// The supervisor's reconciliation screen (F9): each day's cash and cheques against the bank
// deposit slips (deposit.reconcile, deposit.record), a UPI/card settlement file matched with the
// receipts (settlement.import, settlement.sources) and a cheque the bank returned (cheque.return).
import { create } from 'zustand';
import type { Output } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import type { DepositDay, SettlementReport } from '../../../shared/reconciliation.js';
import { call } from '../../api/client.js';
import {
  columnsOf, emptyImport, emptyReturn, emptySlip, importOf, mappingFields, returnOf, slipOf,
  type ImportForm, type Problem, type ReturnForm, type ReturnRequest, type SlipForm,
} from './reconcile-form.js';

export type Source = Output<'settlement.sources'>[number];

interface ReconcileState {
  /** The session the state below belongs to: another log-in starts afresh. */
  owner: string | null;
  today: string;

  // Bank deposits: the range asked for, and the days shown (of `shown`).
  from: string;
  to: string;
  days: DepositDay[] | null;
  shown: { from: string; to: string } | null;
  depositsError: AppError | null;
  badRange: boolean;
  loading: boolean;

  slip: SlipForm;
  /** The slip's business day when it is not in the table's range: what is to be deposited for it. */
  slipDay: DepositDay | null;
  slipProblem: Problem | null;
  slipField: keyof SlipForm | null;
  slipBusy: boolean;
  slipDone: { bank: string; slipNo: string; date: string } | null;

  // Settlement import.
  sources: Source[];
  imp: ImportForm;
  importProblem: Problem | null;
  importField: keyof ImportForm | null;
  /** The file's columns, once the core asked which of them to use. */
  columns: string[];
  importBusy: boolean;
  report: SettlementReport | null;

  // Returned cheque.
  ret: ReturnForm;
  returnProblem: Problem | null;
  returnField: keyof ReturnForm | null;
  /** The return checked and waiting for the confirmation in the page. */
  confirming: ReturnRequest | null;
  returnBusy: boolean;
  returned: { receiptNo: string; date: string } | null;

  /** Fresh state for this session and business day (kept as it is when they are the same). */
  open(session: string, today: string): void;
  setRange(r: Partial<{ from: string; to: string }>): void;
  loadDeposits(session: string): Promise<void>;
  editSlip(f: Partial<SlipForm>): void;
  /** Asks what the slip's business day has to deposit (deposit.reconcile for that one day). */
  loadSlipDay(session: string): Promise<void>;
  recordSlip(session: string): Promise<void>;
  loadSources(session: string): Promise<void>;
  editImport(f: Partial<ImportForm>): void;
  /** The file chosen (or none): its text is read before any import goes. */
  chooseFile(file: File | null): Promise<void>;
  runImport(session: string): Promise<void>;
  editReturn(f: Partial<ReturnForm>): void;
  askReturn(): void;
  cancelReturn(): void;
  confirmReturn(session: string): Promise<void>;
}

const initial = (today: string) => ({
  today,
  from: today, to: today, days: null, shown: null, depositsError: null, badRange: false, loading: false,
  slip: emptySlip(today), slipDay: null, slipProblem: null, slipField: null, slipBusy: false, slipDone: null,
  sources: [], imp: emptyImport(today), importProblem: null, importField: null, columns: [], importBusy: false, report: null,
  ret: emptyReturn(today), returnProblem: null, returnField: null, confirming: null, returnBusy: false, returned: null,
});

let asked = 0;
/** The chosen file being read; an import waits for it. */
let reading: Promise<void> = Promise.resolve();

export const useReconcile = create<ReconcileState>((set, get) => ({
  owner: null,
  ...initial(''),

  open(session, today) {
    if (get().owner === session && get().today === today) return;
    asked++;
    set({ owner: session, ...initial(today) });
  },

  setRange: (r) => set({ ...r, badRange: false }),

  async loadDeposits(session) {
    const { from, to } = get();
    if (!from || (to && to < from)) return set({ badRange: true });
    const range = { from, to: to || from };
    const mine = ++asked;
    set({ loading: true, badRange: false });
    const r = await call('deposit.reconcile', { session, date: range.from, ...(range.to !== range.from ? { toDate: range.to } : {}) });
    if (mine !== asked) return; // a later Show's answer wins
    set(r.ok ? { days: r.value, shown: range, depositsError: null, loading: false } : { days: null, shown: null, depositsError: r.error, loading: false });
  },

  editSlip: (f) => set((s) => ({ slip: { ...s.slip, ...f }, slipField: null, slipProblem: null })),

  async loadSlipDay(session) {
    const { slip: { businessDate: date }, shown, loading, owner } = get();
    // Not opened for this session yet, or the table is loading: asked again once it is shown.
    if (owner !== session || loading) return;
    // A day the table shows is read from the table (slipDayOf); only another day is asked.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || (shown && date >= shown.from && date <= shown.to)) return set({ slipDay: null });
    const r = await call('deposit.reconcile', { session, date });
    if (get().slip.businessDate !== date) return; // another day was chosen meanwhile
    set({ slipDay: r.ok ? (r.value.find((d) => d.date === date) ?? null) : null });
  },

  async recordSlip(session) {
    if (get().slipBusy) return;
    const checked = slipOf(get().slip);
    if (!checked.ok) return set({ slipProblem: checked.problem, slipField: checked.field, slipDone: null });
    set({ slipBusy: true, slipProblem: null, slipField: null, slipDone: null });
    const r = await call('deposit.record', { session, slip: checked.value });
    if (!r.ok) {
      const field = r.error.code === 'DEPOSIT_SLIP_DUPLICATE' ? 'slipNo' : r.error.code === 'DEPOSIT_DATE_INVALID' ? 'depositedOn' : null;
      return set({ slipBusy: false, slipProblem: { error: r.error }, slipField: field });
    }
    const { businessDate: date, bank, slipNo } = checked.value;
    // The same bank is usual for the next slip; the slip's own numbers are not.
    set((s) => ({ slipBusy: false, slipDone: { bank, slipNo, date }, slip: { ...s.slip, slipNo: '', cash: '', cheque: '' } }));
    // The table again, now with the slip: of the days shown, or of the slip's day when it is not among them.
    const shown = get().shown;
    if (!shown || date < shown.from || date > shown.to) set({ from: date, to: date });
    else set({ from: shown.from, to: shown.to });
    await get().loadDeposits(session);
    await get().loadSlipDay(session);
  },

  async loadSources(session) {
    const r = await call('settlement.sources', { session });
    if (r.ok) set({ sources: r.value });
  },

  editImport(f) {
    set((s) => {
      const imp = { ...s.imp, ...f };
      // A source named as before brings its saved columns.
      const named = f.source?.trim();
      const known = named && f.source !== s.imp.source ? s.sources.find((x) => x.name === named) : undefined;
      return { imp: known ? { ...imp, ...mappingFields(known.mapping) } : imp, importProblem: null, importField: null };
    });
  },

  chooseFile(file) {
    if (!file) {
      get().editImport({ fileName: null, csv: null });
      return (reading = Promise.resolve());
    }
    get().editImport({ fileName: file.name, csv: null });
    reading = file.text().then(
      (csv) => {
        if (get().imp.fileName === file.name) get().editImport({ csv });
      },
      () => set({ importProblem: { key: 'recFileUnreadable' }, importField: 'fileName' }),
    );
    return reading;
  },

  async runImport(session) {
    if (get().importBusy) return;
    set({ importBusy: true, importProblem: null, importField: null });
    await reading;
    const checked = importOf(get().imp);
    if (!checked.ok) return set({ importBusy: false, importProblem: checked.problem, importField: checked.field });
    set({ report: null });
    const r = await call('settlement.import', { session, ...checked.value });
    if (!r.ok) {
      const mapping = r.error.code === 'SETTLEMENT_MAPPING_REQUIRED';
      return set({ importBusy: false, importProblem: { error: r.error }, importField: mapping ? 'reference' : null, ...(mapping ? { columns: columnsOf(r.error) } : {}) });
    }
    set({ importBusy: false, report: r.value, columns: [] });
    void get().loadSources(session); // the mapping used is saved for the source now
  },

  editReturn: (f) => set((s) => ({ ret: { ...s.ret, ...f }, returnProblem: null, returnField: null, confirming: null })),

  askReturn() {
    if (get().returnBusy) return;
    const checked = returnOf(get().ret, get().today);
    if (!checked.ok) return set({ returnProblem: checked.problem, returnField: checked.field, returned: null, confirming: null });
    set({ confirming: checked.value, returnProblem: null, returnField: null, returned: null });
  },

  cancelReturn: () => set({ confirming: null }),

  async confirmReturn(session) {
    const request = get().confirming;
    if (!request || get().returnBusy) return;
    set({ returnBusy: true, confirming: null });
    const r = await call('cheque.return', { session, ...request });
    if (!r.ok) return set({ returnBusy: false, returnProblem: { error: r.error }, returnField: r.error.code === 'INVALID_INPUT' ? null : 'receiptNo' });
    set((s) => ({ returnBusy: false, returned: { receiptNo: request.receiptNo, date: request.returnedOn }, ret: { ...s.ret, receiptNo: '', reason: '' } }));
  },
}));

/** What the slip's business day has to deposit: from the table when it shows that day, else asked. */
export const slipDayOf = (s: Pick<ReconcileState, 'days' | 'slip' | 'slipDay'>): DepositDay | null =>
  s.days?.find((d) => d.date === s.slip.businessDate) ?? (s.slipDay?.date === s.slip.businessDate ? s.slipDay : null);
