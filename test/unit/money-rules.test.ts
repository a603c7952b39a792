// Issue 18: the pure rules of the centre's money reconciliation, each alone — which bank entry carries
// which slip, batch or returned cheque (and by which rule), the bank's working days, and a
// counter-day's colour and reasons from its figures (docs/reconciliation.md).
import { describe, expect, it } from 'vitest';
import { DEFAULT_MONEY_SETTINGS as S } from '../../shared/money-monitor.js';
import { classifyCounterDay, type CounterDayFigures } from '../../upstream/money/counter-day.js';
import { matchStatement, type BankEntry, type SlipHeld } from '../../upstream/money/match-statement.js';
import { addWorkingDays, isWorkingDay } from '../../upstream/money/working-days.js';

const W = { depositWindowDays: 3, batchWindowDays: 3 };
let id = 0;
const credit = (bookedOn: string, amountPaise: number, narration: string, reference = ''): BankEntry => ({ id: ++id, bookedOn, amountPaise, direction: 'credit', narration, reference });
const slip = (seq: number, depositedOn: string, slipNo: string, cashPaise: number, chequePaise = 0, terminalId = 'T1'): SlipHeld => ({ terminalId, seq, depositedOn, slipNo, cashPaise, chequePaise, matched: false });

describe('which bank entry carries what', () => {
  it('a credit naming the slip is the slip’s, however the bank writes the number; a second one is a duplicate credit that the slip also takes', () => {
    const a = credit('2026-12-02', 500_00, 'BY CASH DEP SLIP DS-00451 KANPUR');
    const dup = credit('2026-12-03', 500_00, 'CASH DEPOSIT ds00451');
    const other = credit('2026-12-02', 500_00, 'NEFT FROM SOMEONE');
    const m = matchStatement([a, dup, other], [slip(7, '2026-12-02', 'DS 00451', 500_00)], [], [], W);
    expect(m).toEqual([
      { lineId: a.id, kind: 'deposit', terminalId: 'T1', seq: 7, rule: 'slip' },
      { lineId: dup.id, kind: 'deposit', terminalId: 'T1', seq: 7, rule: 'slip' },
    ]);
  });

  it('a credit outside the window, or a debit, is not the slip’s even when it names it', () => {
    const late = credit('2026-12-09', 500_00, 'SLIP 77');
    const debit: BankEntry = { ...credit('2026-12-02', 500_00, 'SLIP 77'), direction: 'debit' };
    expect(matchStatement([late, debit], [slip(1, '2026-12-02', '77', 500_00)], [], [], W)).toEqual([]);
  });

  it('with no credit naming it, a slip takes the earliest free credit of its total within the window — or its cash and cheques apart', () => {
    const early = credit('2026-12-01', 700_00, 'CASH');
    const first = credit('2026-12-03', 700_00, 'CASH');
    const second = credit('2026-12-04', 700_00, 'CASH');
    const cash = credit('2026-12-03', 300_00, 'CASH');
    const chq = credit('2026-12-04', 200_00, 'CLG');
    const m = matchStatement([early, second, first, cash, chq], [slip(1, '2026-12-02', 'X1', 700_00), slip(2, '2026-12-02', 'X2', 300_00, 200_00)], [], [], W);
    expect(m).toEqual([
      { lineId: first.id, kind: 'deposit', terminalId: 'T1', seq: 1, rule: 'amount-date' },
      { lineId: cash.id, kind: 'deposit', terminalId: 'T1', seq: 2, rule: 'amount-date' },
      { lineId: chq.id, kind: 'deposit', terminalId: 'T1', seq: 2, rule: 'amount-date' },
    ]);
  });

  it('a provider batch takes the credit naming it, or else one of its net; a returned cheque the debit naming its number', () => {
    const named = credit('2026-12-03', 9_900_00, 'NEFT RAZORPAY SETL BATCH-20261202-UPI');
    const byNet = credit('2026-12-04', 4_950_00, 'NEFT PAYU');
    const ret: BankEntry = { id: ++id, bookedOn: '2026-12-05', amountPaise: 1_234_00, direction: 'debit', narration: 'CHQ RTN 004512 FUNDS INSUFFICIENT', reference: '' };
    const m = matchStatement([named, byNet, ret], [], [
      { provider: 'razorpay', batch: 'BATCH-20261202-UPI', settledOn: '2026-12-03', netPaise: 9_900_00, matched: false },
      { provider: 'payu', batch: 'P77', settledOn: '2026-12-03', netPaise: 4_950_00, matched: false },
    ], [{ terminalId: 'T2', seq: 40, returnedOn: '2026-12-05', number: '004512', amountPaise: 1_234_00 }], W);
    expect(m).toEqual([
      { lineId: named.id, kind: 'batch', provider: 'razorpay', batch: 'BATCH-20261202-UPI', rule: 'batch-ref' },
      { lineId: ret.id, kind: 'cheque-return', terminalId: 'T2', seq: 40, rule: 'cheque-number' },
      { lineId: byNet.id, kind: 'batch', provider: 'payu', batch: 'P77', rule: 'net-amount-date' },
    ]);
  });

  it('a slip matched before takes no second credit by amount', () => {
    const again = credit('2026-12-03', 500_00, 'CASH');
    expect(matchStatement([again], [{ ...slip(1, '2026-12-02', 'Q9', 500_00), matched: true }], [], [], W)).toEqual([]);
  });
});

describe('the bank’s working days', () => {
  it('skips Sundays, the 2nd and 4th Saturdays and holidays; not the 1st, 3rd or 5th Saturdays', () => {
    expect(isWorkingDay('2026-12-05', S)).toBe(true); // 1st Saturday
    expect(isWorkingDay('2026-12-12', S)).toBe(false); // 2nd Saturday
    expect(isWorkingDay('2026-12-13', S)).toBe(false); // Sunday
    expect(addWorkingDays('2026-12-11', 1, S)).toBe('2026-12-14'); // Friday → Monday
    expect(addWorkingDays('2026-12-11', 1, { ...S, holidays: ['2026-12-14'] })).toBe('2026-12-15');
    expect(addWorkingDays('2026-12-13', 0, S)).toBe('2026-12-14');
  });
});

function figures(over: Partial<CounterDayFigures> = {}): CounterDayFigures {
  return {
    terminalId: 'T1', substation: 'SS042', counter: 'C1', businessDate: '2026-12-01',
    collected: { cash: 10_000_00, cheque: 2_000_00, upi: 3_000_00, card: 0 }, voidedPaise: 0,
    declaredPaise: 12_000_00, slips: 1, notCreditedPaise: 0, creditShortPaise: 0, creditExcessPaise: 0, creditedPaise: 12_000_00,
    returnedPaise: 0, unsettled: { upi: 0, card: 0 }, settledPaise: 3_000_00, feePaise: 6_00, settlementMismatchPaise: 0, accepted: null,
    ...over,
  };
}

describe('a counter-day’s colour', () => {
  it('is green when everything collected is in the bank, fees shown apart', () => {
    const r = classifyCounterDay(figures(), S, '2026-12-05');
    expect(r).toMatchObject({ colour: 'green', differencePaise: 0, owedPaise: 0, feePaise: 6_00, reasons: [], dueOn: '2026-12-02', ageDays: 4 });
  });

  it('is yellow while cash not yet deposited is within its deadline (the next working day), red after it', () => {
    const f = figures({ declaredPaise: 0, slips: 0, creditedPaise: 0 });
    expect(classifyCounterDay(f, S, '2026-12-02')).toMatchObject({ colour: 'yellow', reasons: [{ reason: 'not-deposited', paise: 12_000_00 }], differencePaise: -12_000_00, owedPaise: 12_000_00 });
    expect(classifyCounterDay(f, S, '2026-12-03').colour).toBe('red');
  });

  it('is red at once for money that arrived wrong: a short or a duplicate credit, a returned cheque, a settlement that disagrees', () => {
    expect(classifyCounterDay(figures({ creditedPaise: 11_000_00, creditShortPaise: 1_000_00 }), S, '2026-12-01')).toMatchObject({ colour: 'red', differencePaise: -1_000_00, reasons: [{ reason: 'credit-short', paise: 1_000_00 }] });
    expect(classifyCounterDay(figures({ creditedPaise: 24_000_00, creditExcessPaise: 12_000_00 }), S, '2026-12-01')).toMatchObject({ colour: 'red', differencePaise: 12_000_00 });
    expect(classifyCounterDay(figures({ returnedPaise: 2_000_00 }), S, '2026-12-01')).toMatchObject({ colour: 'red', differencePaise: -2_000_00, owedPaise: 0, reasons: [{ reason: 'cheque-returned', paise: 2_000_00 }] });
    expect(classifyCounterDay(figures({ settlementMismatchPaise: 50_00 }), S, '2026-12-01').colour).toBe('red');
  });

  it('gives UPI T+1 and card T+2 working days; a declared slip the bank has not credited is due with the cash', () => {
    const upi = figures({ settledPaise: 0, unsettled: { upi: 3_000_00, card: 0 } });
    expect(classifyCounterDay(upi, S, '2026-12-02').colour).toBe('yellow');
    expect(classifyCounterDay(upi, S, '2026-12-03')).toMatchObject({ colour: 'red', reasons: [{ reason: 'not-settled', paise: 3_000_00 }] });
    const card = figures({ collected: { cash: 10_000_00, cheque: 2_000_00, upi: 0, card: 3_000_00 }, settledPaise: 0, unsettled: { upi: 0, card: 3_000_00 } });
    expect(classifyCounterDay(card, S, '2026-12-03').colour).toBe('yellow');
    expect(classifyCounterDay(card, S, '2026-12-04').colour).toBe('red');
    const uncredited = figures({ creditedPaise: 0, notCreditedPaise: 12_000_00 });
    expect(classifyCounterDay(uncredited, S, '2026-12-02').colour).toBe('yellow');
    expect(classifyCounterDay(uncredited, S, '2026-12-03')).toMatchObject({ colour: 'red', reasons: [{ reason: 'not-credited', paise: 12_000_00 }], owedPaise: 12_000_00 });
  });

  it('holds a difference within the tolerance green, and turns green when a finance user accepted exactly this difference', () => {
    const short = figures({ creditedPaise: 11_999_50, creditShortPaise: 50 });
    expect(classifyCounterDay(short, S, '2026-12-05').colour).toBe('red');
    expect(classifyCounterDay(short, { ...S, tolerancePaise: 100 }, '2026-12-05').colour).toBe('green');
    const accepted = { note: 'bank charges', by: 'fin1', at: '2026-12-05T04:30:00Z' };
    expect(classifyCounterDay({ ...short, accepted: { ...accepted, differencePaise: -50 } }, S, '2026-12-05').colour).toBe('green');
    expect(classifyCounterDay({ ...short, accepted: { ...accepted, differencePaise: -40 } }, S, '2026-12-05').colour).toBe('red');
  });
});
