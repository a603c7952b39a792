// The day summary — one model of a business day's (or a range of days') collection on one
// terminal, from which the day view, the Z report and every export are made, and which an
// export's manifest signs (contract `counterfoil-summary/1`, docs/reports.md). Amounts are paise.
import { z } from 'zod';

export const SUMMARY_FORMAT = 'counterfoil-summary/1';
/** The longest range one summary or export covers: a financial year. */
export const SUMMARY_MAX_DAYS = 366;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const int = z.number().int().safe();
const Mode = z.enum(['cash', 'cheque', 'dd', 'upi', 'card']);
const tally = { count: int, totalPaise: int };

export const DaySummary = z.strictObject({
  format: z.literal(SUMMARY_FORMAT),
  terminalId: z.string(),
  substation: z.string(),
  counter: z.string(),
  from: isoDate,
  to: isoDate,
  /** Receipts not cancelled; every breakdown below but voids counts only these. */
  totals: z.strictObject(tally),
  byMode: z.array(z.strictObject({ mode: Mode, ...tally })),
  byCashier: z.array(z.strictObject({ cashier: z.string(), ...tally })),
  byDate: z.array(z.strictObject({ date: isoDate, ...tally })),
  /** Hour of the day in India (0–23) the payment was recorded. */
  byHour: z.array(z.strictObject({ date: isoDate, hour: int, ...tally })),
  /** Shifts opened in the range; cash expected and counted are known once a shift is closed. */
  shifts: z.array(
    z.strictObject({
      shiftId: int,
      cashier: z.string(),
      businessDate: isoDate,
      openedAt: z.string(),
      closedAt: z.string().nullable(),
      openingFloatPaise: int,
      ...tally,
      cashPaise: int,
      expectedPaise: int.nullable(),
      countedPaise: int.nullable(),
      variancePaise: int.nullable(),
    }),
  ),
  voids: z.strictObject({
    ...tally,
    list: z.array(
      z.strictObject({
        receiptNo: z.string(),
        businessDate: isoDate,
        accountNo: z.string(),
        mode: Mode,
        amountPaise: int,
        voidedAt: z.string(),
        requestedBy: z.string(),
        approvedBy: z.string(),
        reason: z.string(),
      }),
    ),
  }),
  /** Per receipt series (financial year): the first and last number issued in the range, cancelled ones included. */
  series: z.array(z.strictObject({ fy: z.string(), first: z.string(), last: z.string(), count: int })),
  /** Cheques and DDs not cancelled: the bank deposit slip's list. */
  instruments: z.array(
    z.strictObject({
      receiptNo: z.string(),
      businessDate: isoDate,
      mode: z.enum(['cheque', 'dd']),
      number: z.string(),
      bank: z.string(),
      date: isoDate,
      accountNo: z.string(),
      amountPaise: int,
    }),
  ),
  /** How much of the range the central server has acknowledged holding. */
  sync: z.strictObject({ payments: int, centrallyHeld: int, notYetPaise: int }),
});
export type DaySummary = z.infer<typeof DaySummary>;

/** One payment as the exports list it (the Payments sheet, the CSV rows). */
export interface PaymentLine {
  receiptNo: string;
  businessDate: string;
  recordedAt: string;
  /** recordedAt on the IST wall clock, "YYYY-MM-DD HH:MM". */
  recordedAtIst: string;
  shiftId: number;
  cashier: string;
  accountNo: string;
  nameEn: string;
  nameHi: string;
  mode: z.infer<typeof Mode>;
  /** Cheque/DD no., bank and date; UPI UTR; card last 4 and approval — as one line of text. */
  instrument: string;
  amountPaise: number;
  voided: boolean;
  seq: number;
  centrallyHeld: boolean;
}
