// The shift report printed at shift close: what the cashier took by mode, the voids, and the
// cash count against what the drawer should hold. Same layout model, same encoders as a receipt.
import { CounterfoilError } from '../../shared/errors.js';
import { NOTE_DENOMINATIONS } from '../../shared/payment-rules.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import type { LayoutLine, PaperWidth, ReceiptLayout } from './layout.js';
import { istDateTime, modeShort, rupeesText } from './printed-text.js';

export interface ShiftReportData {
  shiftId: number;
  cashier: string;
  substation: string;
  counter: string;
  openedAt: Date;
  closedAt: Date | null;
  openingFloatPaise: number;
  byMode: { mode: string; count: number; totalPaise: number }[];
  voids: { count: number; totalPaise: number };
  firstReceipt: string | null;
  lastReceipt: string | null;
  count: Record<string, number> | null;
  expectedPaise: number | null;
  countedPaise: number | null;
}

export function shiftReportData(t: Terminal, shiftId: number): ShiftReportData {
  const s = stmt(
    t.db,
    `SELECT s.*, u.name AS cashier FROM shifts s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
  ).get(shiftId) as
    | { cashier: string; opened_at: string; closed_at: string | null; opening_float_paise: number; count_json: string | null; expected_paise: number | null; counted_paise: number | null }
    | undefined;
  if (!s) throw new CounterfoilError('INVALID_INPUT', { detail: `no shift ${shiftId}` });
  const byMode = stmt(
    t.db,
    `SELECT mode, COUNT(*) AS count, SUM(amount_paise) AS totalPaise FROM payments
      WHERE shift_id = ? AND void_seq IS NULL GROUP BY mode ORDER BY mode`,
  ).all(shiftId) as ShiftReportData['byMode'];
  const voids = stmt(
    t.db,
    'SELECT COUNT(*) AS count, COALESCE(SUM(amount_paise), 0) AS totalPaise FROM payments WHERE shift_id = ? AND void_seq IS NOT NULL',
  ).get(shiftId) as ShiftReportData['voids'];
  const range = stmt(t.db, 'SELECT MIN(receipt_no) AS first, MAX(receipt_no) AS last FROM payments WHERE shift_id = ?').get(shiftId) as {
    first: string | null;
    last: string | null;
  };
  return {
    shiftId, cashier: s.cashier, substation: t.substation, counter: t.counter,
    openedAt: new Date(s.opened_at), closedAt: s.closed_at ? new Date(s.closed_at) : null,
    openingFloatPaise: s.opening_float_paise, byMode, voids, firstReceipt: range.first, lastReceipt: range.last,
    count: s.count_json ? (JSON.parse(s.count_json) as Record<string, number>) : null,
    expectedPaise: s.expected_paise, countedPaise: s.counted_paise,
  };
}


export function shiftReportLayout(d: ShiftReportData, paper: PaperWidth): ReceiptLayout {
  const lines: LayoutLine[] = [
    { kind: 'text', text: 'पाली रिपोर्ट', align: 'center', bold: true },
    { kind: 'text', text: 'SHIFT REPORT', align: 'center', bold: true },
    { kind: 'text', text: `${d.substation} / ${d.counter}  Shift ${d.shiftId}`, align: 'center' },
    { kind: 'rule' },
    { kind: 'pair', left: 'Cashier', right: d.cashier },
    { kind: 'pair', left: 'Opened', right: istDateTime(d.openedAt) },
    { kind: 'pair', left: 'Closed', right: d.closedAt ? istDateTime(d.closedAt) : 'OPEN' },
    { kind: 'pair', left: 'Receipts', right: d.firstReceipt ? `${d.firstReceipt.slice(-6)} - ${d.lastReceipt!.slice(-6)}` : 'none' },
    { kind: 'rule' },
  ];
  let total = 0;
  for (const m of d.byMode) {
    total += m.totalPaise;
    lines.push({ kind: 'pair', left: `${modeShort(m.mode)} (${m.count})`, right: rupeesText(m.totalPaise) });
  }
  lines.push(
    { kind: 'pair', left: 'TOTAL COLLECTED', right: rupeesText(total), bold: true },
    { kind: 'pair', left: `Cancelled (${d.voids.count})`, right: rupeesText(d.voids.totalPaise) },
    { kind: 'rule' },
    { kind: 'pair', left: 'Opening float', right: rupeesText(d.openingFloatPaise) },
  );
  if (d.count && d.expectedPaise !== null && d.countedPaise !== null) {
    for (const n of NOTE_DENOMINATIONS) {
      const c = d.count[`${n}`];
      if (c) lines.push({ kind: 'pair', left: `Rs. ${n} x ${c}`, right: rupeesText(n * 100 * c) });
    }
    if (d.count.coinsPaise) lines.push({ kind: 'pair', left: 'Coins', right: rupeesText(d.count.coinsPaise) });
    const variance = d.countedPaise - d.expectedPaise;
    lines.push(
      { kind: 'pair', left: 'Cash expected', right: rupeesText(d.expectedPaise) },
      { kind: 'pair', left: 'Cash counted', right: rupeesText(d.countedPaise), bold: true },
      { kind: 'pair', left: variance < 0 ? 'SHORT' : variance > 0 ? 'EXCESS' : 'Variance', right: rupeesText(Math.abs(variance)), bold: variance !== 0 },
    );
  }
  lines.push({ kind: 'feed', lines: 1 }, { kind: 'text', text: 'Cashier signature ____________', align: 'left' }, { kind: 'feed', lines: 1 }, { kind: 'text', text: 'Supervisor signature _________', align: 'left' }, { kind: 'feed', lines: 2 });
  return { paper, lines, cut: true, openDrawer: false };
}
