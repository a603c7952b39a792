// The payment form's data and its checks, pure: the screen shows the first broken rule inline, in
// the cashier's language, with the very rule (shared/payment-rules.ts) the core would refuse with.
import type { Consumer, Input } from '../../../shared/contract.js';
import { appError, CounterfoilError, type AppError, type ErrorCode } from '../../../shared/errors.js';
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

/** Why a typed amount is not one, as an error in both languages. */
export const AMOUNT_ERROR = {
  empty: 'AMOUNT_EMPTY', format: 'AMOUNT_NOT_A_NUMBER', grouping: 'AMOUNT_GROUPING',
  decimals: 'AMOUNT_DECIMALS', negative: 'AMOUNT_NEGATIVE', too_large: 'AMOUNT_TOO_LARGE',
} as const satisfies Record<string, ErrorCode>;

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
  if (!amount.ok) return { ok: false, error: appError(AMOUNT_ERROR[amount.reason]) };
  if (amount.paise <= 0) return { ok: false, error: appError(AMOUNT_ERROR.empty) };
  const instrument = instrumentOf(f);
  try {
    checkPaymentRules({ amountPaise: amount.paise, mode: f.mode, instrument, amountDuePaise: (consumer?.amountDuePaise ?? null) as Paise | null, today }, limits);
  } catch (e) {
    if (e instanceof CounterfoilError) return { ok: false, error: e.toAppError() };
    throw e;
  }
  return { ok: true, amountPaise: amount.paise, instrument };
}

/**
 * The form's amount once it meets every rule about amounts (minimum part payment, cash limits),
 * whatever the instrument's details say so far: each detail stands in with one of the right
 * shape. The amount field is marked wrong only when this is null; the UPI QR asks for this
 * amount (the customer's app gives the UTR only after paying by the QR).
 */
export function acceptableAmount(f: PaymentForm, consumer: Consumer | null, today: string, limits: PaymentLimits = DEFAULT_LIMITS): Paise | null {
  const standIn = { number: '000000', bank: 'bank', date: today, utr: '0'.repeat(12), last4: '0000', approval: 'AAAAAA' };
  const checked = checkForm({ ...f, ...standIn }, consumer, today, limits);
  return checked.ok ? checked.amountPaise : null;
}

/** The amount a UPI QR may ask the customer for. */
export function upiQrAmount(f: PaymentForm, consumer: Consumer | null, today: string, limits: PaymentLimits = DEFAULT_LIMITS): Paise | null {
  return acceptableAmount({ ...f, mode: 'upi' }, consumer, today, limits);
}

export function paymentRequest(
  session: string, idempotencyKey: string, accountNo: string, f: PaymentForm, checked: { amountPaise: Paise; instrument: Instrument },
  handTyped: { reason: string } | null = null,
): Input<'payment.record'> {
  return {
    session, idempotencyKey, accountNo, amountPaise: checked.amountPaise, mode: f.mode, instrument: checked.instrument, autoOpenShift: false,
    ...(handTyped ? { handTyped } : {}),
  } as Input<'payment.record'>;
}
