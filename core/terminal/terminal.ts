// A terminal: its data folder (ledger database, private key, head mark), its identity and the
// settings its rules use. init makes one; open loads one and checks it was not rewound.
import { randomBytes, createPrivateKey } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CounterfoilError } from '../../shared/errors.js';
import { DEFAULT_LIMITS, type PaymentLimits } from '../../shared/payment-rules.js';
import { COUNTER_PATTERN, SUBSTATION_PATTERN } from '../../shared/receipt-number.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import { openDatabase, type Db } from '../db/open.js';
import { stmt } from '../db/statements.js';
import { checkHeadMark, headMarkKeys, HeadMarkWriter, readHeadMark, type HeadMarkCheck } from '../ledger/head-mark.js';
import { appendEvent, journalHead } from '../ledger/journal.js';
import { keyIdOf, newKeyPair, publicKeyFromRaw, rawPublicKey, signerFrom, type Signer } from '../ledger/signer.js';
import { claimDataFolder } from './data-folder.js';
import { fileKeyStore, fixedKeyStore, KEY_FILES, type KeyStore } from './key-store.js';

export type Clock = () => Date;

export const DATA_FILES = {
  db: 'counterfoil.db',
  privateKey: KEY_FILES.current,
  /** A rotation's new key until its journal event commits (core/terminal/key-store.ts). */
  stagedKey: KEY_FILES.staged,
  headMark: 'head-mark',
} as const;

export interface Terminal {
  readonly dataDir: string;
  readonly db: Db;
  /** The key in force; a rotation (core/terminal/key-rotation.ts) replaces it. */
  signer: Signer;
  /** Where the private key lives: the rotation stages and promotes the next key there. */
  readonly keyStore: KeyStore;
  readonly id: string;
  readonly substation: string;
  readonly counter: string;
  /** Mutable: a supervisor's new limits (settings.limits.set) apply to the next payment. */
  limits: PaymentLimits;
  readonly clock: Clock;
  /**
   * Why the ledger refuses new entries, or null: a database rewound to an older copy (head mark),
   * or what the sync agent learnt from the centre (restore safety, core/sync/central-head.ts).
   */
  writeBlock: CounterfoilError | null;
  /** Records the new head outside the database; call after each commit. */
  markHead(seq: number, hash: Buffer): void;
  close(): void;
}

export interface InitOptions extends Omit<OpenOptions, 'privateKeyPem' | 'keyStore'> {
  substation: string;
  counter: string;
}

function getMeta(db: Db, key: string): string | undefined {
  return (stmt(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Makes the terminal's identity and key and writes the genesis event (`terminal.created`). */
export function initTerminal(dataDir: string, opts: InitOptions): Terminal {
  if (!SUBSTATION_PATTERN.test(opts.substation)) {
    throw new CounterfoilError('INVALID_INPUT', { detail: 'substation code is 2–12 capital letters or digits, e.g. SS042' });
  }
  if (!COUNTER_PATTERN.test(opts.counter)) {
    throw new CounterfoilError('INVALID_INPUT', { detail: 'counter is 1–6 capital letters or digits, e.g. C1' });
  }
  claimDataFolder(dataDir);
  for (const f of Object.values(DATA_FILES)) {
    if (existsSync(join(dataDir, f))) throw new CounterfoilError('ALREADY_INITIALISED');
  }
  const { privateKey, publicKey } = newKeyPair();
  // The key is made before anything is recorded, so events made before enrollment are final.
  // Here it is a 0600 file; the Electron host keeps it in the OS key vault instead.
  writeFileSync(join(dataDir, DATA_FILES.privateKey), privateKey.export({ format: 'pem', type: 'pkcs8' }), {
    mode: 0o600,
    flag: 'wx',
  });
  const db = openDatabase(join(dataDir, DATA_FILES.db));
  migrate(db, loadMigrations(opts.migrationsDir));
  const signer = signerFrom(privateKey);
  const terminalId = `T${randomBytes(6).toString('hex').toUpperCase()}`;
  const clock = opts.clock ?? (() => new Date());
  const genesis = db
    .transaction(() => {
      const put = stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?)');
      put.run('terminal_id', terminalId);
      put.run('substation', opts.substation);
      put.run('counter', opts.counter);
      put.run('public_key', rawPublicKey(publicKey).toString('base64url'));
      put.run('limits', JSON.stringify(DEFAULT_LIMITS));
      return appendEvent(db, signer, terminalId, 'terminal.created', {
        substation: opts.substation,
        counter: opts.counter,
        publicKey: rawPublicKey(publicKey).toString('base64url'),
      }, clock());
    })
    .immediate();
  db.close();
  // Marked before the terminal opens, so it opens on a good mark rather than waiting for a head check.
  const mark = new HeadMarkWriter(join(dataDir, DATA_FILES.headMark));
  try {
    mark.write({ terminal: terminalId, seq: genesis.seq, hash: genesis.hash.toString('hex') }, signer);
  } finally {
    mark.close();
  }
  return openTerminal(dataDir, { clock, ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}) });
}

export interface OpenOptions {
  clock?: Clock;
  /** Where the terminal's SQL migrations are, when not beside the source (a bundle, a packaged app). */
  migrationsDir?: string;
  /** Where the private key is kept when not in the data folder's key file (the Electron host's vault). */
  keyStore?: KeyStore;
  /** A fixed private key (PKCS#8 PEM), for a staging copy: the key file is not read and cannot be rotated. */
  privateKeyPem?: string;
}

export function openTerminal(dataDir: string, opts: OpenOptions = {}): Terminal {
  const dbFile = join(dataDir, DATA_FILES.db);
  const keyStore = opts.keyStore ?? (opts.privateKeyPem !== undefined ? fixedKeyStore(opts.privateKeyPem) : fileKeyStore(dataDir));
  if (!existsSync(dbFile) || (keyStore.readCurrent() === null && keyStore.readStaged() === null)) throw new CounterfoilError('NOT_INITIALISED');
  claimDataFolder(dataDir);
  const db = openDatabase(dbFile);
  let signer: Signer;
  try {
    migrate(db, loadMigrations(opts.migrationsDir));
    signer = keyInForce(keyStore, getMeta(db, 'public_key'));
  } catch (e) {
    db.close();
    throw e;
  }
  const id = getMeta(db, 'terminal_id');
  const substation = getMeta(db, 'substation');
  const counter = getMeta(db, 'counter');
  if (!id || !substation || !counter) {
    db.close();
    throw new CounterfoilError('NOT_INITIALISED');
  }
  const limits = { ...DEFAULT_LIMITS, ...(JSON.parse(getMeta(db, 'limits') ?? '{}') as Partial<PaymentLimits>) };
  const markFile = join(dataDir, DATA_FILES.headMark);
  const markCheck = checkHeadMark(readHeadMark(markFile), id, headMarkKeys(db));
  const writeBlock = headMarkProblem(db, markCheck) ?? centralHeadProblem(db, markCheck);
  const mark = new HeadMarkWriter(markFile);
  const terminal: Terminal = {
    dataDir,
    db,
    signer,
    keyStore,
    id,
    substation,
    counter,
    limits,
    clock: opts.clock ?? (() => new Date()),
    writeBlock,
    markHead(seq, hash) {
      // Signed by the key in force now: after a rotation, the new one.
      mark.write({ terminal: id, seq, hash: hash.toString('hex') }, terminal.signer);
    },
    close() {
      mark.close();
      db.close();
    },
  };
  return terminal;
}

/**
 * The signer for the key the ledger names as current (meta public_key). A key staged by a rotation
 * that crashed is promoted when its journal event committed, and discarded when it did not; any
 * other key is refused rather than used to sign entries nobody could verify.
 */
function keyInForce(store: KeyStore, ledgerKey: string | undefined): Signer {
  const staged = store.readStaged();
  if (staged !== null) {
    const next = signerFrom(createPrivateKey(staged));
    if (next.publicKeyB64 === ledgerKey) {
      store.promoteStaged();
      return next;
    }
    store.discardStaged();
  }
  const pem = store.readCurrent();
  if (pem === null) throw new CounterfoilError('NOT_INITIALISED');
  const signer = signerFrom(createPrivateKey(pem));
  if (signer.publicKeyB64 !== ledgerKey) {
    const expected = ledgerKey ? keyIdOf(publicKeyFromRaw(Buffer.from(ledgerKey, 'base64url'))) : '(none)';
    throw new CounterfoilError('KEY_MISMATCH', { where: store.where, expected, found: signer.keyId });
  }
  return signer;
}

/**
 * A database whose journal ends before, or differs at, what the head mark (signed by this
 * terminal's key) says was recorded: it was put back from an older copy.
 */
export function headMarkProblem(db: Db, mark: HeadMarkCheck): CounterfoilError | null {
  if (mark.state !== 'good') return null;
  const head = journalHead(db);
  const row = stmt(db, 'SELECT hash FROM journal WHERE seq = ?').get(mark.value.seq) as { hash: Buffer } | undefined;
  if (mark.value.seq > head.seq || !row || row.hash.toString('hex') !== mark.value.hash) {
    return new CounterfoilError('DATABASE_RESTORED_OLDER', { markSeq: mark.value.seq });
  }
  return null;
}

/**
 * Restore safety as known locally: the centre was found ahead of this journal, or the head mark is
 * missing, damaged, in the old unsigned format or signed by no key of this ledger (the database was
 * copied, restored, or the mark rewritten), so nothing local says how far this terminal had
 * recorded and the centre must be asked first. The sync agent's head check clears the second
 * (core/sync/central-head.ts); a terminal never enrolled is cleared by enrolling, whose first sync
 * checks the head.
 */
export function centralHeadProblem(db: Db, mark: HeadMarkCheck): CounterfoilError | null {
  const sync = stmt(db, 'SELECT central_ahead FROM sync_state WHERE id = 1').get() as { central_ahead: string | null } | undefined;
  if (sync?.central_ahead) {
    const p = JSON.parse(sync.central_ahead) as { localSeq: number; centralSeq: number };
    return new CounterfoilError('LEDGER_BEHIND_CENTRAL', p);
  }
  if (mark.state !== 'good') return new CounterfoilError('HEAD_CHECK_REQUIRED');
  return null;
}

export function assertWritable(t: Terminal): void {
  if (t.writeBlock) throw t.writeBlock;
}
