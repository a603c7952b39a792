// The sync agent's upload side (DESIGN §6): enroll once, then send the journal in order, in
// batches, and keep the server's signed checkpoint as an anchor. It never deletes a journal row;
// on a 409 (fork) or a revoked key it stops and says so, and never tries to "repair" the chain.
import { verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ed25519PublicKeyProblemB64 } from '../../shared/ed25519-public-key.js';
import { CounterfoilError } from '../../shared/errors.js';
import { EnrollResponse, JournalAck, MAX_BATCH_EVENTS, type Checkpoint } from '../../shared/upstream-api.js';
import { stmt } from '../db/statements.js';
import { publicKeyFromRaw } from '../ledger/signer.js';
import { followCentreVerifyUrl, noteAnnouncedVerifyUrl } from '../print/settings.js';
import { terminalKeys } from '../terminal/key-rotation.js';
import type { Terminal } from '../terminal/terminal.js';
import { errorOf, messageOf, readJson, Unreachable, upstreamFetch } from './http.js';
import { noteFailure, noteStopped, noteSuccess, syncRow, syncStatus, type SyncStatus } from './state.js';

export { syncStatus, type SyncStatus } from './state.js';

const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Registers this terminal's id and genesis key (made at init) with the centre, using a one-time
 * code. The centre checks the journal from seq 1 with that key and follows any rotation after it.
 */
export async function enroll(t: Terminal, upstreamUrl: string, code: string, timeoutMs = 15_000): Promise<void> {
  const base = upstreamUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s?#]+$/.test(base)) throw new CounterfoilError('INVALID_INPUT', { detail: 'the upstream URL is http(s)://host[:port]' });
  let json: unknown;
  let status: number;
  try {
    const res = await upstreamFetch(t, base, {
      method: 'POST', path: '/v1/enroll', timeoutMs,
      json: { code: code.trim().toUpperCase(), terminalId: t.id, publicKey: genesisKey(t), substation: t.substation, counter: t.counter },
    });
    status = res.status;
    json = await readJson(res);
  } catch (e) {
    throw new CounterfoilError('UPSTREAM_UNREACHABLE', { detail: (e as Error).message });
  }
  if (status !== 200) throw new CounterfoilError('UPSTREAM_REFUSED', { detail: messageOf(json, status) });
  const serverKey = (json as { serverKey?: unknown }).serverKey;
  if (typeof serverKey !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(serverKey)) throw new CounterfoilError('UPSTREAM_REFUSED', { detail: 'the server sent no key' });
  // Checkpoints are anchors only if nobody but the centre can sign them (issue 15 #9).
  const weak = ed25519PublicKeyProblemB64(serverKey);
  if (weak) throw new CounterfoilError('UPSTREAM_REFUSED', { detail: `the server's key ${weak}` });
  stmt(
    t.db,
    `INSERT INTO sync_state (id, upstream_url, server_key, enrolled_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET upstream_url = excluded.upstream_url, server_key = excluded.server_key`,
  ).run(base, serverKey, t.clock().toISOString());
  // The centre's verify page goes into the receipts' QR unless a supervisor chose her own.
  noteAnnouncedVerifyUrl(t, EnrollResponse.shape.verifyUrl.parse((json as { verifyUrl?: unknown }).verifyUrl));
  followCentreVerifyUrlSoon(t);
}

/** Follows the centre's verify URL now if the ledger takes a settings change; else the next sync pass does. */
export function followCentreVerifyUrlSoon(t: Terminal): void {
  try {
    followCentreVerifyUrl(t);
  } catch (e) {
    if (!(e instanceof CounterfoilError)) throw e;
  }
}

function genesisKey(t: Terminal): string {
  const first = terminalKeys(t.db)[0];
  if (!first) throw new CounterfoilError('NOT_INITIALISED');
  return first.publicKey;
}

interface Batch {
  events: { seq: number; body: string; sig: string }[];
}

function nextBatch(t: Terminal, after: number): Batch | null {
  const rows = stmt(t.db, 'SELECT seq, body, sig FROM journal WHERE seq > ? ORDER BY seq LIMIT ?').all(after, MAX_BATCH_EVENTS) as {
    seq: number; body: string; sig: Buffer;
  }[];
  if (rows.length === 0) return null;
  const events: Batch['events'] = [];
  let bytes = 0;
  for (const r of rows) {
    bytes += Buffer.byteLength(r.body) + 120;
    if (events.length > 0 && bytes > MAX_BATCH_BYTES) break;
    events.push({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') });
  }
  return { events };
}

/** One upload pass: batches of at most 500 events or 1 MB until the centre holds the whole journal. */
export async function uploadJournal(t: Terminal, timeoutMs = 30_000): Promise<SyncStatus> {
  const row = syncRow(t);
  if (!row) throw new CounterfoilError('NOT_ENROLLED');
  // Stopped by a fork or a revoked key, or behind the centre after a restore: sending more would
  // only add to the evidence. A supervisor acts; the agent does not.
  if (row.stopped_reason || row.central_ahead) return syncStatus(t);
  let acked = row.acked_seq;
  for (let batch = nextBatch(t, acked); batch; batch = nextBatch(t, acked)) {
    let status: number;
    let json: unknown;
    try {
      const res = await upstreamFetch(t, row.upstream_url, { method: 'POST', path: `/v1/terminals/${t.id}/journal`, json: { events: batch.events }, timeoutMs });
      status = res.status;
      json = await readJson(res);
    } catch (e) {
      if (!(e instanceof Unreachable) && (e as Error).name !== 'TimeoutError') throw e;
      noteFailure(t, 'offline', 'UPSTREAM_UNREACHABLE', { detail: (e as Error).message });
      return syncStatus(t);
    }
    if (status === 409) {
      // The fork's seq; a centre from before issue 15 sent it inside `evidence`, which now stays with its administrators.
      const answer = json as { seq?: unknown; evidence?: { seq?: unknown } } | null;
      const seq = answer?.seq ?? answer?.evidence?.seq;
      noteStopped(t, 'UPSTREAM_FORK', { seq: typeof seq === 'number' ? seq : '?' });
      return syncStatus(t);
    }
    if (status === 403 && errorOf(json) === 'revoked') {
      noteStopped(t, 'UPSTREAM_REVOKED', {});
      return syncStatus(t);
    }
    const ack = JournalAck.safeParse(json);
    if (status !== 200 || !ack.success) {
      noteFailure(t, 'degraded', status >= 500 || status === 200 ? 'UPSTREAM_ERROR' : 'UPSTREAM_REFUSED', { detail: messageOf(json, status) });
      return syncStatus(t);
    }
    const problem = ackProblem(t, row.server_key, ack.data, batch);
    if (problem) {
      noteFailure(t, 'degraded', 'UPSTREAM_ERROR', { detail: problem });
      return syncStatus(t);
    }
    acked = recordAck(t, ack.data.ackedThrough, ack.data.checkpoint);
    noteSuccess(t);
  }
  return syncStatus(t);
}

/**
 * An acknowledgement is believed only if the server signed it and it names this terminal and the
 * very hash this journal holds at that seq: a checkpoint is an anchor, not a hint.
 */
function ackProblem(t: Terminal, serverKey: string, ack: JournalAck, batch: Batch): string | null {
  const c = ack.checkpoint;
  const last = batch.events[batch.events.length - 1]!;
  if (c.terminalId !== t.id || c.seq !== ack.ackedThrough || c.hash !== ack.headHash) return 'the acknowledgement does not match its checkpoint';
  // The centre may already hold more than this batch (a bundle carried by hand): any seq from the
  // batch's end to the local head will do, as long as the hash there is this journal's own.
  const local = stmt(t.db, 'SELECT hash FROM journal WHERE seq = ?').get(ack.ackedThrough) as { hash: Buffer } | undefined;
  if (ack.ackedThrough < last.seq || !local || ack.headHash !== local.hash.toString('hex')) {
    return `the server acknowledged seq ${ack.ackedThrough} with a hash this journal does not hold there`;
  }
  const { sig, ...signed } = c;
  const ok = verify(null, Buffer.from(canonicalize(signed)!, 'utf8'), publicKeyFromRaw(Buffer.from(serverKey, 'base64url')), Buffer.from(sig, 'base64url'));
  return ok ? null : "the checkpoint is not signed by the server's key";
}

/** Keeps the checkpoint and moves the acknowledged mark; receipts from here on print as confirmed. */
function recordAck(t: Terminal, ackedThrough: number, checkpoint: Checkpoint): number {
  // Only forward: an older acknowledgement arriving late never replaces a newer anchor.
  stmt(t.db, 'UPDATE sync_state SET acked_seq = ?, acked_hash = ?, checkpoint_json = ? WHERE id = 1 AND acked_seq <= ?').run(
    ackedThrough, checkpoint.hash, JSON.stringify(checkpoint), ackedThrough,
  );
  return ackedThrough;
}
