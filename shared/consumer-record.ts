// One consumer as the centre holds it: account, meter, names in both scripts, the mobile number,
// the bill and its due. The CSV import and the feed's first record version check against this;
// a terminal keeps the counter record below, with the mobile's last 4 digits only.
import { z } from 'zod';

export const ConsumerRecord = z.strictObject({
  accountNo: z.string().regex(/^[A-Z0-9]{6,16}$/, 'an account no. is 6–16 letters or digits'),
  meterNo: z.string().regex(/^[A-Z0-9-]{4,20}$/, 'a meter no. is 4–20 letters, digits or dashes'),
  name: z.string().min(1).max(80),
  nameHi: z.string().max(80),
  mobile: z.string().regex(/^(\d{10})?$/, 'a mobile no. is 10 digits (or empty)'),
  locality: z.string().max(80),
  localityHi: z.string().max(80),
  billNo: z.string().max(24),
  dueDate: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a due date is YYYY-MM-DD (or empty)'),
  amountDuePaise: z.number().int().min(0).max(1e12),
});
export type ConsumerRecord = z.infer<typeof ConsumerRecord>;

/** The record's fields in a fixed order: CSV columns for import and export. */
export const CONSUMER_FIELDS = Object.keys(ConsumerRecord.shape) as (keyof ConsumerRecord)[];

/**
 * The counter record: what a terminal keeps of a consumer (issue 15 #10). The same fields, but the
 * mobile number's last 4 digits (enough to find a consumer at the counter) instead of the whole
 * number, which stays at the centre. The feed sends it as record version 2 (docs/sync.md).
 */
const { mobile: _wholeMobile, ...counterFields } = ConsumerRecord.shape;
export const CounterConsumerRecord = z.strictObject({
  ...counterFields,
  mobileLast4: z.string().regex(/^(\d{4})?$/, "a mobile's last 4 digits (or empty)"),
});
export type CounterConsumerRecord = z.infer<typeof CounterConsumerRecord>;

/** What a counter keeps of a whole record. */
export function counterRecordOf(r: ConsumerRecord | CounterConsumerRecord): CounterConsumerRecord {
  if (!('mobile' in r)) return r;
  const { mobile, ...rest } = r;
  return { ...rest, mobileLast4: mobile.slice(-4) };
}

/**
 * What the centre knows was paid on the consumer's current bill and is not taken off its due by
 * the latest master (issue 19, upstream/billing/paid-still-due.ts): the bill, how much more is due
 * than should be, and the receipts concerned (the newest POSTED_RECEIPTS_MAX). Null when none.
 */
export const POSTED_RECEIPTS_MAX = 20;
export const PostedNotApplied = z.strictObject({
  billNo: z.string().max(24),
  amountPaise: z.number().int().positive().max(1e12),
  receipts: z.array(z.strictObject({
    receiptNo: z.string().max(40),
    businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    amountPaise: z.number().int().max(1e12),
  })).max(POSTED_RECEIPTS_MAX),
});
export type PostedNotApplied = z.infer<typeof PostedNotApplied>;

/** The feed's record version 3: the counter record and what the centre knows of the bill. */
export const CounterConsumerRecord3 = CounterConsumerRecord.extend({ postedNotApplied: PostedNotApplied.nullable() });
export type CounterConsumerRecord3 = z.infer<typeof CounterConsumerRecord3>;
