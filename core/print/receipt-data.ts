// Gathers what a receipt shows from the ledger: the payment row, its consumer, its CF1 code.
import { CounterfoilError } from '../../shared/errors.js';
import { parseEventBody, type EventDataOf } from '../../shared/journal-event.js';
import { getConsumer } from '../consumers/store.js';
import { stmt } from '../db/statements.js';
import { paymentByReceiptNo, receiptCodeOf } from '../ledger/payments.js';
import type { Terminal } from '../terminal/terminal.js';
import type { ReceiptData, VoidDetails } from './receipt.js';

/** What the `payment.voided` event at `voidSeq` says: when, who approved it and why. */
function voidDetails(t: Terminal, voidSeq: number): VoidDetails {
  const row = stmt(t.db, 'SELECT body FROM journal WHERE seq = ?').get(voidSeq) as { body: string } | undefined;
  const parsed = row ? parseEventBody(row.body) : null;
  if (!parsed?.ok || parsed.event.type !== 'payment.voided') {
    // `counterfoil verify` names this fault; the slip still says the receipt is cancelled.
    return { at: null, approvedBy: '?', reason: '?' };
  }
  const d = parsed.event.data as EventDataOf<'payment.voided'>;
  return { at: new Date(parsed.event.at), approvedBy: d.approvedBy, reason: d.reason };
}

/** The highest seq the central server has acknowledged; 0 before the first successful sync. */
/**
 * The receipt says "printed while offline" when the centre does not hold its payment and the
 * terminal is not online: not for a receipt printed online a moment before its upload.
 */
function printedOffline(t: Terminal, seq: number): boolean {
  const row = stmt(t.db, 'SELECT acked_seq, connection FROM sync_state WHERE id = 1').get() as { acked_seq: number; connection: string | null } | undefined;
  return seq > (row?.acked_seq ?? 0) && row?.connection !== 'online';
}

export function receiptDataFor(t: Terminal, receiptNo: string, reprint: number | null = null): ReceiptData {
  const p = paymentByReceiptNo(t.db, receiptNo);
  if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo });
  const code = receiptCodeOf(t, p);
  const consumer = p.consumer_known ? getConsumer(t.db, p.account_no) : undefined;
  return {
    receiptNo: p.receipt_no,
    substation: t.substation,
    counter: t.counter,
    recordedAt: new Date(p.recorded_at),
    accountNo: p.account_no,
    consumer: consumer ?? null,
    amountPaise: p.amount_paise,
    owedBeforePaise: p.owed_before_paise,
    mode: p.mode,
    instrument: JSON.parse(p.instrument_json) as Record<string, string>,
    cashier: p.cashier,
    code,
    hash16: code.split('|')[8]!,
    voided: p.void_seq === null ? null : voidDetails(t, p.void_seq),
    reprint,
    offline: printedOffline(t, p.seq),
  };
}
