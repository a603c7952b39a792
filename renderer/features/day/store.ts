// The supervisor's day view: one business day's summary (day.summary), asked for by date.
import { create } from 'zustand';
import type { DaySummary } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import { call } from '../../api/client.js';

interface DayState {
  /** The day asked for; '' until the screen first opens (then today's business date). */
  date: string;
  summary: DaySummary | null;
  error: AppError | null;
  loading: boolean;
  setDate(date: string): void;
  load(session: string): Promise<void>;
}

let asked = 0;

export const useDay = create<DayState>((set, get) => ({
  date: '',
  summary: null,
  error: null,
  loading: false,
  setDate: (date) => set({ date }),
  async load(session) {
    const mine = ++asked;
    set({ loading: true });
    const r = await call('day.summary', { session, date: get().date });
    if (mine !== asked) return; // a later date's answer wins
    set(r.ok ? { summary: r.value, error: null, loading: false } : { summary: null, error: r.error, loading: false });
  },
}));
