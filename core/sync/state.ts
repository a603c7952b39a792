// What the terminal knows of its link to the centre (sync_state, one row once enrolled) and the
// status the screens show: online / offline / degraded, queue depth, the oldest unsent event's
// age, last success, last error in words, and the clock skew measured from the server's Date.
import type { SyncStatus } from '../../shared/contract.js';
import { errorText, type ErrorCode, type ErrorParams } from '../../shared/errors.js';
import { stmt } from '../db/statements.js';
import { journalHead } from '../ledger/journal.js';
import type { Terminal } from '../terminal/terminal.js';

/** A terminal clock further than this from the server's is shown as a warning. */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

export interface SyncRow {
  upstream_url: string;
  server_key: string;
  acked_seq: number;
  checkpoint_json: string | null;
  stopped_reason: string | null;
  last_error: string | null;
  last_error_code: string | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  connection: Connection | null;
  clock_skew_ms: number | null;
  clock_measured_at: string | null;
  consumer_cursor: string;
  consumers_synced_at: string | null;
  central_seq: number | null;
  central_checked_at: string | null;
  central_ahead: string | null;
}

export type Connection = 'online' | 'offline' | 'degraded';
export type { SyncStatus };

export function syncRow(t: Terminal): SyncRow | undefined {
  return stmt(t.db, 'SELECT * FROM sync_state WHERE id = 1').get() as SyncRow | undefined;
}

export function syncStatus(t: Terminal): SyncStatus {
  const row = syncRow(t);
  const headSeq = journalHead(t.db).seq;
  const ackedSeq = row?.acked_seq ?? 0;
  const oldest = stmt(t.db, "SELECT json_extract(body, '$.at') AS at FROM journal WHERE seq = ?").get(ackedSeq + 1) as { at: string } | undefined;
  const skew = row?.clock_skew_ms ?? null;
  return {
    enrolled: row !== undefined,
    upstreamUrl: row?.upstream_url ?? null,
    connection: row?.connection ?? null,
    ackedSeq,
    headSeq,
    queueDepth: headSeq - ackedSeq,
    oldestUnsyncedAt: oldest?.at ?? null,
    oldestUnsyncedAgeSeconds: oldest ? Math.max(0, Math.round((t.clock().getTime() - Date.parse(oldest.at)) / 1000)) : null,
    lastAttemptAt: row?.last_attempt_at ?? null,
    lastSuccessAt: row?.last_success_at ?? null,
    lastError: row?.last_error ?? null,
    lastErrorCode: row?.last_error_code ?? null,
    stopped: row?.stopped_reason ?? null,
    clockSkewMs: skew,
    clockSkewWarning: skew !== null && Math.abs(skew) > CLOCK_SKEW_WARN_MS,
    consumerCursor: row?.consumer_cursor ?? '0',
    consumersSyncedAt: row?.consumers_synced_at ?? null,
    centralSeq: row?.central_seq ?? null,
    writeBlock: t.writeBlock?.toAppError() ?? null,
  };
}

const now = (t: Terminal) => t.clock().toISOString();

/** An exchange that worked: the link is online and the last error is cleared. */
export function noteSuccess(t: Terminal): void {
  stmt(t.db, "UPDATE sync_state SET connection = 'online', last_attempt_at = ?, last_success_at = ?, last_error = NULL, last_error_code = NULL WHERE id = 1")
    .run(now(t), now(t));
}

/** An exchange that failed: 'offline' when nothing answered, 'degraded' when the answer was an error. */
export function noteFailure(t: Terminal, connection: Exclude<Connection, 'online'>, code: ErrorCode, params: ErrorParams): void {
  stmt(t.db, 'UPDATE sync_state SET connection = ?, last_attempt_at = ?, last_error = ?, last_error_code = ? WHERE id = 1')
    .run(connection, now(t), errorText(code, params), code);
}

/** The centre refused for good: nothing more is sent until a supervisor acts. */
export function noteStopped(t: Terminal, code: ErrorCode, params: ErrorParams): void {
  const words = errorText(code, params);
  stmt(t.db, "UPDATE sync_state SET connection = 'degraded', last_attempt_at = ?, stopped_reason = ?, last_error = ?, last_error_code = ? WHERE id = 1")
    .run(now(t), words, words, code);
}

export function noteClock(t: Terminal, skewMs: number): void {
  stmt(t.db, 'UPDATE sync_state SET clock_skew_ms = ?, clock_measured_at = ? WHERE id = 1').run(Math.round(skewMs), now(t));
}
