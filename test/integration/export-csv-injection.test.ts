// Issue 15 #5: CSV formula injection. A consumer name or a bank name holding CR/LF and `=1+1` split
// the row for any reader that goes line by line, and put a formula at the start of a line a
// spreadsheet evaluates. The export is read back here as an auditor would: by lines, and with a
// CSV parser. Every field is quoted, each record is one line, text cells that a spreadsheet would
// run start with an apostrophe, amounts stay numbers, and the signed manifest still verifies.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../core/auth/users.js';
import { upsertConsumers } from '../../core/consumers/store.js';
import { recordPayment } from '../../core/ledger/payments.js';
import { CSV_COLUMNS } from '../../core/reports/csv.js';
import { dateRange } from '../../core/reports/day-summary.js';
import { makeExport, verifyExport } from '../../core/reports/export.js';
import type { PaymentRequest } from '../../shared/contract.js';
import { demoConsumers } from '../../shared/demo-data.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';

const DAY = '2026-11-26';
let tt: TestTerminal;
beforeAll(async () => {
  tt = await makeTerminal({ consumers: 5, now: `${DAY}T05:00:00.000Z` });
  const [someone] = [...demoConsumers(1)];
  // Names as a feed (or a journal from before input checks) may carry them.
  upsertConsumers(tt.t.db, [{ ...someone!, accountNo: 'EVIL000001', name: 'Ravi\r\n=1+1', nameHi: '=1+1\r\nराम', locality: 'x' }], tt.clock.now);
  const asha = findUser(tt.t.db, 'asha')!;
  const pay = (n: number, req: Partial<PaymentRequest>) =>
    recordPayment(tt.t, asha, {
      session: '0'.repeat(32), idempotencyKey: `csv-injection-${n}`, accountNo: 'EVIL000001', amountPaise: 12_345, mode: 'cash', instrument: {}, autoOpenShift: true, ...req,
    } as PaymentRequest);
  pay(1, {});
  pay(2, { mode: 'cheque', amountPaise: 50_000, instrument: { number: '004512', bank: 'SBI\r\n@SUM(1+1)', date: '2026-11-20' } });
  pay(3, { accountNo: '-2+3', amountPaise: 70_000 });
});
afterAll(() => tt.close());

const TEXT_START_A_SPREADSHEET_RUNS = /^[=+\-@\t\r\n]/;
const NUMERIC = ['Shift', 'Amount (₹)', 'Amount (paise)'];

describe('issue 15 #5: the CSV export cannot carry a formula or split a row', () => {
  it('#5 quotes every field, keeps each record on one line, prefixes formula-looking text with an apostrophe, never amounts', async () => {
    const e = await makeExport(tt.t, dateRange(DAY), 'csv');
    const text = e.bytes.toString('utf8').replace(/^\uFEFF/, '');

    // Read line by line, as a naive script or a spreadsheet's text import would.
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1 + 3);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(line).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);

    const rows = parse(e.bytes, { bom: true, columns: true }) as Record<(typeof CSV_COLUMNS)[number], string>[];
    expect(rows).toHaveLength(3);
    const [cash, cheque, typed] = rows as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(cash.Name).toBe('Ravi =1+1');
    expect(cash['नाम']).toBe("'=1+1 राम");
    expect(cheque.Instrument).toBe('004512 SBI @SUM(1+1) 2026-11-20');
    expect(typed.Account).toBe("'-2+3");
    for (const row of rows) {
      for (const [column, cell] of Object.entries(row)) {
        if (NUMERIC.includes(column)) expect(cell, column).toMatch(/^\d+(\.\d{2})?$/);
        else expect(cell, `${column}: ${cell}`).not.toMatch(TEXT_START_A_SPREADSHEET_RUNS);
      }
    }
    expect(rows.map((r) => r['Amount (paise)'])).toEqual(['12345', '50000', '70000']);

    // The manifest signs these very bytes.
    expect(verifyExport(e.bytes, JSON.stringify(e.manifest), tt.t.signer.publicKey)).toMatchObject({ genuine: true, count: 3, totalPaise: 132_345 });
  });
});
