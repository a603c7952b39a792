// The CSV export read back with a CSV parser (csv-parse, as an auditor's script would) and
// compared with the ledger, Hindi names included; formula-looking cells are neutralised.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, writeCsv } from '../../core/reports/csv.js';
import { neutraliseFormula } from '../../shared/spreadsheet-text.js';
import { daySummary, dateRange, paymentLines } from '../../core/reports/day-summary.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';

let day: ReportDay;
beforeAll(async () => {
  day = await terminalWithDay();
});
afterAll(() => day.tt.close());

const input = () => {
  const range = dateRange(REPORT_DAY);
  return { summary: daySummary(day.tt.t, range), lines: paymentLines(day.tt.t, range), generatedAt: new Date('2026-11-26T14:00:00Z') };
};

describe('the CSV export', () => {
  it('starts with a UTF-8 BOM, ends records with CRLF and reads back row for row', () => {
    const { lines } = input();
    const bytes = writeCsv(input());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = parse(bytes, { bom: true, columns: true }) as Record<(typeof CSV_COLUMNS)[number], string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(lines.length);
    rows.forEach((r, i) => {
      const l = lines[i]!;
      expect(r['Receipt no.']).toBe(l.receiptNo);
      expect(r.Account).toBe(l.accountNo);
      expect(r['नाम']).toBe(l.nameHi);
      expect(r.Name).toBe(l.nameEn);
      expect(r['Amount (paise)']).toBe(String(l.amountPaise));
      expect(Math.round(Number(r['Amount (₹)']) * 100)).toBe(l.amountPaise);
      expect(r.Status).toBe(l.voided ? 'VOID' : 'Paid');
      expect(r.Mode).toBe(l.mode);
    });
    expect(rows.filter((r) => r.Status === 'Paid').reduce((s, r) => s + Number(r['Amount (paise)']), 0)).toBe(input().summary.totals.totalPaise);
    expect(rows[4]!.Instrument).toBe('778899 पंजाब नेशनल बैंक 2026-11-25');
    expect(rows.some((r) => /[\u0900-\u097F]/.test(r['नाम']))).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as a formula, and quotes commas and quotes', () => {
    expect(['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', 'plain', 'राम'].map(neutraliseFormula)).toEqual(["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", 'plain', 'राम']);
    const base = input();
    const evil = { ...base, lines: [{ ...base.lines[0]!, nameEn: '=HYPERLINK("http://x","a, \\"b\\"")', nameHi: '@राम' }] };
    const rows = parse(writeCsv(evil), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]!.Name).toBe('\'=HYPERLINK("http://x","a, \\"b\\"")');
    expect(rows[0]!['नाम']).toBe("'@राम");
  });
});
