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

/** The bytes the signature covers: the canonical JSON of the manifest without its signature. */
export function manifestSignedText(m: Omit<ExportManifest, 'signature'> & { signature?: string }): string {
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
