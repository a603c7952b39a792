// The rules a payment must meet before it is recorded. Pure, so the counter screen shows the
// same message inline that the core would refuse with.
import { isIsoDate, monthsBefore, type IsoDate } from './dates.js';
import { CounterfoilError } from './errors.js';
import { formatINR, type Paise } from './money.js';
import type { PaymentMode } from './receipt-code.js';

export interface PaymentLimits {
  /** A payment below the amount due must be at least this much. */
  minPartialPaise: Paise;
  /** Cash on a single receipt, at most. */
  cashPerReceiptMaxPaise: Paise;
  /** Cash from one consumer account in one business day on this terminal, at most. */
  cashPerConsumerDayMaxPaise: Paise;
  /**
   * A shift's cash variance (counted − expected) beyond this, either way, closes only with a
   * remark and a supervisor's approval, both journaled (issue 16 #5). 0: every variance.
   */
  shiftVarianceTolerancePaise: Paise;
}

/** Income Tax s.269ST forbids receiving ₹2,00,000 or more in cash from a person in a day. */
export const CASH_LIMIT_BY_LAW_PAISE = 1_99_999_99 as Paise;

export const DEFAULT_LIMITS: PaymentLimits = {
  minPartialPaise: 100_00 as Paise,
  cashPerReceiptMaxPaise: CASH_LIMIT_BY_LAW_PAISE,
  cashPerConsumerDayMaxPaise: CASH_LIMIT_BY_LAW_PAISE,
  shiftVarianceTolerancePaise: 100_00 as Paise,
};

/** Throws when a supervisor's limits break a rule: amounts are whole positive paise, cash stays within the law. */
export function checkLimits(l: PaymentLimits): void {
  for (const v of [l.minPartialPaise, l.cashPerReceiptMaxPaise, l.cashPerConsumerDayMaxPaise]) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new CounterfoilError('INVALID_INPUT', { detail: 'every limit is an amount above zero' });
  }
  if (!Number.isSafeInteger(l.shiftVarianceTolerancePaise) || l.shiftVarianceTolerancePaise < 0) {
    throw new CounterfoilError('INVALID_INPUT', { detail: 'the shift variance tolerance is an amount of 0 or more' });
  }
  if (l.cashPerReceiptMaxPaise > CASH_LIMIT_BY_LAW_PAISE || l.cashPerConsumerDayMaxPaise > CASH_LIMIT_BY_LAW_PAISE) {
    throw new CounterfoilError('CASH_LIMIT_ABOVE_LAW', { limit: formatINR(CASH_LIMIT_BY_LAW_PAISE) });
  }
}

export type Instrument =
  | Record<string, never>
  | { number: string; bank: string; date: IsoDate }
  | { utr: string }
  | { last4: string; approval: string };

export interface PaymentFacts {
  amountPaise: Paise;
  mode: PaymentMode;
  instrument: Instrument;
  /** What the consumer owes, when the consumer is known. */
  amountDuePaise: Paise | null;
  today: IsoDate;
}

const INSTRUMENT_NAME = { cheque: 'cheque', dd: 'demand draft' } as const;

/** Throws the first rule the payment breaks; returns normally when it meets them all. */
export function checkPaymentRules(p: PaymentFacts, limits: PaymentLimits): void {
  const fullyPays = p.amountDuePaise !== null && p.amountPaise >= p.amountDuePaise;
  if (!fullyPays && p.amountPaise < limits.minPartialPaise) {
    throw new CounterfoilError('AMOUNT_BELOW_MINIMUM', { minimum: formatINR(limits.minPartialPaise) });
  }
  switch (p.mode) {
    case 'cash':
      if (p.amountPaise > limits.cashPerReceiptMaxPaise) {
        throw new CounterfoilError('CASH_RECEIPT_LIMIT', { limit: formatINR(limits.cashPerReceiptMaxPaise) });
      }
      return;
    case 'cheque':
    case 'dd': {
      const i = p.instrument as { number?: string; bank?: string; date?: string };
      const instrument = INSTRUMENT_NAME[p.mode];
      if (!/^\d{6}$/.test(i.number ?? '')) throw new CounterfoilError('INSTRUMENT_NUMBER_INVALID', { instrument });
      if (!(i.bank ?? '').trim()) throw new CounterfoilError('BANK_REQUIRED');
      const date = i.date ?? '';
      if (!isIsoDate(date)) throw new CounterfoilError('INVALID_INPUT', { detail: `${instrument} date must be YYYY-MM-DD` });
      if (date > p.today) throw new CounterfoilError('INSTRUMENT_POSTDATED', { instrument, date });
      if (date < monthsBefore(p.today, 3)) throw new CounterfoilError('INSTRUMENT_STALE', { instrument, date });
      return;
    }
    case 'upi': {
      const i = p.instrument as { utr?: string };
      if (!/^\d{12}$/.test(i.utr ?? '')) throw new CounterfoilError('UTR_INVALID');
      return;
    }
    case 'card': {
      const i = p.instrument as { last4?: string; approval?: string };
      if (!/^\d{4}$/.test(i.last4 ?? '') || !/^[A-Z0-9]{6}$/.test(i.approval ?? '')) {
        throw new CounterfoilError('CARD_DETAILS_INVALID');
      }
      return;
    }
  }
}

/** The cash-per-consumer-per-day rule, given what this terminal already took from the account today. */
export function checkCashDayTotal(account: string, alreadyTodayPaise: Paise, amountPaise: Paise, limits: PaymentLimits): void {
  const total = alreadyTodayPaise + amountPaise;
  if (total > limits.cashPerConsumerDayMaxPaise) {
    throw new CounterfoilError('CASH_DAILY_LIMIT', {
      account,
      total: formatINR(total as Paise),
      limit: formatINR(limits.cashPerConsumerDayMaxPaise),
    });
  }
}

/** Denominations a cashier counts at shift close; coins are counted as one amount. */
export const NOTE_DENOMINATIONS = [500, 200, 100, 50, 20, 10] as const;
export type CashCount = { notes: Partial<Record<`${(typeof NOTE_DENOMINATIONS)[number]}`, number>>; coinsPaise: Paise };

export function countedCash(count: CashCount): Paise {
  let total = count.coinsPaise as number;
  for (const d of NOTE_DENOMINATIONS) total += (count.notes[`${d}`] ?? 0) * d * 100;
  return total as Paise;
}
