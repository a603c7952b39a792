// The reconciliation screen's forms, pure: what the supervisor typed (amounts in rupees, as the
// other forms take them) turned into what the contract takes (paise), or the first problem, said
// in the screen's language. The core checks everything again; these only catch typing slips early.
import type { Input } from '../../../shared/contract.js';
import type { AppError, Lang } from '../../../shared/errors.js';
import { parseAmount } from '../../../shared/money.js';
import type { MatchState, SettlementMapping } from '../../../shared/reconciliation.js';
import { errorIn, text, type StringKey } from '../../i18n/strings.js';

/** A problem to show: one of the screen's own lines (about `field`), or an error from the core. */
export type Problem = { key: StringKey; field?: StringKey } | { error: AppError };

export function problemText(p: Problem, lang: Lang): string {
  return 'error' in p ? errorIn(p.error, lang) : text(p.key, lang, p.field ? { field: text(p.field, lang) } : {});
}

// ---- deposit slip ----

export interface SlipForm {
  businessDate: string;
  depositedOn: string;
  bank: string;
  slipNo: string;
  /** Rupees as typed: "1,23,456.50"; empty is nothing. */
  cash: string;
  cheque: string;
}

export const emptySlip = (today: string): SlipForm => ({ businessDate: today, depositedOn: today, bank: '', slipNo: '', cash: '', cheque: '' });

/** As deposit.record takes it (contract: 1–30 letters, digits, / or -). */
const SLIP_NO = /^[A-Za-z0-9/-]{1,30}$/;

export type Slip = Input<'deposit.record'>['slip'];
export type Checked<T, F extends string> = { ok: true; value: T } | { ok: false; problem: Problem; field: F };

/** Empty is ₹0; otherwise parseAmount's reading, or null when it cannot be read. */
function rupeesToPaise(typed: string): number | null {
  if (typed.trim() === '') return 0;
  const r = parseAmount(typed);
  return r.ok ? r.paise : null;
}

export function slipOf(f: SlipForm): Checked<Slip, keyof SlipForm> {
  const bad = (key: StringKey, field: keyof SlipForm, about?: StringKey): Checked<Slip, keyof SlipForm> => ({ ok: false, problem: { key, ...(about ? { field: about } : {}) }, field });
  if (!f.businessDate) return bad('recDateRequired', 'businessDate', 'recBusinessDate');
  if (!f.depositedOn) return bad('recDateRequired', 'depositedOn', 'recDepositedOn');
  const bank = f.bank.trim();
  if (!bank) return bad('recBankRequired', 'bank');
  const slipNo = f.slipNo.trim();
  if (!SLIP_NO.test(slipNo)) return bad('recBadSlipNo', 'slipNo');
  const cashPaise = rupeesToPaise(f.cash);
  if (cashPaise === null) return bad('recBadAmount', 'cash', 'recCashRs');
  const chequePaise = rupeesToPaise(f.cheque);
  if (chequePaise === null) return bad('recBadAmount', 'cheque', 'recChequesRs');
  if (cashPaise + chequePaise <= 0) return bad('recSlipEmpty', 'cash');
  return { ok: true, value: { businessDate: f.businessDate, depositedOn: f.depositedOn, bank, slipNo, cashPaise, chequePaise } };
}

// ---- settlement import ----

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD-MM-YYYY', 'DD/MM/YYYY'] as const satisfies readonly SettlementMapping['dateFormat'][];
/** Each date format as the file writes 31 December 2026: read the same in any language. */
export const DATE_FORMAT_EXAMPLE: Record<(typeof DATE_FORMATS)[number], string> = {
  'YYYY-MM-DD': '2026-12-31', 'DD-MM-YYYY': '31-12-2026', 'DD/MM/YYYY': '31/12/2026',
};
export const AMOUNT_UNITS = ['rupees', 'paise'] as const satisfies readonly SettlementMapping['amountUnit'][];

export interface ImportForm {
  source: string;
  /** The file chosen (its name) and its text once read; null until one is. */
  fileName: string | null;
  csv: string | null;
  from: string;
  to: string;
  reference: string;
  amount: string;
  date: string;
  dateFormat: SettlementMapping['dateFormat'];
  amountUnit: SettlementMapping['amountUnit'];
}

export const emptyImport = (today: string): ImportForm => ({
  source: '', fileName: null, csv: null, from: today, to: today, reference: '', amount: '', date: '', dateFormat: 'YYYY-MM-DD', amountUnit: 'rupees',
});

/** The form's mapping fields filled from a source's saved mapping. */
export const mappingFields = (m: SettlementMapping): Pick<ImportForm, 'reference' | 'amount' | 'date' | 'dateFormat' | 'amountUnit'> => ({
  reference: m.reference, amount: m.amount, date: m.date, dateFormat: m.dateFormat, amountUnit: m.amountUnit,
});

export type ImportRequest = Omit<Input<'settlement.import'>, 'session'>;

/**
 * The import to ask for. The three column names go together: all empty sends no mapping (the
 * source's saved one is used, or the core asks for it), all filled sends them (and saves them).
 */
export function importOf(f: ImportForm): Checked<ImportRequest, keyof ImportForm> {
  const bad = (key: StringKey, field: keyof ImportForm): Checked<ImportRequest, keyof ImportForm> => ({ ok: false, problem: { key }, field });
  const source = f.source.trim();
  if (!source) return bad('recSourceRequired', 'source');
  // Read before any import is checked: a file named but without its text could not be read.
  if (f.csv === null) return bad(f.fileName ? 'recFileUnreadable' : 'recChooseFile', 'fileName');
  if (f.csv.trim() === '') return bad('recFileEmpty', 'fileName');
  if (!f.from) return bad('recDateRequired', 'from');
  if (f.to && f.to < f.from) return bad('badRange', 'to');
  const columns = [f.reference.trim(), f.amount.trim(), f.date.trim()] as const;
  const filled = columns.filter((c) => c !== '').length;
  if (filled > 0 && filled < 3) return bad('recMappingPartial', columns[0] === '' ? 'reference' : columns[1] === '' ? 'amount' : 'date');
  const mapping: SettlementMapping | undefined = filled === 3
    ? { reference: columns[0], amount: columns[1], date: columns[2], dateFormat: f.dateFormat, amountUnit: f.amountUnit }
    : undefined;
  return {
    ok: true,
    value: { source, csv: f.csv, date: f.from, ...(f.to && f.to !== f.from ? { toDate: f.to } : {}), ...(mapping ? { mapping } : {}) },
  };
}

/** The columns the core listed when it asked for a mapping ("Txn Ref, Amount, Value Date"). */
export function columnsOf(e: AppError): string[] {
  const listed = e.params?.columns;
  return typeof listed === 'string' ? listed.split(', ').map((c) => c.trim()).filter(Boolean) : [];
}

/** How each state reads, in the order the report lists them. */
export const MATCH_STATE_WORDS = {
  matched: 'recMatched',
  'amount-mismatch': 'recAmountMismatch',
  duplicate: 'recDuplicate',
  'settled-voided': 'recSettledVoided',
  unknown: 'recUnknown',
  'not-settled': 'recNotSettled',
} as const satisfies Record<MatchState, StringKey>;
export const MATCH_ORDER = Object.keys(MATCH_STATE_WORDS) as MatchState[];

// ---- returned cheque ----

export interface ReturnForm {
  receiptNo: string;
  returnedOn: string;
  reason: string;
}

export const emptyReturn = (today: string): ReturnForm => ({ receiptNo: '', returnedOn: today, reason: '' });

/** As the contract reads a receipt number (trimmed, upper case). */
const RECEIPT_NO = /^[A-Z0-9]{2,12}-[A-Z0-9]{1,6}-\d{4}-\d{6,}$/;

export type ReturnRequest = Omit<Input<'cheque.return'>, 'session'>;

export function returnOf(f: ReturnForm, today: string): Checked<ReturnRequest, keyof ReturnForm> {
  const bad = (key: StringKey, field: keyof ReturnForm, about?: StringKey): Checked<ReturnRequest, keyof ReturnForm> => ({ ok: false, problem: { key, ...(about ? { field: about } : {}) }, field });
  const receiptNo = f.receiptNo.trim().toUpperCase();
  if (!RECEIPT_NO.test(receiptNo)) return bad('recBadReceiptNo', 'receiptNo');
  if (!f.returnedOn) return bad('recDateRequired', 'returnedOn', 'recReturnedOn');
  if (today && f.returnedOn > today) return bad('recNotAfterToday', 'returnedOn', 'recReturnedOn');
  const reason = f.reason.trim();
  if (!reason) return bad('recReasonRequired', 'reason');
  if (reason.length > 200) return bad('recReasonLong', 'reason');
  return { ok: true, value: { receiptNo, returnedOn: f.returnedOn, reason } };
}
