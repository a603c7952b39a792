// A guided restore of the ledger from a backup copy (a USB stick), for `counterfoil restore`.
// Nothing in the data folder changes until every check has passed:
// 1. the copy opens, passes integrity_check, and its journal verifies;
// 2. it is this terminal's (same key as the data folder's key file, or, where the desktop app keeps
//    the key in the OS key store, as the database it replaces names);
// 3. it is not older than, and holds the same entry as, what this terminal last recorded (the head
//    mark beside the database, signed by this terminal's key: core/ledger/head-mark.ts);
// 4. when the terminal is enrolled and the centre answers, it is not older than what the centre
//    holds (DESIGN §6 restore safety): a copy behind the central head is refused;
// 5. when the head mark is missing or damaged (or written by hand), nothing here says how far this
//    terminal had recorded, so the copy goes back only if the centre confirms its head (issue 15
//    #4: otherwise a paid receipt could vanish and its number be given again). A terminal never
//    enrolled has no centre to ask, and is refused. Where the key is in the desktop app's vault,
//    the centre cannot be asked from here: an enrolled terminal is restored without a mark and the
//    app asks the centre before its first payment, exactly as this check would.
// Then the database in place is kept beside it (counterfoil.db.replaced-<time>), never deleted,
// and the copy takes its place. When the centre could not be asked, the head mark is left out,
// so the terminal refuses payments (HEAD_CHECK_REQUIRED) until its first sync checks the head.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CounterfoilError } from '../../shared/errors.js';
import { checkBackup } from '../db/backup.js';
import { openDatabase } from '../db/open.js';
import { checkHeadMark, headMarkKeys, readHeadMark, type HeadMarkCheck } from '../ledger/head-mark.js';
import { journalHead } from '../ledger/journal.js';
import { keyIdOf, publicKeyFromRaw, rawPublicKey, signerFrom } from '../ledger/signer.js';
import { checkCentralHead, type HeadCheck } from '../sync/central-head.js';
import { syncRow } from '../sync/state.js';
import { createPrivateKey } from 'node:crypto';
import { claimDataFolder } from './data-folder.js';
import { KEY_FILES } from './key-store.js';
import { DATA_FILES, openTerminal } from './terminal.js';

export interface RestoreResult {
  restoredFrom: string;
  headSeq: number;
  /**
   * What the centre said: 'ok' (checked), 'not-enrolled', or why it could not be asked
   * ('key-in-app': the key is in the desktop app's vault; the app asks at its first sync).
   */
  centralCheck: HeadCheck | 'not-enrolled' | 'key-in-app';
  /** Where the database that was in place now is (null: there was none). */
  replaced: string | null;
  /** False until the first sync has checked the central head. */
  takesPayments: boolean;
}

/** A meta value of the database being replaced, when it still opens. */
function metaIn(dbFile: string, key: string): string | undefined {
  if (!existsSync(dbFile)) return undefined;
  try {
    const db = openDatabase(dbFile, { readonly: true });
    try {
      return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * This terminal's current public key, and its private key when it is a 0600 file. The desktop app
 * keeps the private key in the OS key store, which only the app can open: then the public key comes
 * from the database being replaced, the centre is not asked here, and the app asks it at its first
 * sync (and refuses to start if the copy's key is not the one its vault holds).
 */
function keyHere(dataDir: string): { publicKey: string; keyId: string; privateKeyPem: string | null } {
  const keyFile = join(dataDir, DATA_FILES.privateKey);
  if (existsSync(keyFile)) {
    const privateKeyPem = readFileSync(keyFile, 'utf8');
    const signer = signerFrom(createPrivateKey(privateKeyPem));
    return { publicKey: rawPublicKey(signer.publicKey).toString('base64url'), keyId: signer.keyId, privateKeyPem };
  }
  const publicKey = existsSync(join(dataDir, KEY_FILES.vault)) ? metaIn(join(dataDir, DATA_FILES.db), 'public_key') : undefined;
  if (!publicKey) throw new CounterfoilError('NOT_INITIALISED');
  return { publicKey, keyId: keyIdOf(publicKeyFromRaw(Buffer.from(publicKey, 'base64url'))), privateKeyPem: null };
}

/** Why the centre did not confirm the copy's head, for RESTORE_HEAD_UNCONFIRMED. */
const CENTRE_SAID: Record<Exclude<HeadCheck, 'ok' | 'behind'> | 'not-enrolled', string> = {
  'not-enrolled': 'the terminal is not enrolled',
  unreachable: 'it could not be reached',
  stopped: 'it has stopped this terminal',
  error: 'it answered with an error',
};

export async function restoreLedger(dataDir: string, copyFile: string, now: () => Date = () => new Date()): Promise<RestoreResult> {
  const here = keyHere(dataDir);
  claimDataFolder(dataDir); // the staging copy and the database put in place are private too
  const { privateKeyPem } = here;

  let check;
  try {
    check = checkBackup(copyFile);
  } catch (e) {
    throw new CounterfoilError('RESTORE_COPY_INVALID', { detail: `it does not open as a Counterfoil database (${(e as Error).message})` });
  }
  if (!check.ok) throw new CounterfoilError('RESTORE_COPY_INVALID', { detail: `integrity ${check.integrity}; ${check.verify.faults.length} journal faults` });
  const copyDb = openDatabase(copyFile, { readonly: true });
  let copyId: string | undefined;
  let copyKey: string | undefined;
  let mark: HeadMarkCheck = { state: 'absent' };
  let copyHashAtMark: string | undefined;
  try {
    const meta = (k: string) => (copyDb.prepare('SELECT value FROM meta WHERE key = ?').get(k) as { value: string } | undefined)?.value;
    copyId = meta('terminal_id');
    copyKey = meta('public_key');
    // The copy's keys are this terminal's (its key in force is checked below), so they judge the mark.
    mark = checkHeadMark(readHeadMark(join(dataDir, DATA_FILES.headMark)), copyId ?? '', headMarkKeys(copyDb));
    if (mark.state === 'good') {
      copyHashAtMark = (copyDb.prepare('SELECT hash FROM journal WHERE seq = ?').get(mark.value.seq) as { hash: Buffer } | undefined)?.hash.toString('hex');
    }
  } finally {
    copyDb.close();
  }
  if (copyKey !== here.publicKey) {
    // Same terminal, other key: the copy was taken before a key rotation, so it is older than the
    // ledger it would replace (whose entries since are signed by the new key).
    const hereId = metaIn(join(dataDir, DATA_FILES.db), 'terminal_id');
    if (copyId !== undefined && copyId === hereId) {
      throw new CounterfoilError('RESTORE_KEY_ROTATED_SINCE', { copy: copyKey ? keyIdOf(publicKeyFromRaw(Buffer.from(copyKey, 'base64url'))) : 'unknown', here: here.keyId });
    }
    throw new CounterfoilError('RESTORE_OTHER_TERMINAL', { copy: copyId ?? 'unknown', here: hereId ?? `key ${here.keyId}` });
  }
  if (mark.state === 'good' && mark.value.seq > check.verify.headSeq) {
    throw new CounterfoilError('RESTORE_OLDER_THAN_MARK', { copySeq: check.verify.headSeq, markSeq: mark.value.seq });
  }
  if (mark.state === 'good' && copyHashAtMark !== mark.value.hash) {
    throw new CounterfoilError('RESTORE_DIFFERS_FROM_MARK', { markSeq: mark.value.seq });
  }
  const markTrusted = mark.state === 'good';

  // The centre is asked about the copy itself, opened as a terminal in a staging folder.
  const stage = join(dataDir, `.restore-${now().getTime()}`);
  mkdirSync(stage);
  let centralCheck: RestoreResult['centralCheck'];
  try {
    copyFileSync(copyFile, join(stage, DATA_FILES.db));
    if (privateKeyPem === null) {
      const db = openDatabase(join(stage, DATA_FILES.db));
      try {
        centralCheck = db.prepare('SELECT 1 FROM sync_state WHERE id = 1').get() === undefined ? 'not-enrolled' : 'key-in-app';
        db.pragma('journal_mode = DELETE');
      } finally {
        db.close();
      }
      if (!markTrusted && centralCheck === 'not-enrolled') throw new CounterfoilError('RESTORE_HEAD_UNCONFIRMED', { centre: CENTRE_SAID['not-enrolled'] });
    } else {
      const staged = openTerminal(stage, { privateKeyPem, clock: now });
      try {
        centralCheck = syncRow(staged) ? await checkCentralHead(staged) : 'not-enrolled';
        if (centralCheck === 'behind') throw staged.writeBlock ?? new CounterfoilError('LEDGER_BEHIND_CENTRAL', { localSeq: check.verify.headSeq, centralSeq: -1 });
        if (!markTrusted && centralCheck !== 'ok') throw new CounterfoilError('RESTORE_HEAD_UNCONFIRMED', { centre: CENTRE_SAID[centralCheck] });
        // Known good: the head mark the restored terminal starts from.
        if (centralCheck === 'ok' || centralCheck === 'not-enrolled') {
          const head = journalHead(staged.db);
          if (head.hash) staged.markHead(head.seq, head.hash);
        }
        staged.db.pragma('journal_mode = DELETE');
      } finally {
        staged.close();
      }
    }

    const dbFile = join(dataDir, DATA_FILES.db);
    let replaced: string | null = null;
    if (existsSync(dbFile)) {
      replaced = `${dbFile}.replaced-${now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`;
      renameSync(dbFile, replaced);
      for (const side of ['-wal', '-shm']) if (existsSync(dbFile + side)) renameSync(dbFile + side, replaced + side);
    }
    rmSync(join(dataDir, DATA_FILES.headMark), { force: true });
    renameSync(join(stage, DATA_FILES.db), dbFile);
    const takesPayments = centralCheck === 'ok' || centralCheck === 'not-enrolled';
    // Only a head the centre confirmed (or that no centre holds) is marked; otherwise the mark stays
    // absent and the terminal waits for its first head check.
    if (takesPayments && existsSync(join(stage, DATA_FILES.headMark))) renameSync(join(stage, DATA_FILES.headMark), join(dataDir, DATA_FILES.headMark));
    return { restoredFrom: copyFile, headSeq: check.verify.headSeq, centralCheck, replaced, takesPayments };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
