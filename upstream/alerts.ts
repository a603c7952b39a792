// Alerts for the central office (`counterfoil-upstream alerts`). Each kind has one severity,
// stated here: what only a signed event or an administrator can cause (a fork, a revocation) or
// the centre's own failure is `high` and is always listed, first; what anyone on the network can
// cause (a refused upload of junk) is `low`. A kind that repeats is one row per kind, terminal,
// source and subject, with a count and the first (created_at) and last time seen, so a flood of
// junk adds to a count instead of burying the rows that matter.
import type { AlertRow, Severity } from '../shared/console-api.js';
import { appendAdminLog } from './admin-log.js';
import type { ServerKey } from './crypto.js';
import type { Sql } from './store.js';
import { storableJson } from './storable-text.js';


export const ALERT_KINDS = {
  /** A different, properly signed event at a seq the centre holds: the terminal is frozen. */
  fork: { severity: 'high', repeats: false },
  /** An administrator revoked a terminal's key. */
  revoked: { severity: 'high', repeats: false },
  /** The centre could not store a batch (its own fault): the terminal keeps retrying meanwhile. */
  ingest_failed: { severity: 'high', repeats: true },
  /** An upload for a revoked terminal (unauthenticated: anyone can send one). */
  revoked_upload: { severity: 'medium', repeats: true },
  /** Payments journaled after the terminal's day.closed for their business date. */
  late_entry: { severity: 'medium', repeats: true },
  clock_ahead: { severity: 'medium', repeats: true },
  clock_backwards: { severity: 'medium', repeats: true },
  /** A source reached the refusal limit for a terminal's uploads: later refusals answer 429. */
  refusals_limited: { severity: 'medium', repeats: true },
  /** A source reached the limit of wrong enrollment codes. */
  enroll_guessing: { severity: 'medium', repeats: true },
  /** A console user's name locked after wrong sign-ins in a row (subject: the name). */
  console_lockout: { severity: 'medium', repeats: true },
  /** A source reached the limit of refused console sign-ins. */
  console_guessing: { severity: 'medium', repeats: true },
  /** A source reached the limit of refused postings-feed requests (no key, a wrong or revoked one). */
  postings_key_guessing: { severity: 'medium', repeats: true },
  // Refused uploads (upstream/ingest.ts): nothing is stored and nothing is frozen.
  gap: { severity: 'low', repeats: true },
  malformed: { severity: 'low', repeats: true },
  bad_signature: { severity: 'low', repeats: true },
  chain: { severity: 'low', repeats: true },
  bad_rotation: { severity: 'low', repeats: true },
} as const satisfies Record<string, { severity: Severity; repeats: boolean }>;

export type AlertKind = keyof typeof ALERT_KINDS;

export interface NewAlert {
  kind: AlertKind;
  terminalId: string | null;
  /** Who caused it: the client's address, `import-bundle`, `admin`. */
  source: string;
  detail: unknown;
  /** What a repeating alert is about beyond its terminal and source (a business date). */
  subject?: string;
  /** How many occurrences this one stands for (several late payments in one batch). */
  times?: number;
}

/** Records an alert, or adds to the count of the same repeating one (the newest detail kept). */
export async function raiseAlert(sql: Sql, a: NewAlert): Promise<void> {
  const { severity, repeats } = ALERT_KINDS[a.kind];
  const dedupKey = repeats ? [a.kind, a.terminalId ?? '', a.source, a.subject ?? ''].join('|') : null;
  await sql.query(
    `INSERT INTO alerts (terminal_id, kind, severity, source, detail, count, dedup_key) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (dedup_key) DO UPDATE SET count = alerts.count + EXCLUDED.count, last_seen = now(), detail = EXCLUDED.detail`,
    [a.terminalId, a.kind, severity, a.source, storableJson(a.detail), a.times ?? 1, dedupKey],
  );
}

interface Raw extends Omit<AlertRow, 'acknowledged' | 'resolved'> {
  acknowledged_at: Date | string | null; acknowledged_by: string | null; acknowledged_note: string | null;
  resolved_at: Date | string | null; resolved_by: string | null; resolved_note: string | null;
}
const handled = (at: Date | string | null, by: string | null, note: string | null) => (at === null ? null : { at: new Date(at).toISOString(), by: by ?? '', note: note ?? '' });
const row = (r: Raw): AlertRow => {
  const { acknowledged_at, acknowledged_by, acknowledged_note, resolved_at, resolved_by, resolved_note, ...rest } = r;
  return {
    ...rest, first_seen: new Date(r.first_seen).toISOString(), last_seen: new Date(r.last_seen).toISOString(),
    acknowledged: handled(acknowledged_at, acknowledged_by, acknowledged_note), resolved: handled(resolved_at, resolved_by, resolved_note),
  };
};

/**
 * Every high-severity alert, newest first, then the newest `limit` others (medium before low): so
 * no flood of low alerts pushes a high one off the list. `open` lists only the unresolved ones,
 * `resolved` only those resolved (newest `limit`).
 */
export async function listAlerts(sql: Sql, opts: { limit?: number; state?: 'all' | 'open' | 'resolved'; terminalId?: string } = {}): Promise<AlertRow[]> {
  const columns = `id::text AS id, severity, terminal_id, kind, source, count::int AS count, created_at AS first_seen, last_seen, detail,
    acknowledged_at, acknowledged_by, acknowledged_note, resolved_at, resolved_by, resolved_note`;
  const limit = opts.limit ?? 100;
  const state = opts.state ?? 'all';
  // $2: one terminal's alerts only, when given.
  const of = 'AND ($2::text IS NULL OR terminal_id = $2)';
  const terminal = opts.terminalId ?? null;
  if (state === 'resolved') {
    return (await sql.query<Raw>(`SELECT ${columns} FROM alerts WHERE resolved_at IS NOT NULL ${of} ORDER BY resolved_at DESC, id DESC LIMIT $1`, [limit, terminal])).map(row);
  }
  const open = state === 'open' ? 'AND resolved_at IS NULL' : '';
  const high = await sql.query<Raw>(`SELECT ${columns} FROM alerts WHERE severity = 'high' ${open} ${of} ORDER BY last_seen DESC, id DESC LIMIT $1`, [10_000, terminal]);
  const others = await sql.query<Raw>(
    `SELECT ${columns} FROM alerts WHERE severity <> 'high' ${open} ${of}
     ORDER BY CASE severity WHEN 'medium' THEN 0 ELSE 1 END, last_seen DESC, id DESC LIMIT $1`,
    [limit, terminal],
  );
  return [...high, ...others].map(row);
}

export class AlertActionError extends Error {
  constructor(readonly code: 'no_alert' | 'already_resolved', message: string) {
    super(message);
  }
}

/**
 * A named central user acknowledges (seen, being handled) or resolves an alert, with a note; an
 * admin-log entry in the same transaction. A resolved alert's dedup key is freed: the next
 * occurrence of the same kind opens a new alert.
 */
export async function actOnAlert(
  sql: Sql, key: ServerKey, id: string, act: 'acknowledge' | 'resolve', by: string, note: string, now = new Date(),
): Promise<AlertRow> {
  return sql.transaction(async (tx) => {
    const [before] = await tx.query<Raw>(
      `SELECT id::text AS id, severity, terminal_id, kind, source, count::int AS count, created_at AS first_seen, last_seen, detail,
         acknowledged_at, acknowledged_by, acknowledged_note, resolved_at, resolved_by, resolved_note FROM alerts WHERE id = $1::bigint FOR UPDATE`,
      [id],
    );
    if (!before) throw new AlertActionError('no_alert', `there is no alert ${id}`);
    if (before.resolved_at !== null) throw new AlertActionError('already_resolved', `alert ${id} was resolved by ${before.resolved_by} on ${new Date(before.resolved_at).toISOString()}`);
    const at = now.toISOString();
    const [after] = act === 'acknowledge'
      ? await tx.query<Raw>(
        `UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3, acknowledged_note = $4 WHERE id = $1::bigint
         RETURNING id::text AS id, severity, terminal_id, kind, source, count::int AS count, created_at AS first_seen, last_seen, detail,
           acknowledged_at, acknowledged_by, acknowledged_note, resolved_at, resolved_by, resolved_note`, [id, at, by, note])
      : await tx.query<Raw>(
        `UPDATE alerts SET resolved_at = $2, resolved_by = $3, resolved_note = $4, dedup_key = NULL,
           acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE(acknowledged_by, $3), acknowledged_note = COALESCE(acknowledged_note, $4)
         WHERE id = $1::bigint
         RETURNING id::text AS id, severity, terminal_id, kind, source, count::int AS count, created_at AS first_seen, last_seen, detail,
           acknowledged_at, acknowledged_by, acknowledged_note, resolved_at, resolved_by, resolved_note`, [id, at, by, note]);
    const state = (r: Raw) => (r.resolved_at ? 'resolved' : r.acknowledged_at ? 'acknowledged' : 'open');
    await appendAdminLog(tx, key, {
      actor: by, action: act === 'acknowledge' ? 'alert.acknowledged' : 'alert.resolved', subject: `alert:${id}`,
      before: { state: state(before), kind: before.kind, severity: before.severity, terminalId: before.terminal_id }, after: { state: state(after!) }, note,
    }, now);
    return row(after!);
  });
}
