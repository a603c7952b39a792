// verify: the whole chain (seq, prev, hash), every signature, every body against the v1 format,
// gapless receipt numbers, the projections (payments, voids, shifts) against the events, and the
// head mark kept outside the database. Reads in pages of seq so memory stays flat.
import { parseEventBody, type EventDataOf, type ParsedEvent } from '../../shared/journal-event.js';
import type { VerifyReport } from '../../shared/contract.js';
import { parseReceiptCode } from '../../shared/receipt-code.js';
import { nextReceiptProblem, parseReceiptNo } from '../../shared/receipt-number.js';
import type { Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { checkHeadMark, headMarkKeys, readHeadMark } from './head-mark.js';
import type { PaymentRow } from './payments.js';
import { ChainWalk } from './chain.js';
import { publicKeyFromRaw } from './signer.js';

const PAGE = 2000;

type Fault = VerifyReport['faults'][number];

interface ShiftRow {
  id: number;
  user_name: string;
  opened_seq: number;
  opened_at: string;
  business_date: string;
  opening_float_paise: number;
  closed_seq: number | null;
  closed_at: string | null;
  count_json: string | null;
  counted_paise: number | null;
  expected_paise: number | null;
}

function meta(db: Db, key: string): string | undefined {
  return (stmt(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

/** Compares a projection row's fields with what the event says; one fault per differing field. */
function compare(faults: Fault[], seq: number, what: string, pairs: [string, unknown, unknown][]): void {
  for (const [field, row, event] of pairs) {
    if (!sameJson(row, event)) {
      faults.push({ seq, kind: 'projection', detail: `${what} ${field}: row has ${JSON.stringify(row)}, journal has ${JSON.stringify(event)}` });
    }
  }
}

export function verifyLedger(db: Db, opts: { headMarkFile?: string } = {}): VerifyReport {
  const faults: Fault[] = [];
  const terminalId = meta(db, 'terminal_id') ?? '';
  // The terminal key in force, as the ledger records it; the walk below must end on it.
  const rawKey = meta(db, 'public_key');
  try {
    publicKeyFromRaw(Buffer.from(rawKey ?? '', 'base64url'));
  } catch {
    faults.push({ seq: null, kind: 'key', detail: 'the terminal public key in meta is missing or malformed' });
    return { ok: false, events: 0, headSeq: 0, headHash: '', faults };
  }
  // The walk along the chain (chain.ts): the genesis key, then each rotation's new key.
  const walk = new ChainWalk(terminalId);

  let events = 0;
  const lastReceiptN = new Map<string, number>();
  const readJournal = stmt(db, 'SELECT seq, type, body, hash, sig FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?');
  const paymentsIn = stmt(db, 'SELECT * FROM payments WHERE seq BETWEEN ? AND ?');
  const voidsIn = stmt(db, 'SELECT * FROM payments WHERE void_seq BETWEEN ? AND ?');
  const shiftsOpenedIn = stmt(db, 'SELECT s.*, u.name AS user_name FROM shifts s LEFT JOIN users u ON u.id = s.user_id WHERE opened_seq BETWEEN ? AND ?');
  const reprintsIn = stmt(db, 'SELECT * FROM reprints WHERE seq BETWEEN ? AND ?');
  const shiftsClosedIn = stmt(db, 'SELECT s.*, u.name AS user_name FROM shifts s LEFT JOIN users u ON u.id = s.user_id WHERE closed_seq BETWEEN ? AND ?');

  for (let from = 1; ; ) {
    const rows = readJournal.all(from, PAGE) as { seq: number; type: string; body: string; hash: Buffer; sig: Buffer }[];
    if (rows.length === 0) break;
    const lo = rows[0]!.seq;
    const hi = rows[rows.length - 1]!.seq;
    const payments = new Map((paymentsIn.all(lo, hi) as PaymentRow[]).map((p) => [p.seq, p]));
    const voids = new Map((voidsIn.all(lo, hi) as PaymentRow[]).map((p) => [p.void_seq!, p]));
    const opened = new Map((shiftsOpenedIn.all(lo, hi) as ShiftRow[]).map((s) => [s.opened_seq, s]));
    const closed = new Map((shiftsClosedIn.all(lo, hi) as ShiftRow[]).map((s) => [s.closed_seq!, s]));
    const reprints = new Map((reprintsIn.all(lo, hi) as ReprintRow[]).map((r) => [r.seq, r]));

    for (const row of rows) {
      events++;
      const ev = walk.step(row, faults);
      if (!ev) continue;
      if (ev.type !== row.type) faults.push({ seq: row.seq, kind: 'envelope', detail: `body says type ${ev.type}, row says ${row.type}` });
      checkProjection(db, ev, faults, { payments, voids, opened, closed, reprints, lastReceiptN });
    }
    from = hi + 1;
  }

  const inForce = walk.key;
  if (inForce && inForce.raw !== rawKey) {
    faults.push({ seq: null, kind: 'key', detail: `the journal hands signing to key ${inForce.id}, but the ledger names another key as the terminal key` });
  }

  const head = stmt(db, 'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: Buffer } | undefined;
  const headSeq = head?.seq ?? 0;
  const orphans = stmt(
    db,
    `SELECT 'payment' AS what, receipt_no AS name, seq FROM payments WHERE seq NOT IN (SELECT seq FROM journal WHERE type = 'payment.recorded')
     UNION ALL SELECT 'void', receipt_no, void_seq FROM payments WHERE void_seq IS NOT NULL AND void_seq NOT IN (SELECT seq FROM journal WHERE type = 'payment.voided')
     UNION ALL SELECT 'reprint', reprint_n, seq FROM reprints WHERE seq NOT IN (SELECT seq FROM journal WHERE type = 'receipt.reprinted')
     UNION ALL SELECT 'shift opening', id, opened_seq FROM shifts WHERE opened_seq NOT IN (SELECT seq FROM journal WHERE type = 'shift.opened')
     UNION ALL SELECT 'shift closing', id, closed_seq FROM shifts WHERE closed_seq IS NOT NULL AND closed_seq NOT IN (SELECT seq FROM journal WHERE type = 'shift.closed')
     UNION ALL SELECT 'day close', business_date, closed_seq FROM days_closed WHERE closed_seq NOT IN (SELECT seq FROM journal WHERE type = 'day.closed')
     UNION ALL SELECT 'deposit slip', slip_no, seq FROM deposits WHERE seq NOT IN (SELECT seq FROM journal WHERE type = 'deposit.recorded')
     UNION ALL SELECT 'returned cheque', payment_seq, seq FROM returned_cheques WHERE seq NOT IN (SELECT seq FROM journal WHERE type = 'cheque.returned')`,
  ).all() as { what: string; name: string; seq: number }[];
  for (const o of orphans) faults.push({ seq: o.seq, kind: 'orphan-row', detail: `${o.what} ${o.name} has no matching journal event` });

  // Each kept receipt code must be its payment's: same seq, receipt, account, amount and mode, and
  // the hash of its journal event. (Its signature is the printed receipt's to check, with the key of
  // its seq: docs/journal.md.)
  const codes = stmt(
    db,
    `SELECT c.seq, c.code, p.receipt_no, p.account_no, p.amount_paise, p.mode, j.hash
     FROM receipt_codes c LEFT JOIN payments p ON p.seq = c.seq LEFT JOIN journal j ON j.seq = c.seq`,
  ).iterate() as Iterable<{ seq: number; code: string; receipt_no: string | null; account_no: string; amount_paise: number; mode: string; hash: Buffer | null }>;
  for (const c of codes) {
    const parsed = parseReceiptCode(c.code);
    const fine = parsed.ok && c.receipt_no !== null && c.hash !== null && parsed.code.terminalId === terminalId && parsed.code.seq === c.seq &&
      parsed.code.receiptNo === c.receipt_no && parsed.code.accountNo === c.account_no && parsed.code.amountPaise === c.amount_paise &&
      parsed.code.mode === c.mode && parsed.code.hash16 === c.hash.toString('hex').slice(0, 16);
    if (!fine) faults.push({ seq: c.seq, kind: 'receipt-code', detail: `the kept receipt code of seq ${c.seq} is not that payment's` });
  }

  if (opts.headMarkFile) {
    // Only a mark signed by a key of this ledger says anything (core/ledger/head-mark.ts).
    const mark = checkHeadMark(readHeadMark(opts.headMarkFile), terminalId, headMarkKeys(db));
    if (mark.state === 'untrusted') faults.push({ seq: mark.seq, kind: 'head-mark', detail: mark.why });
    if (mark.state === 'absent') faults.push({ seq: null, kind: 'head-mark', detail: 'the head mark file is missing: a database put back from an older copy could not be told' });
    if (mark.state === 'good') {
      const at = stmt(db, 'SELECT hash FROM journal WHERE seq = ?').get(mark.value.seq) as { hash: Buffer } | undefined;
      if (mark.value.seq > headSeq) {
        faults.push({ seq: mark.value.seq, kind: 'head-mark', detail: `journal ends at ${headSeq} but ${mark.value.seq} was recorded: restored from an older copy or cut short` });
      } else if (!at || at.hash.toString('hex') !== mark.value.hash) {
        faults.push({ seq: mark.value.seq, kind: 'head-mark', detail: 'the event at the head mark has a different hash: the journal was rewritten' });
      }
    }
  }
  return { ok: faults.length === 0, events, headSeq, headHash: head?.hash.toString('hex') ?? '', faults };
}

interface ReprintRow {
  seq: number;
  payment_seq: number;
  reprint_n: number;
  reprinted_by: string;
}

interface PageRows {
  reprints: Map<number, ReprintRow>;
  payments: Map<number, PaymentRow>;
  voids: Map<number, PaymentRow>;
  opened: Map<number, ShiftRow>;
  closed: Map<number, ShiftRow>;
  lastReceiptN: Map<string, number>;
}

function checkProjection(db: Db, ev: ParsedEvent, faults: Fault[], page: PageRows): void {
  const { seq } = ev;
  switch (ev.type) {
    case 'payment.recorded': {
      const d = ev.data as EventDataOf<'payment.recorded'>;
      const parts = parseReceiptNo(d.receiptNo);
      const problem = nextReceiptProblem(page.lastReceiptN, d.receiptNo);
      if (problem) faults.push({ seq, kind: 'receipt-number', detail: problem });
      const p = page.payments.get(seq);
      if (!p) {
        faults.push({ seq, kind: 'projection', detail: `payment ${d.receiptNo} has no payments row` });
        return;
      }
      compare(faults, seq, `payment ${d.receiptNo}`, [
        ['receipt_no', p.receipt_no, d.receiptNo],
        ['receipt_n', p.receipt_n, parts?.n],
        ['fy', p.fy, parts?.fy],
        ['shift_id', p.shift_id, d.shiftId],
        ['cashier', p.cashier, d.cashier],
        ['account_no', p.account_no, d.account],
        ['consumer_known', p.consumer_known === 1, d.consumerKnown],
        ['amount_paise', p.amount_paise, d.amountPaise],
        ['mode', p.mode, d.mode],
        ['instrument', safeJson(p.instrument_json), d.instrument],
        ['utr', p.utr, 'utr' in d.instrument ? d.instrument.utr : null],
        ['recorded_at', p.recorded_at, ev.at],
        ['business_date', p.business_date, d.businessDate],
        ['idempotency_key', p.idempotency_key, d.idempotencyKey],
      ]);
      return;
    }
    case 'payment.voided': {
      const d = ev.data as EventDataOf<'payment.voided'>;
      const target = stmt(db, 'SELECT type, body FROM journal WHERE seq = ?').get(d.paymentSeq) as { type: string; body: string } | undefined;
      const targetEvent = target && d.paymentSeq < seq ? parseEventBody(target.body) : undefined;
      if (!targetEvent?.ok || targetEvent.event.type !== 'payment.recorded' || (targetEvent.event.data as { receiptNo?: string }).receiptNo !== d.receiptNo) {
        faults.push({ seq, kind: 'projection', detail: `void names ${d.receiptNo} at seq ${d.paymentSeq}, which is not an earlier payment of that number` });
      }
      const p = page.voids.get(seq);
      if (!p) faults.push({ seq, kind: 'projection', detail: `void of ${d.receiptNo} is not marked on any payments row` });
      else compare(faults, seq, `void of ${d.receiptNo}`, [['receipt_no', p.receipt_no, d.receiptNo], ['seq', p.seq, d.paymentSeq]]);
      return;
    }
    case 'shift.opened': {
      const d = ev.data as EventDataOf<'shift.opened'>;
      const s = page.opened.get(seq);
      if (!s) faults.push({ seq, kind: 'projection', detail: `shift ${d.shiftId} opening has no shifts row` });
      else compare(faults, seq, `shift ${d.shiftId} opening`, [
        ['id', s.id, d.shiftId], ['user', s.user_name, d.user], ['opening_float_paise', s.opening_float_paise, d.openingFloatPaise],
        ['business_date', s.business_date, d.businessDate], ['opened_at', s.opened_at, ev.at],
      ]);
      return;
    }
    case 'shift.closed': {
      const d = ev.data as EventDataOf<'shift.closed'>;
      const s = page.closed.get(seq);
      if (!s) faults.push({ seq, kind: 'projection', detail: `shift ${d.shiftId} closing has no shifts row` });
      else compare(faults, seq, `shift ${d.shiftId} closing`, [
        ['id', s.id, d.shiftId], ['user', s.user_name, d.user], ['count', safeJson(s.count_json ?? 'null'), d.count],
        ['counted_paise', s.counted_paise, d.countedPaise], ['expected_paise', s.expected_paise, d.expectedPaise],
        ['closed_at', s.closed_at, ev.at],
      ]);
      return;
    }
    case 'receipt.reprinted': {
      const d = ev.data as EventDataOf<'receipt.reprinted'>;
      const target = stmt(db, 'SELECT receipt_no FROM payments WHERE seq = ?').get(d.paymentSeq) as { receipt_no: string } | undefined;
      if (target?.receipt_no !== d.receiptNo) faults.push({ seq, kind: 'projection', detail: `reprint names ${d.receiptNo} at seq ${d.paymentSeq}, which is not that payment` });
      const r = page.reprints.get(seq);
      if (!r) faults.push({ seq, kind: 'projection', detail: `reprint ${d.reprint} of ${d.receiptNo} has no reprints row` });
      else compare(faults, seq, `reprint of ${d.receiptNo}`, [['payment_seq', r.payment_seq, d.paymentSeq], ['reprint_n', r.reprint_n, d.reprint], ['reprinted_by', r.reprinted_by, d.user]]);
      return;
    }
    case 'day.closed': {
      const d = ev.data as EventDataOf<'day.closed'>;
      const r = stmt(db, 'SELECT business_date, closed_by, summary_sha256 FROM days_closed WHERE closed_seq = ?').get(seq) as
        | { business_date: string; closed_by: string; summary_sha256: string }
        | undefined;
      if (!r) faults.push({ seq, kind: 'projection', detail: `close of day ${d.businessDate} has no days_closed row` });
      else compare(faults, seq, `close of day ${d.businessDate}`, [['business_date', r.business_date, d.businessDate], ['closed_by', r.closed_by, d.closedBy], ['summary_sha256', r.summary_sha256, d.summarySha256]]);
      return;
    }
    case 'deposit.recorded': {
      const d = ev.data as EventDataOf<'deposit.recorded'>;
      const r = stmt(db, 'SELECT business_date, deposited_on, bank, slip_no, cash_paise, cheque_paise, recorded_by FROM deposits WHERE seq = ?').get(seq) as
        | Record<string, unknown>
        | undefined;
      if (!r) faults.push({ seq, kind: 'projection', detail: `deposit slip ${d.slipNo} has no deposits row` });
      else {
        compare(faults, seq, `deposit slip ${d.slipNo}`, [
          ['business_date', r.business_date, d.businessDate], ['deposited_on', r.deposited_on, d.depositedOn], ['bank', r.bank, d.bank],
          ['slip_no', r.slip_no, d.slipNo], ['cash_paise', r.cash_paise, d.cashPaise], ['cheque_paise', r.cheque_paise, d.chequePaise], ['recorded_by', r.recorded_by, d.recordedBy],
        ]);
      }
      return;
    }
    case 'cheque.returned': {
      const d = ev.data as EventDataOf<'cheque.returned'>;
      const target = stmt(db, 'SELECT receipt_no FROM payments WHERE seq = ?').get(d.paymentSeq) as { receipt_no: string } | undefined;
      if (target?.receipt_no !== d.receiptNo) faults.push({ seq, kind: 'projection', detail: `returned cheque names ${d.receiptNo} at seq ${d.paymentSeq}, which is not that payment` });
      const r = stmt(db, 'SELECT payment_seq, returned_on, reason, recorded_by FROM returned_cheques WHERE seq = ?').get(seq) as Record<string, unknown> | undefined;
      if (!r) faults.push({ seq, kind: 'projection', detail: `returned cheque of ${d.receiptNo} has no returned_cheques row` });
      else {
        compare(faults, seq, `returned cheque of ${d.receiptNo}`, [
          ['payment_seq', r.payment_seq, d.paymentSeq], ['returned_on', r.returned_on, d.returnedOn], ['reason', r.reason, d.reason], ['recorded_by', r.recorded_by, d.recordedBy],
        ]);
      }
      return;
    }
    default:
      return;
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
