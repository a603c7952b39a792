// Signs and checks CF1 receipt codes (format in shared/receipt-code.ts).
import type { KeyObject } from 'node:crypto';
import {
  assembleReceiptCode,
  parseReceiptCode,
  receiptCodeSignedText,
  type ReceiptCode,
  type ReceiptCodeFields,
} from '../../shared/receipt-code.js';
import { verifySignature, type Signer } from './signer.js';

export function signReceiptCode(fields: ReceiptCodeFields, signer: Signer): string {
  const signedText = receiptCodeSignedText(fields);
  return assembleReceiptCode(signedText, signer.sign(signedText).toString('base64url'));
}

export type ReceiptCodeCheck =
  | { genuine: true; code: ReceiptCode }
  | { genuine: false; reason: string; code?: ReceiptCode };

/** Genuine when the code is well formed and its signature verifies with the given key. */
export function checkReceiptCode(input: string, publicKey: KeyObject): ReceiptCodeCheck {
  const parsed = parseReceiptCode(input);
  if (!parsed.ok) return { genuine: false, reason: parsed.reason };
  const sig = Buffer.from(parsed.code.sig, 'base64url');
  // Base64 leaves spare bits in the last character: refuse all but the one canonical spelling.
  if (sig.toString('base64url') !== parsed.code.sig) return { genuine: false, reason: 'signature is not canonical base64url', code: parsed.code };
  if (!verifySignature(publicKey, parsed.code.signedText, sig)) {
    return { genuine: false, reason: 'signature does not match this terminal key', code: parsed.code };
  }
  return { genuine: true, code: parsed.code };
}
