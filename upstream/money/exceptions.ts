// The daily exceptions report (docs/reconciliation.md § Exceptions): as of a morning, every red
// counter-day of the last EXCEPTIONS_DAYS days, the bank entries nothing explains, the provider lines
// that are not a clean match, and the cashiers whose shortages repeat — as JSON for the console, and
// as CSV, XLSX or PDF with a manifest signed by the server key (contract counterfoil-central-export/2,
// checked by `counterfoil verify-export`).
import { createHash, sign } from 'node:crypto';
import { addDays } from '../../shared/dates.js';
import { CENTRAL_EXPORT_MANIFEST_FORMAT_2, CentralExportManifest2, manifestSignedText } from '../../shared/export-manifest.js';
import { toRupeeString, type Paise } from '../../shared/money.js';
import type { MoneyExceptions, MoneySettings } from '../../shared/money-monitor.js';
import { safeText } from '../../shared/spreadsheet-text.js';
import { keyIdOf, type ServerKey } from '../crypto.js';
import { csvOfSections, pdfOfSections, xlsxOfSections, type ReportSection } from '../export-sections.js';
import type { Sql } from '../store.js';
import { ENTRY_COLUMNS, statementEntry } from './detail.js';
import { moneyMonitor } from './monitor.js';
import { overShort } from './reports.js';

/** How far back a morning's report looks. */
export const EXCEPTIONS_DAYS = 62;

export async function moneyExceptions(sql: Sql, s: MoneySettings, asOf: string): Promise<MoneyExceptions> {
  const from = addDays(asOf, -EXCEPTIONS_DAYS);
  const to = addDays(asOf, -1);
  const [monitor, entries, lines, cashiers] = await Promise.all([
    moneyMonitor(sql, s, { from, to, asOf }, 'red'),
    sql.query<Parameters<typeof statementEntry>[0]>(
      `SELECT ${ENTRY_COLUMNS} FROM statement_lines l LEFT JOIN statement_matches m ON m.line_id = l.id
        WHERE l.booked_on BETWEEN $1::date AND $2::date AND m.line_id IS NULL ORDER BY l.booked_on, l.id`, [from, to]),
    sql.query<{ id: string; provider: string; batch: string; reference: string; amount_paise: string; settled_on: string; state: string; terminal_id: string | null; business_date: string | null }>(
      `SELECT id, provider, batch, reference, amount_paise, to_char(settled_on, 'YYYY-MM-DD') AS settled_on, state, terminal_id, to_char(business_date, 'YYYY-MM-DD') AS business_date
         FROM settlement_lines WHERE settled_on BETWEEN $1::date AND $2::date AND state <> 'matched' ORDER BY settled_on, id`, [from, to]),
    overShort(sql, s, from, to),
  ]);
  return {
    asOf, from, to, redDays: monitor.rows, unexplained: entries.map(statementEntry),
    settlement: lines.map((l) => ({
      lineId: Number(l.id), provider: l.provider, batch: l.batch, reference: l.reference, amountPaise: Number(l.amount_paise), settledOn: l.settled_on, state: l.state,
      terminalId: l.terminal_id, businessDate: l.business_date,
    })),
    flaggedCashiers: cashiers.filter((c) => c.flagged),
  };
}

const rupees = (p: number) => toRupeeString(p as Paise);

/** The report as sections of rows (English, a fixed layout like the other exports). */
function sections(r: MoneyExceptions): ReportSection[] {
  return [
    {
      title: 'Red counter-days',
      header: ['Business date', 'Substation', 'Counter', 'Terminal', 'Collected (₹)', 'Declared (₹)', 'Credited (₹)', 'Settled (₹)', 'Returned (₹)', 'Difference (₹)', 'Owed (₹)', 'Age (days)', 'Reasons'],
      rows: r.redDays.map((d) => [
        d.businessDate, safeText(d.substation), safeText(d.counter), safeText(d.terminalId), rupees(d.collectedPaise), rupees(d.declaredPaise), rupees(d.creditedPaise),
        rupees(d.settledPaise), rupees(d.returnedPaise), rupees(d.differencePaise), rupees(d.owedPaise), d.ageDays, d.reasons.map((x) => `${x.reason} ${rupees(x.paise)}`).join('; '),
      ]),
    },
    {
      title: 'Bank entries nothing explains',
      header: ['Booked on', 'Account', 'Statement', 'Entry', 'Direction', 'Amount (₹)', 'Narration', 'Reference'],
      rows: r.unexplained.map((e) => [e.bookedOn, safeText(e.account), e.statementId, e.line, e.direction, rupees(e.amountPaise), safeText(e.narration), safeText(e.reference)]),
    },
    {
      title: 'Provider lines not cleanly matched',
      header: ['Settled on', 'Provider', 'Batch', 'Reference', 'Amount (₹)', 'State', 'Terminal', 'Business date'],
      rows: r.settlement.map((l) => [l.settledOn, safeText(l.provider), safeText(l.batch), safeText(l.reference), rupees(l.amountPaise), l.state, safeText(l.terminalId ?? ''), l.businessDate ?? '']),
    },
    {
      title: 'Cashiers with repeated shortages',
      header: ['Cashier', 'Shifts', 'Shortages', 'Short (₹)', 'Recent shortages'],
      rows: r.flaggedCashiers.map((c) => [safeText(c.cashier), c.shifts, c.shortages, rupees(c.shortPaise), c.recentShortages]),
    },
  ];
}

export interface MoneyExport {
  fileName: string;
  bytes: Buffer;
  manifest: CentralExportManifest2;
}

export async function exportMoneyExceptions(sql: Sql, key: ServerKey, s: MoneySettings, asOf: string, format: 'csv' | 'xlsx' | 'pdf', by: string, now: Date): Promise<MoneyExport> {
  const r = await moneyExceptions(sql, s, asOf);
  const bytes = format === 'csv' ? csvOfSections(sections(r))
    : format === 'xlsx' ? await xlsxOfSections(sections(r), `money exceptions as of ${r.asOf} (${r.from} to ${r.to})`, now)
    : await pdfOfSections(sections(r), `Money exceptions as of ${r.asOf}`, `Counter-days ${r.from} to ${r.to}: ${r.redDays.length} red; ${r.unexplained.length} bank entries unexplained; ${r.settlement.length} provider lines not matched; ${r.flaggedCashiers.length} cashiers with repeated shortages. Generated ${now.toISOString()}.`, now);
  const fileName = `counterfoil-centre-money-exceptions-${asOf}.${format}`;
  const unsigned = {
    format: CENTRAL_EXPORT_MANIFEST_FORMAT_2,
    centre: { keyId: keyIdOf(key.publicRaw), publicKey: key.publicRaw.toString('base64url') },
    file: { name: fileName, format, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    generatedAt: now.toISOString(),
    generatedBy: by,
    report: {
      name: 'money-exceptions' as const, asOf, from: r.from, to: r.to, redDays: r.redDays.length,
      differencePaise: r.redDays.reduce((n, d) => n + d.differencePaise, 0),
      unexplainedEntries: r.unexplained.length, settlementExceptions: r.settlement.length, flaggedCashiers: r.flaggedCashiers.length,
    },
  };
  const signature = sign(null, Buffer.from(manifestSignedText(unsigned), 'utf8'), key.privateKey).toString('base64url');
  return { fileName, bytes, manifest: CentralExportManifest2.parse({ ...unsigned, signature }) };
}
