// What the money section remembers while a user moves about in it: which view is on screen, the
// monitor's form as typed and its last answer (so coming back from a counter-day finds the table as
// it was), and the counter-day open, if any.
import { create } from 'zustand';
import { businessDate } from '../../../shared/dates.js';
import type { MoneyColour, MoneyMonitor } from '../../../shared/money-monitor.js';
import { defaultMonitorForm } from './money-view.js';

export const MONEY_VIEWS = ['monitor', 'import', 'reports', 'exceptions', 'paidDue', 'settings'] as const;
export type MoneyView = (typeof MONEY_VIEWS)[number];

export interface MonitorForm {
  from: string;
  to: string;
  asOf: string;
  /** '' for every colour. */
  colour: '' | MoneyColour;
}

/** A counter-day open for drill-down, as of the monitor's date. */
export interface OpenDay {
  terminalId: string;
  date: string;
  asOf: string;
}

interface MoneyState {
  view: MoneyView;
  form: MonitorForm;
  monitor: MoneyMonitor | null;
  open: OpenDay | null;
  /** The counter-day last closed, whose row takes the focus back. */
  lastOpened: OpenDay | null;
  go(view: MoneyView): void;
  setForm(patch: Partial<MonitorForm>): void;
  setMonitor(m: MoneyMonitor | null): void;
  openDay(day: OpenDay | null): void;
}

/** A fresh section: the monitor, its form at its defaults for `today`, nothing loaded. */
export function freshMoney(today = businessDate(new Date())): Pick<MoneyState, 'view' | 'form' | 'monitor' | 'open' | 'lastOpened'> {
  return { view: 'monitor', form: { ...defaultMonitorForm(today), colour: '' }, monitor: null, open: null, lastOpened: null };
}

export const useMoney = create<MoneyState>((set) => ({
  ...freshMoney(),
  go: (view) => set({ view, open: null, lastOpened: null }),
  setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
  setMonitor: (monitor) => set({ monitor }),
  openDay: (open) => set((s) => ({ open, lastOpened: open ? null : s.open })),
}));
