// Matching, run after each import and before the monitor is read (docs/reconciliation.md § Matching):
//  1. provider settlement lines are linked to their payments as they are stored (settlement-link.ts);
//     here those that named no payment held yet are tried again, and lines of payments voided since
//     become settled-voided;
//  2. the bank entries not yet explained are matched with the deposit slips, provider batches and
//     returned cheques of the range by matchStatement (a pure function; each match names its rule).
// Matches already made stay: a rerun only adds, so a manual match is never undone by a rule.
import { addDays } from '../../shared/dates.js';
import type { Imported, MoneySettings, ReconcileResult, SettlementImport, StatementImport } from '../../shared/money-monitor.js';
import type { Sql } from '../store.js';
import { relinkSettlementLines } from './settlement-link.js';
import { moneySettings } from './settings.js';
import { matchStatement, type BankEntry, type BatchHeld, type ReturnHeld, type SlipHeld } from './match-statement.js';

export interface ReconcileRange {
  from: string;
  to: string;
}

/** An import's reconcile starts this many days before its first date: a slip deposited then can be credited in it. */
const BEFORE_IMPORT_DAYS = 7;

export async function reconcileMoney(sql: Sql, s: MoneySettings, range: ReconcileRange, now: Date): Promise<ReconcileResult> {
  const settlementLinesMatched = await relinkSettlementLines(sql, addDays(range.from, -31), addDays(range.to, 31 + s.batchWindowDays));
  const statementMatches = await matchStatementEntries(sql, s, range, now);
  return { settlementLinesMatched, statementMatches };
}

/**
 * The reconcile after an import (console, CLI, demo alike), over the file's dates and the days
 * before them; a file held already brought nothing, so nothing is matched (null).
 */
export async function reconcileAfterImport<T extends StatementImport | SettlementImport>(sql: Sql, imported: T, now: Date): Promise<Imported<T>> {
  if (imported.repeated) return { ...imported, matched: null };
  const i: StatementImport | SettlementImport = imported;
  const span = 'fileId' in i ? await settlementSpan(sql, i.fileId) : { from: i.from, to: i.to };
  const matched = await reconcileMoney(sql, await moneySettings(sql), { from: addDays(span.from, -BEFORE_IMPORT_DAYS), to: span.to }, now);
  return { ...imported, matched };
}

async function settlementSpan(sql: Sql, fileId: number): Promise<ReconcileRange> {
  const [span] = await sql.query<ReconcileRange>("SELECT to_char(from_date, 'YYYY-MM-DD') AS from, to_char(to_date, 'YYYY-MM-DD') AS to FROM settlement_files WHERE id = $1", [fileId]);
  if (!span) throw new Error(`settlement file ${fileId} is not held`);
  return span;
}

async function matchStatementEntries(sql: Sql, s: MoneySettings, r: ReconcileRange, now: Date): Promise<number> {
  const w = Math.max(s.depositWindowDays, s.batchWindowDays);
  const entries = (await sql.query<{ id: string; booked_on: string; amount_paise: string; direction: 'credit' | 'debit'; narration: string; reference: string }>(
    `SELECT l.id, to_char(l.booked_on, 'YYYY-MM-DD') AS booked_on, l.amount_paise, l.direction, l.narration, l.reference
       FROM statement_lines l WHERE l.booked_on BETWEEN $1::date AND $2::date
        AND NOT EXISTS (SELECT 1 FROM statement_matches m WHERE m.line_id = l.id)`,
    [r.from, addDays(r.to, w)],
  )).map((e): BankEntry => ({ id: Number(e.id), bookedOn: e.booked_on, amountPaise: Number(e.amount_paise), direction: e.direction, narration: e.narration, reference: e.reference }));
  if (entries.length === 0) return 0;
  const first = entries.reduce((m, e) => (e.bookedOn < m ? e.bookedOn : m), entries[0]!.bookedOn);
  const last = entries.reduce((m, e) => (e.bookedOn > m ? e.bookedOn : m), entries[0]!.bookedOn);
  const slips = (await sql.query<{ terminal_id: string; seq: string; deposited_on: string; slip_no: string; cash_paise: string; cheque_paise: string; matched: boolean }>(
    `SELECT d.terminal_id, d.seq, to_char(d.deposited_on, 'YYYY-MM-DD') AS deposited_on, d.slip_no, d.cash_paise, d.cheque_paise,
            EXISTS (SELECT 1 FROM statement_matches m WHERE m.kind = 'deposit' AND m.terminal_id = d.terminal_id AND m.seq = d.seq) AS matched
       FROM deposits d WHERE d.deposited_on BETWEEN $1::date AND $2::date ORDER BY d.deposited_on, d.terminal_id, d.seq`,
    [addDays(first, -s.depositWindowDays), last],
  )).map((d): SlipHeld => ({ terminalId: d.terminal_id, seq: Number(d.seq), depositedOn: d.deposited_on, slipNo: d.slip_no, cashPaise: Number(d.cash_paise), chequePaise: Number(d.cheque_paise), matched: d.matched }));
  const batches = (await sql.query<{ provider: string; batch: string; settled_on: string; net: string; matched: boolean }>(
    `SELECT b.provider, b.batch, to_char(b.settled_on, 'YYYY-MM-DD') AS settled_on, b.net_paise AS net,
            EXISTS (SELECT 1 FROM statement_matches m WHERE m.kind = 'batch' AND m.provider = b.provider AND m.batch = b.batch) AS matched
       FROM settlement_batches b WHERE b.settled_on BETWEEN $1::date AND $2::date ORDER BY b.settled_on, b.provider, b.batch`,
    [addDays(first, -s.batchWindowDays), last],
  )).map((b): BatchHeld => ({ provider: b.provider, batch: b.batch, settledOn: b.settled_on, netPaise: Number(b.net), matched: b.matched }));
  const returns = (await sql.query<{ terminal_id: string; seq: string; returned_on: string; reference: string | null; amount_paise: string }>(
    `SELECT r.terminal_id, r.seq, to_char(r.returned_on, 'YYYY-MM-DD') AS returned_on, p.reference, p.amount_paise
       FROM cheque_returns r JOIN payments p ON p.terminal_id = r.terminal_id AND p.seq = r.payment_seq
      WHERE r.returned_on BETWEEN $1::date AND $2::date
        AND NOT EXISTS (SELECT 1 FROM statement_matches m WHERE m.kind = 'cheque-return' AND m.terminal_id = r.terminal_id AND m.seq = r.seq)`,
    [addDays(first, -s.depositWindowDays), addDays(last, s.depositWindowDays)],
  )).filter((x) => x.reference).map((x): ReturnHeld => ({ terminalId: x.terminal_id, seq: Number(x.seq), returnedOn: x.returned_on, number: x.reference!, amountPaise: Number(x.amount_paise) }));

  const matches = matchStatement(entries, slips, batches, returns, s);
  if (matches.length === 0) return 0;
  await sql.query(
    `INSERT INTO statement_matches (line_id, kind, terminal_id, seq, provider, batch, rule, matched_at)
     SELECT m.line_id, m.kind, m.terminal_id, m.seq, m.provider, m.batch, m.rule, $2
       FROM jsonb_to_recordset($1::jsonb) AS m(line_id bigint, kind text, terminal_id text, seq bigint, provider text, batch text, rule text)
     ON CONFLICT (line_id) DO NOTHING`,
    [JSON.stringify(matches.map((m) => ({
      line_id: m.lineId, kind: m.kind, rule: m.rule,
      ...(m.kind === 'batch' ? { provider: m.provider, batch: m.batch } : { terminal_id: m.terminalId, seq: m.seq }),
    }))), now.toISOString()],
  );
  return matches.length;
}
