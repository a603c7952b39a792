// The backup a counter takes at every shift close (core/db/backup-schedule.ts): where it goes and
// what came of the last one. Apart from the contract so the settings screen checks a folder by the
// same schema without bundling every channel's.
import { z } from 'zod';
import { freeText } from './free-text.js';

/** Where the ledger is copied at every shift close. */
export const BackupSettings = z.strictObject({
  /** An absolute folder (a USB stick); null: no backup at shift close. */
  dir: freeText(400).regex(/^(\/|[A-Za-z]:[\\/])/, 'the backup folder is an absolute path').nullable(),
  /** How many copies of this terminal to keep in the folder (the oldest go first). */
  keep: z.number().int().min(1).max(365),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

/** The last backup taken at a shift close. */
export const BackupOutcome = z.object({
  at: z.string(),
  ok: z.boolean(),
  file: z.string().nullable(),
  headSeq: z.number().int().nullable(),
  /** Why it failed, in words; null when ok. */
  error: z.string().nullable(),
  /** Older copies removed to keep `keep`. */
  removed: z.number().int(),
});
export type BackupOutcome = z.infer<typeof BackupOutcome>;
