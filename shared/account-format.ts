// What an account number typed by hand must look like (issue 16 #3): the utility's length and
// alphabet, and a check digit when its numbers carry one. Accounts in the consumer list are taken
// as the list gives them; only a number the list does not know is held to this. Pure, so the
// counter screen says at once what the core would refuse.
import { z } from 'zod';
import { appError, CounterfoilError, type AppError, type ErrorCode } from './errors.js';

export const ACCOUNT_CHECKS = ['none', 'luhn', 'mod11'] as const;

export const AccountFormat = z
  .strictObject({
    /** digits: 0–9 only; alnum: A–Z and 0–9 (typed letters are upper-cased). */
    charset: z.enum(['digits', 'alnum']),
    minLength: z.number().int().min(4).max(20),
    maxLength: z.number().int().min(4).max(20),
    /**
     * The last character is a check digit: luhn (ISO/IEC 7812), or mod11 (weights 2–7 from the
     * right, check = (11 − sum mod 11) mod 11, 10 never valid). Digits-only formats alone.
     */
    check: z.enum(ACCOUNT_CHECKS),
  })
  .refine((f) => f.minLength <= f.maxLength, 'the shortest account length is at most the longest')
  .refine((f) => f.check === 'none' || f.charset === 'digits', 'a check digit needs an all-digit account number');
export type AccountFormat = z.infer<typeof AccountFormat>;

/** The utility's numbers as the demo and the pilot know them: 10 digits, no check digit. */
export const DEFAULT_ACCOUNT_FORMAT: AccountFormat = { charset: 'digits', minLength: 10, maxLength: 10, check: 'none' };

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function mod11Valid(digits: string): boolean {
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (2 + (i % 6));
  const check = (11 - (sum % 11)) % 11;
  return check < 10 && check === Number(digits.at(-1));
}

/** A typed account as the format reads it: trimmed, spaces and hyphens dropped, upper-cased. */
export function normaliseAccount(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

/** Whether `accountNo` (normalised) has the utility's form; the reason when it has not. */
export function accountFormatProblem(accountNo: string, f: AccountFormat): 'charset' | 'length' | 'check' | null {
  const charset = f.charset === 'digits' ? /^\d+$/ : /^[A-Z0-9]+$/;
  if (!charset.test(accountNo)) return 'charset';
  if (accountNo.length < f.minLength || accountNo.length > f.maxLength) return 'length';
  if (f.check === 'luhn' && !luhnValid(accountNo)) return 'check';
  if (f.check === 'mod11' && !mod11Valid(accountNo)) return 'check';
  return null;
}

/** The format in words, for the error a cashier reads: "10 digits", "8–12 letters or digits". */
export function describeAccountFormat(f: AccountFormat, lang: 'en' | 'hi'): string {
  const n = f.minLength === f.maxLength ? `${f.minLength}` : `${f.minLength}–${f.maxLength}`;
  if (lang === 'hi') return f.charset === 'digits' ? `${n} अंक` : `${n} अक्षर या अंक`;
  return f.charset === 'digits' ? `${n} digits` : `${n} letters or digits`;
}

/** The error a hand-typed account outside the format gets (the screen's and the core's alike), or null. */
export function accountFormatError(accountNo: string, f: AccountFormat): AppError | null {
  const problem = accountFormatProblem(accountNo, f);
  if (problem === 'check') return appError('ACCOUNT_CHECK_DIGIT', { account: accountNo });
  if (problem) return appError('ACCOUNT_FORMAT_INVALID', { account: accountNo, format: describeAccountFormat(f, 'en'), formatHi: describeAccountFormat(f, 'hi') });
  return null;
}

/** Throws ACCOUNT_FORMAT_INVALID (or ACCOUNT_CHECK_DIGIT) when a hand-typed account breaks the format. */
export function checkAccountFormat(accountNo: string, f: AccountFormat): void {
  const error = accountFormatError(accountNo, f);
  if (error) throw new CounterfoilError(error.code as ErrorCode, error.params);
}

/**
 * A typed Indian mobile number: 10 digits from 6–9, with an optional +91 / 91 / 0 in front and
 * spaces or hyphens anywhere. Its last 4 digits, or null. Searched as a mobile, never taken as an account.
 */
export function mobileLast4Of(typed: string): string | null {
  const digits = typed.replace(/[\s-]+/g, '');
  const m = /^(?:\+?91|0)?([6-9]\d{9})$/.exec(digits);
  return m ? m[1]!.slice(-4) : null;
}
