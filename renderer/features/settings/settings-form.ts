// The settings forms' data and checks, pure: what the supervisor typed (strings, rupees) to what
// the contract takes (PrintSettings, limits in paise, the UPI payee, the backup folder, the reason
// for a key change), and the first problem in either language.
import { BackupSettings } from '../../../shared/backup.js';
import type { Input, PrintSettings } from '../../../shared/contract.js';
import { appError, CounterfoilError, type AppError, type Lang } from '../../../shared/errors.js';
import { formatINR, parseAmount, type Paise } from '../../../shared/money.js';
import { checkLimits, type PaymentLimits } from '../../../shared/payment-rules.js';
import { UpiPayee } from '../../../shared/upi.js';
import { errorIn, text, type StringKey } from '../../i18n/strings.js';

/** Something refused: by the core (a coded error) or by a check here (a detail said in words). */
export type Problem = { error: AppError } | { detail: StringKey; params?: Record<string, StringKey> };

export function problemText(p: Problem, lang: Lang): string {
  if ('error' in p) return errorIn(p.error, lang);
  const params = Object.fromEntries(Object.entries(p.params ?? {}).map(([k, v]) => [k, text(v, lang)]));
  return errorIn(appError('INVALID_INPUT', { detail: text(p.detail, lang, params) }), lang);
}

export const HEADER_LINES = 4;

export interface PrintForm {
  printer: string;
  paper: '58' | '80';
  languages: PrintSettings['languages'];
  qrAsRaster: boolean;
  utilityEn: string;
  utilityHi: string;
  headerLines: string[];
  verifyUrl: string;
  /** Not edited here (no file picker in a browser); kept as it is. */
  logoFile: string | null;
}

export function printFormOf(s: PrintSettings): PrintForm {
  return {
    printer: s.printer ?? '',
    paper: s.paper === 58 ? '58' : '80',
    languages: s.languages,
    qrAsRaster: s.qrAsRaster,
    utilityEn: s.utilityEn,
    utilityHi: s.utilityHi,
    headerLines: Array.from({ length: HEADER_LINES }, (_, i) => s.headerLines[i] ?? ''),
    verifyUrl: s.verifyUrl ?? '',
    logoFile: s.logoFile,
  };
}

// The same shapes the core accepts (core/print/transports.ts, shared/contract.ts).
const PRINTER = /^(tcp:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):\d{1,5}|file:.+|cups:[A-Za-z0-9_.-]{1,127})$/;
const HTTP_URL = /^https?:\/\/[^\s?#]+$/;

export function printSettingsOf(f: PrintForm): { ok: true; settings: PrintSettings } | { ok: false; problem: Problem } {
  const printer = f.printer.trim();
  const verifyUrl = f.verifyUrl.trim();
  if (printer && !PRINTER.test(printer)) return { ok: false, problem: { detail: 'badPrinter' } };
  if (verifyUrl && !HTTP_URL.test(verifyUrl)) return { ok: false, problem: { detail: 'badVerifyUrl' } };
  if (!f.utilityEn.trim() || !f.utilityHi.trim()) return { ok: false, problem: { detail: 'utilityRequired' } };
  return {
    ok: true,
    settings: {
      paper: f.paper === '58' ? 58 : 80,
      utilityEn: f.utilityEn.trim(),
      utilityHi: f.utilityHi.trim(),
      // Blank lines are dropped, so line 3 typed with line 2 empty prints as the second line.
      headerLines: f.headerLines.map((l) => l.trim()).filter((l) => l !== ''),
      verifyUrl: verifyUrl || null,
      printer: printer || null,
      qrAsRaster: f.qrAsRaster,
      languages: f.languages,
      logoFile: f.logoFile,
    },
  };
}

export const LIMIT_FIELDS = ['minPartialPaise', 'cashPerReceiptMaxPaise', 'cashPerConsumerDayMaxPaise', 'shiftVarianceTolerancePaise'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];
export type LimitsForm = Record<LimitField, string>;
export const LIMIT_LABEL: Record<LimitField, StringKey> = {
  minPartialPaise: 'minPartial',
  cashPerReceiptMaxPaise: 'cashPerReceipt',
  cashPerConsumerDayMaxPaise: 'cashPerConsumerDay',
  shiftVarianceTolerancePaise: 'shiftVarianceTolerance',
};
/** The one limit that may be 0 (every variance then needs a remark and an approval). */
const MAY_BE_ZERO: readonly LimitField[] = ['shiftVarianceTolerancePaise'];

/** Paise as the supervisor reads and types them: 1,99,999.99 (parseAmount reads it back). */
export function limitsFormOf(l: PaymentLimits): LimitsForm {
  return Object.fromEntries(LIMIT_FIELDS.map((k) => [k, formatINR(l[k], { symbol: false })])) as LimitsForm;
}

export function limitsOf(f: LimitsForm): { ok: true; limits: Input<'settings.limits.set'>['limits'] } | { ok: false; problem: Problem; field?: LimitField } {
  const limits = {} as Record<LimitField, Paise>;
  for (const k of LIMIT_FIELDS) {
    const amount = parseAmount(f[k]);
    if (!amount.ok || amount.paise < 0 || (amount.paise === 0 && !MAY_BE_ZERO.includes(k))) return { ok: false, field: k, problem: { detail: 'badLimit', params: { field: LIMIT_LABEL[k] } } };
    limits[k] = amount.paise;
  }
  try {
    checkLimits(limits);
  } catch (e) {
    if (e instanceof CounterfoilError) return { ok: false, problem: { error: e.toAppError() } };
    throw e;
  }
  return { ok: true, limits };
}

export function enrollmentOf(upstreamUrl: string, code: string): { ok: true; upstreamUrl: string; code: string } | { ok: false; problem: Problem } {
  const url = upstreamUrl.trim().replace(/\/+$/, '');
  const c = code.trim().toUpperCase();
  if (!HTTP_URL.test(url)) return { ok: false, problem: { detail: 'badUpstreamUrl' } };
  if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(c)) return { ok: false, problem: { detail: 'badEnrollCode' } };
  return { ok: true, upstreamUrl: url, code: c };
}

export interface UpiForm {
  vpa: string;
  name: string;
}

export const upiFormOf = (p: UpiPayee | null): UpiForm => ({ vpa: p?.vpa ?? '', name: p?.name ?? '' });

/**
 * The payee as the core takes it, by the core's own schema (shared/upi.ts). Its message for a
 * bad UPI ID is said in the screen's language (upiQrBadVpa says the same words in English).
 */
export function upiPayeeOf(f: UpiForm): { ok: true; payee: UpiPayee } | { ok: false; problem: Problem; field: keyof UpiForm } {
  const r = UpiPayee.safeParse(f);
  if (r.success) return { ok: true, payee: r.data };
  const field = r.error.issues[0]?.path[0] === 'vpa' ? 'vpa' : 'name';
  return { ok: false, field, problem: { detail: field === 'vpa' ? 'upiQrBadVpa' : 'upiQrBadName' } };
}

export interface BackupForm {
  /** An absolute folder; empty: no backup at shift close. */
  dir: string;
  keep: string;
}

export const backupFormOf = (b: BackupSettings): BackupForm => ({ dir: b.dir ?? '', keep: String(b.keep) });

/** The backup settings as the core takes them, by the contract's own schema. */
export function backupSettingsOf(f: BackupForm): { ok: true; settings: BackupSettings } | { ok: false; problem: Problem; field: keyof BackupForm } {
  const keep = f.keep.trim();
  if (!/^\d{1,3}$/.test(keep)) return { ok: false, field: 'keep', problem: { detail: 'backupBadKeep' } };
  const r = BackupSettings.safeParse({ dir: f.dir.trim() || null, keep: Number(keep) });
  if (r.success) return { ok: true, settings: r.data };
  const field = r.error.issues[0]?.path[0] === 'keep' ? 'keep' : 'dir';
  return { ok: false, field, problem: { detail: field === 'keep' ? 'backupBadKeep' : 'backupBadDir' } };
}

/** The same bound the contract puts on terminal.key.rotate's reason. */
export const KEY_REASON_MAX = 200;

/** The reason for changing the terminal key, trimmed, as terminal.key.rotate takes it. */
export function keyReasonOf(reason: string): { ok: true; reason: string } | { ok: false; problem: Problem } {
  const r = reason.trim();
  if (!r) return { ok: false, problem: { detail: 'recReasonRequired' } };
  if (r.length > KEY_REASON_MAX) return { ok: false, problem: { detail: 'recReasonLong' } };
  return { ok: true, reason: r };
}
