// The console's money routes under /console/api/money (issue 18, docs/reconciliation.md): the
// monitor and its drill-down, the reports and the morning's exceptions (money.read: finance and
// auditors), and what finance does — import statements and settlement reports, save mappings and
// settings, reconcile, match an entry by hand, accept a difference (money.act: finance only). Each
// route declares its access (access.ts); each change is admin-logged by the module that makes it.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CsvStatementInput, ProviderInput, STATEMENT_MAX_BYTES, StatementCsvMapping } from '../../shared/bank-statement.js';
import { addDays, businessDate } from '../../shared/dates.js';
import {
  AcceptRequest, AsOfQueryString, EntriesQueryString, ExceptionsExportQueryString, ManualMatchRequest, MONEY_MAX_DAYS, MoneySettings, MonitorQueryString,
  RangeQueryString, ReceivablesQueryString, ReconcileRequest, SettlementUploadQueryString, StatementUploadQueryString, type ImportedFile,
} from '../../shared/money-monitor.js';
import { parse } from '../body.js';
import type { ServerKey } from '../crypto.js';
import { acceptCounterDay, matchEntryToSlip, MoneyActError, savedProvider, savedStatementMapping, saveProviderMapping, saveStatementMapping } from '../money/acts.js';
import { counterDayDetail, ENTRY_COLUMNS, statementEntry } from '../money/detail.js';
import { exportMoneyExceptions, moneyExceptions } from '../money/exceptions.js';
import { importSettlement, importStatement, StatementError } from '../money/imports.js';
import { moneyMonitor } from '../money/monitor.js';
import { reconcileAfterImport, reconcileMoney } from '../money/reconcile.js';
import { overShort, receivables, undepositedAgeing } from '../money/reports.js';
import { moneySettings, saveMoneySettings } from '../money/settings.js';
import type { Sql } from '../store.js';
import { CONSOLE_API, userOf } from './access.js';

const MONEY = `${CONSOLE_API}/money`;
const ACT_STATUS = { no_counter_day: 404, changed: 409, no_entry: 404, entry_explained: 409, no_slip: 404 } as const;

export function registerMoneyRoutes(app: FastifyInstance, sql: Sql, key: ServerKey, now: () => Date): void {
  const read = { config: { access: 'money.read' as const } };
  const act = { config: { access: 'money.act' as const } };
  const bad = (reply: FastifyReply, error: string, message: string) => reply.status(400).send({ error, message });
  const asOfOf = (asOf: string | undefined) => asOf ?? businessDate(now());
  const query = <S extends z.ZodType>(schema: S, req: FastifyRequest, reply: FastifyReply): z.output<S> | null => {
    const q = parse(schema, req.query);
    if (!q.ok) {
      void bad(reply, 'invalid_query', q.message);
      return null;
    }
    return q.value;
  };
  const rangeProblem = (from: string, to: string) =>
    to < from ? 'the range runs from its first day to its last' : to > addDays(from, MONEY_MAX_DAYS - 1) ? `one read covers at most ${MONEY_MAX_DAYS} days` : null;
  const actError = (reply: FastifyReply, e: unknown) => {
    if (!(e instanceof MoneyActError)) throw e;
    return reply.status(ACT_STATUS[e.code]).send({ error: e.code, message: e.message });
  };

  app.get(`${MONEY}/monitor`, read, async (req, reply) => {
    const q = query(MonitorQueryString, req, reply);
    if (!q) return reply;
    const problem = rangeProblem(q.from, q.to);
    if (problem) return bad(reply, 'invalid_query', problem);
    return moneyMonitor(sql, await moneySettings(sql), { from: q.from, to: q.to, asOf: asOfOf(q.asOf), terminal: q.terminal }, q.colour);
  });

  app.get<{ Params: { terminal: string; date: string } }>(`${MONEY}/days/:terminal/:date`, read, async (req, reply) => {
    const q = query(AsOfQueryString, req, reply);
    if (!q) return reply;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(req.params.date)) return bad(reply, 'invalid_query', 'the business date is YYYY-MM-DD');
    const d = await counterDayDetail(sql, await moneySettings(sql), req.params.terminal, req.params.date, asOfOf(q.asOf));
    return d ?? reply.status(404).send({ error: 'no_counter_day', message: `terminal ${req.params.terminal} collected nothing and declared nothing on ${req.params.date}` });
  });

  app.get(`${MONEY}/entries`, read, async (req, reply) => {
    const q = query(EntriesQueryString, req, reply);
    if (!q) return reply;
    const problem = rangeProblem(q.from, q.to);
    if (problem) return bad(reply, 'invalid_query', problem);
    const rows = await sql.query<Parameters<typeof statementEntry>[0]>(
      `SELECT ${ENTRY_COLUMNS} FROM statement_lines l LEFT JOIN statement_matches m ON m.line_id = l.id
        WHERE l.booked_on BETWEEN $1::date AND $2::date AND ($3::boolean IS FALSE OR m.line_id IS NULL) ORDER BY l.booked_on, l.id LIMIT 5000`,
      [q.from, q.to, q.unexplained === '1'],
    );
    return { entries: rows.map(statementEntry) };
  });

  app.get(`${MONEY}/ageing`, read, async (req, reply) => {
    const q = query(AsOfQueryString, req, reply);
    return q ? undepositedAgeing(sql, asOfOf(q.asOf)) : reply;
  });
  app.get(`${MONEY}/over-short`, read, async (req, reply) => {
    const q = query(RangeQueryString, req, reply);
    if (!q) return reply;
    if (q.to < q.from) return bad(reply, 'invalid_query', 'the range runs from its first day to its last');
    return { cashiers: await overShort(sql, await moneySettings(sql), q.from, q.to) };
  });
  app.get(`${MONEY}/receivables`, read, async (req, reply) => {
    const q = query(ReceivablesQueryString, req, reply);
    if (!q) return reply;
    const asOf = asOfOf(q.asOf);
    if (asOf < q.from || asOf > addDays(q.from, 400)) return bad(reply, 'invalid_query', 'the receivable runs from a day to at most 400 days later');
    return { asOf, from: q.from, counters: await receivables(sql, await moneySettings(sql), q.from, asOf) };
  });
  app.get(`${MONEY}/exceptions`, read, async (req, reply) => {
    const q = query(AsOfQueryString, req, reply);
    return q ? moneyExceptions(sql, await moneySettings(sql), asOfOf(q.asOf)) : reply;
  });
  app.get(`${MONEY}/exceptions/export`, read, async (req, reply) => {
    const q = query(ExceptionsExportQueryString, req, reply);
    if (!q) return reply;
    const e = await exportMoneyExceptions(sql, key, await moneySettings(sql), asOfOf(q.asOf), q.format, userOf(req).name, now());
    return { fileName: e.fileName, file: e.bytes.toString('base64'), manifest: e.manifest };
  });

  app.get(`${MONEY}/settings`, read, async () => moneySettings(sql));
  app.put(`${MONEY}/settings`, act, async (req, reply) => {
    const body = parse(MoneySettings, req.body);
    if (!body.ok) return bad(reply, 'invalid_body', body.message);
    return saveMoneySettings(sql, key, body.value, userOf(req).name, now());
  });

  app.get(`${MONEY}/files`, read, async () => {
    const rows = await sql.query<{ kind: 'statement' | 'settlement'; id: string; name: string; of: string; from: string; to: string; lines: number; sha256: string; by: string; at: string }>(
      `SELECT 'statement' AS kind, id, file_name AS name, account AS of, to_char(from_date, 'YYYY-MM-DD') AS from, to_char(to_date, 'YYYY-MM-DD') AS to, entries AS lines,
              file_sha256 AS sha256, imported_by AS by, to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM bank_statements
       UNION ALL
       SELECT 'settlement', id, file_name, provider, to_char(from_date, 'YYYY-MM-DD'), to_char(to_date, 'YYYY-MM-DD'), lines,
              file_sha256, imported_by, to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM settlement_files
       ORDER BY at DESC LIMIT 200`,
    );
    const files: ImportedFile[] = rows.map((r) => ({ ...r, id: Number(r.id) }));
    return { files };
  });

  app.get(`${MONEY}/mappings`, read, async () => ({
    banks: await sql.query('SELECT bank, mapping FROM statement_mappings ORDER BY bank'),
    providers: await sql.query('SELECT provider, mode, mapping FROM provider_mappings ORDER BY provider'),
  }));
  app.put(`${MONEY}/mappings/bank`, act, async (req, reply) => {
    const body = parse(z.strictObject({ bank: CsvStatementInput.shape.bank, mapping: StatementCsvMapping }), req.body);
    if (!body.ok) return bad(reply, 'invalid_body', body.message);
    await saveStatementMapping(sql, key, body.value.bank, body.value.mapping, userOf(req).name, now());
    return { saved: body.value.bank };
  });
  app.put(`${MONEY}/mappings/provider`, act, async (req, reply) => {
    const body = parse(ProviderInput, req.body);
    if (!body.ok) return bad(reply, 'invalid_body', body.message);
    await saveProviderMapping(sql, key, body.value, userOf(req).name, now());
    return { saved: body.value.provider };
  });

  /** The uploaded file whole, or a reply already sent (too large, not multipart, none). */
  const upload = async (req: FastifyRequest, reply: FastifyReply): Promise<{ name: string; bytes: Buffer } | null> => {
    if (!req.isMultipart()) {
      void bad(reply, 'invalid_body', 'send the file as multipart/form-data');
      return null;
    }
    const data: MultipartFile | undefined = await req.file({ limits: { fileSize: STATEMENT_MAX_BYTES, files: 1, fields: 0 } });
    if (!data) {
      void bad(reply, 'invalid_body', 'no file was sent');
      return null;
    }
    const bytes = await data.toBuffer().catch((e: unknown) => {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return null;
      throw e;
    });
    if (bytes === null || data.file.truncated) {
      void reply.status(413).send({ error: 'too_large', message: `the file is larger than ${STATEMENT_MAX_BYTES / 1048576} MB: nothing was imported` });
      return null;
    }
    return { name: data.filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100) || 'upload', bytes };
  };
  const importError = (reply: FastifyReply, e: unknown) => {
    if (!(e instanceof StatementError)) throw e;
    return reply.status(e.code === 'too_large' ? 413 : e.code === 'overlap' ? 409 : 422).send({ error: e.code, message: e.message, ...(e.line ? { line: e.line } : {}) });
  };

  app.post(`${MONEY}/statements`, act, async (req, reply) => {
    const q = query(StatementUploadQueryString, req, reply);
    if (!q) return reply;
    let csv: CsvStatementInput | undefined;
    if (q.format === 'csv') {
      if (!q.bank || !q.account) return bad(reply, 'invalid_query', 'a CSV statement names its bank (whose saved column mapping reads it) and its account');
      const mapping = await savedStatementMapping(sql, q.bank);
      if (!mapping) return reply.status(422).send({ error: 'unknown_layout', message: `no column mapping is saved for ${q.bank}: save one first (Money › Mappings)` });
      csv = { bank: q.bank, account: q.account, mapping };
    }
    const file = await upload(req, reply);
    if (!file) return reply;
    try {
      return await reconcileAfterImport(sql, await importStatement(sql, key, { ...file, format: q.format, csv }, userOf(req).name, now()), now());
    } catch (e) {
      return importError(reply, e);
    }
  });

  app.post(`${MONEY}/settlements`, act, async (req, reply) => {
    const q = query(SettlementUploadQueryString, req, reply);
    if (!q) return reply;
    const input = await savedProvider(sql, q.provider);
    if (!input) return reply.status(422).send({ error: 'unknown_layout', message: `no column mapping is saved for ${q.provider}: save one first (Money › Mappings)` });
    const file = await upload(req, reply);
    if (!file) return reply;
    try {
      return await reconcileAfterImport(sql, await importSettlement(sql, key, { ...file, input }, userOf(req).name, now()), now());
    } catch (e) {
      return importError(reply, e);
    }
  });

  app.post(`${MONEY}/reconcile`, act, async (req, reply) => {
    const body = parse(ReconcileRequest, req.body);
    if (!body.ok) return bad(reply, 'invalid_body', body.message);
    const problem = rangeProblem(body.value.from, body.value.to);
    if (problem) return bad(reply, 'invalid_body', problem);
    return reconcileMoney(sql, await moneySettings(sql), body.value, now());
  });

  app.post(`${MONEY}/accept`, act, async (req, reply) => {
    const body = parse(AcceptRequest, req.body);
    if (!body.ok) return bad(reply, 'invalid_body', body.message);
    try {
      return await acceptCounterDay(sql, key, await moneySettings(sql), body.value, userOf(req).name, now(), businessDate(now()));
    } catch (e) {
      return actError(reply, e);
    }
  });

  app.post(`${MONEY}/match`, act, async (req, reply) => {
    const body = parse(ManualMatchRequest, req.body);
    if (!body.ok) return bad(reply, 'invalid_body', body.message);
    try {
      await matchEntryToSlip(sql, key, body.value, userOf(req).name, now());
      return { matched: body.value.lineId };
    } catch (e) {
      return actError(reply, e);
    }
  });
}
