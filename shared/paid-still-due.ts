// "Paid but still shows due" (issue 19): what each import of the consumer master is checked for,
// as the centre stores it and the console, the CLI and the signed export show it. The rule is
// upstream/billing/paid-still-due.ts; docs/billing.md states it for a billing team.
import { z } from 'zod';

/** A signed payment as the check counted it. */
export const PaidDuePayment = z.strictObject({
  terminalId: z.string(),
  seq: z.number().int().positive(),
  receiptNo: z.string(),
  amountPaise: z.number().int(),
  mode: z.string(),
  businessDate: z.string(),
  /** When the centre received it (UTC ISO): from then on billing could know it. */
  receivedAt: z.string(),
});
export type PaidDuePayment = z.infer<typeof PaidDuePayment>;

/** (a) An account whose bill did not go down by what was paid on it since the previous import. */
export const PaidDueAccount = z.strictObject({
  accountNo: z.string(),
  billNo: z.string(),
  previousDuePaise: z.number().int(),
  paidPaise: z.number().int(),
  newDuePaise: z.number().int(),
  /** newDue − max(0, previousDue − paid): what the due is higher than it should be. */
  shortfallPaise: z.number().int().positive(),
  payments: z.array(PaidDuePayment),
});
export type PaidDueAccount = z.infer<typeof PaidDueAccount>;

/** (b) A payment to an account the master does not know. */
export const PaidDueUnknown = z.strictObject({
  terminalId: z.string(),
  seq: z.number().int().positive(),
  accountNo: z.string(),
  receiptNo: z.string(),
  amountPaise: z.number().int(),
  mode: z.string(),
  businessDate: z.string(),
});
export type PaidDueUnknown = z.infer<typeof PaidDueUnknown>;

/** One import's check: what was imported, by whom, and the totals of both lists. */
export const PaidDueCheck = z.strictObject({
  id: z.number().int().positive(),
  checkedAt: z.string(),
  checkedBy: z.string(),
  subject: z.string(),
  records: z.number().int().nonnegative(),
  accounts: z.number().int().nonnegative(),
  shortfallPaise: z.number().int().nonnegative(),
  unknownPayments: z.number().int().nonnegative(),
  unknownPaise: z.number().int(),
});
export type PaidDueCheck = z.infer<typeof PaidDueCheck>;

export const PaidDueReport = z.strictObject({
  check: PaidDueCheck,
  accounts: z.array(PaidDueAccount),
  unknown: z.array(PaidDueUnknown),
});
export type PaidDueReport = z.infer<typeof PaidDueReport>;

/** The console's and the CLI's query: one check (the latest when omitted), and an export's format. */
const CheckId = z.string().regex(/^[1-9]\d{0,14}$/, 'a check is the number the list gives');
export const PaidDueQueryString = z.strictObject({ check: CheckId.optional() });
export const PaidDueExportQueryString = z.strictObject({ check: CheckId.optional(), format: z.enum(['csv', 'xlsx', 'pdf']) });
