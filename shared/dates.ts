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

/** True for a real calendar date written as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
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
