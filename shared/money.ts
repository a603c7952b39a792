// Money is an integer count of paise, never a float: ₹1,23,456.50 is 12345650 paise.

declare const paiseBrand: unique symbol;
/** Integer paise. May be negative only where a difference is meant (e.g. a cash variance). */
export type Paise = number & { readonly [paiseBrand]: true };

/** The largest amount the terminal ever handles: ₹99,99,99,999.99 (just under ₹100 crore). */
export const MAX_PAISE = 99_99_99_999_99 as Paise;

export function paise(n: number): Paise {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer number of paise: ${n}`);
  return n as Paise;
}

export function rupees(n: number): Paise {
  return paise(n * 100);
}

export type ParseAmountResult =
  | { ok: true; paise: Paise }
  | { ok: false; reason: 'empty' | 'format' | 'grouping' | 'decimals' | 'negative' | 'too_large' };

// Digits with optional Indian grouping (1,23,45,678) and at most two decimals.
const INDIAN_GROUPED = /^\d{1,2}(,\d{2})*,\d{3}$/;

/**
 * Parses what a cashier types ("1,23,456.50", "123456.5", "₹ 500") into paise, exactly: the
 * string is split at the point and each side read as an integer, so no float ever holds money.
 */
export function parseAmount(input: string): ParseAmountResult {
  let s = input.trim().replace(/^₹\s*/, '');
  if (s === '') return { ok: false, reason: 'empty' };
  if (s.startsWith('-') || s.startsWith('−')) return { ok: false, reason: 'negative' };
  if (s.startsWith('+')) s = s.slice(1);
  const m = /^([\d,]+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const whole = m[1]!;
  const frac = m[2];
  if (whole.includes(',') && !INDIAN_GROUPED.test(whole)) return { ok: false, reason: 'grouping' };
  if (frac !== undefined && (frac.length === 0 || frac.length > 2)) return { ok: false, reason: 'decimals' };
  const digits = whole.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (digits.length > 11) return { ok: false, reason: 'too_large' };
  const value = Number(digits) * 100 + Number((frac ?? '').padEnd(2, '0'));
  if (value > MAX_PAISE) return { ok: false, reason: 'too_large' };
  return { ok: true, paise: value as Paise };
}

/** Indian digit grouping of a non-negative integer string: "12345678" → "1,23,45,678". */
export function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const rest = digits.slice(0, -3);
  return `${rest.replace(/\B(?=(\d{2})+$)/g, ',')},${last3}`;
}

/** "₹1,23,456.50"; a negative amount is "-₹500.00". */
export function formatINR(amount: Paise, opts: { symbol?: boolean } = {}): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  return `${sign}${opts.symbol === false ? '' : '₹'}${groupIndian(String(whole))}.${frac}`;
}

/** Plain decimal rupees for machine formats: 12345650 → "123456.50". */
export function toRupeeString(amount: Paise): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
