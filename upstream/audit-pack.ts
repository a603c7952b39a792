// The audit pack (docs/audit.md, contract shared/audit-pack.ts): a terminal's signed events for a
// contiguous span of seqs covering from..to, exactly as the terminal signed them, with its key
// registry and rotation proofs, checkpoints signed now with the server key (the centre does not
// keep the ones it handed out: it signs the same statement again, deterministic Ed25519), each
// day's totals, and a manifest signed with the server key — one ustar file. Making one is an
// administrative act: the caller admin-logs it with the pack's SHA-256.
import { createHash, sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  AUDIT_PACK_FORMAT, AUDIT_PACK_MAX_DAYS, auditPackFileName, PACK_CHECKPOINTS, PACK_DAYS, PACK_EVENTS, PACK_KEYS, PACK_MANIFEST, PACK_MANIFEST_SIG,
  packDays, PackManifest, type PackEvent, type PackKeys,
} from '../shared/audit-pack.js';
import { addDays, isIsoDate } from '../shared/dates.js';
import { parseEventBody, type ParsedEvent } from '../shared/journal-event.js';
import { writeTar } from '../shared/tar.js';
import { appendAdminLog } from './admin-log.js';
import { keyIdOf, signCheckpoint, type ServerKey } from './crypto.js';
import type { Sql } from './store.js';

export class AuditPackError extends Error {
  constructor(readonly code: 'invalid_range' | 'no_terminal' | 'empty_range', message: string) {
    super(message);
  }
}

export interface AuditPackRequest {
  terminal: string;
  from: string;
  to: string;
}

export interface AuditPack {
  fileName: string;
  bytes: Buffer;
  sha256: string;
  manifest: PackManifest;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const ndjson = (rows: unknown[]) => rows.map((r) => `${canonicalize(r)!}\n`).join('');

/** Why a request cannot make a pack before anything is read, or null. */
export function auditPackRequestProblem(r: AuditPackRequest): string | null {
  if (!/^T[0-9A-F]{12}$/.test(r.terminal)) return 'the terminal is its id, T and 12 hex digits';
  if (!isIsoDate(r.from) || !isIsoDate(r.to)) return 'the dates are YYYY-MM-DD';
  if (r.from > r.to) return 'the range runs from its first day to its last';
  if (r.to > addDays(r.from, AUDIT_PACK_MAX_DAYS - 1)) return `one pack covers at most ${AUDIT_PACK_MAX_DAYS} days`;
  return null;
}

interface EventRow { seq: string | number; body: string; hash: Uint8Array; sig: Uint8Array }

function packEvent(r: EventRow): PackEvent {
  return { seq: Number(r.seq), hash: Buffer.from(r.hash).toString('hex'), sig: Buffer.from(r.sig).toString('base64'), body: Buffer.from(r.body, 'utf8').toString('base64') };
}

/** Reads the span and writes the pack; refuses an unknown terminal or a range it holds nothing of. */
export async function makeAuditPack(sql: Sql, key: ServerKey, r: AuditPackRequest, madeBy: string, now: Date): Promise<AuditPack> {
  const problem = auditPackRequestProblem(r);
  if (problem) throw new AuditPackError('invalid_range', problem);
  const [terminal] = await sql.query<{ id: string; substation: string; counter: string }>('SELECT id, substation, counter FROM terminals WHERE id = $1', [r.terminal]);
  if (!terminal) throw new AuditPackError('no_terminal', `the centre knows no terminal ${r.terminal}`);
  // The span: from the first event on or after `from` to the last on or before `to`, and on to the
  // close of any day of the range (a day is often closed the next morning).
  const [span] = await sql.query<{ first: string | null; last: string | null; closed: string | null }>(
    `SELECT (SELECT MIN(seq) FROM events WHERE terminal_id = $1 AND (terminal_at AT TIME ZONE 'Asia/Kolkata')::date >= $2::date) AS first,
            (SELECT MAX(seq) FROM events WHERE terminal_id = $1 AND (terminal_at AT TIME ZONE 'Asia/Kolkata')::date <= $3::date) AS last,
            (SELECT MAX(seq) FROM day_closes WHERE terminal_id = $1 AND business_date BETWEEN $2::date AND $3::date) AS closed`,
    [r.terminal, r.from, r.to],
  );
  const firstSeq = span?.first === null || span?.first === undefined ? null : Number(span.first);
  const lastSeq = Math.max(Number(span?.last ?? 0), Number(span?.closed ?? 0));
  if (firstSeq === null || lastSeq < firstSeq) throw new AuditPackError('empty_range', `the centre holds no event of ${r.terminal} from ${r.from} to ${r.to}`);

  const rows = await sql.query<EventRow>('SELECT seq, body, hash, sig FROM events WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq', [r.terminal, firstSeq, lastSeq]);
  const events = rows.map(packEvent);
  const parsed = rows.map((row) => parseEventBody(row.body)).flatMap((p) => (p.ok ? [p.event] : []));
  // The events either side of the span, as signed: their dates bound it (docs/audit.md).
  const beside = await sql.query<EventRow>('SELECT seq, body, hash, sig FROM events WHERE terminal_id = $1 AND seq IN ($2, $3) ORDER BY seq', [r.terminal, firstSeq - 1, lastSeq + 1]);
  const anchorRow = beside.find((b) => Number(b.seq) === firstSeq - 1);
  const nextRow = beside.find((b) => Number(b.seq) === lastSeq + 1);
  const anchor = anchorRow ? { seq: firstSeq - 1, hash: Buffer.from(anchorRow.hash).toString('hex'), event: packEvent(anchorRow) } : null;

  const keyRows = await sql.query<{ from_seq: string | number; key_id: string; public_key: Uint8Array }>(
    'SELECT from_seq, key_id, public_key FROM terminal_keys WHERE terminal_id = $1 ORDER BY from_seq', [r.terminal],
  );
  const keys: PackKeys['keys'] = keyRows.map((k, i) => ({
    keyId: k.key_id, publicKey: Buffer.from(k.public_key).toString('base64url'), fromSeq: Number(k.from_seq),
    toSeq: i + 1 < keyRows.length ? Number(keyRows[i + 1]!.from_seq) - 1 : null,
  }));
  // terminal.created and each key.rotated (the seq before each later key's first).
  const proofSeqs = [1, ...keys.slice(1).map((k) => k.fromSeq - 1)];
  const proofRows = await sql.query<EventRow>('SELECT seq, body, hash, sig FROM events WHERE terminal_id = $1 AND seq = ANY($2::bigint[]) ORDER BY seq', [r.terminal, proofSeqs]);
  const keysFile: PackKeys = { terminal: r.terminal, keys, proofs: proofRows.map(packEvent) };

  const serverTime = now.toISOString();
  const hashAt = new Map(events.map((e) => [e.seq, e.hash]));
  const checkpointSeqs = new Set<number>([...(anchor ? [anchor.seq] : []), ...closeSeqs(parsed), lastSeq]);
  if (anchor) hashAt.set(anchor.seq, anchor.hash);
  const checkpoints = [...checkpointSeqs].sort((a, b) => a - b).map((seq) => signCheckpoint(key, { terminalId: r.terminal, seq, hash: hashAt.get(seq)!, serverTime }));

  const files: [string, Buffer][] = [
    [PACK_EVENTS, Buffer.from(ndjson(events))],
    [PACK_KEYS, Buffer.from(`${canonicalize(keysFile)!}\n`)],
    [PACK_CHECKPOINTS, Buffer.from(ndjson(checkpoints))],
    [PACK_DAYS, Buffer.from(`${canonicalize({ days: packDays(parsed, r.from, r.to) })!}\n`)],
  ];
  const fingerprint = sha256(key.publicRaw);
  const manifest = PackManifest.parse({
    format: AUDIT_PACK_FORMAT,
    terminal: { id: terminal.id, substation: terminal.substation, counter: terminal.counter },
    range: { from: r.from, to: r.to },
    span: { firstSeq, lastSeq, events: events.length },
    anchor,
    next: nextRow ? packEvent(nextRow) : null,
    files: files.map(([name, bytes]) => ({ name, bytes: bytes.length, sha256: sha256(bytes) })),
    centre: { keyId: keyIdOf(key.publicRaw), publicKey: key.publicRaw.toString('base64url'), fingerprint },
    madeAt: serverTime,
    madeBy,
  });
  const manifestBytes = Buffer.from(`${canonicalize(manifest)!}\n`);
  // Raw 64 bytes over the manifest file's bytes: what `openssl pkeyutl -verify -rawin -sigfile` takes.
  const manifestSig = sign(null, manifestBytes, key.privateKey);
  const tar = writeTar([
    { name: PACK_MANIFEST, data: manifestBytes },
    { name: PACK_MANIFEST_SIG, data: manifestSig },
    ...files.map(([name, data]) => ({ name, data })),
  ]);
  const bytes = Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength);
  return { fileName: auditPackFileName(r.terminal, r.from, r.to), bytes, sha256: sha256(bytes), manifest };
}

function closeSeqs(events: readonly ParsedEvent[]): number[] {
  return events.filter((e) => e.type === 'day.closed').map((e) => e.seq);
}

/** Makes the pack and records who made it, of what, and its SHA-256 in the admin log; `deliver` runs before that commits. */
export async function makeLoggedAuditPack(sql: Sql, key: ServerKey, r: AuditPackRequest, actor: string, now: Date, deliver?: (pack: AuditPack) => void): Promise<AuditPack> {
  // One transaction: the entry commits with the reading it records, and the reading is one snapshot.
  return sql.transaction(async (tx) => {
    const pack = await makeAuditPack(tx, key, r, actor, now);
    await appendAdminLog(tx, key, {
      actor, action: 'audit.pack-made', subject: r.terminal, before: null,
      after: { from: r.from, to: r.to, firstSeq: pack.manifest.span.firstSeq, lastSeq: pack.manifest.span.lastSeq, sha256: pack.sha256, fileName: pack.fileName },
      note: null,
    }, now);
    // A pack that cannot be delivered (its file cannot be written) is not logged as made.
    deliver?.(pack);
    return pack;
  });
}
