// The money section's pure parts, kept apart so tests can hold them to their word: the monitor's
// default dates, red-first order, typed rupees read into paise without a float, the settings form
// read back into MoneySettings, a bank's CSV mapping from its form, and which bank entries may carry
// a slip the bank never credited.
import { StatementCsvMapping } from '../../../shared/bank-statement.js';
import { addDays, formatDmy, parseDmy } from '../../../shared/dates.js';
import { parseAmount } from '../../../shared/money.js';
import { MONEY_MAX_DAYS, MoneySettings, type CounterDayRow, type ModeAmounts, type StatementEntryRow } from '../../../shared/money-monitor.js';

/** The monitor's first look: the last 7 days up to yesterday, as of today (dd-mm-yyyy, as typed). */
export function defaultMonitorForm(today: string): { from: string; to: string; asOf: string } {
  return { from: formatDmy(addDays(today, -7)), to: formatDmy(addDays(today, -1)), asOf: formatDmy(today) };
}

const RANK = { red: 0, yellow: 1, green: 2 } as const;

/** Red first, then yellow, then green; oldest day first within each; then by counter. */
export function redFirst(rows: readonly CounterDayRow[]): CounterDayRow[] {
  return [...rows].sort((a, b) => RANK[a.colour] - RANK[b.colour] || a.businessDate.localeCompare(b.businessDate)
    || a.substation.localeCompare(b.substation) || a.counter.localeCompare(b.counter, 'en', { numeric: true }) || a.terminalId.localeCompare(b.terminalId));
}

/** The modes a day collected anything in, in a fixed order (cheque includes demand drafts). */
export function modesOf(c: ModeAmounts): { mode: keyof ModeAmounts; paise: number }[] {
  return (['cash', 'cheque', 'upi', 'card'] as const).filter((m) => c[m] !== 0).map((mode) => ({ mode, paise: c[mode] }));
}

/** Typed rupees ("1,234.50", "₹ 500", "0") as paise, exactly; null when not an amount. */
export function rupeesToPaise(typed: string): number | null {
  const r = parseAmount(typed);
  return r.ok ? r.paise : null;
}

/** Paise as rupees to type again: 12345 → "123.45", 0 → "0". */
export function paiseToRupees(paise: number): string {
  const whole = Math.floor(Math.abs(paise) / 100);
  const frac = Math.abs(paise) % 100;
  return `${paise < 0 ? '-' : ''}${whole}${frac ? `.${String(frac).padStart(2, '0')}` : ''}`;
}

/** Holidays typed as dd-mm-yyyy, one per line or separated by commas: the dates, or the first one not a date. */
export function parseHolidays(typed: string): { ok: true; dates: string[] } | { ok: false; bad: string } {
  const dates: string[] = [];
  for (const part of typed.split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean)) {
    const iso = parseDmy(part);
    if (!iso) return { ok: false, bad: part };
    dates.push(iso);
  }
  return { ok: true, dates: [...new Set(dates)].sort() };
}

/** The settings form: every field as typed. */
export interface SettingsForm {
  toleranceRupees: string;
  depositWindowDays: string;
  cashDueWorkingDays: string;
  settleUpi: string;
  settleCard: string;
  batchWindowDays: string;
  closedWeekdays: number[];
  closedSaturdays: number[];
  holidays: string;
  shortageRepeat: string;
  shortageDays: string;
}

export function settingsForm(s: MoneySettings): SettingsForm {
  return {
    toleranceRupees: paiseToRupees(s.tolerancePaise),
    depositWindowDays: String(s.depositWindowDays),
    cashDueWorkingDays: String(s.cashDueWorkingDays),
    settleUpi: String(s.settleWorkingDays.upi),
    settleCard: String(s.settleWorkingDays.card),
    batchWindowDays: String(s.batchWindowDays),
    closedWeekdays: [...s.closedWeekdays],
    closedSaturdays: [...s.closedSaturdays],
    holidays: s.holidays.map(formatDmy).join('\n'),
    shortageRepeat: String(s.shortageRepeat),
    shortageDays: String(s.shortageDays),
  };
}

export type SettingsProblem = 'badTolerance' | 'badWholeDays' | { badHoliday: string } | 'badSettings';

/** The form read back: MoneySettings, or what is wrong with it (nothing is sent then). */
export function settingsOf(f: SettingsForm): { ok: true; settings: MoneySettings } | { ok: false; problem: SettingsProblem } {
  const tolerancePaise = rupeesToPaise(f.toleranceRupees);
  if (tolerancePaise === null) return { ok: false, problem: 'badTolerance' };
  const whole = [f.depositWindowDays, f.cashDueWorkingDays, f.settleUpi, f.settleCard, f.batchWindowDays, f.shortageRepeat, f.shortageDays].map((v) => v.trim());
  if (!whole.every((v) => /^\d{1,3}$/.test(v))) return { ok: false, problem: 'badWholeDays' };
  const [depositWindowDays, cashDueWorkingDays, upi, card, batchWindowDays, shortageRepeat, shortageDays] = whole.map(Number) as [number, number, number, number, number, number, number];
  const holidays = parseHolidays(f.holidays);
  if (!holidays.ok) return { ok: false, problem: { badHoliday: holidays.bad } };
  const parsed = MoneySettings.safeParse({
    tolerancePaise, depositWindowDays, cashDueWorkingDays, settleWorkingDays: { upi, card }, batchWindowDays,
    closedWeekdays: [...f.closedWeekdays].sort((a, b) => a - b), closedSaturdays: [...f.closedSaturdays].sort((a, b) => a - b), holidays: holidays.dates, shortageRepeat, shortageDays,
  });
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, problem: 'badSettings' };
}

/** How a bank's CSV gives its amounts: one column and a credit/debit marker, one signed column, or two columns. */
export const AMOUNT_LAYOUTS = ['marked', 'signed', 'split'] as const;
export type AmountLayout = (typeof AMOUNT_LAYOUTS)[number];

export interface BankMappingForm {
  bank: string;
  date: string;
  valueDate: string;
  layout: AmountLayout;
  amount: string;
  direction: string;
  /** Comma-separated: the marker values that mean credit. */
  creditValues: string;
  credit: string;
  debit: string;
  narration: string;
  reference: string;
  balance: string;
  dateFormat: StatementCsvMapping['dateFormat'];
  amountUnit: StatementCsvMapping['amountUnit'];
}

export const EMPTY_BANK_FORM: BankMappingForm = {
  bank: '', date: '', valueDate: '', layout: 'marked', amount: '', direction: '', creditValues: 'CR', credit: '', debit: '',
  narration: '', reference: '', balance: '', dateFormat: 'DD-MM-YYYY', amountUnit: 'rupees',
};

export function bankForm(bank: string, m: StatementCsvMapping): BankMappingForm {
  const layout: AmountLayout = m.amount === undefined ? 'split' : m.direction === undefined ? 'signed' : 'marked';
  return {
    bank, date: m.date, valueDate: m.valueDate ?? '', layout, amount: m.amount ?? '', direction: m.direction ?? '', creditValues: (m.creditValues ?? ['CR']).join(', '),
    credit: m.credit ?? '', debit: m.debit ?? '', narration: m.narration, reference: m.reference ?? '', balance: m.balance, dateFormat: m.dateFormat, amountUnit: m.amountUnit,
  };
}

/** The form as the mapping the server keeps (only the fields its layout uses), or null when incomplete. */
export function bankMappingOf(f: BankMappingForm): StatementCsvMapping | null {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const m = {
    date: f.date.trim(), valueDate: opt(f.valueDate), narration: f.narration.trim(), reference: opt(f.reference), balance: f.balance.trim(),
    dateFormat: f.dateFormat, amountUnit: f.amountUnit,
    ...(f.layout === 'split' ? { credit: f.credit.trim(), debit: f.debit.trim() } : { amount: f.amount.trim() }),
    ...(f.layout === 'marked' ? { direction: f.direction.trim(), creditValues: f.creditValues.split(',').map((v) => v.trim()).filter(Boolean) } : {}),
  };
  const parsed = StatementCsvMapping.safeParse(Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
  return parsed.success ? parsed.data : null;
}

/** The days around a counter-day over which a credit for its slip might have been booked. */
export function creditSearchRange(businessDate: string, depositWindowDays = 3): { from: string; to: string } {
  return { from: addDays(businessDate, -3), to: addDays(businessDate, Math.min(MONEY_MAX_DAYS - 4, depositWindowDays + 14)) };
}

/** The unexplained credits that might carry a slip of `slipPaise`: credits only, the nearest amount first. */
export function creditCandidates(entries: readonly StatementEntryRow[], slipPaise: number): StatementEntryRow[] {
  return entries.filter((e) => e.direction === 'credit' && e.match === null)
    .sort((a, b) => Math.abs(a.amountPaise - slipPaise) - Math.abs(b.amountPaise - slipPaise) || a.bookedOn.localeCompare(b.bookedOn) || a.lineId - b.lineId);
}

/** A note a person must write (an acceptance, a manual match): at least 5 characters once trimmed. */
export const noteOk = (note: string): boolean => note.trim().length >= 5 && note.trim().length <= 500;
