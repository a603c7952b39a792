// The counter's dynamic UPI QR: a `upi://pay` link (NPCI's UPI linking specification) carrying
// the payee, the exact amount and the payment's own reference as `tr`, so the provider's
// settlement line names the receipt it paid (core/reports/settlement-match.ts matches on it).
import { z } from 'zod';
import { freeText } from './free-text.js';

export const UpiPayee = z.strictObject({
  /** The utility's collection VPA, e.g. kesco.collect@sbi. */
  vpa: z.string().trim().regex(/^[A-Za-z0-9._-]{2,64}@[A-Za-z0-9.-]{2,64}$/, 'a UPI ID looks like name@bank'),
  /** The payee name the customer's app shows. */
  name: freeText(50),
});
export type UpiPayee = z.infer<typeof UpiPayee>;

/** The `tr` a payment reference may be: UPI apps accept up to 35 letters and digits. */
export const UPI_REF = /^[A-Za-z0-9]{1,35}$/;

export function upiPayUri(payee: UpiPayee, amountPaise: number, ref: string, note: string): string {
  if (!UPI_REF.test(ref)) throw new RangeError(`a UPI transaction reference is 1–35 letters and digits: ${ref}`);
  if (!Number.isSafeInteger(amountPaise) || amountPaise <= 0) throw new RangeError('the amount is a positive whole number of paise');
  const am = `${Math.floor(amountPaise / 100)}.${String(amountPaise % 100).padStart(2, '0')}`;
  const q: [string, string][] = [['pa', payee.vpa], ['pn', payee.name], ['am', am], ['cu', 'INR'], ['tr', ref], ['tn', note.slice(0, 50)]];
  // Percent-encoded: a space is %20 and the VPA's @ is %40, as UPI apps read them.
  return `upi://pay?${q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}
