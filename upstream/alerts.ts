// Alerts for the central office (`counterfoil-upstream alerts`). Each kind has one severity,
// stated here: what only a signed event or an administrator can cause (a fork, a revocation) or
// the centre's own failure is `high` and is always listed, first; what anyone on the network can
// cause (a refused upload of junk) is `low`. A kind that repeats is one row per kind, terminal,
// source and subject, with a count and the first (created_at) and last time seen, so a flood of
// junk adds to a count instead of burying the rows that matter.
import type { Sql } from './store.js';
import { storableJson } from './storable-text.js';

export type Severity = 'high' | 'medium' | 'low';

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

export interface AlertRow {
  id: string;
  severity: Severity;
  terminal_id: string | null;
  kind: string;
  source: string;
  count: number;
  first_seen: string;
  last_seen: string;
  detail: unknown;
}

/** Every high-severity alert, newest first, then the newest `limit` others (medium before low). */
export async function listAlerts(sql: Sql, opts: { limit?: number } = {}): Promise<AlertRow[]> {
  const columns = 'id, severity, terminal_id, kind, source, count::int AS count, created_at AS first_seen, last_seen, detail';
  const high = await sql.query<AlertRow>(`SELECT ${columns} FROM alerts WHERE severity = 'high' ORDER BY last_seen DESC, id DESC`);
  const others = await sql.query<AlertRow>(
    `SELECT ${columns} FROM alerts WHERE severity <> 'high'
     ORDER BY CASE severity WHEN 'medium' THEN 0 ELSE 1 END, last_seen DESC, id DESC LIMIT $1`,
    [opts.limit ?? 100],
  );
  return [...high, ...others];
}
