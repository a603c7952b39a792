// verify-pack: checks an audit pack (docs/audit.md, shared/audit-pack.ts) with nothing but the pack
// — and, when the auditor pins it, the server's public key. The archive byte for byte (shared/tar.ts),
// the manifest's signature and every file's hash, the key registry and each rotation's proof, the
// chain of events from its checkpointed anchor with every signature by the key in force at its seq
// (the walk `verify` uses, core/ledger/chain.ts), gapless receipt numbers, the checkpoints, and each
// day's totals against the day's signed close and the centre's days.json. Returns every fault it
// finds with a stable code; it never throws on a bad pack, and prints nothing (the CLI does).
import { verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  AUDIT_PACK_MAX_DAYS, eventBusinessDate, PACK_CHECKPOINTS, PACK_DATA_FILES, PACK_DAYS, PACK_EVENTS, PACK_KEYS, PACK_MANIFEST, PACK_MANIFEST_SIG, PackCheckpoint, PackDays, PackEvent,
  PackKeys, PackManifest, packDays, type PackDay, type PackEvent as PackEventLine,
} from '../../shared/audit-pack.js';
import { addDays, financialYear } from '../../shared/dates.js';
import { ed25519PublicKeyProblemB64 } from '../../shared/ed25519-public-key.js';
import { GENESIS_PREV, type EventDataOf, type ParsedEvent } from '../../shared/journal-event.js';
import { nextReceiptProblem, parseReceiptNo } from '../../shared/receipt-number.js';
import { readTar, type TarFaultCode } from '../../shared/tar.js';
import { ChainWalk, type ChainFault, type ChainFaultKind } from '../ledger/chain.js';
import { keyIdOf, publicKeyFromRaw, sha256 } from '../ledger/signer.js';
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';

export type PackFaultCode =
  | TarFaultCode
  | 'file-missing' | 'file-unexpected' | 'file-order' | 'file-hash' | 'file-format'
  | 'manifest' | 'manifest-signature' | 'server-key'
  | `event-${ChainFaultKind}` | 'key-registry' | 'span' | 'receipt-number'
  | 'checkpoint' | 'checkpoint-signature' | 'checkpoint-mismatch' | 'checkpoint-missing'
  | 'day-close' | 'day-summary';

export interface PackFault {
  code: PackFaultCode;
  seq: number | null;
  message: string;
}

export interface PackReport {
  ok: boolean;
  faults: PackFault[];
  manifest: PackManifest | null;
  /** SHA-256 of the server's raw public key, hex: the auditor compares it with the one published. */
  fingerprint: string | null;
  /** The auditor gave the server key (--server-key) and the pack is signed by it. */
  pinned: boolean;
  events: number;
  keys: PackKeys['keys'];
  /** Each day of the range as the events state it (what days.json must say). */
  days: PackDay[];
}

export const faultLine = (f: PackFault) => `${f.code}${f.seq === null ? '' : ` seq ${f.seq}`}: ${f.message}`;

const EXPECTED_MEMBERS = [PACK_MANIFEST, PACK_MANIFEST_SIG, ...PACK_DATA_FILES];

function keyObject(rawB64url: string): KeyObject | null {
  try {
    return publicKeyFromRaw(Buffer.from(rawB64url, 'base64url'));
  } catch {
    return null;
  }
}

/** A pinned server key as the auditor gives it: raw 32 bytes in base64 or base64url. */
export function pinnedServerKey(text: string): string | null {
  const raw = Buffer.from(text.trim().replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
  const b64url = raw.toString('base64url');
  // A small-order key would "verify" signatures made without any private key (shared/ed25519-public-key.ts).
  return raw.length === 32 && keyObject(b64url) && !ed25519PublicKeyProblemB64(b64url) ? b64url : null;
}

/** A file that is canonical JSON lines, each of `schema`; a line that is not is a file-format fault. */
function readLines<S extends z.ZodType>(name: string, bytes: Uint8Array, schema: S, fault: (f: PackFault) => void): z.output<S>[] {
  const text = Buffer.from(bytes).toString('utf8');
  if (text !== '' && !text.endsWith('\n')) fault({ code: 'file-format', seq: null, message: `${name} does not end with a newline` });
  const out: z.output<S>[] = [];
  text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined).forEach((line, i) => {
    const value = readJson(`${name} line ${i + 1}`, line, schema, fault);
    if (value !== null) out.push(value);
  });
  return out;
}

function readJson<S extends z.ZodType>(what: string, text: string, schema: S, fault: (f: PackFault) => void): z.output<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fault({ code: 'file-format', seq: null, message: `${what} is not JSON` });
    return null;
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    fault({ code: 'file-format', seq: null, message: `${what}: ${issue?.path.join('.') || 'top'} ${issue?.message ?? 'invalid'}` });
    return null;
  }
  // One way to write each value, so nothing can hide in the spelling of the JSON.
  if (canonicalize(json) !== text.replace(/\n$/, '')) fault({ code: 'file-format', seq: null, message: `${what} is not in canonical JSON (RFC 8785)` });
  return r.data;
}

const chainCode = (kind: ChainFaultKind): PackFaultCode => `event-${kind}`;

export function verifyAuditPack(bytes: Uint8Array, opts: { serverKey?: string } = {}): PackReport {
  const faults: PackFault[] = [];
  const fault = (f: PackFault) => faults.push(f);
  const report = (r: Partial<PackReport>): PackReport => ({ ok: faults.length === 0, faults, manifest: null, fingerprint: null, pinned: false, events: 0, keys: [], days: [], ...r });

  // 1. The archive, byte for byte, and its members.
  const tar = readTar(bytes);
  for (const f of tar.faults) fault({ code: f.code, seq: null, message: f.message });
  const members = new Map(tar.entries.map((e) => [e.name, e.data]));
  for (const e of tar.entries) if (!EXPECTED_MEMBERS.includes(e.name)) fault({ code: 'file-unexpected', seq: null, message: `${e.name} is not a file of this format` });
  for (const name of EXPECTED_MEMBERS) if (!members.has(name)) fault({ code: 'file-missing', seq: null, message: `${name} is missing` });
  const order = tar.entries.map((e) => e.name).filter((n) => EXPECTED_MEMBERS.includes(n));
  if (order.join() !== EXPECTED_MEMBERS.filter((n) => members.has(n)).join()) fault({ code: 'file-order', seq: null, message: `the files are not in the order written (${EXPECTED_MEMBERS.join(', ')})` });

  // 2. The manifest, its signature by the server key, and the files it names.
  const manifestBytes = members.get(PACK_MANIFEST);
  const manifest = manifestBytes ? readJson(PACK_MANIFEST, Buffer.from(manifestBytes).toString('utf8'), PackManifest, (f) => fault({ ...f, code: 'manifest' })) : null;
  if (!manifest) return report({});
  const serverRaw = Buffer.from(manifest.centre.publicKey, 'base64url');
  const fingerprint = sha256(serverRaw).toString('hex');
  const serverKey = keyObject(manifest.centre.publicKey);
  if (!serverKey || keyIdOf(serverKey) !== manifest.centre.keyId || fingerprint !== manifest.centre.fingerprint) {
    fault({ code: 'manifest', seq: null, message: 'the manifest’s server key, key id and fingerprint do not agree' });
  }
  let pinned = false;
  if (opts.serverKey !== undefined) {
    pinned = opts.serverKey === manifest.centre.publicKey;
    if (!pinned) fault({ code: 'server-key', seq: null, message: `the pack is signed by server key ${manifest.centre.keyId}, not by the key you gave (${keyIdOf(publicKeyFromRaw(Buffer.from(opts.serverKey, 'base64url')))})` });
  }
  const sig = members.get(PACK_MANIFEST_SIG);
  if (sig && (!serverKey || !verify(null, manifestBytes!, serverKey, sig))) {
    fault({ code: 'manifest-signature', seq: null, message: 'manifest.sig is not the server key’s signature of manifest.json: the manifest was altered or signed by another key' });
  }
  if (manifest.files.map((f) => f.name).join() !== PACK_DATA_FILES.join()) {
    fault({ code: 'manifest', seq: null, message: `the manifest names ${manifest.files.map((f) => f.name).join(', ')}, not ${PACK_DATA_FILES.join(', ')}` });
  }
  for (const f of manifest.files) {
    const data = members.get(f.name);
    if (data && (data.length !== f.bytes || sha256(data).toString('hex') !== f.sha256)) {
      fault({ code: 'file-hash', seq: null, message: `${f.name} is not the file the manifest names: ${data.length} bytes, SHA-256 ${sha256(data).toString('hex')}` });
    }
  }
  const base = { manifest, fingerprint, pinned };
  const terminal = manifest.terminal.id;

  // 3. The key registry: each key's seqs, the genesis event naming the first, and each rotation's proof.
  const keysFile = members.get(PACK_KEYS) ? readJson(PACK_KEYS, Buffer.from(members.get(PACK_KEYS)!).toString('utf8'), PackKeys, fault) : null;
  const keys = keysFile?.keys ?? [];
  const registry = (message: string, seq: number | null = null) => fault({ code: 'key-registry', seq, message });
  const keyAt = (seq: number) => keys.find((k) => k.fromSeq <= seq && (k.toSeq === null || seq <= k.toSeq)) ?? null;
  let genesis: EventDataOf<'terminal.created'> | null = null;
  if (keysFile) {
    if (keysFile.terminal !== terminal) registry(`keys.json is of terminal ${keysFile.terminal}`);
    keys.forEach((k, i) => {
      const obj = keyObject(k.publicKey);
      if (!obj || keyIdOf(obj) !== k.keyId) registry(`key ${k.keyId} is not the key id of its public key`);
      const from = i === 0 ? 1 : keys[i - 1]!.toSeq! + 1;
      if (k.fromSeq !== from) registry(`key ${k.keyId} starts at seq ${k.fromSeq}, not ${from}`);
      if ((k.toSeq === null) !== (i === keys.length - 1) || (k.toSeq !== null && k.toSeq < k.fromSeq)) registry(`key ${k.keyId} ends at ${k.toSeq ?? 'no seq'}: only the last key is open-ended`);
    });
    if (keysFile.proofs.length !== keys.length) registry(`${keys.length} keys but ${keysFile.proofs.length} proofs (terminal.created and one key.rotated per later key)`);
    keysFile.proofs.forEach((p, i) => {
      const want = i === 0 ? 1 : keys[i]?.fromSeq !== undefined ? keys[i]!.fromSeq - 1 : null;
      if (p.seq !== want) registry(`proof ${i + 1} is seq ${p.seq}, not ${want ?? 'a seq of the registry'}`, p.seq);
      const body = Buffer.from(p.body, 'base64').toString('utf8');
      const prev = (safeJson(body) as { prev?: unknown } | null)?.prev;
      // A walk of one event: its hash, its signature by the key in force before it, its proof.
      const walk = new ChainWalk(terminal, { seq: p.seq, prev: typeof prev === 'string' ? prev : GENESIS_PREV, key: i === 0 ? null : keys[i - 1]?.publicKey ?? null });
      const chainFaults: ChainFault[] = [];
      const ev = walk.step({ seq: p.seq, body, hash: Buffer.from(p.hash, 'hex'), sig: Buffer.from(p.sig, 'base64') }, chainFaults);
      for (const c of chainFaults) registry(`proof at seq ${c.seq}: ${c.kind}: ${c.detail}`, c.seq);
      if (i === 0) {
        if (ev?.type !== 'terminal.created') registry('the first proof is not terminal.created', p.seq);
        else {
          genesis = ev.data as EventDataOf<'terminal.created'>;
          if (genesis.publicKey !== keys[0]?.publicKey) registry('terminal.created names another genesis key than the registry’s first', p.seq);
          if (genesis.substation !== manifest.terminal.substation || genesis.counter !== manifest.terminal.counter) {
            registry(`the terminal was created as ${genesis.substation}/${genesis.counter}, the manifest says ${manifest.terminal.substation}/${manifest.terminal.counter}`, p.seq);
          }
        }
      } else if (ev?.type !== 'key.rotated') registry(`proof ${i + 1} is not a key.rotated event`, p.seq);
      else if ((ev.data as EventDataOf<'key.rotated'>).newPublicKey !== keys[i]?.publicKey) registry(`the rotation at seq ${p.seq} hands over to another key than the registry’s`, p.seq);
    });
  }
  const proofHash = new Map(keysFile?.proofs.map((p) => [p.seq, p.hash]) ?? []);

  // 4. The span: from the anchor, contiguous, each event by the key in force, to lastSeq.
  const { firstSeq, lastSeq } = manifest.span;
  const anchor = manifest.anchor;
  if ((firstSeq === 1) !== (anchor === null) || (anchor && anchor.seq !== firstSeq - 1)) fault({ code: 'span', seq: firstSeq, message: 'the anchor is not the event before the span' });
  const lines = members.get(PACK_EVENTS) ? readLines(PACK_EVENTS, members.get(PACK_EVENTS)!, PackEvent, fault) : [];
  const walk = new ChainWalk(terminal, { seq: firstSeq, prev: anchor?.hash ?? GENESIS_PREV, key: firstSeq === 1 ? null : keyAt(firstSeq)?.publicKey ?? null });
  const events: ParsedEvent[] = [];
  const hashAt = new Map<number, string>(anchor ? [[anchor.seq, anchor.hash]] : []);
  const lastN = new Map<string, number>();
  const series = genesis as EventDataOf<'terminal.created'> | null;
  for (const line of lines) {
    const inForce = keyAt(line.seq);
    if (walk.key && inForce && walk.key.raw !== inForce.publicKey) registry(`the chain has key ${walk.key.id} in force here, the registry ${inForce.keyId}`, line.seq);
    const chainFaults: ChainFault[] = [];
    const ev = walk.step({ seq: line.seq, body: Buffer.from(line.body, 'base64').toString('utf8'), hash: Buffer.from(line.hash, 'hex'), sig: Buffer.from(line.sig, 'base64') }, chainFaults);
    for (const c of chainFaults) fault({ code: chainCode(c.kind), seq: c.seq, message: c.detail });
    hashAt.set(line.seq, line.hash);
    if (!ev) continue;
    events.push(ev);
    if ((ev.type === 'key.rotated' || ev.seq === 1) && proofHash.get(ev.seq) !== line.hash) registry(`the event at seq ${ev.seq} is not the registry’s proof of that seq`, ev.seq);
    if (ev.type === 'payment.recorded') {
      const d = ev.data as EventDataOf<'payment.recorded'>;
      const problem = nextReceiptProblem(lastN, d.receiptNo, { startsMidJournal: firstSeq > 1 });
      if (problem) fault({ code: 'receipt-number', seq: ev.seq, message: problem });
      const parts = parseReceiptNo(d.receiptNo);
      if (parts && series && (parts.substation !== series.substation || parts.counter !== series.counter)) fault({ code: 'receipt-number', seq: ev.seq, message: `${d.receiptNo} is not of this terminal’s series ${series.substation}-${series.counter}` });
      if (parts && parts.fy !== financialYear(d.businessDate)) fault({ code: 'receipt-number', seq: ev.seq, message: `${d.receiptNo} is numbered in FY ${parts.fy} but dated ${d.businessDate}` });
    }
  }
  if (lines.length !== manifest.span.events || lines.at(-1)?.seq !== lastSeq) {
    fault({ code: 'span', seq: lastSeq, message: `the manifest says ${manifest.span.events} events ending at seq ${lastSeq}; events.ndjson has ${lines.length} ending at ${lines.at(-1)?.seq ?? 'none'}` });
  }
  const { from, to } = manifest.range;
  const first = events[0];
  if (first && first.seq === firstSeq && eventBusinessDate(first.at) < from) fault({ code: 'span', seq: firstSeq, message: `the span starts on ${eventBusinessDate(first.at)}, before ${from}` });
  // The events either side, each as its terminal signed it: the one before must be dated before the
  // range, the one after (chained to the last) after it and not a close of one of its days.
  const beside = (what: string, e: PackEventLine, prev: string | null): ParsedEvent | null => {
    const body = Buffer.from(e.body, 'base64').toString('utf8');
    const bodyPrev = (safeJson(body) as { prev?: unknown } | null)?.prev;
    const one = new ChainWalk(terminal, { seq: e.seq, prev: prev ?? (typeof bodyPrev === 'string' ? bodyPrev : GENESIS_PREV), key: keyAt(e.seq)?.publicKey ?? null });
    const found: ChainFault[] = [];
    const ev = one.step({ seq: e.seq, body, hash: Buffer.from(e.hash, 'hex'), sig: Buffer.from(e.sig, 'base64') }, found);
    for (const c of found) fault({ code: 'span', seq: c.seq, message: `${what}: ${c.kind}: ${c.detail}` });
    return ev;
  };
  if (anchor) {
    const ev = beside('the event before the span', anchor.event, null);
    if (anchor.event.seq !== anchor.seq || anchor.event.hash !== anchor.hash) fault({ code: 'span', seq: anchor.seq, message: 'the anchor’s event is not the anchor’s seq and hash' });
    if (ev && eventBusinessDate(ev.at) >= from) fault({ code: 'span', seq: anchor.seq, message: `the event before the span is dated ${eventBusinessDate(ev.at)}: the span does not start at ${from}` });
  }
  if (manifest.next) {
    const ev = beside('the event after the span', manifest.next, hashAt.get(lastSeq) ?? null);
    if (manifest.next.seq !== lastSeq + 1) fault({ code: 'span', seq: manifest.next.seq, message: `the event after the span is not seq ${lastSeq + 1}` });
    const closesRange = ev?.type === 'day.closed' && (ev.data as EventDataOf<'day.closed'>).businessDate <= to;
    if (ev && (eventBusinessDate(ev.at) <= to || closesRange)) fault({ code: 'span', seq: ev.seq, message: `the event after the span is of ${eventBusinessDate(ev.at)}${closesRange ? ', a close of a day of the range' : ''}: the span stops before ${to} ends` });
  }

  // 5. The checkpoints: signed by the server key, each the hash the pack holds at its seq.
  const checkpoints = members.get(PACK_CHECKPOINTS) ? readLines(PACK_CHECKPOINTS, members.get(PACK_CHECKPOINTS)!, PackCheckpoint, fault) : [];
  const checkpointed = new Set<number>();
  for (const c of checkpoints) {
    const { sig: cSig, ...signed } = c;
    if (!serverKey || !verify(null, Buffer.from(canonicalize(signed)!, 'utf8'), serverKey, Buffer.from(cSig, 'base64url'))) {
      fault({ code: 'checkpoint-signature', seq: c.seq, message: 'the checkpoint is not signed by the server key' });
    }
    if (c.terminalId !== terminal || hashAt.get(c.seq) !== c.hash) fault({ code: 'checkpoint-mismatch', seq: c.seq, message: 'the checkpoint names another terminal or another hash than the pack holds at its seq' });
    if (checkpointed.has(c.seq)) fault({ code: 'checkpoint', seq: c.seq, message: 'two checkpoints at one seq' });
    checkpointed.add(c.seq);
  }
  const needed = [...(anchor ? [anchor.seq] : []), ...events.filter((e) => e.type === 'day.closed').map((e) => e.seq), lastSeq];
  for (const seq of new Set(needed)) if (!checkpointed.has(seq)) fault({ code: 'checkpoint-missing', seq, message: seq === anchor?.seq ? 'no checkpoint anchors the span' : 'no checkpoint at this day close or at the span’s end' });

  // 6. Each day: the events' totals against the day's signed close and against days.json. A range
  // the format never makes is not walked day by day (a forged manifest could name ten thousand years).
  const rangeFits = from <= to && to <= addDays(from, AUDIT_PACK_MAX_DAYS - 1);
  if (!rangeFits) fault({ code: 'manifest', seq: null, message: `the range ${from} to ${to} is not one a pack covers (at most ${AUDIT_PACK_MAX_DAYS} days, from before to)` });
  const days = rangeFits ? packDays(events, from, to) : [];
  for (const ev of events) {
    if (ev.type !== 'day.closed') continue;
    const d = ev.data as EventDataOf<'day.closed'>;
    const day = days.find((x) => x.date === d.businessDate);
    if (!day || day.closedSeq !== ev.seq) continue; // a day outside the range, or closed twice (the first close counts)
    const differ = (['payments', 'totalPaise', 'voids', 'firstReceipt', 'lastReceipt'] as const).filter((k) => d[k] !== day[k]);
    if (differ.length) fault({ code: 'day-close', seq: ev.seq, message: `the close of ${d.businessDate} states ${differ.map((k) => `${k} ${String(d[k])}`).join(', ')}; its events give ${differ.map((k) => String(day[k])).join(', ')}` });
  }
  const daysFile = members.get(PACK_DAYS) ? readJson(PACK_DAYS, Buffer.from(members.get(PACK_DAYS)!).toString('utf8'), PackDays, fault) : null;
  if (daysFile && canonicalize(daysFile.days) !== canonicalize(days)) {
    const wrong = days.filter((d, i) => canonicalize(d) !== canonicalize(daysFile.days[i])).map((d) => d.date);
    fault({ code: 'day-summary', seq: null, message: `days.json does not state what the events give for ${wrong.length ? wrong.join(', ') : 'the range'}` });
  }
  return report({ ...base, events: lines.length, keys, days });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
