// Where the terminal's private key lives, behind one interface so that key rotation is the same
// code everywhere: a 0600 PEM file in the data folder (init, the CLI, the web shell), or the OS key
// store (the Electron host's vault, electron/main/key-vault.ts). A rotation stages the new key
// durably, commits the journal event, then promotes the staged key; openTerminal finishes or
// discards a staged key a crash left behind, by asking the ledger which key is current.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renameDurably, syncDir, writeFileDurably } from '../fs/durable.js';

export interface KeyStore {
  /** Where the key is kept, for messages: "terminal-key.pem (a 0600 file)". */
  readonly where: string;
  /** The private key in force (PKCS#8 PEM); null when there is none. */
  readCurrent(): string | null;
  /** A key staged by a rotation that has not been promoted yet. */
  readStaged(): string | null;
  /** Keeps the next key durably beside the current one. */
  stage(pem: string): void;
  /** The staged key becomes the current one (atomically); the old one is gone. */
  promoteStaged(): void;
  discardStaged(): void;
}

export const KEY_FILES = {
  current: 'terminal-key.pem',
  staged: 'terminal-key.next.pem',
  /** The desktop app's sealed key and a rotation's sealed next key (electron/main/key-vault.ts). */
  vault: 'terminal-key.enc',
  vaultStaged: 'terminal-key.next.enc',
} as const;

const readIfThere = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

export function fileKeyStore(dataDir: string): KeyStore {
  const current = join(dataDir, KEY_FILES.current);
  const staged = join(dataDir, KEY_FILES.staged);
  return {
    where: `${current} (a 0600 file)`,
    readCurrent: () => readIfThere(current),
    readStaged: () => readIfThere(staged),
    stage: (pem) => writeFileDurably(staged, pem, 0o600),
    promoteStaged: () => renameDurably(staged, current),
    discardStaged: () => {
      rmSync(staged, { force: true });
      syncDir(dataDir);
    },
  };
}

/** A key handed over by a caller that keeps it elsewhere and cannot rotate it (a staging folder). */
export function fixedKeyStore(pem: string): KeyStore {
  const refuse = () => {
    throw new Error('this terminal was opened with a fixed key, which cannot be rotated');
  };
  return { where: 'a key given by the caller', readCurrent: () => pem, readStaged: () => null, stage: refuse, promoteStaged: refuse, discardStaged: () => {} };
}
