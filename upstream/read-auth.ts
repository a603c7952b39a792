// Signed reads (DESIGN §6): a terminal's GET under /v1/terminals/{id}/ carries the time and an
// Ed25519 signature by its journal key over "GET\n{path?query}\n{time}". Consumer records hold
// names and mobile numbers, so only an enrolled, unrevoked terminal may read them. A time too far
// from the server's clock is refused as `clock_skew`; the reply's Date header tells the terminal
// how far off it is.
import { READ_HEADERS, READ_WINDOW_MS, readSigningText } from '../shared/upstream-api.js';
import { publicKeyFromRaw, signatureValid } from './crypto.js';
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
  if (!signatureValid(publicKeyFromRaw(t.public_key), readSigningText(pathAndQuery, time), Buffer.from(sig, 'base64url'))) {
    return { ok: false, status: 401, error: 'bad_signature', message: "the read is not signed by this terminal's registered key" };
  }
  if (t.revoked_at) return { ok: false, status: 403, error: 'revoked', message: `terminal ${terminalId}'s key was revoked by an administrator` };
  return { ok: true, terminal: { id: terminalId, headSeq: Number(t.head_seq), headHash: t.head_hash, frozenReason: t.frozen_reason } };
}
