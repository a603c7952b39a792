// The supervisor's day view: one business day's (or a range's) summary (day.summary), asked for
// by date, and what a supervisor does with it: export it with its signed manifest (report.export),
// print the day report (day.report.print) and close the day (day.close).
import { create } from 'zustand';
import type { DaySummary, Output } from '../../../shared/contract.js';
import type { AppError } from '../../../shared/errors.js';
import type { ExportFormat } from '../../../shared/export-manifest.js';
import { call } from '../../api/client.js';
import { fromBase64, saveFile } from '../../app/download.js';

export type ClosedDay = Output<'day.close'>;
export type DayAction = ExportFormat | 'print' | 'close';
export type DayDone =
  | { kind: 'exported'; fileName: string; sha256: string }
  | { kind: 'printed'; report: 'X' | 'Z' }
  | { kind: 'closed'; date: string };

interface DayState {
  /** The day asked for (the first of a range); '' until the screen first opens (then today's business date). */
  date: string;
  /** The last day of a range; '' for the one day `date`. */
  toDate: string;
  summary: DaySummary | null;
  /** Set when the summary is of one day and that day is closed. */
  closed: ClosedDay | null;
  error: AppError | null;
  /** A To date before the From date: said on the screen, never sent. */
  badRange: boolean;
  loading: boolean;
  /** The action under way (its button shows it and all of them wait). */
  busy: DayAction | null;
  done: DayDone | null;
  /** The close-the-day confirmation is showing. */
  confirming: boolean;
  setDate(date: string): void;
  setToDate(toDate: string): void;
  load(session: string): Promise<void>;
  /** Asks again for the days shown (the centre acknowledged more), keeping what the screen says. */
  refresh(session: string): Promise<void>;
  exportAs(session: string, format: ExportFormat): Promise<void>;
  printReport(session: string): Promise<void>;
  askClose(): void;
  cancelClose(): void;
  closeDay(session: string): Promise<void>;
}

/** The one day a summary covers, or null for a range. */
export const singleDay = (s: DaySummary | null): string | null => (s && s.from === s.to ? s.from : null);

let asked = 0;

export const useDay = create<DayState>((set, get) => ({
  date: '',
  toDate: '',
  summary: null,
  closed: null,
  error: null,
  badRange: false,
  loading: false,
  busy: null,
  done: null,
  confirming: false,
  setDate: (date) => set({ date, badRange: false }),
  setToDate: (toDate) => set({ toDate, badRange: false }),
  async load(session) {
    const { date, toDate } = get();
    if (toDate && toDate < date) return set({ badRange: true });
    const mine = ++asked;
    set({ loading: true, badRange: false, done: null, confirming: false });
    const r = await call('day.summary', { session, date, ...(toDate && toDate !== date ? { toDate } : {}) });
    if (mine !== asked) return; // a later date's answer wins
    set(r.ok ? { summary: r.value.summary, closed: r.value.closed, error: null, loading: false } : { summary: null, closed: null, error: r.error, loading: false });
  },
  async refresh(session) {
    const shown = get().summary;
    if (!shown || get().loading) return;
    const mine = asked;
    const r = await call('day.summary', { session, date: shown.from, ...(shown.to !== shown.from ? { toDate: shown.to } : {}) });
    const now = get().summary;
    // Dropped when a Show was asked meanwhile or other days are on the screen by now.
    if (!r.ok || mine !== asked || !now || now.from !== shown.from || now.to !== shown.to) return;
    set({ summary: r.value.summary, closed: r.value.closed });
  },
  // Every action is on the days shown (the summary's), not on a date typed but not yet shown.
  async exportAs(session, format) {
    const { summary, busy } = get();
    if (!summary || busy) return;
    set({ busy: format, done: null, error: null, confirming: false });
    const r = await call('report.export', { session, date: summary.from, ...(summary.to !== summary.from ? { toDate: summary.to } : {}), format });
    if (!r.ok) return set({ busy: null, error: r.error });
    const e = r.value;
    saveFile(e.fileName, fromBase64(e.base64), e.contentType);
    saveFile(e.manifestFileName, e.manifestJson, 'application/json');
    set({ busy: null, done: { kind: 'exported', fileName: e.fileName, sha256: e.sha256 } });
  },
  async printReport(session) {
    const { summary, busy, closed } = get();
    const day = singleDay(summary);
    if (!day || busy) return;
    set({ busy: 'print', done: null, error: null, confirming: false });
    const r = await call('day.report.print', { session, date: day });
    set(r.ok ? { busy: null, done: { kind: 'printed', report: closed ? 'Z' : 'X' } } : { busy: null, error: r.error });
  },
  askClose() {
    const { summary, closed, busy } = get();
    if (singleDay(summary) && !closed && !busy) set({ confirming: true, done: null, error: null });
  },
  cancelClose: () => set({ confirming: false }),
  async closeDay(session) {
    const { summary, closed, busy } = get();
    const day = singleDay(summary);
    if (!day || closed || busy) return;
    set({ busy: 'close', confirming: false, done: null, error: null });
    const r = await call('day.close', { session, date: day });
    if (!r.ok) return set({ busy: null, error: r.error });
    // The closed state belongs to the day closed, should another day be on the screen by now.
    set({ busy: null, done: { kind: 'closed', date: day }, ...(singleDay(get().summary) === day ? { closed: r.value } : {}) });
  },
}));
