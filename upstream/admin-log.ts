// The centre's admin log (issue 17): who did what, when, to what, with the state before and after,
// for every administrative action. Each entry is RFC 8785 JSON naming the hash of the one before,
// hashed (SHA-256) and signed with the server key — the terminal journal's scheme, on the centre's
// side — in the same transaction as the action it records. The table refuses UPDATE and DELETE;
// `verifyAdminLog` finds what someone with the database's own rights changed anyway.
import { createHash, sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import { publicKeyFromRaw, signatureValid, type ServerKey } from './crypto.js';
import type { Sql } from './store.js';

export const ADMIN_LOG_FORMAT = 'counterfoil-admin-log/1';

/** What an administrator can do; a new action is added here, never renamed. */
export const ADMIN_ACTIONS = [
  'enroll-code.issued',
  'terminal.revoked',
  'consumers.imported',
  'consumers.seeded',
  'bundle.imported',
  'user.created',
  'user.setup-completed',
  'user.role-changed',
  'user.disabled',
  'user.enabled',
  'user.reset',
  'alert.acknowledged',
  'alert.resolved',
  'terminal.out-of-service',
  'terminal.replaced',
  'statement.imported',
  'settlement.imported',
  'money.settings-changed',
  'money.matched',
  'money.accepted',
  'money.mapping-saved',
  // An audit pack made of a terminal's history (docs/audit.md): its range and SHA-256.
  'audit.pack-made',
  'postings.client-made',
  'postings.client-revoked',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface AdminEntry {
  /** Who: a console user's name, or `cli:<os user>` for a command run on the server. */
  actor: string;
  action: AdminAction;
  /** What it was done to: a terminal id, `SS042/C1`, a file's SHA-256 … */
  subject: string;
  before: Json;
  after: Json;
  note: string | null;
}

export interface AdminLogRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  body: string;
  hash: Buffer;
  sig: Buffer;
}

const GENESIS = '0'.repeat(64);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The signed text of an entry at `seq` after `prev` (the previous entry's hash, hex). */
export function adminLogBody(seq: number, prev: string, at: Date, e: AdminEntry): string {
  return canonicalize({ format: ADMIN_LOG_FORMAT, seq, prev, at: at.toISOString(), ...e })!;
}

/**
 * Appends an entry. Run it inside the transaction of the action it records (`sql.transaction`), so
 * the action and its entry commit together; the table lock makes concurrent admins take turns.
 */
export async function appendAdminLog(tx: Sql, key: ServerKey, e: AdminEntry, at: Date = new Date()): Promise<number> {
  await tx.query('LOCK TABLE admin_log IN SHARE ROW EXCLUSIVE MODE');
  const [last] = await tx.query<{ seq: string; hash: Uint8Array }>('SELECT seq, hash FROM admin_log ORDER BY seq DESC LIMIT 1');
  const seq = last ? Number(last.seq) + 1 : 1;
  const prev = last ? Buffer.from(last.hash).toString('hex') : GENESIS;
  const body = adminLogBody(seq, prev, at, e);
  const sig = sign(null, Buffer.from(body, 'utf8'), key.privateKey);
  await tx.query(
    'INSERT INTO admin_log (seq, at, actor, action, subject, body, hash, sig) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [seq, at.toISOString(), e.actor, e.action, e.subject, body, sha256(body), sig],
  );
  return seq;
}

export interface AdminLogFault {
  seq: number;
  problem: string;
}

export interface AdminLogReport {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string | null;
  faults: AdminLogFault[];
}

/**
 * Checks the whole log against the server's public key: seqs 1..n with no gap, each entry's hash
 * its body's, each body naming the hash before it, each signature the server key's, and the
 * columns people query saying what the signed body says.
 */
export async function verifyAdminLog(sql: Sql, serverPublicRaw: Uint8Array): Promise<AdminLogReport> {
  const key = publicKeyFromRaw(serverPublicRaw);
  const rows = await sql.query<{ seq: string; at: Date | string; actor: string; action: string; subject: string; body: string; hash: Uint8Array; sig: Uint8Array }>(
    'SELECT seq, at, actor, action, subject, body, hash, sig FROM admin_log ORDER BY seq',
  );
  const faults: AdminLogFault[] = [];
  let prev = GENESIS;
  let expected = 1;
  for (const row of rows) {
    const seq = Number(row.seq);
    const fault = (problem: string) => faults.push({ seq, problem });
    if (seq !== expected) fault(seq > expected ? `entries ${expected}..${seq - 1} are missing` : 'out of order');
    expected = seq + 1;
    const hash = Buffer.from(row.hash);
    if (!sha256(row.body).equals(hash)) fault('the body does not match its hash (altered)');
    if (!signatureValid(key, row.body, row.sig)) fault('the signature is not the server key’s');
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(row.body) as Record<string, unknown>;
    } catch {
      fault('the body is not JSON');
    }
    if (body) {
      if (body.format !== ADMIN_LOG_FORMAT) fault(`unknown format ${String(body.format)}`);
      if (body.seq !== seq) fault(`the body says seq ${String(body.seq)}`);
      if (body.prev !== prev) fault('it does not follow the entry before it (the chain is broken)');
      const at = new Date(row.at).toISOString();
      for (const [column, value] of [['at', at], ['actor', row.actor], ['action', row.action], ['subject', row.subject]] as const) {
        if (body[column] !== value) fault(`its ${column} column says ${JSON.stringify(value)}, the signed body ${JSON.stringify(body[column])}`);
      }
    }
    prev = hash.toString('hex');
  }
  const last = rows.at(-1);
  return { ok: faults.length === 0, entries: rows.length, headSeq: last ? Number(last.seq) : 0, headHash: last ? Buffer.from(last.hash).toString('hex') : null, faults };
}

/** The newest entries, for a reader (the CLI's `admin-log`, the console later). */
export async function listAdminLog(sql: Sql, limit = 100): Promise<Record<string, unknown>[]> {
  const rows = await sql.query<{ body: string }>('SELECT body FROM admin_log ORDER BY seq DESC LIMIT $1', [limit]);
  return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>);
}
