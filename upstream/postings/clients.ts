// The billing systems that read the postings feed (docs/billing.md): each has a key of its own,
// made and revoked by an administrator, both admin-logged with the key's fingerprint (never the
// key). The key is 32 random bytes shown once; the centre keeps only its SHA-256 and finds a
// client by it, so a copy of the database reads nothing.
import { createHash, randomBytes } from 'node:crypto';
import { POSTINGS_KEY, postingsLight, type MadePostingsClient, type PostingsClientRow, type PostingsClients } from '../../shared/postings-console.js';
import { appendAdminLog } from '../admin-log.js';
import { serverKey } from '../crypto.js';
import type { Sql } from '../store.js';

export class PostingsClientError extends Error {
  constructor(readonly code: 'client_exists' | 'no_client' | 'already_revoked', message: string) {
    super(message);
  }
}

export const keyHash = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();
/** Names a key without being it: the first 16 hex digits of its SHA-256. */
export const keyFingerprint = (key: string): string => keyHash(key).subarray(0, 8).toString('hex');

interface ClientRow {
  id: string;
  name: string;
  key_hash: Uint8Array;
  made_at: Date | string;
  made_by: string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  acked_through: string;
  acked_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Makes a client and returns its key, this once. `by` is the console user (or `cli:<user>`); the
 * admin-log entry names the client and the key's fingerprint. A name already live is refused.
 */
export async function makePostingsClient(sql: Sql, opts: { name: string; by: string; now?: Date }): Promise<MadePostingsClient> {
  const at = opts.now ?? new Date();
  const key = `cfp_${randomBytes(32).toString('base64url')}`;
  const hash = keyHash(key);
  const id = await sql.transaction(async (tx) => {
    // One maker at a time, so two makers of the same name get a clear refusal rather than a unique violation.
    await tx.query('LOCK TABLE postings_clients IN SHARE ROW EXCLUSIVE MODE');
    const [live] = await tx.query('SELECT 1 FROM postings_clients WHERE name = $1 AND revoked_at IS NULL', [opts.name]);
    if (live) throw new PostingsClientError('client_exists', `a client named "${opts.name}" already has a key: revoke it first, or choose another name`);
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO postings_clients (name, key_hash, made_at, made_by) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
      [opts.name, hash, at.toISOString(), opts.by],
    );
    await appendAdminLog(tx, await serverKey(tx), {
      actor: opts.by, action: 'postings.client-made', subject: opts.name, before: null,
      after: { client: row!.id, fingerprint: keyFingerprint(key) }, note: null,
    }, at);
    return row!.id;
  });
  const client = (await postingsClients(sql, at)).clients.find((c) => c.id === id)!;
  return { client, key };
}

/** Revokes a client's key: the next request with it answers 401. Admin-logged; revoking twice is refused. */
export async function revokePostingsClient(sql: Sql, opts: { id: string; by: string; now?: Date }): Promise<void> {
  const at = opts.now ?? new Date();
  await sql.transaction(async (tx) => {
    const [c] = await tx.query<ClientRow>('SELECT * FROM postings_clients WHERE id = $1 FOR UPDATE', [opts.id]);
    if (!c) throw new PostingsClientError('no_client', `no postings client ${opts.id}`);
    if (c.revoked_at !== null) throw new PostingsClientError('already_revoked', `the key of "${c.name}" was revoked at ${iso(c.revoked_at)} by ${c.revoked_by}`);
    await tx.query('UPDATE postings_clients SET revoked_at = $2, revoked_by = $3 WHERE id = $1', [opts.id, at.toISOString(), opts.by]);
    const fingerprint = Buffer.from(c.key_hash).subarray(0, 8).toString('hex');
    await appendAdminLog(tx, await serverKey(tx), {
      actor: opts.by, action: 'postings.client-revoked', subject: c.name,
      before: { client: c.id, fingerprint, revoked: false }, after: { client: c.id, fingerprint, revoked: true }, note: null,
    }, at);
  });
}

export type KeyCheck = { ok: true; clientId: string; name: string } | { ok: false; message: string };

/** The client an `Authorization` header names, found by its key's hash; why not, when it names none. */
export async function clientOfAuthorization(sql: Sql, header: string | undefined): Promise<KeyCheck> {
  if (header === undefined) return { ok: false, message: 'give the client key as "Authorization: Bearer <key>" (made in the console, Postings)' };
  const m = /^Bearer (\S+)$/.exec(header);
  if (!m) return { ok: false, message: 'the Authorization header is "Bearer <key>"' };
  if (!POSTINGS_KEY.test(m[1]!)) return { ok: false, message: 'that is not a postings key (cfp_ and 43 characters)' };
  const [c] = await sql.query<{ id: string; name: string; revoked_at: Date | string | null }>(
    'SELECT id::text AS id, name, revoked_at FROM postings_clients WHERE key_hash = $1', [keyHash(m[1]!)],
  );
  if (!c) return { ok: false, message: 'unknown postings key' };
  if (c.revoked_at !== null) return { ok: false, message: `this key of "${c.name}" was revoked at ${iso(c.revoked_at)}: ask the centre's administrator for a new one` };
  return { ok: true, clientId: c.id, name: c.name };
}

/** Every client (revoked ones too), with how far behind the feed's head each is. */
export async function postingsClients(sql: Sql, now: Date): Promise<PostingsClients> {
  const [head] = await sql.query<{ cursor: string }>('SELECT cursor::text AS cursor FROM postings_head WHERE id = 1');
  const rows = await sql.query<ClientRow & { oldest: Date | string | null }>(
    `SELECT c.id::text AS id, c.name, c.key_hash, c.made_at, c.made_by, c.revoked_at, c.revoked_by, c.acked_through::text AS acked_through, c.acked_at,
            (SELECT e.received_at FROM postings p JOIN events e ON e.terminal_id = p.terminal_id AND e.seq = p.seq
             WHERE p.cursor > c.acked_through ORDER BY p.cursor LIMIT 1) AS oldest
     FROM postings_clients c ORDER BY c.revoked_at IS NOT NULL, c.name, c.id`,
  );
  const headCursor = head!.cursor;
  const clients = rows.map((c): PostingsClientRow => {
    const oldestUnackedAt = iso(c.oldest);
    return {
      id: c.id, name: c.name, fingerprint: Buffer.from(c.key_hash).subarray(0, 8).toString('hex'),
      madeAt: iso(c.made_at)!, madeBy: c.made_by, revokedAt: iso(c.revoked_at), revokedBy: c.revoked_by,
      ackedThrough: c.acked_through, ackedAt: iso(c.acked_at),
      behind: Math.max(0, Number(headCursor) - Number(c.acked_through)), oldestUnackedAt,
      light: c.revoked_at === null ? postingsLight(oldestUnackedAt, now) : null,
    };
  });
  return { at: now.toISOString(), head: headCursor, clients };
}
