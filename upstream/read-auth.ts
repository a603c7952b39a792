// Signed reads (DESIGN §6): a terminal's GET under /v1/terminals/{id}/ carries the time and an
// Ed25519 signature by its journal key over "GET\n{path?query}\n{time}". Consumer records hold
// names and mobile numbers, so only an enrolled, unrevoked terminal may read them. A time too far
// from the server's clock is refused as `clock_skew`; the reply's Date header tells the terminal
// how far off it is. Each accepted read is remembered (signed_reads) for as long as its time could
// pass the window, so a captured read cannot be sent again (`replayed_read`, issue 15).
import { READ_HEADERS, READ_WINDOW_MS, readSigningText } from '../shared/upstream-api.js';
import { publicKeyFromRaw, sha256, signatureValid } from './crypto.js';
import type { Sql } from './store.js';

export interface ReadTerminal {
  id: string;
  headSeq: number;
  headHash: Uint8Array | null;
  frozenReason: string | null;
}

export type ReadCheck = { ok: true; terminal: ReadTerminal } | { ok: false; status: 401 | 403 | 404; error: string; message: string };

export async function checkSignedRead(
  sql: Sql, terminalId: string, pathAndQuery: string, headers: Record<string, string | string[] | undefined>, now: Date,
): Promise<ReadCheck> {
  const time = headers[READ_HEADERS.time];
  const sig = headers[READ_HEADERS.signature];
  if (typeof time !== 'string' || typeof sig !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(sig)) {
    return { ok: false, status: 401, error: 'bad_signature', message: `a terminal read needs the ${READ_HEADERS.time} and ${READ_HEADERS.signature} headers` };
  }
  const at = Date.parse(time);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(time) || Number.isNaN(at)) {
    return { ok: false, status: 401, error: 'bad_signature', message: `${READ_HEADERS.time} is not an ISO instant` };
  }
  const [t] = await sql.query<{ public_key: Uint8Array; head_seq: string | number; head_hash: Uint8Array | null; frozen_reason: string | null; revoked_at: unknown }>(
    'SELECT public_key, head_seq, head_hash, frozen_reason, revoked_at FROM terminals WHERE id = $1', [terminalId],
  );
  if (!t) return { ok: false, status: 404, error: 'unknown_terminal', message: `terminal ${terminalId} is not enrolled` };
  if (Math.abs(now.getTime() - at) > READ_WINDOW_MS) {
    return { ok: false, status: 401, error: 'clock_skew', message: `the terminal's clock (${time}) is more than ${READ_WINDOW_MS / 60_000} min from the server's (${now.toISOString()})` };
  }
  const text = readSigningText(pathAndQuery, time);
  if (!signatureValid(publicKeyFromRaw(t.public_key), text, Buffer.from(sig, 'base64url'))) {
    return { ok: false, status: 401, error: 'bad_signature', message: "the read is not signed by this terminal's registered key" };
  }
  if (t.revoked_at) return { ok: false, status: 403, error: 'revoked', message: `terminal ${terminalId}'s key was revoked by an administrator` };
  // Only now, signed and in the window: junk cannot fill the table. A replay has the very same text.
  const fresh = await sql.query(
    'INSERT INTO signed_reads (terminal_id, text_hash, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [terminalId, sha256(text), now],
  );
  if (fresh.length === 0) return { ok: false, status: 401, error: 'replayed_read', message: 'this signed read was already used: every read is signed afresh' };
  // A read seen at s carries a time within the window of s, so no replay of it can pass after s + 2 windows.
  await sql.query('DELETE FROM signed_reads WHERE seen_at < $1', [new Date(now.getTime() - 2 * READ_WINDOW_MS)]);
  // The census's last contact and clock skew: kept on the terminal, since the read itself is not.
  await sql.query('UPDATE terminals SET last_read_at = $2, clock_skew_ms = $3 WHERE id = $1', [terminalId, now, at - now.getTime()]);
  return { ok: true, terminal: { id: terminalId, headSeq: Number(t.head_seq), headHash: t.head_hash, frozenReason: t.frozen_reason } };
}
