// The sync agent's upload side (DESIGN §6): enroll once, then send the journal in order, in
// batches, and keep the server's signed checkpoint as an anchor. It never deletes a journal row;
// on a 409 (fork) it stops and says so, and never tries to "repair" the chain.
import { CounterfoilError } from '../../shared/errors.js';
import { JournalAck, MAX_BATCH_EVENTS, type Checkpoint } from '../../shared/upstream-api.js';
import { stmt } from '../db/statements.js';
import { journalHead } from '../ledger/journal.js';
import { rawPublicKey } from '../ledger/signer.js';
import type { Terminal } from '../terminal/terminal.js';

const MAX_BATCH_BYTES = 1024 * 1024;

interface SyncRow {
  upstream_url: string;
  acked_seq: number;
  stopped_reason: string | null;
  last_error: string | null;
  last_success_at: string | null;
}

export interface SyncStatus {
  enrolled: boolean;
  ackedSeq: number;
  headSeq: number;
  /** Events recorded here and not yet acknowledged by the centre. */
  queueDepth: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  stopped: string | null;
}

function syncRow(t: Terminal): SyncRow | undefined {
  return stmt(t.db, 'SELECT * FROM sync_state WHERE id = 1').get() as SyncRow | undefined;
}

export function syncStatus(t: Terminal): SyncStatus {
  const row = syncRow(t);
  const headSeq = journalHead(t.db).seq;
  const ackedSeq = row?.acked_seq ?? 0;
  return {
    enrolled: row !== undefined, ackedSeq, headSeq, queueDepth: headSeq - ackedSeq,
    lastSuccessAt: row?.last_success_at ?? null, lastError: row?.last_error ?? null, stopped: row?.stopped_reason ?? null,
  };
}

async function postJson(url: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
  });
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // A non-JSON answer is reported by status alone.
  }
  return { status: res.status, json };
}

const messageOf = (json: unknown, status: number) =>
  typeof json === 'object' && json && 'message' in json ? String((json as { message: unknown }).message) : `HTTP ${status}`;

/** Registers this terminal's id and key (made at init) with the centre, using a one-time code. */
export async function enroll(t: Terminal, upstreamUrl: string, code: string, timeoutMs = 15_000): Promise<void> {
  const base = upstreamUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s?#]+$/.test(base)) throw new CounterfoilError('INVALID_INPUT', { detail: 'the upstream URL is http(s)://host[:port]' });
  let r;
  try {
    r = await postJson(`${base}/v1/enroll`, {
      code: code.trim().toUpperCase(), terminalId: t.id, publicKey: rawPublicKey(t.signer.publicKey).toString('base64url'),
      substation: t.substation, counter: t.counter,
    }, timeoutMs);
  } catch (e) {
    throw new CounterfoilError('UPSTREAM_UNREACHABLE', { detail: (e as Error).message });
  }
  if (r.status !== 200) throw new CounterfoilError('UPSTREAM_REFUSED', { detail: messageOf(r.json, r.status) });
  const serverKey = (r.json as { serverKey?: unknown }).serverKey;
  if (typeof serverKey !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(serverKey)) throw new CounterfoilError('UPSTREAM_REFUSED', { detail: 'the server sent no key' });
  stmt(
    t.db,
    `INSERT INTO sync_state (id, upstream_url, server_key, enrolled_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET upstream_url = excluded.upstream_url, server_key = excluded.server_key`,
  ).run(base, serverKey, t.clock().toISOString());
}

/** One upload pass: batches of at most 500 events or 1 MB until the centre holds the whole journal. */
export async function uploadJournal(t: Terminal, timeoutMs = 30_000): Promise<SyncStatus> {
  const row = syncRow(t);
  if (!row) throw new CounterfoilError('NOT_ENROLLED');
  if (row.stopped_reason) return syncStatus(t);
  const read = stmt(t.db, 'SELECT seq, body, sig FROM journal WHERE seq > ? ORDER BY seq LIMIT ?');
  let acked = row.acked_seq;
  for (;;) {
    const rows = read.all(acked, MAX_BATCH_EVENTS) as { seq: number; body: string; sig: Buffer }[];
    if (rows.length === 0) break;
    const events = [];
    let bytes = 0;
    for (const r of rows) {
      bytes += r.body.length + 120;
      if (events.length > 0 && bytes > MAX_BATCH_BYTES) break;
      events.push({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') });
    }
    let r;
    try {
      r = await postJson(`${row.upstream_url}/v1/terminals/${t.id}/journal`, { events }, timeoutMs);
    } catch (e) {
      stmt(t.db, 'UPDATE sync_state SET last_error = ? WHERE id = 1').run(`offline: ${(e as Error).message}`);
      return syncStatus(t);
    }
    if (r.status === 409) {
      stmt(t.db, 'UPDATE sync_state SET stopped_reason = ?, last_error = ? WHERE id = 1').run(messageOf(r.json, r.status), messageOf(r.json, r.status));
      return syncStatus(t);
    }
    const ack = JournalAck.safeParse(r.json);
    if (r.status !== 200 || !ack.success) {
      stmt(t.db, 'UPDATE sync_state SET last_error = ? WHERE id = 1').run(messageOf(r.json, r.status));
      return syncStatus(t);
    }
    acked = recordAck(t, ack.data.ackedThrough, ack.data.checkpoint);
  }
  return syncStatus(t);
}

/** Keeps the checkpoint and moves the acknowledged mark; receipts from here on print as confirmed. */
function recordAck(t: Terminal, ackedThrough: number, checkpoint: Checkpoint): number {
  stmt(
    t.db,
    'UPDATE sync_state SET acked_seq = MAX(acked_seq, ?), acked_hash = ?, checkpoint_json = ?, last_success_at = ?, last_error = NULL WHERE id = 1',
  ).run(ackedThrough, checkpoint.hash, JSON.stringify(checkpoint), t.clock().toISOString());
  return ackedThrough;
}
