// Receipt code — contract CF1 (DESIGN §5), the text inside every receipt's QR:
//   CF1|<terminalId>|<seq>|<receiptNo>|<accountNo>|<amountPaise>|<mode>|<epochSeconds>|<hash16>|<sig>
// sig = base64url (no padding) of Ed25519 over the UTF-8 bytes of everything before the last "|".
// Signing and checking the signature live with the crypto (core/ledger/signer.ts).

export const RECEIPT_CODE_VERSION = 'CF1';
export const PAYMENT_MODES = ['cash', 'cheque', 'dd', 'upi', 'card'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export interface ReceiptCodeFields {
  terminalId: string;
  seq: number;
  receiptNo: string;
  accountNo: string;
  amountPaise: number;
  mode: PaymentMode;
  epochSeconds: number;
  hash16: string;
}

export interface ReceiptCode extends ReceiptCodeFields {
  /** Everything before the final "|": the bytes the signature covers. */
  signedText: string;
  sig: string;
}

const FIELD = /^[^|\s]+$/;

/** The signed part of the code; throws if a field could break the format. */
export function receiptCodeSignedText(f: ReceiptCodeFields): string {
  const parts = [
    RECEIPT_CODE_VERSION, f.terminalId, String(f.seq), f.receiptNo, f.accountNo,
    String(f.amountPaise), f.mode, String(f.epochSeconds), f.hash16,
  ];
  for (const p of parts) if (!FIELD.test(p)) throw new RangeError(`receipt code field not allowed: "${p}"`);
  return parts.join('|');
}

export function assembleReceiptCode(signedText: string, sigBase64url: string): string {
  return `${signedText}|${sigBase64url}`;
}

/** The QR content where a verify URL is configured: <verifyUrl>?c=<percent-encoded code>. */
export function receiptVerifyUrl(verifyUrl: string, code: string): string {
  return `${verifyUrl}${verifyUrl.includes('?') ? '&' : '?'}c=${encodeURIComponent(code)}`;
}

/** One query parameter of a URL, decoded; written out because shared/ has neither DOM nor Node. */
function queryParam(url: string, name: string): string | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  for (const pair of url.slice(q + 1).split('#')[0]!.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq) !== name) continue;
    try {
      return decodeURIComponent(pair.slice(eq + 1).replaceAll('+', ' '));
    } catch {
      return null;
    }
  }
  return null;
}

const INT = /^(0|[1-9]\d*)$/;

export type ParseReceiptCodeResult = { ok: true; code: ReceiptCode } | { ok: false; reason: string };

/** Reads a bare code or a verify URL carrying it in `c`. Checks the shape, not the signature. */
export function parseReceiptCode(input: string): ParseReceiptCodeResult {
  let text = input.trim();
  if (!text.startsWith(`${RECEIPT_CODE_VERSION}|`)) {
    const c = queryParam(text, 'c');
    if (c === null) return { ok: false, reason: `not a ${RECEIPT_CODE_VERSION} receipt code` };
    text = c;
  }
  const parts = text.split('|');
  if (parts.length !== 10) return { ok: false, reason: `expected 10 fields, found ${parts.length}` };
  const [v, terminalId, seq, receiptNo, accountNo, amount, mode, epoch, hash16, sig] = parts as [
    string, string, string, string, string, string, string, string, string, string,
  ];
  if (v !== RECEIPT_CODE_VERSION) return { ok: false, reason: `unknown version ${v}` };
  if (!INT.test(seq) || !INT.test(amount) || !INT.test(epoch)) return { ok: false, reason: 'a number field is malformed' };
  if (!(PAYMENT_MODES as readonly string[]).includes(mode)) return { ok: false, reason: `unknown mode ${mode}` };
  if (!/^[0-9a-f]{16}$/.test(hash16)) return { ok: false, reason: 'hash16 is malformed' };
  if (!/^[A-Za-z0-9_-]{86}$/.test(sig)) return { ok: false, reason: 'signature is malformed' };
  for (const f of [terminalId, receiptNo, accountNo]) if (!FIELD.test(f)) return { ok: false, reason: 'empty field' };
  const fields: ReceiptCodeFields = {
    terminalId, seq: Number(seq), receiptNo, accountNo, amountPaise: Number(amount),
    mode: mode as PaymentMode, epochSeconds: Number(epoch), hash16,
  };
  if (!Number.isSafeInteger(fields.seq) || !Number.isSafeInteger(fields.amountPaise) || !Number.isSafeInteger(fields.epochSeconds)) {
    return { ok: false, reason: 'a number field is out of range' };
  }
  return { ok: true, code: { ...fields, signedText: parts.slice(0, 9).join('|'), sig } };
}
