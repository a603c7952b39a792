// What a finance user does to the reconciliation by hand, each with a note and an admin-log entry in
// the same transaction: accept a counter-day's difference (green while the difference stays exactly
// that), match a bank entry no rule explained to a deposit slip, save a column mapping for a bank or
// a provider (each admin-logged with the mapping before and after). Refusals say why and change nothing.
import { ProviderInput, StatementCsvMapping } from '../../shared/bank-statement.js';
import type { MoneySettings } from '../../shared/money-monitor.js';
import { appendAdminLog } from '../admin-log.js';
import type { ServerKey } from '../crypto.js';
import type { Sql } from '../store.js';
import { counterDayFigures } from './monitor.js';
import { classifyCounterDay } from './counter-day.js';

export class MoneyActError extends Error {
  constructor(readonly code: 'no_counter_day' | 'changed' | 'no_entry' | 'entry_explained' | 'no_slip', message: string) {
    super(message);
  }
}

export async function acceptCounterDay(
  sql: Sql, key: ServerKey, s: MoneySettings,
  a: { terminalId: string; businessDate: string; differencePaise: number; note: string }, by: string, now: Date, asOf: string,
): Promise<{ id: number }> {
  return sql.transaction(async (tx) => {
    await tx.query('LOCK TABLE money_acceptances IN SHARE ROW EXCLUSIVE MODE');
    const [f] = await counterDayFigures(tx, { from: a.businessDate, to: a.businessDate, asOf, terminal: a.terminalId });
    if (!f) throw new MoneyActError('no_counter_day', `terminal ${a.terminalId} collected nothing and declared nothing on ${a.businessDate}`);
    const row = classifyCounterDay({ ...f, accepted: null }, s, asOf);
    if (row.differencePaise !== a.differencePaise) {
      throw new MoneyActError('changed', `the difference is now ${row.differencePaise} paise, not the ${a.differencePaise} you saw: look again before accepting`);
    }
    const [r] = await tx.query<{ id: string }>(
      'INSERT INTO money_acceptances (terminal_id, business_date, difference_paise, note, accepted_by, accepted_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [a.terminalId, a.businessDate, a.differencePaise, a.note, by, now.toISOString()],
    );
    await appendAdminLog(tx, key, {
      actor: by, action: 'money.accepted', subject: `${a.terminalId}/${a.businessDate}`,
      before: { colour: row.colour, reasons: row.reasons.map((x) => `${x.reason}:${x.paise}`) }, after: { differencePaise: a.differencePaise }, note: a.note,
    }, now);
    return { id: Number(r!.id) };
  });
}

export async function matchEntryToSlip(
  sql: Sql, key: ServerKey, m: { lineId: number; terminalId: string; depositSeq: number; note: string }, by: string, now: Date,
): Promise<void> {
  await sql.transaction(async (tx) => {
    const [entry] = await tx.query<{ id: string; direction: string; amount_paise: string; booked_on: string; explained: boolean }>(
      `SELECT l.id, l.direction, l.amount_paise, to_char(l.booked_on, 'YYYY-MM-DD') AS booked_on,
              EXISTS (SELECT 1 FROM statement_matches x WHERE x.line_id = l.id) AS explained
         FROM statement_lines l WHERE l.id = $1 FOR UPDATE`, [m.lineId]);
    if (!entry) throw new MoneyActError('no_entry', `no bank entry ${m.lineId}`);
    if (entry.direction !== 'credit') throw new MoneyActError('no_entry', `bank entry ${m.lineId} is a debit: only a credit can carry a deposit`);
    if (entry.explained) throw new MoneyActError('entry_explained', `bank entry ${m.lineId} is already matched: nothing was changed`);
    const [slip] = await tx.query<{ slip_no: string; business_date: string }>(
      "SELECT slip_no, to_char(business_date, 'YYYY-MM-DD') AS business_date FROM deposits WHERE terminal_id = $1 AND seq = $2", [m.terminalId, m.depositSeq]);
    if (!slip) throw new MoneyActError('no_slip', `terminal ${m.terminalId} recorded no deposit slip at seq ${m.depositSeq}`);
    await tx.query(
      "INSERT INTO statement_matches (line_id, kind, terminal_id, seq, rule, matched_by, note, matched_at) VALUES ($1, 'deposit', $2, $3, 'manual', $4, $5, $6)",
      [m.lineId, m.terminalId, m.depositSeq, by, m.note, now.toISOString()],
    );
    await appendAdminLog(tx, key, {
      actor: by, action: 'money.matched', subject: `entry ${m.lineId}`, before: null,
      after: { terminalId: m.terminalId, depositSeq: m.depositSeq, slipNo: slip.slip_no, businessDate: slip.business_date, amountPaise: Number(entry.amount_paise), bookedOn: entry.booked_on },
      note: m.note,
    }, now);
  });
}

export async function saveStatementMapping(sql: Sql, key: ServerKey, bank: string, mapping: StatementCsvMapping, by: string, now: Date): Promise<void> {
  await sql.transaction(async (tx) => {
    const before = await savedStatementMapping(tx, bank);
    await tx.query(
      `INSERT INTO statement_mappings (bank, mapping, saved_by, saved_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (bank) DO UPDATE SET mapping = EXCLUDED.mapping, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at`,
      [bank, JSON.stringify(mapping), by, now.toISOString()],
    );
    await appendAdminLog(tx, key, { actor: by, action: 'money.mapping-saved', subject: `bank ${bank}`, before, after: mapping, note: null }, now);
  });
}

export async function savedStatementMapping(sql: Sql, bank: string): Promise<StatementCsvMapping | null> {
  const [r] = await sql.query<{ mapping: unknown }>('SELECT mapping FROM statement_mappings WHERE bank = $1', [bank]);
  return r ? StatementCsvMapping.parse(typeof r.mapping === 'string' ? JSON.parse(r.mapping) : r.mapping) : null;
}

export async function saveProviderMapping(sql: Sql, key: ServerKey, p: ProviderInput, by: string, now: Date): Promise<void> {
  await sql.transaction(async (tx) => {
    const before = await savedProvider(tx, p.provider);
    await tx.query(
      `INSERT INTO provider_mappings (provider, mode, mapping, saved_by, saved_at) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (provider) DO UPDATE SET mode = EXCLUDED.mode, mapping = EXCLUDED.mapping, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at`,
      [p.provider, p.mode, JSON.stringify(p.mapping), by, now.toISOString()],
    );
    await appendAdminLog(tx, key, { actor: by, action: 'money.mapping-saved', subject: `provider ${p.provider}`, before, after: p, note: null }, now);
  });
}

export async function savedProvider(sql: Sql, provider: string): Promise<ProviderInput | null> {
  const [r] = await sql.query<{ mode: 'upi' | 'card'; mapping: unknown }>('SELECT mode, mapping FROM provider_mappings WHERE provider = $1', [provider]);
  return r ? ProviderInput.parse({ provider, mode: r.mode, mapping: typeof r.mapping === 'string' ? JSON.parse(r.mapping) : r.mapping }) : null;
}
