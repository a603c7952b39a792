// Why a terminal's light is not green, said from the reason's code and fields (shared/console-api.ts
// CensusReason): dates as dd-mm-yyyy, instants on the IST wall clock. And why a counter-day's money
// is not green (shared/money-monitor.ts MONEY_REASONS), each with its amount.
import type { CensusReason } from '../../shared/console-api.js';
import type { MoneyReason } from '../../shared/money-monitor.js';
import { formatDmy, istDateTime } from '../../shared/dates.js';
import type { Lang } from '../../shared/errors.js';

export function reasonIn(r: CensusReason, lang: Lang): string {
  const hi = lang === 'hi';
  switch (r.code) {
    case 'revoked':
      return hi ? `निरस्त: ${r.reason}` : `Revoked: ${r.reason}`;
    case 'frozen':
      return hi ? `रोका गया: ${r.reason}` : `Frozen: ${r.reason}`;
    case 'high_alerts':
      return hi ? `${r.count} गंभीर चेतावनी` : `${r.count} high-severity alert${r.count === 1 ? '' : 's'}`;
    case 'silent':
      return hi ? `${istDateTime(new Date(r.since))} से कोई संपर्क नहीं` : `Silent since ${istDateTime(new Date(r.since))}`;
    case 'unclosed_overdue':
      return hi
        ? `${r.days} दिन D+${r.afterDays} के बाद भी बंद नहीं, पहला ${formatDmy(r.first)}`
        : `${r.days} day${r.days === 1 ? '' : 's'} not closed past D+${r.afterDays}, the first ${formatDmy(r.first)}`;
    case 'yesterday_unclosed':
      return hi ? `कल (${formatDmy(r.day)}) का दिन अभी बंद नहीं हुआ` : `Yesterday (${formatDmy(r.day)}) not closed yet`;
  }
}

const MONEY_REASON_WORDS: Record<MoneyReason, Record<Lang, string>> = {
  'not-deposited': { en: 'Not deposited: {amount} of cash and cheques, no slip', hi: 'जमा नहीं: {amount} नकद और चेक, कोई पर्ची नहीं' },
  'declared-short': { en: 'The slips declare {amount} less than was collected', hi: 'पर्चियों में वसूली से {amount} कम घोषित' },
  'declared-excess': { en: 'The slips declare {amount} more than was collected', hi: 'पर्चियों में वसूली से {amount} अधिक घोषित' },
  'not-credited': { en: 'Not credited: the bank has no credit for {amount} declared on a slip', hi: 'बैंक में जमा नहीं: पर्ची में घोषित {amount} की कोई जमा नहीं' },
  'credit-short': { en: 'The bank credited {amount} less than the slip', hi: 'बैंक ने पर्ची से {amount} कम जमा किया' },
  'credit-excess': { en: 'The bank credited {amount} more than the slip (a duplicate credit)', hi: 'बैंक ने पर्ची से {amount} अधिक जमा किया (दोहरी जमा)' },
  'cheque-returned': { en: 'A cheque of {amount} came back unpaid', hi: '{amount} का चेक बिना भुगतान लौटा' },
  'not-settled': { en: 'Not settled: {amount} of UPI or card payments no provider has paid in', hi: 'निपटान नहीं: {amount} के UPI या कार्ड भुगतान किसी प्रदाता ने जमा नहीं किए' },
  'settlement-mismatch': { en: 'A provider settled {amount} differently (another amount, a voided payment, or twice)', hi: 'प्रदाता ने {amount} का निपटान अलग किया (दूसरी राशि, रद्द भुगतान, या दो बार)' },
};

/** A money reason in words with its amount (already formatted, e.g. ₹1,234.00). */
export function moneyReasonIn(reason: MoneyReason, amount: string, lang: Lang): string {
  return (MONEY_REASON_WORDS[reason]?.[lang] ?? `${reason}: {amount}`).replace('{amount}', amount);
}
