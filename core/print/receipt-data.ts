// Gathers what a receipt shows from the ledger: the payment row, its consumer, its CF1 code.
import { CounterfoilError } from '../../shared/errors.js';
import { getConsumer } from '../consumers/store.js';
import { stmt } from '../db/statements.js';
import { paymentByReceiptNo, receiptCodeOf } from '../ledger/payments.js';
import type { Terminal } from '../terminal/terminal.js';
import type { ReceiptData } from './receipt.js';

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
    voided: p.void_seq !== null,
    reprint,
    offline: printedOffline(t, p.seq),
  };
}
