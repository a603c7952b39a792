// Dates and amounts as banks and payment providers write them in their files, read exactly: an
// amount is split at its point and each side read as digits, so no float ever holds money. Used by
// the centre's statement and settlement parsers (upstream/money/) and the terminal's settlement
// import (core/reports/reconcile.ts).
import type { StatementDateFormat } from './bank-statement.js';
import { isIsoDate } from './dates.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// A time may follow the date ("05/12/2026 14:30:00", "2026-12-05T14:30"); it is not read.
const TIME = String.raw`(?:[ T]\S.*)?$`;
const DATE_PATTERNS: Record<StatementDateFormat, RegExp> = {
  'YYYY-MM-DD': new RegExp(String.raw`^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})${TIME}`),
  'DD-MM-YYYY': new RegExp(String.raw`^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})${TIME}`),
  'DD/MM/YYYY': new RegExp(String.raw`^(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})${TIME}`),
  'DD-MMM-YYYY': new RegExp(String.raw`^(?<d>\d{1,2})[- ](?<m>[A-Za-z]{3})[- ](?<y>\d{4})${TIME}`),
  'DD/MM/YY': new RegExp(String.raw`^(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{2})${TIME}`),
};

/** A date written the given way, as YYYY-MM-DD; null when it is not written so or not on the calendar. */
export function readStatementDate(text: string, format: StatementDateFormat): string | null {
  const g = DATE_PATTERNS[format].exec(text.trim())?.groups;
  if (!g) return null;
  const month = format === 'DD-MMM-YYYY' ? MONTHS.indexOf(g.m!.toLowerCase()) + 1 : Number(g.m);
  if (month < 1) return null;
  const year = format === 'DD/MM/YY' ? `20${g.y}` : g.y!;
  const iso = `${year}-${String(month).padStart(2, '0')}-${g.d!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * Plain decimal rupees ("1234.5", "0.10", "100.100") as paise, exactly; null for anything else
 * (a sign, grouping, a third decimal that is not 0) or more than a safe integer of paise.
 */
export function decimalToPaise(text: string): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (/[1-9]/.test(frac.slice(2))) return null;
  const p = BigInt(m[1]!) * 100n + BigInt(frac.slice(0, 2).padEnd(2, '0'));
  return p <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(p) : null;
}

// Digits grouped the Indian way (12,34,567) or the Western way (1,234,567), or not grouped.
const GROUPED = /^(?:\d+|\d{1,2}(?:,\d{2})*,\d{3}|\d{1,3}(?:,\d{3})+)$/;

/**
 * An amount as a bank's or provider's file writes it, as signed paise: "₹1,23,456.78",
 * "INR 500", "Rs. 12.50", "-1,000.00", "(1,000.00)", "5,000.00 Cr", "250.00 Dr" (Dr and the
 * parentheses mean negative). In paise ("123450") no point is allowed. Null when it is not an
 * amount, or says negative twice or both Cr and negative.
 */
export function readStatementAmount(text: string, unit: 'rupees' | 'paise'): number | null {
  let s = text.trim();
  let negatives = 0;
  let cr = false;
  if (/^\(.*\)$/.test(s)) {
    negatives++;
    s = s.slice(1, -1).trim();
  }
  const mark = /\s*(?<![a-z])(cr|dr)\.?$/i.exec(s);
  if (mark) {
    if (mark[1]!.toLowerCase() === 'dr') negatives++;
    else cr = true;
    s = s.slice(0, mark.index).trim();
  }
  const m = /^([-+−])?\s*(?:₹|INR|Rs\.?)?\s*([-+−])?\s*(.*)$/i.exec(s);
  if (!m) return null;
  for (const sign of [m[1], m[2]]) if (sign === '-' || sign === '−') negatives++;
  if (negatives > 1 || (cr && negatives > 0) || (m[1] && m[2])) return null;
  const n = /^([\d,]+)(?:\.(\d+))?$/.exec(m[3]!);
  if (!n || !GROUPED.test(n[1]!)) return null;
  const digits = n[1]!.replaceAll(',', '');
  let p: number | null;
  if (unit === 'paise') {
    p = n[2] === undefined && BigInt(digits) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(digits) : null;
  } else {
    p = decimalToPaise(n[2] === undefined ? digits : `${digits}.${n[2]}`);
  }
  if (p === null) return null;
  return negatives > 0 && p !== 0 ? -p : p;
}
