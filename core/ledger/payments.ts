// Recording a payment: the payment row, its journal event and its gapless receipt number are
// written in one transaction; the caller's idempotency key makes a retry return the first result.
import { checkAccountFormat } from '../../shared/account-format.js';
import type { PaymentRequest } from '../../shared/contract.js';
import { businessDate, epochSeconds, financialYear } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { EventDataOf } from '../../shared/journal-event.js';
import type { Paise } from '../../shared/money.js';
import { checkCashDayTotal, checkPaymentRules } from '../../shared/payment-rules.js';
import type { PaymentMode } from '../../shared/receipt-code.js';
import { formatReceiptNo } from '../../shared/receipt-number.js';
import { assertNotOwnPayment } from '../auth/four-eyes.js';
import type { User } from '../auth/users.js';
import { accountFormat } from '../consumers/account-format.js';
import { amountDueOf } from '../consumers/store.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { assertWritable, type Terminal } from '../terminal/terminal.js';
import { assertDayOpen } from './day-close.js';
import { appendEvent } from './journal.js';
import { signReceiptCode } from './receipt-codes.js';
import { enqueueReceipt } from '../print/jobs.js';
import { openShiftOf, openShiftTx } from './shifts.js';

export interface PaymentRow {
  id: number;
  seq: number;
  receipt_no: string;
  fy: string;
  receipt_n: number;
  shift_id: number;
  cashier: string;
  account_no: string;
  consumer_known: 0 | 1;
  amount_paise: number;
  mode: PaymentMode;
  instrument_json: string;
  utr: string | null;
  recorded_at: string;
  business_date: string;
  idempotency_key: string;
  void_seq: number | null;
  /** Owed on the bill when taken (null: typed by hand, or taken before this was kept). */
  owed_before_paise: number | null;
}

export interface PaymentRecorded {
  receiptNo: string;
  seq: number;
  code: string;
  consumerKnown: boolean;
  shiftOpened: boolean;
  replayed: boolean;
}

export function paymentByReceiptNo(db: Db, receiptNo: string): PaymentRow | undefined {
  return stmt(db, 'SELECT * FROM payments WHERE receipt_no = ?').get(receiptNo) as PaymentRow | undefined;
}

function paymentByIdempotencyKey(db: Db, key: string): PaymentRow | undefined {
  return stmt(db, 'SELECT * FROM payments WHERE idempotency_key = ?').get(key) as PaymentRow | undefined;
}

type CodeSource = Pick<PaymentRow, 'seq' | 'receipt_no' | 'account_no' | 'amount_paise' | 'mode' | 'recorded_at'>;

function signCode(t: Terminal, p: CodeSource, eventHash: Buffer): string {
  return signReceiptCode(
    {
      terminalId: t.id,
      seq: p.seq,
      receiptNo: p.receipt_no,
      accountNo: p.account_no,
      amountPaise: p.amount_paise,
      mode: p.mode,
      epochSeconds: epochSeconds(new Date(p.recorded_at)),
      hash16: eventHash.toString('hex').slice(0, 16),
    },
    t.signer,
  );
}

/**
 * The CF1 code of a recorded payment: the one kept when it was recorded (receipt_codes), so a
 * duplicate printed after a key rotation carries the code the consumer holds. A payment recorded
 * before codes were kept is signed now: its key is still in force, because a rotation first keeps
 * the codes of every payment the outgoing key signed (keepReceiptCodes).
 */
export function receiptCodeOf(t: Terminal, p: PaymentRow): string {
  const kept = stmt(t.db, 'SELECT code FROM receipt_codes WHERE seq = ?').get(p.seq) as { code: string } | undefined;
  if (kept) return kept.code;
  const { hash } = stmt(t.db, 'SELECT hash FROM journal WHERE seq = ?').get(p.seq) as { hash: Buffer };
  return signCode(t, p, hash);
}

/**
 * Signs, with the key in force, and keeps the code of every payment that has none. Runs inside the
 * rotation's transaction, before the key goes; returns how many it kept.
 */
export function keepReceiptCodes(t: Terminal): number {
  if (!t.db.inTransaction) throw new Error('keepReceiptCodes must run inside a transaction');
  const missing = stmt(
    t.db,
    `SELECT p.seq, p.receipt_no, p.account_no, p.amount_paise, p.mode, p.recorded_at, j.hash
     FROM payments p JOIN journal j ON j.seq = p.seq LEFT JOIN receipt_codes c ON c.seq = p.seq WHERE c.seq IS NULL`,
  ).all() as (CodeSource & { hash: Buffer })[];
  const keep = stmt(t.db, 'INSERT INTO receipt_codes (seq, code) VALUES (?, ?)');
  for (const p of missing) keep.run(p.seq, signCode(t, p, p.hash));
  return missing.length;
}

/** A retry: same key, same payment → the first result; same key, different payment → refused. */
function replay(t: Terminal, existing: PaymentRow, req: PaymentRequest): PaymentRecorded {
  const same =
    existing.account_no === req.accountNo &&
    existing.amount_paise === req.amountPaise &&
    existing.mode === req.mode &&
    existing.instrument_json === JSON.stringify(req.instrument);
  if (!same) throw new CounterfoilError('IDEMPOTENCY_CONFLICT', { receiptNo: existing.receipt_no });
  return {
    receiptNo: existing.receipt_no,
    seq: existing.seq,
    code: receiptCodeOf(t, existing),
    consumerKnown: existing.consumer_known === 1,
    shiftOpened: false,
    replayed: true,
  };
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function recordPayment(t: Terminal, cashier: User, req: PaymentRequest): PaymentRecorded {
  const { db } = t;
  const earlier = paymentByIdempotencyKey(db, req.idempotencyKey);
  if (earlier) return replay(t, earlier, req);
  assertWritable(t);

  const now = t.clock();
  const today = businessDate(now);
  const amountDuePaise = amountDueOf(db, req.accountNo);
  const consumerKnown = amountDuePaise !== null;
  if (!consumerKnown && req.handTyped) checkAccountFormat(req.accountNo, accountFormat(db));
  const amountPaise = req.amountPaise as Paise;
  checkPaymentRules({ amountPaise, mode: req.mode, instrument: req.instrument, amountDuePaise, today }, t.limits);
  const utr = req.mode === 'upi' ? req.instrument.utr : null;
  if (utr) {
    const holder = stmt(db, 'SELECT receipt_no FROM payments WHERE utr = ?').get(utr) as { receipt_no: string } | undefined;
    if (holder) throw new CounterfoilError('UTR_DUPLICATE', { utr, receiptNo: holder.receipt_no });
  }

  let written;
  try {
    written = db
      .transaction(() => {
        assertDayOpen(db, today);
        let shift = openShiftOf(db, cashier);
        let shiftOpened = false;
        if (!shift) {
          if (!req.autoOpenShift) throw new CounterfoilError('SHIFT_NOT_OPEN');
          openShiftTx(t, cashier, 0 as Paise, now);
          shift = openShiftOf(db, cashier)!;
          shiftOpened = true;
        }
        if (req.mode === 'cash') {
          const { total } = stmt(
            db,
            `SELECT COALESCE(SUM(amount_paise), 0) AS total FROM payments
              WHERE account_no = ? AND business_date = ? AND mode = 'cash' AND void_seq IS NULL`,
          ).get(req.accountNo, today) as { total: number };
          checkCashDayTotal(req.accountNo, total as Paise, amountPaise, t.limits);
        }
        const fy = financialYear(today);
        const { n } = stmt(db, 'SELECT COALESCE(MAX(receipt_n), 0) + 1 AS n FROM payments WHERE fy = ?').get(fy) as { n: number };
        const receiptNo = formatReceiptNo(t.substation, t.counter, fy, n);
        const data: EventDataOf<'payment.recorded'> = {
          receiptNo,
          shiftId: shift.shiftId,
          cashier: cashier.name,
          account: req.accountNo,
          consumerKnown,
          amountPaise,
          mode: req.mode,
          instrument: req.instrument,
          businessDate: today,
          idempotencyKey: req.idempotencyKey,
          ...(!consumerKnown && req.handTyped ? { handTypedReason: req.handTyped.reason } : {}),
        };
        const ev = appendEvent(db, t.signer, t.id, 'payment.recorded', data, now);
        stmt(
          db,
          `INSERT INTO payments (seq, receipt_no, fy, receipt_n, shift_id, cashier, account_no, consumer_known,
                                 amount_paise, mode, instrument_json, utr, recorded_at, business_date, idempotency_key,
                                 owed_before_paise)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          ev.seq, receiptNo, fy, n, shift.shiftId, cashier.name, req.accountNo, consumerKnown ? 1 : 0, amountPaise,
          req.mode, JSON.stringify(req.instrument), utr, now.toISOString(), today, req.idempotencyKey, amountDuePaise,
        );
        // Signed now and kept: every later print of this receipt carries this very code.
        const code = signCode(t, { seq: ev.seq, receipt_no: receiptNo, account_no: req.accountNo, amount_paise: amountPaise, mode: req.mode, recorded_at: now.toISOString() }, ev.hash);
        stmt(db, 'INSERT INTO receipt_codes (seq, code) VALUES (?, ?)').run(ev.seq, code);
        enqueueReceipt(db, ev.seq, null, now);
        return { ev, receiptNo, shiftOpened, code };
      })
      .immediate();
  } catch (e) {
    // Another writer (a second process on the same ledger) committed this key first.
    const raced = isUniqueViolation(e) ? paymentByIdempotencyKey(db, req.idempotencyKey) : undefined;
    if (raced) return replay(t, raced, req);
    throw e;
  }
  const { ev, receiptNo, code } = written;
  t.markHead(ev.seq, ev.hash);
  return {
    receiptNo,
    seq: ev.seq,
    code,
    consumerKnown,
    shiftOpened: written.shiftOpened,
    replayed: false,
  };
}

/** Marks a payment void (never edits or deletes it) with a `payment.voided` event. */
export function voidPayment(
  t: Terminal,
  requestedBy: User,
  supervisor: User,
  receiptNo: string,
  reason: string,
): { receiptNo: string; seq: number } {
  if (supervisor.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const p = paymentByReceiptNo(t.db, receiptNo);
      if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo });
      if (p.void_seq !== null) throw new CounterfoilError('ALREADY_VOIDED', { receiptNo });
      assertNotOwnPayment(p, supervisor);
      const now = t.clock();
      if (p.business_date !== businessDate(now)) {
        throw new CounterfoilError('VOID_NOT_SAME_DAY', { receiptNo, date: p.business_date });
      }
      assertDayOpen(t.db, p.business_date);
      const ev = appendEvent(t.db, t.signer, t.id, 'payment.voided', {
        receiptNo, paymentSeq: p.seq, reason, approvedBy: supervisor.name, requestedBy: requestedBy.name,
      }, now);
      stmt(t.db, 'UPDATE payments SET void_seq = ? WHERE id = ?').run(ev.seq, p.id);
      // The CANCELLED slip: the receipt printed again, now marked void.
      enqueueReceipt(t.db, p.seq, null, now);
      return ev;
    })
    .immediate();
  t.markHead(r.seq, r.hash);
  return { receiptNo, seq: r.seq };
}

/** Journals a reprint (`receipt.reprinted`) and returns its number: 1 for the first duplicate. */
export function recordReprint(t: Terminal, by: string, receiptNo: string, opts: { enqueue: boolean } = { enqueue: true }): { seq: number; reprint: number } {
  assertWritable(t);
  const r = t.db
    .transaction(() => {
      const p = paymentByReceiptNo(t.db, receiptNo);
      if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo });
      const { n } = stmt(t.db, 'SELECT COUNT(*) + 1 AS n FROM reprints WHERE payment_seq = ?').get(p.seq) as { n: number };
      const ev = appendEvent(t.db, t.signer, t.id, 'receipt.reprinted', { receiptNo, paymentSeq: p.seq, reprint: n, user: by }, t.clock());
      stmt(t.db, 'INSERT INTO reprints (seq, payment_seq, reprint_n, reprinted_by) VALUES (?, ?, ?, ?)').run(ev.seq, p.seq, n, by);
      if (opts.enqueue) enqueueReceipt(t.db, p.seq, n, t.clock());
      return { ev, reprint: n };
    })
    .immediate();
  t.markHead(r.ev.seq, r.ev.hash);
  return { seq: r.ev.seq, reprint: r.reprint };
}
