// The signed manifest beside every export — contract `counterfoil-export/1` (docs/reports.md).
// It names the file by its SHA-256 and carries the day summary the file was made from; the
// terminal's Ed25519 key signs the RFC 8785 canonical JSON of everything but `signature`.
// An edited byte in the file changes its hash; an edited manifest breaks the signature.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { DaySummary } from './day-summary.js';

export const EXPORT_MANIFEST_FORMAT = 'counterfoil-export/1';
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const ExportManifest = z.strictObject({
  format: z.literal(EXPORT_MANIFEST_FORMAT),
  terminal: z.strictObject({
    id: z.string(),
    /** DESIGN §4 KEYID of the key that signed. */
    keyId: hex(16),
    /** Raw 32-byte Ed25519 public key, base64url. */
    publicKey: b64url,
  }),
  file: z.strictObject({
    name: z.string(),
    format: z.enum(EXPORT_FORMATS),
    bytes: z.number().int().nonnegative(),
    sha256: hex(64),
  }),
  generatedAt: z.string(),
  summary: DaySummary,
  /** Ed25519 over signedBytes(manifest), base64url without padding. */
  signature: b64url,
});
export type ExportManifest = z.infer<typeof ExportManifest>;

/**
 * The centre's exports (issue 17) — contract `counterfoil-central-export/1`: the same scheme, the
 * file named by its SHA-256, signed by the server key (the key the centre gives each terminal at
 * enrollment), carrying what the report covers and its totals instead of a terminal's day summary.
 */
export const CENTRAL_EXPORT_MANIFEST_FORMAT = 'counterfoil-central-export/1';
export const CENTRAL_EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export const CentralExportManifest = z.strictObject({
  format: z.literal(CENTRAL_EXPORT_MANIFEST_FORMAT),
  centre: z.strictObject({
    /** DESIGN §4 KEYID of the server key. */
    keyId: hex(16),
    /** Raw 32-byte Ed25519 public key, base64url. */
    publicKey: b64url,
  }),
  file: z.strictObject({
    name: z.string(),
    format: z.enum(CENTRAL_EXPORT_FORMATS),
    bytes: z.number().int().nonnegative(),
    sha256: hex(64),
  }),
  generatedAt: z.string(),
  /** The central user (or `cli:<os user>`) who asked for it. */
  generatedBy: z.string(),
  report: z.strictObject({
    name: z.literal('collections'),
    from: z.string(),
    to: z.string(),
    /** The dimensions rows are grouped by, in order. */
    by: z.array(z.string()),
    substation: z.string().nullable(),
    rows: z.number().int().nonnegative(),
    payments: z.number().int().nonnegative(),
    amountPaise: z.number().int(),
    voids: z.number().int().nonnegative(),
    late: z.number().int().nonnegative(),
  }),
  signature: b64url,
});
export type CentralExportManifest = z.infer<typeof CentralExportManifest>;

/**
 * Contract `counterfoil-central-export/2` (issue 18): the same scheme and keys as /1, for the money
 * exceptions report, which is also a PDF. /1 stays what it was (the collections report, CSV or XLSX).
 */
export const CENTRAL_EXPORT_MANIFEST_FORMAT_2 = 'counterfoil-central-export/2';
export const CENTRAL_EXPORT_FORMATS_2 = ['csv', 'xlsx', 'pdf'] as const;

export const CentralExportManifest2 = z.strictObject({
  format: z.literal(CENTRAL_EXPORT_MANIFEST_FORMAT_2),
  centre: CentralExportManifest.shape.centre,
  file: z.strictObject({
    name: z.string(),
    format: z.enum(CENTRAL_EXPORT_FORMATS_2),
    bytes: z.number().int().nonnegative(),
    sha256: hex(64),
  }),
  generatedAt: z.string(),
  generatedBy: z.string(),
  report: z.strictObject({
    name: z.literal('money-exceptions'),
    /** The morning the report is for: counter-days up to the day before are judged as of this day. */
    asOf: z.string(),
    from: z.string(),
    to: z.string(),
    redDays: z.number().int().nonnegative(),
    /** Σ of the red counter-days' differences (negative: money missing). */
    differencePaise: z.number().int(),
    unexplainedEntries: z.number().int().nonnegative(),
    settlementExceptions: z.number().int().nonnegative(),
    flaggedCashiers: z.number().int().nonnegative(),
  }),
  signature: b64url,
});
export type CentralExportManifest2 = z.infer<typeof CentralExportManifest2>;

/**
 * Contract `counterfoil-central-export/3` (issue 19): the same scheme and keys as /2, for the
 * "paid but still due" check of one consumer master import (docs/paid-still-due.md). /1 and /2 stay
 * what they were.
 */
export const CENTRAL_EXPORT_MANIFEST_FORMAT_3 = 'counterfoil-central-export/3';

export const CentralExportManifest3 = z.strictObject({
  format: z.literal(CENTRAL_EXPORT_MANIFEST_FORMAT_3),
  centre: CentralExportManifest.shape.centre,
  file: CentralExportManifest2.shape.file,
  generatedAt: z.string(),
  generatedBy: z.string(),
  report: z.strictObject({
    name: z.literal('paid-still-due'),
    /** The check (one per import) the file lists, and the import it was run on. */
    check: z.number().int().positive(),
    checkedAt: z.string(),
    subject: z.string(),
    /** Accounts whose due did not go down by what was paid, and Σ of their shortfalls. */
    accounts: z.number().int().nonnegative(),
    shortfallPaise: z.number().int().nonnegative(),
    /** Payments to accounts the master does not know, and Σ of their amounts. */
    unknownPayments: z.number().int().nonnegative(),
    unknownPaise: z.number().int(),
  }),
  signature: b64url,
});
export type CentralExportManifest3 = z.infer<typeof CentralExportManifest3>;

/** The bytes the signature covers: the canonical JSON of the manifest without its signature. */
export function manifestSignedText(m: { signature?: string } & Record<string, unknown>): string {
  const { signature: _signature, ...rest } = m;
  const text = canonicalize(rest);
  if (text === undefined) throw new TypeError('manifest is not serialisable');
  return text;
}

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};
