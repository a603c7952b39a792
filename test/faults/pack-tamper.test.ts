// The audit pack under ≥500 seeded mutations (AUDIT_PACK_SEED=<n> replays a run): any byte flipped
// anywhere, and what a dishonest centre holding the server key — or a thief holding a retired
// terminal key — could do to a pack and then make every hash, checkpoint and manifest consistent
// again: events removed, reordered, re-signed with a key not in force, a day's close altered and
// re-signed, checkpoints altered, files added or removed, the manifest altered or re-signed with
// another server key. Every mutation must yield at least one named fault; the untouched pack none.
import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditPack } from '../../core/audit/verify-pack.js';
import {
  PACK_CHECKPOINTS, PACK_DAYS, PACK_EVENTS, PACK_KEYS, PACK_MANIFEST, PACK_MANIFEST_SIG, packDays, type PackDay, type PackEvent, type PackKeys, type PackManifest,
} from '../../shared/audit-pack.js';
import { parseEventBody, type ParsedEvent } from '../../shared/journal-event.js';
import { readTar, writeTar, type TarEntry } from '../../shared/tar.js';
import type { Checkpoint } from '../../shared/upstream-api.js';
import { makeAuditPack } from '../../upstream/audit-pack.js';
import { serverKey as loadServerKey, type ServerKey } from '../../upstream/crypto.js';
import { openStore } from '../../upstream/store.js';
import { auditScenario, uploadToCentre, type AuditScenario } from '../support/audit-scenario.js';
import { tempDir } from '../support/terminal.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const SEED = Number(process.env.AUDIT_PACK_SEED ?? Date.now() % 1_000_000);
const dir = tempDir('counterfoil-pack-tamper-');
let s: AuditScenario;
let key: ServerKey;
let original: Uint8Array;

/** mulberry32: a small seeded generator, so a run is replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  s = await auditScenario();
  const sql = await openStore({ dataDir: join(dir, 'up') });
  try {
    await uploadToCentre(sql, s.tt);
    key = await loadServerKey(sql);
    // The second and third days: anchored mid-journal, the key rotation inside the span, a day closed, one not.
    original = (await makeAuditPack(sql, key, { terminal: s.tt.t.id, from: '2026-11-27', to: '2026-11-28' }, 'auditor1', new Date('2026-12-01T05:00:00Z'))).bytes;
  } finally {
    await sql.close();
  }
}, 120_000);
afterAll(() => {
  s?.tt.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---- The pack taken apart and put back together, as a dishonest centre would ----

interface Parts {
  manifest: PackManifest;
  events: PackEvent[];
  keys: PackKeys;
  checkpoints: Checkpoint[];
  days: PackDay[];
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const lines = (b: Uint8Array) => text(b).split('\n').filter(Boolean);
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function unpack(bytes: Uint8Array): Parts {
  const m = new Map(readTar(bytes).entries.map((e) => [e.name, e.data]));
  return {
    manifest: JSON.parse(text(m.get(PACK_MANIFEST)!)) as PackManifest,
    events: lines(m.get(PACK_EVENTS)!).map((l) => JSON.parse(l) as PackEvent),
    keys: JSON.parse(text(m.get(PACK_KEYS)!)) as PackKeys,
    checkpoints: lines(m.get(PACK_CHECKPOINTS)!).map((l) => JSON.parse(l) as Checkpoint),
    days: (JSON.parse(text(m.get(PACK_DAYS)!)) as { days: PackDay[] }).days,
  };
}

const json = (v: unknown) => `${canonicalize(v)!}\n`;
const ndjson = (rows: unknown[]) => rows.map(json).join('');

/** The members of a pack from its parts, the manifest's file list and signature made right with `signer`. */
function repack(p: Parts, signer: ServerKey = key, edit: (entries: TarEntry[]) => TarEntry[] = (e) => e): Uint8Array {
  const files: TarEntry[] = [
    { name: PACK_EVENTS, data: Buffer.from(ndjson(p.events)) },
    { name: PACK_KEYS, data: Buffer.from(json(p.keys)) },
    { name: PACK_CHECKPOINTS, data: Buffer.from(ndjson(p.checkpoints)) },
    { name: PACK_DAYS, data: Buffer.from(json({ days: p.days })) },
  ];
  const manifest: PackManifest = {
    ...p.manifest,
    files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: sha256(f.data) })),
    centre: { keyId: sha256(signer.publicRaw).slice(0, 16), publicKey: signer.publicRaw.toString('base64url'), fingerprint: sha256(signer.publicRaw) },
  };
  const mBytes = Buffer.from(json(manifest));
  return writeTar(edit([{ name: PACK_MANIFEST, data: mBytes }, { name: PACK_MANIFEST_SIG, data: sign(null, mBytes, signer.privateKey) }, ...files]));
}

const bodyOf = (e: PackEvent) => Buffer.from(e.body, 'base64').toString('utf8');
const parsed = (e: PackEvent) => {
  const r = parseEventBody(bodyOf(e));
  if (!r.ok) throw new Error(r.reason);
  return r.event;
};
const keyIdOfRaw = (raw: Buffer) => sha256(raw).slice(0, 16);
function signerOf(privateKey: KeyObject): { id: string; sign: (b: string) => Buffer } {
  const raw = Buffer.from(privateKey.export({ format: 'jwk' }).x!, 'base64url');
  return { id: keyIdOfRaw(raw), sign: (b) => sign(null, Buffer.from(b, 'utf8'), privateKey) };
}

/**
 * Rewrites events from index `from` on: `change` alters the first one's envelope, each is signed by
 * `signer` (naming it as its key) and chained to the one before; then the checkpoints are re-signed
 * with the server key at the new hashes and days.json made to agree — everything but the terminal's
 * signatures made consistent again.
 */
function rewrite(p: Parts, from: number, signer: { id: string; sign: (b: string) => Buffer }, change: (ev: ParsedEvent) => ParsedEvent = (e) => e): Parts {
  const events = [...p.events];
  let prev = from > 0 ? events[from - 1]!.hash : p.manifest.anchor?.hash ?? '0'.repeat(64);
  for (let i = from; i < events.length; i++) {
    let ev = parsed(events[i]!);
    if (i === from) ev = change(ev);
    const body = canonicalize({ ...ev, prev, key: signer.id })!;
    const hash = sha256(body);
    events[i] = { seq: ev.seq, hash, sig: signer.sign(body).toString('base64'), body: Buffer.from(body).toString('base64') };
    prev = hash;
  }
  return consistent({ ...p, events });
}

/** Checkpoints re-signed at the pack's own hashes and days.json recomputed: the centre's part made to agree. */
function consistent(p: Parts, signer: ServerKey = key): Parts {
  const hashAt = new Map(p.events.map((e) => [e.seq, e.hash]));
  if (p.manifest.anchor) hashAt.set(p.manifest.anchor.seq, p.manifest.anchor.hash);
  const checkpoints = p.checkpoints.map((c) => resignCheckpoint({ ...c, hash: hashAt.get(c.seq) ?? c.hash }, signer));
  const events = p.events.flatMap((e) => {
    const r = parseEventBody(bodyOf(e));
    return r.ok ? [r.event] : [];
  });
  return { ...p, checkpoints, days: packDays(events, p.manifest.range.from, p.manifest.range.to) };
}

function resignCheckpoint(c: Checkpoint, signer: ServerKey = key): Checkpoint {
  const { sig: _sig, ...signed } = c;
  return { ...signed, sig: sign(null, Buffer.from(canonicalize(signed)!, 'utf8'), signer.privateKey).toString('base64url') };
}

// ---- The mutations ----

type Mutation = (r: () => number) => { bytes: Uint8Array; serverKey?: string };
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, n: number) => Math.floor(r() * n);
const foreign = () => signerOf(generateKeyPairSync('ed25519').privateKey);
const otherServer = (): ServerKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicRaw: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url') };
};

const MUTATIONS: Record<string, [number, Mutation]> = {
  'byte flipped anywhere': [250, (r) => {
    const b = Uint8Array.from(original);
    b[int(r, b.length)]! ^= 1 + int(r, 255);
    return { bytes: b };
  }],
  'byte flipped in the tar headers/padding/end': [40, (r) => {
    // Concentrated where the bytes carry no content: headers, padding and the end blocks.
    const b = Uint8Array.from(original);
    const structural: number[] = [];
    let at = 0;
    for (const e of readTar(original).entries) {
      for (let i = 0; i < 512; i++) structural.push(at + i);
      at += 512 + e.data.length;
      for (; at % 512; at++) structural.push(at);
    }
    for (; at < b.length; at++) structural.push(at);
    b[pick(r, structural)]! ^= 1 + int(r, 255);
    return { bytes: b };
  }],
  'event removed (re-packed)': [25, (r) => {
    const p = unpack(original);
    const i = int(r, p.events.length - 1); // the tail is the centre's to cut: docs/audit.md
    p.events.splice(i, 1);
    p.manifest.span.events--;
    return { bytes: repack(consistent(p)) };
  }],
  'two events reordered (re-packed)': [25, (r) => {
    const p = unpack(original);
    const i = int(r, p.events.length - 1);
    const j = i + 1 + int(r, p.events.length - i - 1);
    [p.events[i], p.events[j]] = [p.events[j]!, p.events[i]!];
    return { bytes: repack(consistent(p)) };
  }],
  'event re-signed by a foreign key, chain re-made (re-packed)': [30, (r) => {
    const p = unpack(original);
    return { bytes: repack(rewrite(p, int(r, p.events.length), foreign())) };
  }],
  'event after the rotation re-signed by the retired key (thief), chain re-made': [25, (r) => {
    const p = unpack(original);
    const after = p.events.findIndex((e) => e.seq > s.rotationSeq);
    const i = after + int(r, p.events.length - after);
    const amountUp = (ev: ParsedEvent) => (ev.type === 'payment.recorded' ? { ...ev, data: { ...ev.data, amountPaise: (ev.data.amountPaise as number) + 100 } } : ev);
    return { bytes: repack(rewrite(p, i, signerOf(createPrivateKey(s.oldKeyPem)), amountUp)) };
  }],
  'day close total altered and re-signed (re-packed)': [25, (r) => {
    const p = unpack(original);
    const i = p.events.findIndex((e) => parsed(e).type === 'day.closed');
    const delta = 1 + int(r, 100_000);
    return { bytes: repack(rewrite(p, i, foreign(), (ev) => ({ ...ev, data: { ...ev.data, totalPaise: (ev.data.totalPaise as number) + delta } }))) };
  }],
  'day close total altered, hash made right, signature kept': [10, (r) => {
    const p = unpack(original);
    const i = p.events.findIndex((e) => parsed(e).type === 'day.closed');
    const ev = parsed(p.events[i]!);
    const body = canonicalize({ ...ev, data: { ...ev.data, totalPaise: (ev.data.totalPaise as number) - 1 - int(r, 1000) } })!;
    p.events[i] = { ...p.events[i]!, hash: sha256(body), body: Buffer.from(body).toString('base64') };
    return { bytes: repack(consistent(p)) };
  }],
  'checkpoint altered, not re-signed (re-packed)': [20, (r) => {
    const p = unpack(original);
    const c = pick(r, p.checkpoints);
    const field = pick(r, ['seq', 'hash', 'serverTime', 'terminalId'] as const);
    if (field === 'seq') c.seq += 1;
    else if (field === 'hash') c.hash = sha256(c.hash);
    else if (field === 'serverTime') c.serverTime = '2027-01-01T00:00:00.000Z';
    else c.terminalId = 'T000000000000';
    return { bytes: repack(p) };
  }],
  'checkpoint re-signed by the centre at a hash the pack does not hold': [10, (r) => {
    const p = unpack(original);
    const i = int(r, p.checkpoints.length);
    p.checkpoints[i] = resignCheckpoint({ ...p.checkpoints[i]!, hash: sha256(String(r())) });
    return { bytes: repack(p) };
  }],
  'checkpoint removed (re-packed)': [10, (r) => {
    const p = unpack(original);
    p.checkpoints.splice(int(r, p.checkpoints.length), 1);
    return { bytes: repack(p) };
  }],
  'file added': [15, (r) => ({
    bytes: repack(unpack(original), key, (e) => {
      const at = 1 + int(r, e.length);
      return [...e.slice(0, at), { name: pick(r, ['notes.txt', 'events2.ndjson', 'readme']), data: Buffer.from('added') }, ...e.slice(at)];
    }),
  })],
  'file removed': [15, (r) => {
    const name = pick(r, [PACK_MANIFEST, PACK_MANIFEST_SIG, PACK_EVENTS, PACK_KEYS, PACK_CHECKPOINTS, PACK_DAYS]);
    return { bytes: repack(unpack(original), key, (e) => e.filter((x) => x.name !== name)) };
  }],
  'files reordered': [10, (r) => ({
    bytes: repack(unpack(original), key, (e) => {
      const i = int(r, e.length - 1);
      const x = [...e];
      [x[i], x[i + 1]] = [x[i + 1]!, x[i]!];
      return x;
    }),
  })],
  'manifest altered, not re-signed': [20, (r) => {
    const entries = readTar(original).entries;
    const m = JSON.parse(text(entries[0]!.data)) as PackManifest;
    const field = pick(r, ['to', 'madeBy', 'lastSeq', 'fileHash'] as const);
    if (field === 'to') m.range.to = '2026-11-29';
    else if (field === 'madeBy') m.madeBy = 'someone-else';
    else if (field === 'lastSeq') m.span.lastSeq -= 1;
    else m.files[int(r, m.files.length)]!.sha256 = sha256('x');
    entries[0] = { name: PACK_MANIFEST, data: Buffer.from(json(m)) };
    return { bytes: writeTar(entries) };
  }],
  'manifest and checkpoints re-signed with another server key, pinned': [20, () => {
    const other = otherServer();
    return { bytes: repack(consistent(unpack(original), other), other), serverKey: key.publicRaw.toString('base64url') };
  }],
  'range stretched or turned round (re-signed by the centre)': [10, (r) => {
    const p = unpack(original);
    const how = pick(r, ['ages', 'backwards', 'earlier'] as const);
    // (days.json is left as it was for ten thousand years: the centre's own helper would walk them.)
    if (how === 'ages') return { bytes: repack({ ...p, manifest: { ...p.manifest, range: { from: '0001-01-01', to: '9999-12-31' } } }) };
    if (how === 'backwards') p.manifest.range = { from: p.manifest.range.to, to: p.manifest.range.from };
    else p.manifest.range = { ...p.manifest.range, from: '2026-11-20' }; // the 26th's events are before the anchor
    return { bytes: repack(consistent(p)) };
  }],
  'tail cut, the cut event named as the one after (re-packed)': [10, (r) => {
    const p = unpack(original);
    const cut = 1 + int(r, 3);
    const removed = p.events.splice(p.events.length - cut, cut);
    p.manifest.span = { ...p.manifest.span, lastSeq: p.events.at(-1)!.seq, events: p.events.length };
    p.manifest.next = removed[0]!;
    // The checkpoint at the old end moves to the new one.
    p.checkpoints = p.checkpoints.filter((c) => c.seq <= p.manifest.span.lastSeq);
    if (!p.checkpoints.some((c) => c.seq === p.manifest.span.lastSeq)) p.checkpoints.push({ ...p.checkpoints.at(-1)!, seq: p.manifest.span.lastSeq });
    return { bytes: repack(consistent(p)) };
  }],
  'key registry forged (re-packed)': [15, (r) => {
    const p = unpack(original);
    const k = p.keys.keys;
    const how = pick(r, ['shift', 'swap', 'drop-proof', 'foreign-key'] as const);
    if (how === 'shift') {
      k[0]!.toSeq! += 1;
      k[1]!.fromSeq += 1;
    } else if (how === 'swap') [k[0]!.publicKey, k[1]!.publicKey] = [k[1]!.publicKey, k[0]!.publicKey];
    else if (how === 'drop-proof') p.keys.proofs.pop();
    else k[1]!.publicKey = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64url');
    return { bytes: repack(p) };
  }],
  'anchor altered (re-packed, anchor checkpoint re-signed)': [10, (r) => {
    const p = unpack(original);
    p.manifest.anchor = { ...p.manifest.anchor!, hash: sha256(String(r())) };
    return { bytes: repack(consistent(p)) };
  }],
  'days.json altered (re-packed)': [15, (r) => {
    const p = unpack(original);
    const d = pick(r, p.days);
    const field = pick(r, ['payments', 'totalPaise', 'voids', 'voidedPaise', 'returnedPaise'] as const);
    d[field] += 1 + int(r, 50);
    return { bytes: repack(p) };
  }],
};

it(`every one of ≥500 seeded mutations of a pack is a named fault, the untouched pack none (seed ${SEED})`, () => {
  const started = performance.now();
  process.stdout.write(`pack-tamper seed ${SEED} (replay: AUDIT_PACK_SEED=${SEED})\n`);
  expect(verifyAuditPack(original).faults).toEqual([]);
  expect(verifyAuditPack(original, { serverKey: key.publicRaw.toString('base64url') }).faults).toEqual([]);
  // The re-packing itself changes nothing: the same parts give back the very bytes.
  expect(Buffer.from(repack(unpack(original))).equals(Buffer.from(original))).toBe(true);

  const r = rng(SEED);
  const table: { kind: string; tried: number; detected: number; codes: Set<string> }[] = [];
  const missed: string[] = [];
  let total = 0;
  for (const [kind, [count, mutate]] of Object.entries(MUTATIONS)) {
    const row = { kind, tried: 0, detected: 0, codes: new Set<string>() };
    table.push(row);
    for (let i = 0; i < count; i++) {
      const m = mutate(r);
      if (Buffer.from(m.bytes).equals(Buffer.from(original)) && m.serverKey === undefined) continue; // a flip that changed nothing cannot happen (XOR ≠ 0), but be sure
      row.tried++;
      total++;
      const faults = verifyAuditPack(m.bytes, m.serverKey === undefined ? {} : { serverKey: m.serverKey }).faults;
      if (faults.length > 0 && faults.every((f) => /^[a-z-]+$/.test(f.code) && f.message.length > 0)) row.detected++;
      else missed.push(`${kind} #${i}`);
      for (const f of faults) row.codes.add(f.code);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const width = Math.max(...table.map((t) => t.kind.length));
  process.stdout.write(`${'mutation'.padEnd(width)}  tried  detected  fault codes\n`);
  for (const t of table) process.stdout.write(`${t.kind.padEnd(width)}  ${String(t.tried).padStart(5)}  ${String(t.detected).padStart(8)}  ${[...t.codes].sort().join(' ')}\n`);
  process.stdout.write(`${'total'.padEnd(width)}  ${String(total).padStart(5)}  ${String(table.reduce((n, t) => n + t.detected, 0)).padStart(8)}  in ${seconds.toFixed(1)} s\n`);
  expect(missed).toEqual([]);
  expect(total).toBeGreaterThanOrEqual(500);
}, 120_000);
