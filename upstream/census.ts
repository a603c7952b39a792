// The fleet census (issue 17): every enrolled terminal with its last contact, its head, today's
// payments, its frozen or revoked state, its last closed business day and the days since
// enrollment it has not closed — and a traffic light. Italy's RT census is the model: a device
// that stops sending its daily close is noticed, not forgotten. Thresholds are settings.
import type { CensusReason, CensusRow, Light } from '../shared/console-api.js';
import { addDays, businessDate, type IsoDate } from '../shared/dates.js';
import type { Sql } from './store.js';

export interface CensusThresholds {
  /** Silent (no event received, no signed read) this long: yellow. */
  silentYellowMinutes: number;
  /** Silent this long: red. */
  silentRedMinutes: number;
  /** A business day still not closed this many days after it (D+N): red. Yesterday unclosed alone is yellow. */
  unclosedRedDays: number;
}

export const DEFAULT_CENSUS_THRESHOLDS: CensusThresholds = { silentYellowMinutes: 120, silentRedMinutes: 24 * 60, unclosedRedDays: 2 };

interface Raw {
  id: string; substation: string; counter: string; key_id: string; enrolled_at: Date | string; head_seq: string | number;
  frozen_reason: string | null; revoked_at: Date | string | null; revoked_reason: string | null;
  head_received_at: Date | string | null; last_read_at: Date | string | null; payments_today: string | number;
  last_closed: Date | string | null; high_alerts: string | number; closed_days: (Date | string)[] | null;
  out_of_service: [string, string][] | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
/** A DATE column as PostgreSQL and PGlite hand it back: 'YYYY-MM-DD', or a Date at UTC midnight. */
const day = (v: Date | string): IsoDate => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10)) as IsoDate;

/** The light and its reasons for one terminal at `now` (pure: the rules, apart from the query). */
export function lightOf(r: Omit<CensusRow, 'light' | 'reasons'>, now: Date, t: CensusThresholds): { light: Light; reasons: CensusReason[] } {
  const red: CensusReason[] = [];
  const yellow: CensusReason[] = [];
  if (r.revoked) red.push({ code: 'revoked', reason: r.revoked });
  if (r.frozen) red.push({ code: 'frozen', reason: r.frozen });
  if (r.highAlerts > 0) red.push({ code: 'high_alerts', count: r.highAlerts });
  const since = r.lastContactAt ?? r.enrolledAt;
  const silentMinutes = (now.getTime() - new Date(since).getTime()) / 60_000;
  const silent: CensusReason = { code: 'silent', since };
  if (silentMinutes > t.silentRedMinutes) red.push(silent);
  else if (silentMinutes > t.silentYellowMinutes) yellow.push(silent);
  const today = businessDate(now);
  const overdue = r.unclosedDays.filter((d) => d <= addDays(today, -t.unclosedRedDays));
  if (overdue.length) red.push({ code: 'unclosed_overdue', days: overdue.length, first: overdue[0]!, afterDays: t.unclosedRedDays });
  else if (r.unclosedDays.includes(addDays(today, -1))) yellow.push({ code: 'yesterday_unclosed', day: addDays(today, -1) });
  if (red.length) return { light: 'red', reasons: [...red, ...yellow] };
  if (yellow.length) return { light: 'yellow', reasons: yellow };
  return { light: 'green', reasons: [] };
}

const RISK: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

/**
 * Every enrolled terminal (or the one `only` names), riskiest first (red, yellow, green; longest
 * silent first within each). A day declared out of service counts as accounted for, not unclosed.
 */
export async function fleetCensus(sql: Sql, now: Date = new Date(), t: CensusThresholds = DEFAULT_CENSUS_THRESHOLDS, only?: string): Promise<CensusRow[]> {
  const today = businessDate(now);
  const rows = await sql.query<Raw>(
    `SELECT t.id, t.substation, t.counter, t.key_id, t.enrolled_at, t.head_seq, t.frozen_reason, t.revoked_at, t.revoked_reason,
            (SELECT e.received_at FROM events e WHERE e.terminal_id = t.id AND e.seq = t.head_seq) AS head_received_at,
            (SELECT max(r.seen_at) FROM signed_reads r WHERE r.terminal_id = t.id) AS last_read_at,
            (SELECT count(*) FROM payments p WHERE p.business_date = $1::date AND p.terminal_id = t.id) AS payments_today,
            (SELECT max(d.business_date) FROM day_closes d WHERE d.terminal_id = t.id) AS last_closed,
            (SELECT count(*) FROM alerts a WHERE a.terminal_id = t.id AND a.severity = 'high') AS high_alerts,
            (SELECT array_agg(DISTINCT d.business_date) FROM day_closes d WHERE d.terminal_id = t.id) AS closed_days,
            (SELECT json_agg(json_build_array(o.from_date, o.to_date)) FROM out_of_service o WHERE o.terminal_id = t.id) AS out_of_service
       FROM terminals t
      WHERE $2::text IS NULL OR t.id = $2`,
    [today, only ?? null],
  );
  const census = rows.map((r): CensusRow => {
    const contacts = [iso(r.head_received_at), iso(r.last_read_at)].filter((v): v is string => v !== null).sort();
    const closed = new Set((r.closed_days ?? []).map(day));
    const unclosedDays: IsoDate[] = [];
    const declared = (d: IsoDate) => (r.out_of_service ?? []).some(([from, to]) => from <= d && d <= to);
    for (let d = businessDate(new Date(r.enrolled_at)); d < today; d = addDays(d, 1)) if (!closed.has(d) && !declared(d)) unclosedDays.push(d);
    const base = {
      terminalId: r.id, substation: r.substation, counter: r.counter, keyId: r.key_id, enrolledAt: iso(r.enrolled_at)!,
      lastContactAt: contacts.at(-1) ?? null, headSeq: Number(r.head_seq), headReceivedAt: iso(r.head_received_at),
      paymentsToday: Number(r.payments_today), frozen: r.frozen_reason, revoked: r.revoked_at ? (r.revoked_reason ?? 'revoked') : null,
      lastClosedDay: r.last_closed === null ? null : day(r.last_closed), unclosedDays, highAlerts: Number(r.high_alerts),
    };
    return { ...base, ...lightOf(base, now, t) };
  });
  return census.sort((a, b) => RISK[a.light] - RISK[b.light] || (a.lastContactAt ?? a.enrolledAt).localeCompare(b.lastContactAt ?? b.enrolledAt));
}
