// Bank statements and providers' settlement reports imported by a finance user (console or CLI):
// parsed whole first (upstream/money/statement-formats.ts — a file that does not add up, or that the
// mapping does not fit, is refused with nothing stored), then kept with its SHA-256 and its entries
// in one transaction, admin-logged. The same file twice changes nothing. A statement that overlaps
// one held for the same account must say the same on the dates they share — then only its new
// dates' entries are added; otherwise it is refused. A settlement batch held already must be the
// same lines in the new file.
import { createHash } from 'node:crypto';
import {
  type CsvStatementInput, type ParsedStatement, type ProviderInput, type SettlementReportLine, type StatementFormat,
} from '../../shared/bank-statement.js';
import { addDays } from '../../shared/dates.js';
import type { SettlementImport, StatementImport } from '../../shared/money-monitor.js';
import { appendAdminLog } from '../admin-log.js';
import type { ServerKey } from '../crypto.js';
import { storableText } from '../storable-text.js';
import type { Sql } from '../store.js';
import { insertSettlementLines } from './settlement-link.js';
import { parseSettlementCsv, parseStatement, StatementError, statementText } from './statement-formats.js';

export { StatementError };
export type { SettlementImport, StatementImport };

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const lineKey = (l: { bookedOn: string; direction: string; amountPaise: number; narration: string; reference: string }) =>
  `${l.bookedOn}|${l.direction}|${l.amountPaise}|${l.narration}|${l.reference}`;
const sameMultiset = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function refuse(code: ConstructorParameters<typeof StatementError>[0], message: string): never {
  throw new StatementError(code, message);
}

export async function importStatement(
  sql: Sql, key: ServerKey,
  file: { name: string; bytes: Buffer; format: StatementFormat; csv?: CsvStatementInput },
  by: string, now: Date,
): Promise<StatementImport> {
  const s: ParsedStatement = parseStatement(file.bytes, file.format, file.csv);
  const fileSha256 = sha256(file.bytes);
  return sql.transaction(async (tx) => {
    await tx.query('LOCK TABLE bank_statements IN SHARE ROW EXCLUSIVE MODE');
    const [same] = await tx.query<{ id: string; entries: number }>('SELECT id, entries FROM bank_statements WHERE account = $1 AND file_sha256 = $2', [s.account, fileSha256]);
    if (same) return { statementId: Number(same.id), account: s.account, from: s.from, to: s.to, entries: s.lines.length, added: 0, fileSha256, repeated: true };
    // The dates already held for this account, and what was held on those the new file shares.
    const held = await tx.query<{ id: string; from_date: string; to_date: string }>(
      `SELECT id, to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date
         FROM bank_statements WHERE account = $1 AND from_date <= $3::date AND to_date >= $2::date ORDER BY from_date`,
      [s.account, s.from, s.to],
    );
    const heldOn = (date: string) => held.some((h) => h.from_date <= date && date <= h.to_date);
    if (held.length) {
      const heldLines = await tx.query<{ booked_on: string; direction: string; amount_paise: string; narration: string; reference: string }>(
        `SELECT to_char(l.booked_on, 'YYYY-MM-DD') AS booked_on, l.direction, l.amount_paise, l.narration, l.reference
           FROM statement_lines l WHERE l.account = $1 AND l.booked_on BETWEEN $2::date AND $3::date`,
        [s.account, s.from, s.to],
      );
      const shared = new Set(s.lines.map((l) => l.bookedOn).filter(heldOn));
      for (const h of held) for (let d = h.from_date; d <= h.to_date; d = addDays(d, 1)) if (d >= s.from && d <= s.to) shared.add(d);
      const theirs = heldLines.filter((l) => shared.has(l.booked_on)).map((l) => lineKey({ bookedOn: l.booked_on, direction: l.direction, amountPaise: Number(l.amount_paise), narration: l.narration, reference: l.reference }));
      const ours = s.lines.filter((l) => shared.has(l.bookedOn)).map((l) => lineKey({ ...l, narration: storableText(l.narration), reference: storableText(l.reference) }));
      if (!sameMultiset(theirs, ours)) {
        const differing = [...shared].sort().filter((d) => !sameMultiset(theirs.filter((k) => k.startsWith(`${d}|`)), ours.filter((k) => k.startsWith(`${d}|`))));
        refuse('overlap', `this statement overlaps statement #${held.map((h) => `${h.id} (${h.from_date} to ${h.to_date})`).join(', #')} of account ${s.account} and says something else on ${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ` and ${differing.length - 5} more days` : ''}: nothing was imported`);
      }
    }
    const fresh = s.lines.filter((l) => !heldOn(l.bookedOn));
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO bank_statements (format, account, statement_ref, from_date, to_date, opening_paise, closing_paise, entries, file_name, file_sha256, file_bytes, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [s.format, s.account, s.statementId, s.from, s.to, s.openingPaise, s.closingPaise, s.lines.length, storableText(file.name), fileSha256, file.bytes, by, now.toISOString()],
    );
    const statementId = Number(row!.id);
    if (fresh.length) {
      await tx.query(
        `INSERT INTO statement_lines (statement_id, line, account, booked_on, value_on, amount_paise, direction, narration, reference)
         SELECT $1, l.line, $2, l.booked_on, l.value_on, l.amount_paise, l.direction, l.narration, l.reference
           FROM jsonb_to_recordset($3::jsonb) AS l(line int, booked_on date, value_on date, amount_paise bigint, direction text, narration text, reference text)`,
        [statementId, s.account, JSON.stringify(fresh.map((l) => ({
          line: l.line, booked_on: l.bookedOn, value_on: l.valueOn, amount_paise: l.amountPaise, direction: l.direction, narration: storableText(l.narration), reference: storableText(l.reference),
        })))],
      );
    }
    await appendAdminLog(tx, key, {
      actor: by, action: 'statement.imported', subject: fileSha256, before: null,
      after: { statementId, format: s.format, account: s.account, from: s.from, to: s.to, entries: s.lines.length, added: fresh.length, openingPaise: s.openingPaise, closingPaise: s.closingPaise, file: storableText(file.name) },
      note: null,
    }, now);
    return { statementId, account: s.account, from: s.from, to: s.to, entries: s.lines.length, added: fresh.length, fileSha256, repeated: false };
  });
}


export async function importSettlement(sql: Sql, key: ServerKey, file: { name: string; bytes: Buffer; input: ProviderInput }, by: string, now: Date): Promise<SettlementImport> {
  const text = statementText(file.bytes);
  const lines: SettlementReportLine[] = parseSettlementCsv(text, file.input);
  const { provider, mode } = file.input;
  const fileSha256 = sha256(file.bytes);
  const batchesOf = (ls: { batch: string; reference: string; amountPaise: number; feePaise: number }[]) => {
    const m = new Map<string, string[]>();
    for (const l of ls) {
      const key = `${l.reference.trim().toUpperCase()}|${l.amountPaise}|${l.feePaise}`;
      const list = m.get(l.batch);
      if (list) list.push(key);
      else m.set(l.batch, [key]);
    }
    return m;
  };
  return sql.transaction(async (tx) => {
    await tx.query('LOCK TABLE settlement_files IN SHARE ROW EXCLUSIVE MODE');
    const [same] = await tx.query<{ id: string }>('SELECT id FROM settlement_files WHERE provider = $1 AND file_sha256 = $2', [provider, fileSha256]);
    const ours = batchesOf(lines);
    if (same) return { fileId: Number(same.id), provider, lines: lines.length, added: 0, batches: ours.size, fileSha256, repeated: true };
    const heldRows = await tx.query<{ batch: string; reference: string; amount_paise: string; fee_paise: string }>(
      'SELECT batch, reference, amount_paise, fee_paise FROM settlement_lines WHERE provider = $1 AND batch IN (SELECT jsonb_array_elements_text($2::jsonb))',
      [provider, JSON.stringify([...ours.keys()])],
    );
    const held = batchesOf(heldRows.map((r) => ({ batch: r.batch, reference: r.reference, amountPaise: Number(r.amount_paise), feePaise: Number(r.fee_paise) })));
    const differing = [...held.keys()].filter((b) => !sameMultiset(held.get(b)!, ours.get(b)!));
    if (differing.length) refuse('overlap', `${provider} batch ${differing.slice(0, 5).join(', ')} is held already from another file with different lines: nothing was imported`);
    const fresh = lines.filter((l) => !held.has(l.batch));
    const dates = lines.map((l) => l.settledOn).sort();
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO settlement_files (provider, mode, from_date, to_date, lines, file_name, file_sha256, file_bytes, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [provider, mode, dates[0], dates.at(-1), lines.length, storableText(file.name), fileSha256, file.bytes, by, now.toISOString()],
    );
    const fileId = Number(row!.id);
    if (fresh.length) {
      await insertSettlementLines(tx, fileId, provider, mode, fresh.map((l) => ({
        line: l.line, reference: storableText(l.reference.trim().toUpperCase()), amount_paise: l.amountPaise, fee_paise: l.feePaise,
        transacted_on: l.transactedOn, settled_on: l.settledOn, batch: storableText(l.batch),
      })));
      // Only new batches have fresh lines (a held batch is the same lines, checked above).
      await tx.query(
        `INSERT INTO settlement_batches (provider, batch, settled_on, lines, gross_paise, fee_paise, net_paise)
         SELECT provider, batch, MAX(settled_on), COUNT(*), SUM(amount_paise), SUM(fee_paise), SUM(amount_paise - fee_paise)
           FROM settlement_lines WHERE file_id = $1 GROUP BY provider, batch`,
        [fileId],
      );
    }
    await appendAdminLog(tx, key, {
      actor: by, action: 'settlement.imported', subject: fileSha256, before: null,
      after: { fileId, provider, mode, lines: lines.length, added: fresh.length, batches: ours.size, file: storableText(file.name) }, note: null,
    }, now);
    return { fileId, provider, lines: lines.length, added: fresh.length, batches: ours.size, fileSha256, repeated: false };
  });
}
