// The day (Z) report layout: a business day's collection on this terminal from the day summary
// model (core/reports/day-summary.ts): by mode and cashier, voids, the receipt series, each
// shift's cash, the cheques for the deposit slip and how much the centre holds. Printed when a
// supervisor closes the day (journaled day.closed) through the same encoders and queue as a receipt.
import type { DaySummary } from '../../shared/day-summary.js';
import { closedDay } from '../ledger/day-close.js';
import { daySummary, dateRange } from '../reports/day-summary.js';
import type { Terminal } from '../terminal/terminal.js';
import type { LayoutLine, PaperWidth, ReceiptLayout } from './layout.js';
import { dmy, istDateTime, modeShort, rupeesText } from './printed-text.js';

export interface DayClose {
  closedAt: Date;
  closedBy: string;
  seq: number;
}

/** The report of one day as it stands now: Z once the day is closed, X before. */
export function dayReportOf(t: Terminal, date: string, paper: PaperWidth): ReceiptLayout {
  const closed = closedDay(t.db, date);
  return dayReportLayout(
    daySummary(t, dateRange(date)),
    t.clock(),
    paper,
    closed ? { closedAt: new Date(closed.closedAt), closedBy: closed.closedBy, seq: closed.seq } : null,
  );
}

export function dayReportLayout(d: DaySummary, printedAt: Date, paper: PaperWidth, closed: DayClose | null = null): ReceiptLayout {
  const days = d.from === d.to ? dmy(d.from) : `${dmy(d.from)} - ${dmy(d.to)}`;
  const lines: LayoutLine[] = [
    { kind: 'text', text: 'दिन का सारांश', align: 'center', bold: true },
    { kind: 'text', text: closed ? 'DAY REPORT (Z) - DAY CLOSED' : 'DAY REPORT (X) - DAY STILL OPEN', align: 'center', bold: true },
    { kind: 'text', text: `${d.substation} / ${d.counter}  ${days}`, align: 'center' },
    { kind: 'rule' },
    ...(d.series.length === 0 ? [{ kind: 'pair', left: 'Receipts', right: 'none' } as const] : []),
    ...d.series.flatMap((s): LayoutLine[] => [
      { kind: 'pair', left: `Receipts (${s.count})`, right: `${s.first} -` },
      { kind: 'pair', left: '', right: s.last },
    ]),
    { kind: 'rule' },
    ...d.byMode.map((m): LayoutLine => ({ kind: 'pair', left: `${modeShort(m.mode)} (${m.count})`, right: rupeesText(m.totalPaise) })),
    { kind: 'pair', left: `TOTAL COLLECTED (${d.totals.count})`, right: rupeesText(d.totals.totalPaise), bold: true },
    { kind: 'pair', left: `Cancelled (${d.voids.count})`, right: rupeesText(d.voids.totalPaise) },
    ...d.voids.list.map((v): LayoutLine => ({ kind: 'pair', left: `  ${v.receiptNo}`, right: `${rupeesText(v.amountPaise)} ok ${v.approvedBy}` })),
    { kind: 'rule' },
    { kind: 'text', text: 'By cashier' },
    ...d.byCashier.map((c): LayoutLine => ({ kind: 'pair', left: `${c.cashier} (${c.count})`, right: rupeesText(c.totalPaise) })),
    { kind: 'rule' },
    { kind: 'text', text: 'Shifts: cash expected / counted' },
    ...d.shifts.map((s): LayoutLine => ({
      kind: 'pair',
      left: `${s.shiftId} ${s.cashier}`,
      right: s.closedAt ? `${rupeesText(s.expectedPaise ?? 0)} / ${rupeesText(s.countedPaise ?? 0)}` : 'STILL OPEN',
      bold: !s.closedAt,
    })),
    ...(d.instruments.length
      ? [
          { kind: 'rule' } as const,
          { kind: 'text', text: `Cheques and DDs for the bank (${d.instruments.length})` } as const,
          ...d.instruments.map((i): LayoutLine => ({ kind: 'pair', left: `${modeShort(i.mode)} ${i.number}`, right: rupeesText(i.amountPaise) })),
          {
            kind: 'pair',
            left: 'Cheque/DD total',
            right: rupeesText(d.instruments.reduce((s, i) => s + i.amountPaise, 0)),
            bold: true,
          } as const,
        ]
      : []),
    { kind: 'rule' },
    { kind: 'pair', left: 'Held centrally', right: `${d.sync.centrallyHeld} of ${d.sync.payments}` },
    ...(d.sync.notYetPaise > 0 ? [{ kind: 'pair', left: 'Not yet sent', right: rupeesText(d.sync.notYetPaise) } as const] : []),
    ...(closed
      ? [
          { kind: 'pair', left: 'Closed', right: `${istDateTime(closed.closedAt)} IST` } as const,
          { kind: 'pair', left: 'Closed by', right: `${closed.closedBy} (journal ${closed.seq})` } as const,
        ]
      : []),
    { kind: 'pair', left: 'Printed', right: `${istDateTime(printedAt)} IST` },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: 'Supervisor signature _________' },
    { kind: 'feed', lines: 2 },
  ];
  return { paper, lines, cut: true, openDrawer: false };
}
