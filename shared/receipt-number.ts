// Receipt numbers: per terminal, per financial year, gapless: SS042-C1-2627-000123.

export const SUBSTATION_PATTERN = /^[A-Z0-9]{2,12}$/;
export const COUNTER_PATTERN = /^[A-Z0-9]{1,6}$/;
const RECEIPT_NO = /^([A-Z0-9]{2,12})-([A-Z0-9]{1,6})-(\d{4})-(\d{6,})$/;

export function formatReceiptNo(substation: string, counter: string, fy: string, n: number): string {
  return `${substation}-${counter}-${fy}-${String(n).padStart(6, '0')}`;
}

export interface ReceiptNoParts {
  substation: string;
  counter: string;
  fy: string;
  n: number;
}

export function parseReceiptNo(s: string): ReceiptNoParts | null {
  const m = RECEIPT_NO.exec(s);
  if (!m) return null;
  return { substation: m[1]!, counter: m[2]!, fy: m[3]!, n: Number(m[4]) };
}

/**
 * Takes the next receipt number of a journal read in order into `lastN` (the last number seen per
 * financial year) and says why it breaks the series — malformed, or not one after the last number
 * of its year — or null. A walk that starts mid-journal begins a year's series at its first number.
 */
export function nextReceiptProblem(lastN: Map<string, number>, receiptNo: string, opts: { startsMidJournal?: boolean } = {}): string | null {
  const parts = parseReceiptNo(receiptNo);
  if (!parts) return `malformed receipt number ${receiptNo}`;
  const last = lastN.get(parts.fy);
  lastN.set(parts.fy, parts.n);
  const expected = (last ?? (opts.startsMidJournal ? parts.n - 1 : 0)) + 1;
  return parts.n === expected ? null : `${receiptNo} follows ${expected - 1} in FY ${parts.fy}: numbers must be gapless`;
}
