// Restore safety (DESIGN §6, the sync issue): before sending anything, the agent asks the centre
// how far it holds this terminal's journal. A centre ahead of the local journal means this
// database was restored from an older copy: new payments are refused, since each would fork the
// chain the centre already holds. A terminal whose head mark is gone (copied onto a new machine)
// takes payments again only after this check passes.
import { CounterfoilError } from '../../shared/errors.js';
import { appVersion } from '../app-version.js';
import { HeadResponse } from '../../shared/upstream-api.js';
import { stmt } from '../db/statements.js';
import { journalHead } from '../ledger/journal.js';
import { noteAnnouncedVerifyUrl } from '../print/settings.js';
import type { Terminal } from '../terminal/terminal.js';
import { errorOf, messageOf, readJson, Unreachable, upstreamFetch } from './http.js';
import { noteFailure, noteStopped, noteSuccess, syncRow } from './state.js';

export type HeadCheck = 'ok' | 'behind' | 'stopped' | 'unreachable' | 'error';

export async function checkCentralHead(t: Terminal, timeoutMs = 15_000): Promise<HeadCheck> {
  const row = syncRow(t);
  if (!row) throw new CounterfoilError('NOT_ENROLLED');
  let status: number;
  let json: unknown;
  try {
    const res = await upstreamFetch(t, row.upstream_url, { method: 'GET', path: `/v1/terminals/${t.id}/head?app=${encodeURIComponent(appVersion())}`, signed: true, timeoutMs });
    status = res.status;
    json = await readJson(res);
  } catch (e) {
    if (!(e instanceof Unreachable) && (e as Error).name !== 'TimeoutError') throw e;
    noteFailure(t, 'offline', 'UPSTREAM_UNREACHABLE', { detail: (e as Error).message });
    return 'unreachable';
  }
  if (status === 403 && errorOf(json) === 'revoked') {
    noteStopped(t, 'UPSTREAM_REVOKED', {});
    return 'stopped';
  }
  const head = HeadResponse.safeParse(json);
  if (status !== 200 || !head.success) {
    noteFailure(t, 'degraded', status >= 500 || status === 200 ? 'UPSTREAM_ERROR' : 'UPSTREAM_REFUSED', { detail: messageOf(json, status) });
    return 'error';
  }
  const central = head.data;
  noteAnnouncedVerifyUrl(t, central.verifyUrl);
  const local = journalHead(t.db);
  const hashThere = stmt(t.db, 'SELECT hash FROM journal WHERE seq = ?').get(central.seq) as { hash: Buffer } | undefined;
  stmt(t.db, 'UPDATE sync_state SET central_seq = ?, central_checked_at = ? WHERE id = 1').run(central.seq, t.clock().toISOString());
  if (central.seq > local.seq || (central.seq > 0 && hashThere?.hash.toString('hex') !== central.hash)) {
    const params = { localSeq: local.seq, centralSeq: central.seq };
    stmt(t.db, 'UPDATE sync_state SET central_ahead = ? WHERE id = 1').run(JSON.stringify(params));
    t.writeBlock = new CounterfoilError('LEDGER_BEHIND_CENTRAL', params);
    noteFailure(t, 'degraded', 'LEDGER_BEHIND_CENTRAL', params);
    return 'behind';
  }
  if (central.frozen && !row.stopped_reason) {
    noteStopped(t, 'UPSTREAM_FORK', { seq: central.seq + 1 });
    return 'stopped';
  }
  // The centre lost part of what it had acknowledged (its own restore): send it again from there.
  if (central.seq < row.acked_seq) stmt(t.db, 'UPDATE sync_state SET acked_seq = ? WHERE id = 1').run(central.seq);
  if (t.writeBlock?.code === 'HEAD_CHECK_REQUIRED') {
    if (local.hash) t.markHead(local.seq, local.hash);
    t.writeBlock = null;
  }
  noteSuccess(t);
  return 'ok';
}
