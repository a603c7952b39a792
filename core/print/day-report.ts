// The day (Z) report layout: a business day's collection on this terminal, by mode and by
// cashier, with voids, the receipt range and each shift's cash. It prints through the same
// encoders and queue as a receipt; closing the day (journaled day.closed) belongs to the
// reports issue, which will feed this layout from its day-summary model.
import { isIsoDate } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import type { PaymentMode } from '../../shared/receipt-code.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import type { LayoutLine, PaperWidth, ReceiptLayout } from './layout.js';
import { dmy, istDateTime, modeShort, rupeesText } from './printed-text.js';

export interface DayReportData {
  date: string;
  substation: string;
  counter: string;
  byMode: { mode: PaymentMode; count: number; totalPaise: number }[];
  byCashier: { cashier: string; count: number; totalPaise: number }[];
  voids: { count: number; totalPaise: number };
  firstReceipt: string | null;
  lastReceipt: string | null;
  shifts: { shiftId: number; cashier: string; closed: boolean; expectedPaise: number | null; countedPaise: number | null }[];
  printedAt: Date;
}

export function dayReportData(t: Terminal, date: string): DayReportData {
  if (!isIsoDate(date)) throw new CounterfoilError('INVALID_INPUT', { detail: 'the day is YYYY-MM-DD' });
  const live = 'business_date = ? AND void_seq IS NULL';
  return {
    date,
    substation: t.substation,
    counter: t.counter,
    byMode: stmt(t.db, `SELECT mode, COUNT(*) AS count, SUM(amount_paise) AS totalPaise FROM payments WHERE ${live} GROUP BY mode ORDER BY mode`).all(date) as DayReportData['byMode'],
    byCashier: stmt(t.db, `SELECT cashier, COUNT(*) AS count, SUM(amount_paise) AS totalPaise FROM payments WHERE ${live} GROUP BY cashier ORDER BY cashier`).all(date) as DayReportData['byCashier'],
    voids: stmt(t.db, 'SELECT COUNT(*) AS count, COALESCE(SUM(amount_paise), 0) AS totalPaise FROM payments WHERE business_date = ? AND void_seq IS NOT NULL').get(date) as DayReportData['voids'],
    ...(stmt(t.db, 'SELECT MIN(receipt_no) AS firstReceipt, MAX(receipt_no) AS lastReceipt FROM payments WHERE business_date = ?').get(date) as {
      firstReceipt: string | null;
      lastReceipt: string | null;
    }),
    shifts: (stmt(
      t.db,
      `SELECT s.id AS shiftId, u.name AS cashier, s.closed_seq IS NOT NULL AS closed, s.expected_paise AS expectedPaise, s.counted_paise AS countedPaise
         FROM shifts s JOIN users u ON u.id = s.user_id WHERE s.business_date = ? ORDER BY s.id`,
    ).all(date) as (Omit<DayReportData['shifts'][number], 'closed'> & { closed: number })[]).map((s) => ({ ...s, closed: s.closed === 1 })),
    printedAt: t.clock(),
  };
}


export function dayReportLayout(d: DayReportData, paper: PaperWidth): ReceiptLayout {
  const total = d.byMode.reduce((sum, m) => sum + m.totalPaise, 0);
  const lines: LayoutLine[] = [
    { kind: 'text', text: 'दिन का सारांश', align: 'center', bold: true },
    { kind: 'text', text: 'DAY REPORT (Z)', align: 'center', bold: true },
    { kind: 'text', text: `${d.substation} / ${d.counter}  ${dmy(d.date)}`, align: 'center' },
    { kind: 'rule' },
    { kind: 'pair', left: 'Receipts', right: d.firstReceipt ? `${d.firstReceipt} -` : 'none' },
    ...(d.lastReceipt ? [{ kind: 'pair', left: '', right: d.lastReceipt } as const] : []),
    { kind: 'rule' },
    ...d.byMode.map((m): LayoutLine => ({ kind: 'pair', left: `${modeShort(m.mode)} (${m.count})`, right: rupeesText(m.totalPaise) })),
    { kind: 'pair', left: 'TOTAL COLLECTED', right: rupeesText(total), bold: true },
    { kind: 'pair', left: `Cancelled (${d.voids.count})`, right: rupeesText(d.voids.totalPaise) },
    { kind: 'rule' },
    { kind: 'text', text: 'By cashier' },
    ...d.byCashier.map((c): LayoutLine => ({ kind: 'pair', left: `${c.cashier} (${c.count})`, right: rupeesText(c.totalPaise) })),
    { kind: 'rule' },
    { kind: 'text', text: 'Shifts: cash expected / counted' },
    ...d.shifts.map((s): LayoutLine => ({
      kind: 'pair',
      left: `${s.shiftId} ${s.cashier}`,
      right: s.closed ? `${rupeesText(s.expectedPaise ?? 0)} / ${rupeesText(s.countedPaise ?? 0)}` : 'STILL OPEN',
      bold: !s.closed,
    })),
    { kind: 'rule' },
    { kind: 'pair', left: 'Printed', right: `${istDateTime(d.printedAt)} IST` },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: 'Supervisor signature _________' },
    { kind: 'feed', lines: 2 },
  ];
  return { paper, lines, cut: true, openDrawer: false };
}
