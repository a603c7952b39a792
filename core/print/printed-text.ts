// How amounts, dates and modes are written in printer text (ASCII: printers have no ₹).
import { formatDmy } from '../../shared/dates.js';
import { formatINR, type Paise } from '../../shared/money.js';
import type { PaymentMode } from '../../shared/receipt-code.js';

/** "Rs. 1,23,456.50". */
export const rupeesText = (p: number) => `Rs. ${formatINR(p as Paise, { symbol: false })}`;

/** dd-mm-yyyy, as Indian receipts print dates (and the screens show them). */
export const dmy = formatDmy;

/** "26-11-2026 11:30" on the IST wall clock. */
export { istDateTime } from '../../shared/dates.js';

export const MODE_WORDS: Record<PaymentMode, { en: string; short: string; hi: string }> = {
  cash: { en: 'Cash', short: 'Cash', hi: 'नकद' },
  cheque: { en: 'Cheque', short: 'Cheque', hi: 'चेक' },
  dd: { en: 'Demand Draft', short: 'DD', hi: 'डिमांड ड्राफ्ट' },
  upi: { en: 'UPI', short: 'UPI', hi: 'यूपीआई' },
  card: { en: 'Card', short: 'Card', hi: 'कार्ड' },
};

/** The exports' bilingual mode name: "नकद Cash", "डिमांड ड्राफ्ट DD", "UPI". */
export const modeBilingual = (mode: PaymentMode) => (mode === 'upi' ? 'UPI' : `${MODE_WORDS[mode].hi} ${MODE_WORDS[mode].short}`);

export const modeShort = (mode: string) => MODE_WORDS[mode as PaymentMode]?.short ?? mode;
