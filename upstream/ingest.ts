// Ingest (DESIGN §6): a terminal's events, in order, each checked against the terminal's
// registered key and the chain the centre already holds. A replay of a held event is
// acknowledged again; a gap, a broken chain or a bad signature is refused (422). A different
// event at a held seq is a fork or a rewound terminal (409) only if it proves itself: it is this
// terminal's event at that seq, signed by the key in force at that seq. Then the terminal is
// frozen and both versions are kept in the alert, for administrators; the answer names only the
// seq. Anything else at a held seq is junk (422) that freezes nothing and shows nothing of the
// held event: the terminal id is printed on every receipt. The valid events before a refused one
// are kept. If the centre itself fails, the batch rolls back, an alert is recorded outside it and
// the answer (500 `centre_error`) says the fault is the centre's.
import { GENESIS_PREV, keyRotationProblem, parseEventBody, type EventDataOf, type ParsedEvent } from '../shared/journal-event.js';
import { businessDate } from '../shared/dates.js';
import type { Checkpoint } from '../shared/upstream-api.js';
import { raiseAlert, type AlertKind } from './alerts.js';
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
  | { ok: false; status: 403 | 404 | 409 | 422 | 500; error: string; message: string; ackedThrough: number; /** A fork's seq. */ seq?: number };

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

type RefusalError = 'fork' | 'gap' | 'malformed' | 'bad_signature' | 'chain' | 'bad_rotation';

/** An event stamped further ahead of the server's clock than this is flagged (accepted, not refused). */
export const CLOCK_AHEAD_FLAG_MS = 5 * 60_000;

const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : GENESIS_PREV);

/**
 * Checks and keeps a batch of a terminal's events. `source` (the client's address, or
 * `import-bundle`) is recorded with any alert the batch raises.
 */
export async function ingestJournal(
  sql: Sql, key: ServerKey, terminalId: string, events: IncomingEvent[], now: Date = new Date(), source = 'local',
): Promise<IngestResult> {
  try {
    return await ingestInTransaction(sql, key, terminalId, events, now, source);
  } catch (e) {
    // The batch rolled back; the alert is recorded on its own, so a terminal retrying a batch
    // the centre cannot store is one alert with a growing count, not a silent loop of 500s.
    try {
      await raiseAlert(sql, {
        kind: 'ingest_failed', terminalId, source,
        detail: { error: (e as Error).message, code: (e as { code?: unknown }).code, firstSeq: events[0]?.seq, lastSeq: events.at(-1)?.seq },
      });
    } catch {
      throw e; // the store itself is gone: Fastify answers 500 without detail
    }
    const [t] = await sql.query<{ head_seq: string | number }>('SELECT head_seq FROM terminals WHERE id = $1', [terminalId]);
    return {
      ok: false, status: 500, error: 'centre_error', ackedThrough: Number(t?.head_seq ?? 0),
      message: 'the central server failed to store this batch: the fault is the centre\'s, not the terminal\'s; it has raised an alert for its administrators, and the terminal may send the batch again later',
    };
  }
}

async function ingestInTransaction(sql: Sql, key: ServerKey, terminalId: string, events: IncomingEvent[], now: Date, source: string): Promise<IngestResult> {
  return sql.transaction(async (tx) => {
    const [t] = await tx.query<TerminalRow>('SELECT * FROM terminals WHERE id = $1 FOR UPDATE', [terminalId]);
    if (!t) return { ok: false, status: 404, error: 'unknown_terminal', message: `terminal ${terminalId} is not enrolled`, ackedThrough: 0 };
    let headSeq = Number(t.head_seq);
    let headHash = hex(t.head_hash);
    let lastAt = t.last_event_at ? new Date(t.last_event_at).getTime() : 0;
    const clockFlags = new Map<'clock_ahead' | 'clock_backwards', unknown>();
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
          `INSERT INTO events (terminal_id, seq, type, body, hash, sig, terminal_at, received_at)
           SELECT $1, e.seq, e.type, e.body, decode(e.hash, 'hex'), decode(e.sig, 'hex'), e.at, $3::timestamptz
           FROM jsonb_to_recordset($2::jsonb) AS e(seq bigint, type text, body text, hash text, sig text, at timestamptz)`,
          [terminalId, JSON.stringify(pending.map((p) => p.row)), now.toISOString()],
        );
        await projectBatch(tx, terminalId, pending.map((p) => p.ev), source);
        // The census's events received today (the centre's business day).
        await tx.query(
          `UPDATE terminals SET events_on_day = CASE WHEN events_day = $2::date THEN events_on_day + $3 ELSE $3 END, events_day = $2::date WHERE id = $1`,
          [terminalId, businessDate(now), pending.length],
        );
      }
      if (rotations.length) {
        await tx.query(
          `INSERT INTO terminal_keys (terminal_id, from_seq, key_id, public_key)
           SELECT $1, k.from_seq, k.key_id, decode(k.public_key, 'hex') FROM jsonb_to_recordset($2::jsonb) AS k(from_seq bigint, key_id text, public_key text)`,
          [terminalId, JSON.stringify(rotations.map((r) => ({ from_seq: r.fromSeq, key_id: r.id, public_key: r.raw.toString('hex') })))],
        );
        await tx.query('UPDATE terminals SET public_key = $2, key_id = $3 WHERE id = $1', [terminalId, signingKey.raw, signingKey.id]);
      }
      for (const [kind, detail] of clockFlags) await raiseAlert(tx, { kind, terminalId, source, detail });
      await tx.query('UPDATE terminals SET head_seq = $2, head_hash = $3, last_event_at = $4 WHERE id = $1', [
        terminalId, headSeq, headSeq ? Buffer.from(headHash, 'hex') : null, lastAt ? new Date(lastAt) : null,
      ]);
    };
    /** A refusal: an alert, the events before it kept; a fork also freezes the terminal. */
    const refuse = async (status: 409 | 422, error: AlertKind & RefusalError, message: string, fork?: { seq: number; evidence: unknown }): Promise<IngestResult> => {
      await raiseAlert(tx, { kind: error, terminalId, source, detail: { message, ...(fork ? { evidence: fork.evidence } : {}) } });
      if (fork) await tx.query('UPDATE terminals SET frozen_reason = $2 WHERE id = $1', [terminalId, message]);
      await keepHead();
      return { ok: false, status, error, message, ackedThrough: headSeq, ...(fork ? { seq: fork.seq } : {}) };
    };
    /** The key that signs `seq`: a rotation in this batch, else the centre's record of the terminal's keys. */
    const keyAt = async (seq: number): Promise<{ id: string; raw: Buffer } | null> => {
      const inBatch = rotations.filter((r) => r.fromSeq <= seq).at(-1);
      if (inBatch) return inBatch;
      const [k] = await tx.query<{ key_id: string; public_key: Uint8Array }>(
        'SELECT key_id, public_key FROM terminal_keys WHERE terminal_id = $1 AND from_seq <= $2 ORDER BY from_seq DESC LIMIT 1', [terminalId, seq],
      );
      return k ? { id: k.key_id, raw: Buffer.from(k.public_key) } : null;
    };
    /** Why an event at a held seq does not prove itself, or null when it is this terminal's, signed by the key of its seq. */
    const unproven = async (e: IncomingEvent): Promise<{ error: 'malformed' | 'bad_signature'; message: string } | null> => {
      const parsed = parseEventBody(e.body);
      if (!parsed.ok) return { error: 'malformed', message: `seq ${e.seq}: ${parsed.reason}` };
      const ev = parsed.event;
      const k = await keyAt(e.seq);
      if (!k || ev.seq !== e.seq || ev.terminal !== terminalId || ev.key !== k.id) {
        return { error: 'malformed', message: `seq ${e.seq}: not this terminal's event at that seq (the body names seq ${ev.seq}, terminal ${ev.terminal}, key ${ev.key})` };
      }
      if (!signatureValid(publicKeyFromRaw(k.raw), e.body, Buffer.from(e.sig, 'base64url'))) {
        return { error: 'bad_signature', message: `seq ${e.seq}: the signature does not verify with the terminal's key for that seq` };
      }
      return null;
    };
    if (t.revoked_at) {
      await raiseAlert(tx, { kind: 'revoked_upload', terminalId, source, detail: { firstSeq: events[0]?.seq } });
      return { ok: false, status: 403, error: 'revoked', message: `terminal ${terminalId}'s key was revoked by an administrator; nothing more is accepted from it`, ackedThrough: headSeq };
    }
    if (t.frozen_reason) return { ok: false, status: 409, error: 'terminal_frozen', message: `terminal ${terminalId} is frozen: ${t.frozen_reason}`, ackedThrough: headSeq };

    for (const e of events) {
      const hash = sha256(e.body);
      if (e.seq <= headSeq) {
        const mine = pending.find((p) => p.row.seq === e.seq);
        const [held] = mine
          ? [{ hash: Buffer.from(mine.row.hash, 'hex'), body: mine.row.body, sig: Buffer.from(mine.row.sig, 'hex') }]
          : await tx.query<{ hash: Uint8Array; body: string; sig: Uint8Array }>('SELECT hash, body, sig FROM events WHERE terminal_id = $1 AND seq = $2', [terminalId, e.seq]);
        if (held && Buffer.from(held.hash).equals(hash)) continue; // a replay: acknowledged again
        const problem = await unproven(e);
        if (problem) return refuse(422, problem.error, problem.message);
        return refuse(409, 'fork', `a different event at seq ${e.seq}, which the centre already holds: a forked or rewound terminal`, {
          seq: e.seq,
          evidence: {
            seq: e.seq,
            held: { hash: hex(held?.hash ?? null), body: held?.body, sig: held ? Buffer.from(held.sig).toString('base64url') : undefined },
            received: { hash: hash.toString('hex'), body: e.body, sig: e.sig },
          },
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
