// Reconciliation against the bank (shared/reconciliation.ts, docs/reports.md):
// - deposits: each business day's cash (counted, less floats; the ledger's while shifts are
//   open) and cheques held against the deposit slips recorded for that day;
// - settlements: a provider's or bank's CSV imported with a column mapping saved per source,
//   kept as imported, and matched with the UPI and card receipts of a range.
import { parse } from 'csv-parse/sync';
import { addDays } from '../../shared/dates.js';
import { CounterfoilError } from '../../shared/errors.js';
import {
  MATCH_STATES, SettlementMapping, type DepositDay, type MatchState, type SettlementReport,
} from '../../shared/reconciliation.js';
import { readStatementAmount, readStatementDate } from '../../shared/statement-values.js';
import type { User } from '../auth/users.js';
import { stmt } from '../db/statements.js';
import { sha256 } from '../ledger/signer.js';
import type { Terminal } from '../terminal/terminal.js';
import type { DateRange } from './day-summary.js';
import { matchSettlement, type LedgerPayment, type SettlementLine } from './settlement-match.js';

// ---- deposits ----

export function depositReconciliation(t: Terminal, range: DateRange): DepositDay[] {
  const r = [range.from, range.to];
  const ledger = stmt(
    t.db,
    `SELECT business_date AS date,
            COALESCE(SUM(CASE WHEN mode = 'cash' THEN amount_paise END), 0) AS cash,
            COALESCE(SUM(CASE WHEN mode IN ('cheque', 'dd') THEN amount_paise END), 0) AS cheque
       FROM payments WHERE business_date BETWEEN ? AND ? AND void_seq IS NULL GROUP BY business_date`,
  ).all(...r) as { date: string; cash: number; cheque: number }[];
  const counted = stmt(
    t.db,
    `SELECT business_date AS date, SUM(closed_seq IS NULL) AS open, COALESCE(SUM(counted_paise - opening_float_paise), 0) AS counted
       FROM shifts WHERE business_date BETWEEN ? AND ? GROUP BY business_date`,
  ).all(...r) as { date: string; open: number; counted: number }[];
  const slips = stmt(
    t.db,
    `SELECT seq, business_date AS date, bank, slip_no AS slipNo, deposited_on AS depositedOn, cash_paise AS cashPaise, cheque_paise AS chequePaise
       FROM deposits WHERE business_date BETWEEN ? AND ? ORDER BY seq`,
  ).all(...r) as (DepositDay['slips'][number] & { date: string })[];
  const dates = [...new Set([...ledger.map((l) => l.date), ...counted.map((c) => c.date), ...slips.map((s) => s.date)])].sort();
  return dates.map((date) => {
    const l = ledger.find((x) => x.date === date) ?? { cash: 0, cheque: 0 };
    const c = counted.find((x) => x.date === date);
    const mine = slips.filter((s) => s.date === date).map(({ date: _d, ...s }) => s);
    const countedCashPaise = c && c.open === 0 ? c.counted : null;
    const depositedCashPaise = mine.reduce((s, x) => s + x.cashPaise, 0);
    const depositedChequePaise = mine.reduce((s, x) => s + x.chequePaise, 0);
    const cashDifferencePaise = depositedCashPaise - (countedCashPaise ?? l.cash);
    const chequeDifferencePaise = depositedChequePaise - l.cheque;
    const state: DepositDay['state'] = mine.length === 0
      ? 'not-deposited'
      : cashDifferencePaise < 0 || chequeDifferencePaise < 0 ? 'short' : cashDifferencePaise > 0 || chequeDifferencePaise > 0 ? 'excess' : 'ok';
    return {
      date, ledgerCashPaise: l.cash, countedCashPaise, depositedCashPaise, cashDifferencePaise,
      ledgerChequePaise: l.cheque, depositedChequePaise, chequeDifferencePaise, slips: mine, state,
    };
  });
}

// ---- settlements ----

const MAX_SETTLEMENT_BYTES = 20 * 1024 * 1024;

export function savedMapping(t: Terminal, source: string): SettlementMapping | null {
  const row = stmt(t.db, 'SELECT mapping_json FROM settlement_sources WHERE name = ?').get(source) as { mapping_json: string } | undefined;
  return row ? SettlementMapping.parse(JSON.parse(row.mapping_json)) : null;
}

// Dates and amounts are read as the centre's statement parsers read them (shared/statement-values.ts):
// 1,234.50 or 1,23,456.50, with ₹/INR/Rs before it; only a positive amount settles anything.
const settlementDate = readStatementDate;

function settlementAmount(text: string, unit: SettlementMapping['amountUnit']): number | null {
  const p = readStatementAmount(text, unit);
  return p !== null && p > 0 ? p : null;
}

export function settlementSources(t: Terminal): { name: string; mapping: SettlementMapping }[] {
  return (stmt(t.db, 'SELECT name, mapping_json FROM settlement_sources ORDER BY name').all() as { name: string; mapping_json: string }[]).map((r) => ({
    name: r.name,
    mapping: SettlementMapping.parse(JSON.parse(r.mapping_json)),
  }));
}

/** Reads a settlement CSV with a mapping; refuses the whole file at its first bad line. */
export function readSettlementCsv(text: string, source: string, mapping: SettlementMapping | null): { lines: SettlementLine[]; mapping: SettlementMapping } {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_quotes: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    throw new CounterfoilError('SETTLEMENT_FILE_INVALID', { line, detail: (e as Error).message.replace(/^Invalid [^:]*: /, '') });
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (header.length === 0) throw new CounterfoilError('SETTLEMENT_FILE_INVALID', { line: 1, detail: 'the file is empty' });
  const columns = header.join(', ');
  if (!mapping) throw new CounterfoilError('SETTLEMENT_MAPPING_REQUIRED', { source, columns });
  const col = (name: string) => {
    const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new CounterfoilError('SETTLEMENT_MAPPING_REQUIRED', { source, columns });
    return i;
  };
  const [ref, amt, date] = [col(mapping.reference), col(mapping.amount), col(mapping.date)];
  const lines = rows.slice(1).map((row, i): SettlementLine => {
    const line = i + 1;
    const bad = (detail: string) => new CounterfoilError('SETTLEMENT_FILE_INVALID', { line: line + 1, detail });
    if (row.length !== header.length) throw bad(`${row.length} columns where the header has ${header.length}`);
    const reference = row[ref]!.trim();
    if (!reference) throw bad(`no ${mapping.reference}`);
    const amountPaise = settlementAmount(row[amt]!, mapping.amountUnit);
    if (amountPaise === null) throw bad(`${mapping.amount} "${row[amt]}" is not an amount in ${mapping.amountUnit}`);
    const settledOn = settlementDate(row[date]!, mapping.dateFormat);
    if (!settledOn) throw bad(`${mapping.date} "${row[date]}" is not a date written ${mapping.dateFormat}`);
    return { line, reference, amountPaise, settledOn };
  });
  return { lines, mapping };
}

/** UPI and card payments around the range (a week either side may be settled in it), as the matcher takes them. */
function ledgerPayments(t: Terminal, range: DateRange): LedgerPayment[] {
  const rows = stmt(
    t.db,
    `SELECT receipt_no AS receiptNo, mode, instrument_json AS instrument, idempotency_key AS key, amount_paise AS amountPaise,
            business_date AS businessDate, void_seq IS NOT NULL AS voided
       FROM payments WHERE business_date BETWEEN ? AND ? AND mode IN ('upi', 'card') ORDER BY seq`,
  ).all(addDays(range.from, -7), addDays(range.to, 7)) as { receiptNo: string; mode: 'upi' | 'card'; instrument: string; key: string; amountPaise: number; businessDate: string; voided: number }[];
  return rows.map((p) => {
    const i = JSON.parse(p.instrument) as { utr?: string; approval?: string };
    return {
      receiptNo: p.receiptNo, mode: p.mode, amountPaise: p.amountPaise, businessDate: p.businessDate, voided: p.voided === 1,
      references: [(p.mode === 'upi' ? i.utr : i.approval) ?? '', p.receiptNo, p.key],
      inRange: p.businessDate >= range.from && p.businessDate <= range.to,
    };
  });
}

export interface SettlementImport {
  source: string;
  csv: string;
  /** Given: used and saved for the source; absent: the source's saved mapping. */
  mapping?: SettlementMapping;
  range: DateRange;
}

export function importSettlement(t: Terminal, by: User, input: SettlementImport): SettlementReport {
  if (by.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  const source = input.source.trim();
  if (!/^[\p{L}\p{N} ._-]{1,60}$/u.test(source)) throw new CounterfoilError('INVALID_INPUT', { detail: 'a source is named with 1–60 letters, digits, spaces, . _ -' });
  if (Buffer.byteLength(input.csv) > MAX_SETTLEMENT_BYTES) throw new CounterfoilError('SETTLEMENT_FILE_INVALID', { line: 0, detail: 'the file is over 20 MB' });
  const { lines, mapping } = readSettlementCsv(input.csv, source, input.mapping ?? savedMapping(t, source));
  const fileSha256 = sha256(input.csv).toString('hex');
  const earlier = stmt(t.db, 'SELECT id FROM settlement_imports WHERE source = ? AND file_sha256 = ?').get(source, fileSha256) as { id: number } | undefined;
  if (earlier) return { ...settlementReport(t, earlier.id), repeated: true };
  const now = t.clock().toISOString();
  const importId = t.db
    .transaction(() => {
      stmt(t.db, 'INSERT INTO settlement_sources (name, mapping_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at')
        .run(source, JSON.stringify(mapping), now);
      const id = Number(
        stmt(t.db, 'INSERT INTO settlement_imports (source, file_sha256, from_date, to_date, imported_at, imported_by, line_count) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(source, fileSha256, input.range.from, input.range.to, now, by.name, lines.length).lastInsertRowid,
      );
      const insert = stmt(t.db, 'INSERT INTO settlement_lines (import_id, line, reference, amount_paise, settled_on) VALUES (?, ?, ?, ?, ?)');
      for (const l of lines) insert.run(id, l.line, l.reference, l.amountPaise, l.settledOn);
      return id;
    })
    .immediate();
  return settlementReport(t, importId);
}

export function settlementReport(t: Terminal, importId: number): SettlementReport {
  const imp = stmt(t.db, 'SELECT source, file_sha256 AS fileSha256, from_date AS "from", to_date AS "to" FROM settlement_imports WHERE id = ?').get(importId) as
    | { source: string; fileSha256: string; from: string; to: string }
    | undefined;
  if (!imp) throw new CounterfoilError('INVALID_INPUT', { detail: `there is no settlement import ${importId}` });
  const lines = stmt(t.db, 'SELECT line, reference, amount_paise AS amountPaise, settled_on AS settledOn FROM settlement_lines WHERE import_id = ? ORDER BY line').all(importId) as SettlementLine[];
  const rows = matchSettlement(ledgerPayments(t, { from: imp.from, to: imp.to }), lines);
  const counts = Object.fromEntries(MATCH_STATES.map((s) => [s, 0])) as Record<MatchState, number>;
  let matchedPaise = 0;
  for (const r of rows) {
    counts[r.state]++;
    if (r.state === 'matched') matchedPaise += r.settledPaise ?? 0;
  }
  return { importId, ...imp, counts, exceptions: rows.filter((r) => r.state !== 'matched'), matchedPaise, repeated: false };
}
