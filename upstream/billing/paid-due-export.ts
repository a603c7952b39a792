// The "paid but still due" check of one import as a file for billing and the auditors: CSV, XLSX or
// PDF, with a manifest signed by the server key (contract counterfoil-central-export/3, checked by
// `counterfoil verify-export`). One row per payment, so each shortfall names its receipts.
import { createHash, sign } from 'node:crypto';
import { CENTRAL_EXPORT_MANIFEST_FORMAT_3, CENTRAL_EXPORT_FORMATS_2, CentralExportManifest3, manifestSignedText } from '../../shared/export-manifest.js';
import { toRupeeString, type Paise } from '../../shared/money.js';
import type { PaidDueReport } from '../../shared/paid-still-due.js';
import { safeText } from '../../shared/spreadsheet-text.js';
import { keyIdOf, type ServerKey } from '../crypto.js';
import { csvOfSections, pdfOfSections, xlsxOfSections, type ReportSection } from '../export-sections.js';

export type PaidDueFormat = (typeof CENTRAL_EXPORT_FORMATS_2)[number];

const rupees = (p: number) => toRupeeString(p as Paise);

function sections(r: PaidDueReport): ReportSection[] {
  return [
    {
      title: 'Paid but still due',
      header: ['Account', 'Bill', 'Previous due (₹)', 'Paid since (₹)', 'New due (₹)', 'Shortfall (₹)', 'Receipt', 'Terminal', 'Business date', 'Mode', 'Amount (₹)', 'Reached the centre'],
      rows: r.accounts.flatMap((a) => a.payments.map((p) => [
        safeText(a.accountNo), safeText(a.billNo), rupees(a.previousDuePaise), rupees(a.paidPaise), rupees(a.newDuePaise), rupees(a.shortfallPaise),
        safeText(p.receiptNo), safeText(p.terminalId), p.businessDate, p.mode, rupees(p.amountPaise), p.receivedAt,
      ])),
    },
    {
      title: 'Paid to accounts not in the master',
      header: ['Account', 'Receipt', 'Terminal', 'Business date', 'Mode', 'Amount (₹)'],
      rows: r.unknown.map((u) => [safeText(u.accountNo), safeText(u.receiptNo), safeText(u.terminalId), u.businessDate, u.mode, rupees(u.amountPaise)]),
    },
  ];
}

export interface PaidDueExport {
  fileName: string;
  bytes: Buffer;
  manifest: CentralExportManifest3;
}

export async function exportPaidDue(r: PaidDueReport, key: ServerKey, format: PaidDueFormat, by: string, now: Date): Promise<PaidDueExport> {
  const c = r.check;
  const summary = `Import ${c.subject} checked ${c.checkedAt} by ${c.checkedBy}: ${c.accounts} accounts still due after payment (shortfall ₹${rupees(c.shortfallPaise)}); `
    + `${c.unknownPayments} payments to accounts not in the master (₹${rupees(c.unknownPaise)}). Generated ${now.toISOString()}.`;
  const s = sections(r);
  const bytes = format === 'csv' ? csvOfSections(s)
    : format === 'xlsx' ? await xlsxOfSections(s, `check ${c.id} of ${c.checkedAt}`, now)
    : await pdfOfSections(s, `Paid but still due — check ${c.id}`, summary, now);
  const fileName = `counterfoil-centre-paid-still-due-${c.id}.${format}`;
  const unsigned = {
    format: CENTRAL_EXPORT_MANIFEST_FORMAT_3,
    centre: { keyId: keyIdOf(key.publicRaw), publicKey: key.publicRaw.toString('base64url') },
    file: { name: fileName, format, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    generatedAt: now.toISOString(),
    generatedBy: by,
    report: {
      name: 'paid-still-due' as const, check: c.id, checkedAt: c.checkedAt, subject: c.subject,
      accounts: c.accounts, shortfallPaise: c.shortfallPaise, unknownPayments: c.unknownPayments, unknownPaise: c.unknownPaise,
    },
  };
  const signature = sign(null, Buffer.from(manifestSignedText(unsigned), 'utf8'), key.privateKey).toString('base64url');
  return { fileName, bytes, manifest: CentralExportManifest3.parse({ ...unsigned, signature }) };
}
