// An export: the day summary and its payments written as CSV, XLSX or PDF, with the signed
// manifest (shared/export-manifest.ts) that lets anyone holding the terminal's public key say
// later whether the file is the one this terminal wrote.
import {
  CENTRAL_EXPORT_MANIFEST_FORMAT, CENTRAL_EXPORT_MANIFEST_FORMAT_2, CENTRAL_EXPORT_MANIFEST_FORMAT_3, CentralExportManifest, CentralExportManifest2, CentralExportManifest3, EXPORT_MANIFEST_FORMAT, ExportManifest, manifestSignedText, type ExportFormat,
} from '../../shared/export-manifest.js';
import { keyIdOf, publicKeyFromRaw, rawPublicKey, sha256, verifySignature } from '../ledger/signer.js';
import type { KeyObject } from 'node:crypto';
import type { Terminal } from '../terminal/terminal.js';
import { writeCsv } from './csv.js';
import { daySummary, paymentLines, type DateRange } from './day-summary.js';
import { writePdf } from './pdf.js';
import type { ReportInput } from './report-input.js';
import { writeXlsx } from './xlsx.js';

const WRITERS: Record<ExportFormat, (input: ReportInput) => Buffer | Promise<Buffer>> = { csv: writeCsv, xlsx: writeXlsx, pdf: writePdf };

export interface Export {
  fileName: string;
  bytes: Buffer;
  manifest: ExportManifest;
}

/** counterfoil-SS042-C1-2026-11-26.csv, or …-2026-11-01_2026-11-30.pdf for a range. */
export function exportFileName(t: Terminal, range: DateRange, format: ExportFormat): string {
  const days = range.from === range.to ? range.from : `${range.from}_${range.to}`;
  return `counterfoil-${t.substation}-${t.counter}-${days}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export async function makeExport(t: Terminal, range: DateRange, format: ExportFormat): Promise<Export> {
  const generatedAt = t.clock();
  const summary = daySummary(t, range);
  const bytes = await WRITERS[format]({ summary, lines: paymentLines(t, range), generatedAt });
  const fileName = exportFileName(t, range, format);
  const unsigned = {
    format: EXPORT_MANIFEST_FORMAT,
    terminal: { id: t.id, keyId: t.signer.keyId, publicKey: rawPublicKey(t.signer.publicKey).toString('base64url') },
    file: { name: fileName, format, bytes: bytes.length, sha256: sha256(bytes).toString('hex') },
    generatedAt: generatedAt.toISOString(),
    summary,
  } as const;
  const manifest = { ...unsigned, signature: t.signer.sign(manifestSignedText(unsigned)).toString('base64url') };
  return { fileName, bytes, manifest: ExportManifest.parse(manifest) };
}

export type ExportVerdict =
  | {
    genuine: true;
    /** Who signed: a terminal (its id) or the centre (the server key). */
    signer: { kind: 'terminal'; terminalId: string } | { kind: 'centre' };
    /** Kept for callers of the terminal's exports: the signing terminal, or null for the centre's. */
    terminalId: string | null;
    keyId: string;
    from: string;
    to: string;
    totalPaise: number;
    count: number;
    keyPinned: boolean;
  }
  | { genuine: false; reason: string };

/**
 * Genuine when the manifest is well formed (a terminal's `counterfoil-export/1` or the centre's
 * `counterfoil-central-export/1`), its signature holds under its key (and that key is the pinned
 * one, when the caller knows the signer's key) and the file's hash and size are the manifest's.
 * Never throws on bad input: the reason says what is wrong.
 */
export function verifyExport(file: Buffer, manifestText: string, pinnedKeys?: KeyObject | readonly KeyObject[]): ExportVerdict {
  // A terminal that rotated its key has signed earlier exports with an earlier key: any of its keys pins.
  const pinned = pinnedKeys === undefined ? undefined : Array.isArray(pinnedKeys) ? pinnedKeys : [pinnedKeys as KeyObject];
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch {
    return { genuine: false, reason: 'the manifest is not JSON' };
  }
  const declared = (json as { format?: unknown } | null)?.format;
  const central = declared === CENTRAL_EXPORT_MANIFEST_FORMAT || declared === CENTRAL_EXPORT_MANIFEST_FORMAT_2 || declared === CENTRAL_EXPORT_MANIFEST_FORMAT_3;
  const parsed = declared === CENTRAL_EXPORT_MANIFEST_FORMAT_3 ? CentralExportManifest3.safeParse(json)
    : declared === CENTRAL_EXPORT_MANIFEST_FORMAT_2 ? CentralExportManifest2.safeParse(json) : central ? CentralExportManifest.safeParse(json) : ExportManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const format = central ? String(declared) : EXPORT_MANIFEST_FORMAT;
    return { genuine: false, reason: `the manifest is not a ${format} manifest (${issue?.path.join('.') || 'top'}: ${issue?.message ?? 'invalid'})` };
  }
  const m = parsed.data;
  const signerKey = 'centre' in m ? m.centre : m.terminal;
  let key: KeyObject;
  try {
    key = publicKeyFromRaw(Buffer.from(signerKey.publicKey, 'base64url'));
  } catch {
    return { genuine: false, reason: 'the manifest’s public key is not an Ed25519 key' };
  }
  if (keyIdOf(key) !== signerKey.keyId) return { genuine: false, reason: 'the manifest’s key id does not name its public key' };
  if (pinned && !pinned.some((k) => keyIdOf(k) === signerKey.keyId)) {
    const whose = 'centre' in m ? 'the centre’s key' : 'this terminal’s key';
    return { genuine: false, reason: `signed by key ${signerKey.keyId}, not by ${whose} ${pinned.map(keyIdOf).join(' or ')}` };
  }
  if (!verifySignature(key, manifestSignedText(m), Buffer.from(m.signature, 'base64url'))) {
    return { genuine: false, reason: 'the manifest’s signature does not hold: the manifest was altered' };
  }
  if (file.length !== m.file.bytes || sha256(file).toString('hex') !== m.file.sha256) {
    return { genuine: false, reason: `the file is not the one signed: its SHA-256 is ${sha256(file).toString('hex')}, the manifest names ${m.file.sha256}` };
  }
  const common = { genuine: true as const, keyId: signerKey.keyId, keyPinned: pinned !== undefined };
  if ('centre' in m) {
    const r = m.report;
    // The paid-still-due check's figures: the day it ran, its listed accounts and their shortfalls.
    if (r.name === 'paid-still-due') {
      const day = r.checkedAt.slice(0, 10);
      return { ...common, signer: { kind: 'centre' }, terminalId: null, from: day, to: day, totalPaise: r.shortfallPaise, count: r.accounts };
    }
    // The money exceptions report's figures: its red counter-days and their differences.
    return r.name === 'money-exceptions'
      ? { ...common, signer: { kind: 'centre' }, terminalId: null, from: r.from, to: r.to, totalPaise: r.differencePaise, count: r.redDays }
      : { ...common, signer: { kind: 'centre' }, terminalId: null, from: r.from, to: r.to, totalPaise: r.amountPaise, count: r.payments };
  }
  return {
    ...common, signer: { kind: 'terminal', terminalId: m.terminal.id }, terminalId: m.terminal.id, from: m.summary.from, to: m.summary.to,
    totalPaise: m.summary.totals.totalPaise, count: m.summary.totals.count,
  };
}
