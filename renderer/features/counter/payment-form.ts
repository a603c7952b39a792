// The payment form's data and its checks, pure: the screen shows the first broken rule inline, in
// the cashier's language, with the very rule (shared/payment-rules.ts) the core would refuse with.
import type { Consumer, Input } from '../../../shared/contract.js';
import { appError, CounterfoilError, type AppError } from '../../../shared/errors.js';
import { parseAmount, type Paise } from '../../../shared/money.js';
import { checkPaymentRules, DEFAULT_LIMITS, type Instrument, type PaymentLimits } from '../../../shared/payment-rules.js';
import type { PaymentMode } from '../../../shared/receipt-code.js';

export const MODES: PaymentMode[] = ['cash', 'cheque', 'dd', 'upi', 'card'];

export interface PaymentForm {
  mode: PaymentMode;
  amount: string;
  number: string;
  bank: string;
  date: string;
  utr: string;
  last4: string;
  approval: string;
}

export const emptyForm = (consumer: Consumer | null): PaymentForm => ({
  mode: 'cash',
  amount: consumer && consumer.amountDuePaise > 0 ? String(consumer.amountDuePaise / 100) : '',
  number: '', bank: '', date: '', utr: '', last4: '', approval: '',
});

const AMOUNT_WHY = {
  empty: 'enter the amount', format: 'the amount is not a number', grouping: 'commas in the wrong places (write 1,23,456.50)',
  decimals: 'at most two decimals (paise)', negative: 'the amount cannot be negative', too_large: 'the amount is too large',
} as const;

function instrumentOf(f: PaymentForm): Instrument {
  switch (f.mode) {
    case 'cash':
      return {};
    case 'cheque':
    case 'dd':
      return { number: f.number.trim(), bank: f.bank.trim(), date: f.date.trim() };
    case 'upi':
      return { utr: f.utr.trim() };
    case 'card':
      return { last4: f.last4.trim(), approval: f.approval.trim().toUpperCase() };
  }
}

export type Checked = { ok: true; amountPaise: Paise; instrument: Instrument } | { ok: false; error: AppError };

/** The first rule the form breaks, or the amount and instrument ready to record. */
export function checkForm(f: PaymentForm, consumer: Consumer | null, today: string, limits: PaymentLimits = DEFAULT_LIMITS): Checked {
  const amount = parseAmount(f.amount);
  if (!amount.ok) return { ok: false, error: appError('INVALID_INPUT', { detail: AMOUNT_WHY[amount.reason] }) };
  if (amount.paise <= 0) return { ok: false, error: appError('INVALID_INPUT', { detail: AMOUNT_WHY.empty }) };
  const instrument = instrumentOf(f);
  try {
    checkPaymentRules({ amountPaise: amount.paise, mode: f.mode, instrument, amountDuePaise: (consumer?.amountDuePaise ?? null) as Paise | null, today }, limits);
  } catch (e) {
    if (e instanceof CounterfoilError) return { ok: false, error: e.toAppError() };
    throw e;
  }
  return { ok: true, amountPaise: amount.paise, instrument };
}

export function paymentRequest(
  session: string, idempotencyKey: string, accountNo: string, f: PaymentForm, checked: { amountPaise: Paise; instrument: Instrument },
): Input<'payment.record'> {
  return { session, idempotencyKey, accountNo, amountPaise: checked.amountPaise, mode: f.mode, instrument: checked.instrument, autoOpenShift: false } as Input<'payment.record'>;
}
