// Signs and checks CF1 receipt codes (format in shared/receipt-code.ts).
import type { KeyObject } from 'node:crypto';
import {
  assembleReceiptCode,
  parseReceiptCode,
  receiptCodeSignedText,
  type ReceiptCode,
  type ReceiptCodeFields,
} from '../../shared/receipt-code.js';
import { parseEventBody, type EventDataOf } from '../../shared/journal-event.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { journalHead } from './journal.js';
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

/** What this terminal's own ledger says of a receipt whose signature checked out. */
export type LedgerStanding =
  | { state: 'standing' }
  | { state: 'cancelled'; at: string; approvedBy: string; reason: string }
  /** The ledger holds another entry at the code's seq (a rewound, restored or forked terminal). */
  | { state: 'conflict'; held: string }
  | { state: 'not-held'; headSeq: number };

export function ledgerStanding(db: Db, code: ReceiptCode): LedgerStanding {
  const held = stmt(db, 'SELECT type, body, hash FROM journal WHERE seq = ?').get(code.seq) as { type: string; body: string; hash: Buffer } | undefined;
  if (!held) return { state: 'not-held', headSeq: journalHead(db).seq };
  const p = stmt(db, 'SELECT receipt_no, account_no, amount_paise, mode, void_seq FROM payments WHERE seq = ?').get(code.seq) as
    | { receipt_no: string; account_no: string; amount_paise: number; mode: string; void_seq: number | null }
    | undefined;
  if (!held.hash.toString('hex').startsWith(code.hash16) || !p) {
    return { state: 'conflict', held: p ? `receipt ${p.receipt_no}, account ${p.account_no}, ${p.amount_paise} paise by ${p.mode}` : `a ${held.type} event` };
  }
  if (p.void_seq === null) return { state: 'standing' };
  const voided = parseEventBody((stmt(db, 'SELECT body FROM journal WHERE seq = ?').get(p.void_seq) as { body: string }).body);
  if (!voided.ok) return { state: 'cancelled', at: '', approvedBy: '', reason: '' };
  const d = voided.event.data as EventDataOf<'payment.voided'>;
  return { state: 'cancelled', at: voided.event.at, approvedBy: d.approvedBy, reason: d.reason };
}
