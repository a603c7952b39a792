// Ingest (DESIGN §6): a terminal's events, in order, each checked against the terminal's
// registered key and the chain the centre already holds. A replay of a held event is
// acknowledged again; a gap, a broken chain or a bad signature is refused (422); a different
// event at a held seq is a fork or a rewound terminal (409): both versions are kept as evidence
// and the terminal is frozen. The valid events before a refused one are kept.
import { GENESIS_PREV, keyRotationProblem, parseEventBody, type EventDataOf, type ParsedEvent } from '../shared/journal-event.js';
import type { Checkpoint } from '../shared/upstream-api.js';
import { publicKeyFromRaw, rotationCrypto, sha256, signatureValid, signCheckpoint, type ServerKey } from './crypto.js';
import { projectBatch } from './projections.js';
import type { Sql } from './store.js';

export interface IncomingEvent {
  seq: number;
  body: string;
  sig: string;
}

export type IngestResult =
  | { ok: true; ackedThrough: number; headHash: string; checkpoint: Checkpoint }
  | { ok: false; status: 403 | 404 | 409 | 422; error: string; message: string; ackedThrough: number; evidence?: unknown };

interface TerminalRow {
  id: string;
  public_key: Uint8Array;
  key_id: string;
  head_seq: string | number;
  head_hash: Uint8Array | null;
  frozen_reason: string | null;
  revoked_at: Date | string | null;
  last_event_at: Date | string | null;
}

interface EventRow {
  seq: number;
  type: string;
  body: string;
  hash: string;
  sig: string;
  at: string;
}

/** An event stamped further ahead of the server's clock than this is flagged (accepted, not refused). */
export const CLOCK_AHEAD_FLAG_MS = 5 * 60_000;

const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : GENESIS_PREV);

export async function ingestJournal(sql: Sql, key: ServerKey, terminalId: string, events: IncomingEvent[], now: Date = new Date()): Promise<IngestResult> {
  return sql.transaction(async (tx) => {
    const [t] = await tx.query<TerminalRow>('SELECT * FROM terminals WHERE id = $1 FOR UPDATE', [terminalId]);
    if (!t) return { ok: false, status: 404, error: 'unknown_terminal', message: `terminal ${terminalId} is not enrolled`, ackedThrough: 0 };
    let headSeq = Number(t.head_seq);
    let headHash = hex(t.head_hash);
    let lastAt = t.last_event_at ? new Date(t.last_event_at).getTime() : 0;
    const clockFlags = new Map<string, unknown>();
    // Checked events wait here and are written together: two or three statements per batch
    // instead of two per event (bench/README.md, ingest ÷ verify).
    const pending: { row: EventRow; ev: ParsedEvent }[] = [];
    // The key in force, followed through key.rotated events (docs/journal.md): each rotation is
    // signed by the key before it and hands every later event to the key it names.
    let signingKey = { raw: Buffer.from(t.public_key), id: t.key_id };
    let publicKey = publicKeyFromRaw(signingKey.raw);
    const rotations: { fromSeq: number; id: string; raw: Buffer }[] = [];
    /** Keeps what this batch added before it ended (valid events before a refused one stay). */
    const keepHead = async () => {
      if (pending.length) {
        await tx.query(
          `INSERT INTO events (terminal_id, seq, type, body, hash, sig, terminal_at)
           SELECT $1, e.seq, e.type, e.body, decode(e.hash, 'hex'), decode(e.sig, 'hex'), e.at
           FROM jsonb_to_recordset($2::jsonb) AS e(seq bigint, type text, body text, hash text, sig text, at timestamptz)`,
          [terminalId, JSON.stringify(pending.map((p) => p.row))],
        );
        await projectBatch(tx, terminalId, pending.map((p) => p.ev));
      }
      if (rotations.length) {
        await tx.query(
          `INSERT INTO terminal_keys (terminal_id, from_seq, key_id, public_key)
           SELECT $1, k.from_seq, k.key_id, decode(k.public_key, 'hex') FROM jsonb_to_recordset($2::jsonb) AS k(from_seq bigint, key_id text, public_key text)`,
          [terminalId, JSON.stringify(rotations.map((r) => ({ from_seq: r.fromSeq, key_id: r.id, public_key: r.raw.toString('hex') })))],
        );
        await tx.query('UPDATE terminals SET public_key = $2, key_id = $3 WHERE id = $1', [terminalId, signingKey.raw, signingKey.id]);
      }
      for (const [kind, detail] of clockFlags) await tx.query('INSERT INTO alerts (terminal_id, kind, detail) VALUES ($1, $2, $3)', [terminalId, kind, JSON.stringify(detail)]);
      await tx.query('UPDATE terminals SET head_seq = $2, head_hash = $3, last_event_at = $4 WHERE id = $1', [
        terminalId, headSeq, headSeq ? Buffer.from(headHash, 'hex') : null, lastAt ? new Date(lastAt) : null,
      ]);
    };
    const refuse = async (status: 409 | 422, error: string, message: string, evidence?: unknown): Promise<IngestResult> => {
      await tx.query('INSERT INTO alerts (terminal_id, kind, detail) VALUES ($1, $2, $3)', [terminalId, error, JSON.stringify({ message, evidence })]);
      if (status === 409) await tx.query('UPDATE terminals SET frozen_reason = $2 WHERE id = $1', [terminalId, message]);
      await keepHead();
      return { ok: false, status, error, message, ackedThrough: headSeq, ...(evidence === undefined ? {} : { evidence }) };
    };
    if (t.revoked_at) {
      await tx.query('INSERT INTO alerts (terminal_id, kind, detail) VALUES ($1, $2, $3)', [terminalId, 'revoked_upload', JSON.stringify({ firstSeq: events[0]?.seq })]);
      return { ok: false, status: 403, error: 'revoked', message: `terminal ${terminalId}'s key was revoked by an administrator; nothing more is accepted from it`, ackedThrough: headSeq };
    }
    if (t.frozen_reason) return { ok: false, status: 409, error: 'terminal_frozen', message: `terminal ${terminalId} is frozen: ${t.frozen_reason}`, ackedThrough: headSeq };

    for (const e of events) {
      const hash = sha256(e.body);
      if (e.seq <= headSeq) {
        const mine = pending.find((p) => p.row.seq === e.seq);
        const [held] = mine
          ? [{ hash: Buffer.from(mine.row.hash, 'hex'), body: mine.row.body }]
          : await tx.query<{ hash: Uint8Array; body: string }>('SELECT hash, body FROM events WHERE terminal_id = $1 AND seq = $2', [terminalId, e.seq]);
        if (held && Buffer.from(held.hash).equals(hash)) continue; // a replay: acknowledged again
        return refuse(409, 'fork', `a different event at seq ${e.seq}, which the centre already holds: a forked or rewound terminal`, {
          seq: e.seq, held: { hash: hex(held?.hash ?? null), body: held?.body }, received: { hash: hash.toString('hex'), body: e.body, sig: e.sig },
        });
      }
      if (e.seq !== headSeq + 1) return refuse(422, 'gap', `expected seq ${headSeq + 1}, got ${e.seq}: events are missing`);
      const parsed = parseEventBody(e.body);
      if (!parsed.ok) return refuse(422, 'malformed', `seq ${e.seq}: ${parsed.reason}`);
      const ev = parsed.event;
      if (ev.seq !== e.seq || ev.terminal !== terminalId || ev.key !== signingKey.id) {
        return refuse(422, 'malformed', `seq ${e.seq}: the body names seq ${ev.seq}, terminal ${ev.terminal}, key ${ev.key}`);
      }
      if (!signatureValid(publicKey, e.body, Buffer.from(e.sig, 'base64url'))) {
        return refuse(422, 'bad_signature', `seq ${e.seq}: the signature does not verify with the terminal's registered key`);
      }
      if (ev.prev !== headHash) return refuse(422, 'chain', `seq ${e.seq}: prev does not match the event before it`);
      if (ev.type === 'key.rotated') {
        const problem = keyRotationProblem(ev, rotationCrypto);
        if (problem) return refuse(422, 'bad_rotation', `seq ${e.seq}: the key rotation is not valid: ${problem}`);
        const d = ev.data as EventDataOf<'key.rotated'>;
        signingKey = { raw: Buffer.from(d.newPublicKey, 'base64url'), id: d.newKeyId };
        publicKey = publicKeyFromRaw(signingKey.raw);
        rotations.push({ fromSeq: e.seq + 1, ...signingKey });
      }
      pending.push({ row: { seq: e.seq, type: ev.type, body: e.body, hash: hash.toString('hex'), sig: Buffer.from(e.sig, 'base64url').toString('hex'), at: ev.at }, ev });
      // A terminal clock that runs backwards or ahead of the centre's is flagged, not refused:
      // the event is signed as it happened, and refusing it would only lose a real payment.
      const at = Date.parse(ev.at);
      if (at < lastAt && !clockFlags.has('clock_backwards')) clockFlags.set('clock_backwards', { seq: e.seq, at: ev.at, previousAt: new Date(lastAt).toISOString() });
      if (at > now.getTime() + CLOCK_AHEAD_FLAG_MS && !clockFlags.has('clock_ahead')) clockFlags.set('clock_ahead', { seq: e.seq, at: ev.at, serverTime: now.toISOString() });
      lastAt = Math.max(lastAt, at);
      headSeq = e.seq;
      headHash = hash.toString('hex');
    }
    await keepHead();
    const checkpoint = signCheckpoint(key, { terminalId, seq: headSeq, hash: headHash, serverTime: now.toISOString() });
    return { ok: true, ackedThrough: headSeq, headHash, checkpoint };
  });
}
