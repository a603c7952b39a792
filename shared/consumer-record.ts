// One consumer as the centre sends it and the terminal caches it: account, meter, names in both
// scripts, the bill and its due. The feed (DESIGN §6) and the CSV import both check against this.
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
