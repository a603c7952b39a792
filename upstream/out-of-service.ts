// A counter declared out of service for some business days (a holiday, a PC at the repairer's):
// the census counts those days as accounted for instead of unclosed, as Italy's RT census accepts
// a declaration in place of a daily close. Declared by a named admin, in the admin log.
import type { OutOfService } from '../shared/console-api.js';
import { isIsoDate, type IsoDate } from '../shared/dates.js';
import { appendAdminLog } from './admin-log.js';
import type { ServerKey } from './crypto.js';
import type { Sql } from './store.js';

/** The longest range one declaration may cover. */
export const OUT_OF_SERVICE_MAX_DAYS = 366;

export class OutOfServiceError extends Error {
  constructor(readonly code: 'no_terminal' | 'bad_range', message: string) {
    super(message);
  }
}

const days = (from: IsoDate, to: IsoDate) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

export async function declareOutOfService(
  sql: Sql, key: ServerKey, d: { terminalId: string; from: IsoDate; to: IsoDate; reason: string }, by: string, now = new Date(),
): Promise<OutOfService> {
  if (!isIsoDate(d.from) || !isIsoDate(d.to) || d.to < d.from) throw new OutOfServiceError('bad_range', 'the dates run from the first day to the last, the last not before the first');
  if (days(d.from, d.to) > OUT_OF_SERVICE_MAX_DAYS) throw new OutOfServiceError('bad_range', `one declaration covers at most ${OUT_OF_SERVICE_MAX_DAYS} days`);
  return sql.transaction(async (tx) => {
    const [t] = await tx.query('SELECT 1 FROM terminals WHERE id = $1 FOR UPDATE', [d.terminalId]);
    if (!t) throw new OutOfServiceError('no_terminal', `no terminal ${d.terminalId}`);
    await tx.query('INSERT INTO out_of_service (terminal_id, from_date, to_date, reason, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      d.terminalId, d.from, d.to, d.reason, by, now.toISOString(),
    ]);
    await appendAdminLog(tx, key, { actor: by, action: 'terminal.out-of-service', subject: d.terminalId, before: null, after: { from: d.from, to: d.to }, note: d.reason }, now);
    return { from: d.from, to: d.to, reason: d.reason, declaredBy: by, declaredAt: now.toISOString() };
  });
}

const day = (v: Date | string): IsoDate => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

export async function outOfServiceOf(sql: Sql, terminalId: string): Promise<OutOfService[]> {
  const rows = await sql.query<{ from_date: Date | string; to_date: Date | string; reason: string; declared_by: string; declared_at: Date | string }>(
    'SELECT from_date, to_date, reason, declared_by, declared_at FROM out_of_service WHERE terminal_id = $1 ORDER BY from_date DESC, id DESC', [terminalId],
  );
  return rows.map((r) => ({ from: day(r.from_date), to: day(r.to_date), reason: r.reason, declaredBy: r.declared_by, declaredAt: new Date(r.declared_at).toISOString() }));
}
