// Reconciliation through the contract on a real ledger: deposit slips against each day's cash and
// cheques, a returned cheque shown on the consumer's next visit, and a settlement CSV imported
// with a column mapping saved per source and matched with the day's UPI and card receipts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoAccountNo } from '../../shared/demo-data.js';
import { parseEventBody } from '../../shared/journal-event.js';
import { ledgerCounts } from '../support/terminal.js';
import { REPORT_DAY, terminalWithDay, type ReportDay } from '../support/reports.js';

let day: ReportDay;
beforeEach(async () => {
  day = await terminalWithDay();
  day.tt.clock.now = new Date('2026-11-27T05:00:00Z');
  day.supervisor = await day.tt.login('meena'); // the next morning: yesterday's session has ended
});
afterEach(() => day.tt.close());

const settlementRows = () => (day.tt.t.db.prepare('SELECT COUNT(*) AS n FROM settlement_lines').get() as { n: number }).n;
const slip = { businessDate: REPORT_DAY, depositedOn: '2026-11-27', bank: 'SBI Civil Lines', slipNo: 'DS-1001', cashPaise: 103_456, chequePaise: 750_000 };

describe('bank deposits', () => {
  it('holds each slip against the day’s counted cash and cheques, journaled; differences flagged', async () => {
    const { tt, supervisor } = day;
    // ravi's shift is still open: the day's cash is the ledger's until every shift is counted.
    let [d] = await tt.call('deposit.reconcile', { session: supervisor, date: REPORT_DAY });
    expect(d).toMatchObject({ date: REPORT_DAY, ledgerCashPaise: 168_456, countedCashPaise: null, depositedCashPaise: 0, ledgerChequePaise: 750_000, state: 'not-deposited' });
    const ravi = await tt.login('ravi');
    await tt.call('shift.close', { session: ravi, count: { notes: { '500': 2, '50': 9 }, coinsPaise: 0 } }); // float 1,000 + 450 cash
    const { seq } = await tt.call('deposit.record', { session: supervisor, slip });
    const body = (tt.t.db.prepare('SELECT body FROM journal WHERE seq = ?').get(seq) as { body: string }).body;
    const ev = parseEventBody(body);
    expect(ev.ok && ev.event.data).toEqual({ ...slip, recordedBy: 'meena' });
    [d] = await tt.call('deposit.reconcile', { session: supervisor, date: REPORT_DAY });
    // Counted less floats: asha 3,034.56 − 2,000 and ravi 1,450 − 1,000 = 1,484.56; the slip says 1,034.56.
    expect(d).toMatchObject({ countedCashPaise: 148_456, depositedCashPaise: 103_456, cashDifferencePaise: -45_000, chequeDifferencePaise: 0, state: 'short' });
    await tt.call('deposit.record', { session: supervisor, slip: { ...slip, slipNo: 'DS-1002', cashPaise: 45_000, chequePaise: 0 } });
    [d] = await tt.call('deposit.reconcile', { session: supervisor, date: REPORT_DAY });
    expect(d).toMatchObject({ depositedCashPaise: 148_456, cashDifferencePaise: 0, state: 'ok' });
    expect(d!.slips.map((s) => s.slipNo)).toEqual(['DS-1001', 'DS-1002']);
    expect((await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).ok).toBe(true);
  });

  it('refuses a slip twice, a cashier, a deposit before its day or after today, and an empty slip', async () => {
    const { tt, supervisor } = day;
    await tt.call('deposit.record', { session: supervisor, slip });
    const before = ledgerCounts(tt.t);
    const code = async (session: string, s: typeof slip) => {
      const r = await tt.api['deposit.record']({ session, slip: s });
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code(supervisor, slip)).toBe('DEPOSIT_SLIP_DUPLICATE');
    expect(await code(await tt.login('asha'), { ...slip, slipNo: 'DS-2' })).toBe('SUPERVISOR_REQUIRED');
    expect(await code(supervisor, { ...slip, slipNo: 'DS-3', depositedOn: '2026-11-25' })).toBe('DEPOSIT_DATE_INVALID');
    expect(await code(supervisor, { ...slip, slipNo: 'DS-4', depositedOn: '2026-11-28' })).toBe('DEPOSIT_DATE_INVALID');
    expect(await code(supervisor, { ...slip, slipNo: 'DS-5', cashPaise: 0, chequePaise: 0 })).toBe('INVALID_INPUT');
    expect(await code(supervisor, { ...slip, slipNo: 'DS 6; DROP' })).toBe('INVALID_INPUT');
    expect(ledgerCounts(tt.t)).toEqual(before);
  });
});

describe('a returned cheque', () => {
  it('is journaled, refused twice or for a cash receipt, and shows on the consumer’s next visit', async () => {
    const { tt, supervisor, receipts } = day;
    expect((await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: demoAccountNo(2) }))!.returnedCheques).toEqual([]);
    await tt.call('cheque.return', { session: supervisor, receiptNo: receipts[1]!, returnedOn: '2026-11-27', reason: 'insufficient funds' });
    expect((await tt.call('consumer.get', { session: await tt.sessionOf('asha'), accountNo: demoAccountNo(2) }))!.returnedCheques).toEqual([
      { receiptNo: receipts[1], mode: 'cheque', number: '004512', bank: 'State Bank of India', amountPaise: 250_000, returnedOn: '2026-11-27', reason: 'insufficient funds' },
    ]);
    const again = await tt.api['cheque.return']({ session: supervisor, receiptNo: receipts[1]!, returnedOn: '2026-11-27', reason: 'again' });
    expect(!again.ok && again.error.code).toBe('CHEQUE_ALREADY_RETURNED');
    const cash = await tt.api['cheque.return']({ session: supervisor, receiptNo: receipts[0]!, returnedOn: '2026-11-27', reason: 'x' });
    expect(!cash.ok && cash.error.code).toBe('CHEQUE_NOT_RETURNABLE');
    const cashier = await tt.api['cheque.return']({ session: await tt.login('asha'), receiptNo: receipts[4]!, returnedOn: '2026-11-27', reason: 'x' });
    expect(!cashier.ok && cashier.error.code).toBe('SUPERVISOR_REQUIRED');
    expect((await tt.call('journal.verify', { session: await tt.sessionOf('meena') })).ok).toBe(true);
  });
});

describe('a settlement file', () => {
  // The fixture's UPI payment (UTR 634512789012, ₹999) and card payment (approval A1B2C3, ₹3,100.50).
  const csv = [
    'Txn Ref,Settled Amount,Value Date,Narration',
    '634512789012,"999.00",27/11/2026,UPI credit',
    'a1b2c3,"3,100.50",27/11/2026,CARD batch 7',
    '777788889999,150.00,27/11/2026,UPI credit',
    '634512789012,999.00,27/11/2026,UPI credit again',
  ].join('\r\n');
  const mapping = { reference: 'Txn Ref', amount: 'Settled Amount', date: 'Value Date', dateFormat: 'DD/MM/YYYY', amountUnit: 'rupees' } as const;

  it('asks for the columns the first time, then matches and remembers the mapping for the source', async () => {
    const { tt, supervisor, receipts } = day;
    const first = await tt.api['settlement.import']({ session: supervisor, source: 'HDFC UPI', csv, date: REPORT_DAY });
    expect(!first.ok && first.error.code).toBe('SETTLEMENT_MAPPING_REQUIRED');
    expect(!first.ok && first.error.message).toMatch(/Txn Ref, Settled Amount, Value Date, Narration/);
    expect(settlementRows()).toBe(0);

    const r = await tt.call('settlement.import', { session: supervisor, source: 'HDFC UPI', csv, mapping, date: REPORT_DAY });
    expect(r).toMatchObject({ source: 'HDFC UPI', from: REPORT_DAY, to: REPORT_DAY, repeated: false, matchedPaise: 99_900 + 310_050 });
    expect(r.counts).toEqual({ matched: 2, 'amount-mismatch': 0, duplicate: 1, 'settled-voided': 0, unknown: 1, 'not-settled': 0 });
    expect(r.exceptions.map((e) => [e.state, e.line, e.receiptNo])).toEqual([['unknown', 3, null], ['duplicate', 4, receipts[2]]]);
    expect(await tt.call('settlement.sources', { session: supervisor })).toEqual([{ name: 'HDFC UPI', mapping }]);

    // The same file again: the same report, nothing stored twice.
    const again = await tt.call('settlement.import', { session: supervisor, source: 'HDFC UPI', csv, date: REPORT_DAY });
    expect(again).toMatchObject({ importId: r.importId, repeated: true, counts: r.counts });
    expect(settlementRows()).toBe(4);

    // Next file from the source: no mapping given, the saved one is used. Only the card settles.
    const next = await tt.call('settlement.import', { session: supervisor, source: 'HDFC UPI', csv: csv.split('\r\n').slice(0, 1).concat('A1B2C3,3100.00,28/11/2026,CARD').join('\n'), date: REPORT_DAY });
    expect(next.counts).toMatchObject({ matched: 0, 'amount-mismatch': 1, 'not-settled': 1 });
    expect(next.exceptions.find((e) => e.state === 'not-settled')!.receiptNo).toBe(receipts[2]);
  });

  it('refuses a file with a bad line whole, saying which line, and stores nothing', async () => {
    const { tt, supervisor } = day;
    const bad = async (text: string) => {
      const r = await tt.api['settlement.import']({ session: supervisor, source: 'HDFC UPI', csv: text, mapping, date: REPORT_DAY });
      return r.ok ? 'ok' : r.error.message;
    };
    expect(await bad(`${csv}\r\n634512789099,ninety,27/11/2026,x`)).toMatch(/line 6: Settled Amount "ninety" is not an amount in rupees/);
    expect(await bad(`${csv}\r\n634512789099,10.00,2026-11-27,x`)).toMatch(/line 6: Value Date "2026-11-27" is not a date written DD\/MM\/YYYY/);
    expect(await bad(`${csv}\r\n,10.00,27/11/2026,x`)).toMatch(/line 6: no Txn Ref/);
    expect(await bad(`${csv}\r\n"unclosed,10.00,27/11/2026,x`)).toMatch(/cannot be read at line/);
    expect(await bad('Ref,Amt\r\n1,2')).toMatch(/Say which columns/);
    expect(settlementRows()).toBe(0);
    expect(await tt.call('settlement.sources', { session: supervisor })).toEqual([]);
    const cashier = await tt.api['settlement.import']({ session: await tt.login('asha'), source: 'HDFC UPI', csv, mapping, date: REPORT_DAY });
    expect(!cashier.ok && cashier.error.code).toBe('SUPERVISOR_REQUIRED');
  });
});
