// Enrollment: an admin makes a one-time code for one substation and counter; the terminal
// presents it with the id and key it made at init, and the centre registers them.
import { createHash, randomInt } from 'node:crypto';
import { ed25519PublicKeyProblem } from '../shared/ed25519-public-key.js';
import { appendAdminLog } from './admin-log.js';
import { raiseAlert } from './alerts.js';
import { keyIdOf, serverKey } from './crypto.js';
import type { Sql } from './store.js';

// No 0/O, 1/I/L: a code is read aloud over the phone and typed at the counter.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export class EnrollCodeError extends Error {}

/**
 * A new code, logged (by its hash: the log never holds a code that could still be used). With
 * `replaces`, the code plans a replacement: the terminal now at that substation and counter is
 * marked replaced when a new one enrolls with it.
 */
export async function makeEnrollCode(sql: Sql, substation: string, counter: string, by = 'system', now = new Date(), replaces?: string): Promise<string> {
  const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = `${part()}-${part()}-${part()}`;
  await sql.transaction(async (tx) => {
    if (replaces !== undefined) {
      const [old] = await tx.query<{ substation: string; counter: string; replaced_by: string | null }>('SELECT substation, counter, replaced_by FROM terminals WHERE id = $1', [replaces]);
      if (!old) throw new EnrollCodeError(`no terminal ${replaces} to replace`);
      if (old.substation !== substation || old.counter !== counter) throw new EnrollCodeError(`terminal ${replaces} is at ${old.substation}/${old.counter}, not ${substation}/${counter}`);
      if (old.replaced_by) throw new EnrollCodeError(`terminal ${replaces} was already replaced by ${old.replaced_by}`);
    }
    await tx.query('INSERT INTO enroll_codes (code, substation, counter, created_at, replaces) VALUES ($1, $2, $3, $4, $5)', [code, substation, counter, now.toISOString(), replaces ?? null]);
    await appendAdminLog(tx, await serverKey(tx), {
      actor: by, action: 'enroll-code.issued', subject: `${substation}/${counter}`,
      before: null, after: { codeSha256: createHash('sha256').update(code).digest('hex').slice(0, 16), ...(replaces ? { replaces } : {}) }, note: null,
    }, now);
  });
  return code;
}

export type EnrollResult = { ok: true } | { ok: false; status: 403 | 409 | 422; error: string; message: string };

export async function enrollTerminal(
  sql: Sql,
  r: { code: string; terminalId: string; publicKey: string; substation: string; counter: string },
  now: Date = new Date(),
): Promise<EnrollResult> {
  const raw = Buffer.from(r.publicKey, 'base64url');
  // Before the code is looked at: a refused key stores nothing and leaves the code unused.
  const weak = ed25519PublicKeyProblem(raw);
  if (weak) return { ok: false, status: 422, error: 'invalid_key', message: `the terminal public key ${weak}` };
  return sql.transaction(async (tx) => {
    const [code] = await tx.query<{ substation: string; counter: string; used_at: Date | null; terminal_id: string | null; replaces: string | null }>(
      'SELECT * FROM enroll_codes WHERE code = $1 FOR UPDATE', [r.code],
    );
    if (!code || code.substation !== r.substation || code.counter !== r.counter) {
      return { ok: false, status: 403, error: 'bad_code', message: 'this enrollment code is not valid for this substation and counter' };
    }
    // The genesis key (a rotation since changes terminals.public_key, not what was enrolled).
    const [existing] = await tx.query<{ public_key: Uint8Array }>('SELECT public_key FROM terminal_keys WHERE terminal_id = $1 AND from_seq = 1', [r.terminalId]);
    if (code.used_at) {
      // A retried enrollment of the same terminal and key succeeds again; anything else does not.
      if (code.terminal_id === r.terminalId && existing && Buffer.from(existing.public_key).equals(raw)) return { ok: true };
      return { ok: false, status: 403, error: 'code_used', message: 'this enrollment code has already been used' };
    }
    if (existing) return { ok: false, status: 409, error: 'terminal_exists', message: `terminal ${r.terminalId} is already enrolled` };
    await tx.query('INSERT INTO terminals (id, public_key, key_id, substation, counter, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      r.terminalId, raw, keyIdOf(raw), r.substation, r.counter, now.toISOString(),
    ]);
    await tx.query('INSERT INTO terminal_keys (terminal_id, from_seq, key_id, public_key) VALUES ($1, 1, $2, $3)', [r.terminalId, keyIdOf(raw), raw]);
    await tx.query('UPDATE enroll_codes SET used_at = $3, terminal_id = $2 WHERE code = $1', [r.code, r.terminalId, now.toISOString()]);
    if (code.replaces) {
      const [replaced] = await tx.query('UPDATE terminals SET replaced_by = $2, replaced_at = $3 WHERE id = $1 AND replaced_by IS NULL RETURNING id', [code.replaces, r.terminalId, now.toISOString()]);
      if (replaced) {
        await appendAdminLog(tx, await serverKey(tx), {
          actor: `enrollment:${r.terminalId}`, action: 'terminal.replaced', subject: code.replaces, before: { replacedBy: null }, after: { replacedBy: r.terminalId }, note: null,
        }, now);
      }
    }
    return { ok: true };
  });
}

/** An admin revokes a terminal's key (stolen PC, decommissioned counter): uploads and reads are refused from then on. */
export async function revokeTerminal(sql: Sql, terminalId: string, reason: string, by = 'system', now = new Date()): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const [before] = await tx.query<{ revoked_at: Date | null; revoked_reason: string | null }>(
      'SELECT revoked_at, revoked_reason FROM terminals WHERE id = $1 FOR UPDATE', [terminalId],
    );
    if (!before) return false;
    const [after] = await tx.query<{ revoked_at: Date; revoked_reason: string }>(
      'UPDATE terminals SET revoked_at = COALESCE(revoked_at, $3), revoked_reason = COALESCE(revoked_reason, $2) WHERE id = $1 RETURNING revoked_at, revoked_reason',
      [terminalId, reason, now.toISOString()],
    );
    await raiseAlert(tx, { kind: 'revoked', terminalId, source: 'admin', detail: { reason } });
    const state = (r: { revoked_at: Date | null; revoked_reason: string | null }) => ({
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null, reason: r.revoked_reason,
    });
    await appendAdminLog(tx, await serverKey(tx), { actor: by, action: 'terminal.revoked', subject: terminalId, before: state(before), after: state(after!), note: reason }, now);
    return true;
  });
}
