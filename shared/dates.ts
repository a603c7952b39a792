// Instants are UTC; the business day is the calendar day in Asia/Kolkata (UTC+05:30, no DST);
// the financial year runs April to March and is written "2627" for 2026-27.

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** A calendar date "YYYY-MM-DD". */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The business date (Asia/Kolkata) of a UTC instant. */
export function businessDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Hours and minutes on the IST wall clock, e.g. "21:05". */
export function istTime(instant: Date): string {
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(11, 16);
}

/** Date and time on the IST wall clock as screens and print show them: "26-11-2026 11:30". */
export function istDateTime(instant: Date): string {
  return `${formatDmy(businessDate(instant))} ${istTime(instant)}`;
}

/** True for a real calendar date written as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A date as people here write and read it, day first: "2026-12-05" → "05-12-2026" (receipts, PDFs
 * and screens alike). Anything not shaped YYYY-MM-DD comes back as it is.
 */
export function formatDmy(date: string): string {
  const m = ISO_DATE.exec(date);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : date;
}

// Day, month, 4-digit year with -, / or . between (mixed is forgiven), or 8 digits typed fast.
const DMY = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/;
const DMY_COMPACT = /^(\d{2})(\d{2})(\d{4})$/;

/**
 * What a person typed as a date, read day first and only day first (05-12-2026 is 5 December,
 * never 12 May): 05-12-2026, 5-12-2026, 05/12/2026, 05.12.2026 or 05122026. Null when it is not
 * a date on the calendar (31-02-2026), has no 4-digit year from 1900 on, or is written another way.
 */
export function parseDmy(typed: string): IsoDate | null {
  const t = typed.trim();
  const m = DMY.exec(t) ?? DMY_COMPACT.exec(t);
  if (!m || Number(m[3]) < 1900) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Financial-year code of a business date: 2026-11-26 → "2627", 2027-03-31 → "2627". */
export function financialYear(date: IsoDate): string {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const year = Number(m[1]);
  const start = Number(m[2]) >= 4 ? year : year - 1;
  const two = (y: number) => String(y % 100).padStart(2, '0');
  return `${two(start)}${two(start + 1)}`;
}

/**
 * A financial-year code as people read it: "2627" → "2026-27" (issue 16 #12). The code stays in
 * receipt numbers; screens, reports and exports say this. Codes are of this century.
 */
export function financialYearLabel(code: string): string {
  if (!/^\d{4}$/.test(code)) return code;
  return `20${code.slice(0, 2)}-${code.slice(2)}`;
}

/** The date `months` calendar months before `date`, clamped to the month's end (05-31 − 3 → 02-28). */
export function monthsBefore(date: IsoDate, months: number): IsoDate {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) - months;
  const y = Math.floor(total / 12);
  const mo = total - y * 12;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), lastDay);
  return `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whole seconds since the Unix epoch, as the receipt code carries them. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new RangeError(`not a date: ${isIsoDate(from) ? to : from}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
