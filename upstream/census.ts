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
  last_closed: string | null; high_alerts: string | number; unclosed_days: IsoDate[] | null;
  replaced_by: string | null; replaced_at: Date | string | null; clock_skew_ms: number | null; events_today: number; app_version: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

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
  // A replaced terminal is not expected to call again.
  if (r.replacedBy === null && silentMinutes > t.silentRedMinutes) red.push(silent);
  else if (r.replacedBy === null && silentMinutes > t.silentYellowMinutes) yellow.push(silent);
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
  // Set-wise, one pass over each table (hash joins), rather than a subquery per terminal: the
  // census of a state's 2,000 counters is one page load (bench:console). The days not closed are
  // found here too: each business day from enrollment to yesterday with neither a day close nor an
  // out-of-service declaration — almost always none, so little comes back.
  const rows = await sql.query<Raw>(
    `WITH fleet AS (SELECT * FROM terminals WHERE $2::text IS NULL OR id = $2),
          today AS (SELECT terminal_id, SUM(payments + voids) AS n FROM collections_daily WHERE business_date = $1::date GROUP BY terminal_id),
          closes AS (SELECT terminal_id, max(business_date) AS last_closed, count(DISTINCT business_date) FILTER (WHERE business_date < $1::date) AS closed_before_today
                       FROM day_closes GROUP BY terminal_id),
          -- Only a terminal with fewer days closed than it has been enrolled can have days not closed.
          suspects AS MATERIALIZED (
            SELECT f.id, f.enrolled_at, f.replaced_at FROM fleet f LEFT JOIN closes c ON c.terminal_id = f.id
             WHERE COALESCE(c.closed_before_today, 0) < $1::date - (f.enrolled_at AT TIME ZONE 'Asia/Kolkata')::date),
          -- Each expected business day: from enrollment to yesterday, or to the day before it was replaced.
          high AS (SELECT terminal_id, count(*) AS n FROM alerts WHERE severity = 'high' AND resolved_at IS NULL AND terminal_id IS NOT NULL GROUP BY terminal_id),
          days AS (
            SELECT f.id AS terminal_id, g.d::date AS d
              FROM suspects f, generate_series((f.enrolled_at AT TIME ZONE 'Asia/Kolkata')::date,
                LEAST($1::date, COALESCE((f.replaced_at AT TIME ZONE 'Asia/Kolkata')::date, $1::date)) - 1, interval '1 day') AS g(d)),
          unclosed AS (
            SELECT days.terminal_id, array_agg(to_char(days.d, 'YYYY-MM-DD') ORDER BY days.d) AS days
              FROM days
             WHERE NOT EXISTS (SELECT 1 FROM day_closes c WHERE c.terminal_id = days.terminal_id AND c.business_date = days.d)
               AND NOT EXISTS (SELECT 1 FROM out_of_service o WHERE o.terminal_id = days.terminal_id AND days.d BETWEEN o.from_date AND o.to_date)
             GROUP BY days.terminal_id)
     SELECT f.id, f.substation, f.counter, f.key_id, f.enrolled_at, f.head_seq, f.frozen_reason, f.revoked_at, f.revoked_reason, f.replaced_by, f.replaced_at,
            e.received_at AS head_received_at, f.last_read_at, f.clock_skew_ms, CASE WHEN f.events_day = $1::date THEN f.events_on_day ELSE 0 END AS events_today, f.app_version, COALESCE(today.n, 0) AS payments_today,
            to_char(closes.last_closed, 'YYYY-MM-DD') AS last_closed, COALESCE(high.n, 0) AS high_alerts, unclosed.days AS unclosed_days
       FROM fleet f
       LEFT JOIN events e ON e.terminal_id = f.id AND e.seq = f.head_seq
       LEFT JOIN today ON today.terminal_id = f.id
       LEFT JOIN closes ON closes.terminal_id = f.id
       LEFT JOIN high ON high.terminal_id = f.id
       LEFT JOIN unclosed ON unclosed.terminal_id = f.id`,
    [today, only ?? null],
  );
  const census = rows.map((r): CensusRow => {
    const contacts = [iso(r.head_received_at), iso(r.last_read_at)].filter((v): v is string => v !== null).sort();
    const unclosedDays: IsoDate[] = r.unclosed_days ?? [];
    const base = {
      terminalId: r.id, substation: r.substation, counter: r.counter, keyId: r.key_id, enrolledAt: iso(r.enrolled_at)!,
      lastContactAt: contacts.at(-1) ?? null, headSeq: Number(r.head_seq), headReceivedAt: iso(r.head_received_at),
      paymentsToday: Number(r.payments_today), frozen: r.frozen_reason, revoked: r.revoked_at ? (r.revoked_reason ?? 'revoked') : null,
      replacedBy: r.replaced_by, replacedAt: iso(r.replaced_at), clockSkewSeconds: r.clock_skew_ms === null ? null : Math.round(r.clock_skew_ms / 1000),
      eventsToday: Number(r.events_today), appVersion: r.app_version,
      lastClosedDay: r.last_closed, unclosedDays, highAlerts: Number(r.high_alerts),
    };
    return { ...base, ...lightOf(base, now, t) };
  });
  return census.sort((a, b) => RISK[a.light] - RISK[b.light] || (a.lastContactAt ?? a.enrolledAt).localeCompare(b.lastContactAt ?? b.enrolledAt));
}
