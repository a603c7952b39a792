// Reconciliation from the command line, through the real launcher: a deposit slip and the day's
// deposit report, a returned cheque, and a settlement file imported with its column mapping.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';
import { counterfoil } from '../support/launcher.js';
import { PINS } from '../support/terminal.js';

let day: ReportDay;
let data: string;
const cf = (...args: string[]) => counterfoil('--data', data, ...args);

beforeAll(async () => {
  day = await terminalWithDay();
  data = join(day.tt.dir, 'terminal');
});
afterAll(() => day.tt.close());

describe('reconciliation from the CLI', () => {
  it('records a deposit slip and reports the day short by what is missing', () => {
    const r = cf('deposit', 'record', '--user', 'meena', '--pin', PINS.meena, '--date', REPORT_DAY, '--deposited-on', REPORT_DAY, '--bank', 'SBI', '--slip-no', 'DS-9', '--cash', '1,000.00', '--cheque', '7500');
    expect(r.code, r.err).toBe(0);
    const [d] = JSON.parse(cf('deposit', 'reconcile', '--date', REPORT_DAY).out);
    // ravi's shift is open, so the ledger's cash (₹1,684.56) is the measure.
    expect(d).toMatchObject({ date: REPORT_DAY, depositedCashPaise: 100_000, cashDifferencePaise: -68_456, chequeDifferencePaise: 0, state: 'short' });
  });

  it('marks a cheque returned, and refuses a cash receipt', () => {
    expect(cf('cheque', 'return', '--user', 'meena', '--pin', PINS.meena, '--receipt-no', day.receipts[1]!, '--returned-on', REPORT_DAY, '--reason', 'signature differs').code).toBe(0);
    const cash = cf('cheque', 'return', '--user', 'meena', '--pin', PINS.meena, '--receipt-no', day.receipts[0]!, '--returned-on', REPORT_DAY, '--reason', 'x');
    expect(cash.code).toBe(1);
    expect(cash.err).toMatch(/is not a cheque or DD that stands \(it is cash\)/);
  });

  it('imports a settlement file with a mapping, then without one', () => {
    const file = join(day.tt.dir, 'settle.csv');
    writeFileSync(file, 'UTR,Amount (paise),Date\n634512789012,99900,2026-11-27\n000000000001,500,2026-11-27\n');
    expect(cf('settlement', 'import', '--user', 'meena', '--pin', PINS.meena, '--source', 'npci', '--file', file, '--date', REPORT_DAY).err).toMatch(/Say which columns of the npci file .*\(its columns: UTR, Amount \(paise\), Date\)/);
    expect(cf('settlement', 'import', '--user', 'meena', '--pin', PINS.meena, '--source', 'npci', '--file', file, '--date', REPORT_DAY, '--reference', 'UTR').err).toMatch(/a mapping needs all of/);
    const r = cf('settlement', 'import', '--user', 'meena', '--pin', PINS.meena, '--source', 'npci', '--file', file, '--date', REPORT_DAY,
      '--reference', 'UTR', '--amount', 'Amount (paise)', '--date-column', 'Date', '--date-format', 'YYYY-MM-DD', '--amount-unit', 'paise');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).counts).toMatchObject({ matched: 1, unknown: 1, 'not-settled': 1 });
    writeFileSync(file, 'UTR,Amount (paise),Date\n634512789012,99900,2026-11-28\n');
    expect(JSON.parse(cf('settlement', 'import', '--user', 'meena', '--pin', PINS.meena, '--source', 'npci', '--file', file, '--date', REPORT_DAY).out).counts).toMatchObject({ matched: 1, 'not-settled': 1 });
  });
});
