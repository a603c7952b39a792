import { describe, expect, it } from 'vitest';
import { businessDate, financialYear, financialYearLabel, isIsoDate, istTime, monthsBefore } from '../../shared/dates.js';

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
