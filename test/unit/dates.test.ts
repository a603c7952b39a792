import { describe, expect, it } from 'vitest';
import { addDays, businessDate, daysBetween, financialYear, financialYearLabel, formatDmy, isIsoDate, istTime, monthsBefore, parseDmy } from '../../shared/dates.js';

describe('business date in Asia/Kolkata', () => {
  it('turns over at midnight IST, which is 18:30 UTC', () => {
    expect(businessDate(new Date('2026-11-26T18:29:59.999Z'))).toBe('2026-11-26');
    expect(businessDate(new Date('2026-11-26T18:30:00.000Z'))).toBe('2026-11-27');
    expect(istTime(new Date('2026-11-26T18:30:00.000Z'))).toBe('00:00');
  });
});

describe('financial year', () => {
  it('issue 16 #12: reads a financial year as people do: "2627" → "2026-27", "9900" → "2099-00"', () => {
    expect(financialYearLabel('2627')).toBe('2026-27');
    expect(financialYearLabel(financialYear('2027-03-31'))).toBe('2026-27');
    expect(financialYearLabel('9900')).toBe('2099-00');
  });

  it('runs April to March', () => {
    expect(financialYear('2026-11-26')).toBe('2627');
    expect(financialYear('2027-03-31')).toBe('2627');
    expect(financialYear('2027-04-01')).toBe('2728');
    expect(financialYear('2026-04-01')).toBe('2627');
    expect(financialYear('2099-12-31')).toBe('9900');
  });
  it('is decided on the IST date, not the UTC one', () => {
    // 31 March 20:00 UTC is already 1 April in Kolkata.
    expect(financialYear(businessDate(new Date('2027-03-31T20:00:00Z')))).toBe('2728');
  });
  it('refuses what is not a date', () => {
    expect(() => financialYear('2026-02-30')).toThrow();
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });
});

describe('monthsBefore', () => {
  it('steps back calendar months, clamping to the month end', () => {
    expect(monthsBefore('2026-11-26', 3)).toBe('2026-08-26');
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-15', 3)).toBe('2025-10-15');
  });
});

describe('dates as typed and shown: day first (issue 16 #4)', () => {
  it('reads 05-12-2026 as 5 December, never 12 May', () => {
    expect(parseDmy('05-12-2026')).toBe('2026-12-05');
    expect(parseDmy('12-05-2026')).toBe('2026-05-12');
  });
  it('takes one-digit days and months, /, . or spaces round the marks, and eight digits typed fast', () => {
    for (const typed of ['5-12-2026', '05/12/2026', '5.12.2026', ' 05 / 12 / 2026 ', '05122026', '5/12.2026']) expect(parseDmy(typed), typed).toBe('2026-12-05');
    expect(parseDmy('1-1-2027')).toBe('2027-01-01');
  });
  it('refuses what is not on the calendar: 31-02-2026, 29-02-2026, month 13, day 0', () => {
    for (const typed of ['31-02-2026', '29-02-2026', '01-13-2026', '00-12-2026', '32-01-2026']) expect(parseDmy(typed), typed).toBeNull();
    expect(parseDmy('29-02-2024')).toBe('2024-02-29');
  });
  it('never reads month first: 12/31/2026 is no date', () => {
    expect(parseDmy('12/31/2026')).toBeNull();
    expect(parseDmy('02-29-2024')).toBeNull();
  });
  it('refuses other shapes: ISO, a 2-digit year, a year before 1900, words, half a date', () => {
    for (const typed of ['2026-12-05', '05-12-26', '05-12-0026', '05-12-1899', '5 Dec 2026', '05-12', '', '0512202', '05-12-20266']) expect(parseDmy(typed), typed).toBeNull();
  });
  it('shows a date as dd-mm-yyyy, the way receipts and PDFs print it, and round-trips with the reader', () => {
    expect(formatDmy('2026-12-05')).toBe('05-12-2026');
    expect(formatDmy('')).toBe('');
    expect(parseDmy(formatDmy('2027-03-31'))).toBe('2027-03-31');
  });
});

describe('calendar days between dates', () => {
  it('counts across months, leap days and years, and backwards; undoes addDays', () => {
    expect(daysBetween('2026-12-01', '2026-12-01')).toBe(0);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-12-09', '2026-12-01')).toBe(-8);
    for (const n of [-400, -1, 0, 1, 31, 366]) expect(daysBetween('2026-03-31', addDays('2026-03-31', n))).toBe(n);
  });
  it('refuses what is no date', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(/not a date: 2026-02-30/);
    expect(() => daysBetween('2026-03-01', '1/3/2026')).toThrow(/not a date: 1\/3\/2026/);
  });
});
