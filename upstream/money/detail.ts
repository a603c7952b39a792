// One counter-day behind its figures (docs/reconciliation.md § Drill-down): every payment with the
// provider lines that name it, every slip with the bank entries that carry it and the rule that
// matched them, every returned cheque with its debit, and what finance accepted.
import type { CounterDayDetail, MoneySettings, StatementEntryRow } from '../../shared/money-monitor.js';
import type { Sql } from '../store.js';
import { classifyCounterDay } from './counter-day.js';
import { counterDayFigures } from './monitor.js';

interface EntrySqlRow {
  id: string; statement_id: string; line: number; account: string; booked_on: string; amount_paise: string; direction: 'credit' | 'debit'; narration: string; reference: string;
  kind: 'deposit' | 'batch' | 'cheque-return' | null; rule: string | null; terminal_id: string | null; seq: string | null; provider: string | null; batch: string | null; matched_by: string | null; note: string | null;
}

/** The columns statementEntry reads, from statement_lines `l` LEFT JOIN statement_matches `m`. */
export const ENTRY_COLUMNS = `l.id, l.statement_id, l.line, l.account, to_char(l.booked_on, 'YYYY-MM-DD') AS booked_on, l.amount_paise, l.direction, l.narration, l.reference,
  m.kind, m.rule, m.terminal_id, m.seq, m.provider, m.batch, m.matched_by, m.note`;

export function statementEntry(r: EntrySqlRow): StatementEntryRow {
  return {
    lineId: Number(r.id), statementId: Number(r.statement_id), line: r.line, account: r.account, bookedOn: r.booked_on, amountPaise: Number(r.amount_paise),
    direction: r.direction, narration: r.narration, reference: r.reference,
    match: r.kind ? { kind: r.kind, rule: r.rule!, terminalId: r.terminal_id, seq: r.seq === null ? null : Number(r.seq), provider: r.provider, batch: r.batch, by: r.matched_by, note: r.note } : null,
  };
}

export async function counterDayDetail(sql: Sql, s: MoneySettings, terminalId: string, businessDate: string, asOf: string): Promise<CounterDayDetail | null> {
  const [figures] = await counterDayFigures(sql, { from: businessDate, to: businessDate, asOf, terminal: terminalId });
  if (!figures) return null;
  const [payments, lines, slips, credits, returns, acceptances] = await Promise.all([
    sql.query<{ seq: string; receipt_no: string; mode: string; amount_paise: string; cashier: string; reference: string | null; voided: boolean; returned: boolean }>(
      `SELECT p.seq, p.receipt_no, p.mode, p.amount_paise, p.cashier, p.reference, p.voided_seq IS NOT NULL AS voided,
              EXISTS (SELECT 1 FROM cheque_returns c WHERE c.terminal_id = p.terminal_id AND c.payment_seq = p.seq) AS returned
         FROM payments p WHERE p.terminal_id = $1 AND p.business_date = $2::date ORDER BY p.seq`, [terminalId, businessDate]),
    sql.query<{ id: string; payment_seq: string; provider: string; batch: string; amount_paise: string; fee_paise: string; settled_on: string; state: string; credited: boolean }>(
      `SELECT l.id, l.payment_seq, l.provider, l.batch, l.amount_paise, l.fee_paise, to_char(l.settled_on, 'YYYY-MM-DD') AS settled_on, l.state,
              EXISTS (SELECT 1 FROM statement_matches m WHERE m.kind = 'batch' AND m.provider = l.provider AND m.batch = l.batch) AS credited
         FROM settlement_lines l WHERE l.terminal_id = $1 AND l.business_date = $2::date ORDER BY l.file_id, l.line`, [terminalId, businessDate]),
    sql.query<{ seq: string; bank: string; slip_no: string; deposited_on: string; cash_paise: string; cheque_paise: string; recorded_by: string }>(
      `SELECT seq, bank, slip_no, to_char(deposited_on, 'YYYY-MM-DD') AS deposited_on, cash_paise, cheque_paise, recorded_by
         FROM deposits WHERE terminal_id = $1 AND business_date = $2::date ORDER BY seq`, [terminalId, businessDate]),
    sql.query<EntrySqlRow>(
      `SELECT ${ENTRY_COLUMNS} FROM statement_matches m JOIN statement_lines l ON l.id = m.line_id
        WHERE m.kind IN ('deposit', 'cheque-return') AND m.terminal_id = $1
          AND m.seq IN (SELECT seq FROM deposits WHERE terminal_id = $1 AND business_date = $2::date
                        UNION ALL SELECT c.seq FROM cheque_returns c JOIN payments p ON p.terminal_id = c.terminal_id AND p.seq = c.payment_seq
                         WHERE c.terminal_id = $1 AND p.business_date = $2::date)
        ORDER BY l.booked_on, l.id`, [terminalId, businessDate]),
    sql.query<{ seq: string; receipt_no: string; returned_on: string; reason: string; amount_paise: string }>(
      `SELECT c.seq, c.receipt_no, to_char(c.returned_on, 'YYYY-MM-DD') AS returned_on, c.reason, p.amount_paise
         FROM cheque_returns c JOIN payments p ON p.terminal_id = c.terminal_id AND p.seq = c.payment_seq
        WHERE c.terminal_id = $1 AND p.business_date = $2::date ORDER BY c.seq`, [terminalId, businessDate]),
    sql.query<{ difference_paise: string; note: string; accepted_by: string; at: string }>(
      `SELECT difference_paise, note, accepted_by, to_char(accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
         FROM money_acceptances WHERE terminal_id = $1 AND business_date = $2::date ORDER BY id DESC`, [terminalId, businessDate]),
  ]);
  const entries = credits.map(statementEntry);
  return {
    row: classifyCounterDay(figures, s, asOf),
    payments: payments.map((p) => ({
      seq: Number(p.seq), receiptNo: p.receipt_no, mode: p.mode, amountPaise: Number(p.amount_paise), cashier: p.cashier, reference: p.reference, voided: p.voided, returned: p.returned,
      settlement: lines.filter((l) => l.payment_seq === p.seq).map((l) => ({
        lineId: Number(l.id), provider: l.provider, batch: l.batch, amountPaise: Number(l.amount_paise), feePaise: Number(l.fee_paise), settledOn: l.settled_on, state: l.state, credited: l.credited,
      })),
    })),
    slips: slips.map((d) => ({
      seq: Number(d.seq), bank: d.bank, slipNo: d.slip_no, depositedOn: d.deposited_on, cashPaise: Number(d.cash_paise), chequePaise: Number(d.cheque_paise), recordedBy: d.recorded_by,
      credits: entries.filter((e) => e.match?.kind === 'deposit' && e.match.seq === Number(d.seq)),
    })),
    returns: returns.map((r) => ({
      seq: Number(r.seq), receiptNo: r.receipt_no, returnedOn: r.returned_on, reason: r.reason, amountPaise: Number(r.amount_paise),
      debit: entries.find((e) => e.match?.kind === 'cheque-return' && e.match.seq === Number(r.seq)) ?? null,
    })),
    acceptances: acceptances.map((a) => ({ differencePaise: Number(a.difference_paise), note: a.note, by: a.accepted_by, at: a.at })),
  };
}
