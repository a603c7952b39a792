// The terminal's private key, encrypted at rest with the OS key store through Electron's
// safeStorage (DPAPI on Windows, Keychain on macOS, GNOME Keyring/KWallet on Linux). The host
// refuses to start where the store would keep the key readable (Linux's basic_text fallback) or
// is missing. A key made by `counterfoil init` (a 0600 PEM file) moves into the vault on the first
// start and the PEM file is deleted. Plain functions over a safeStorage-shaped object, so this runs
// under plain Node in tests.
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { renameDurably, syncDir, writeFileDurably } from '../../core/fs/durable.js';
import { KEY_FILES, type KeyStore } from '../../core/terminal/key-store.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { HostRefusal } from './refusal.js';

export const VAULT_FILE = KEY_FILES.vault;
/** A key rotation's new key, sealed, until the rotation's journal event commits. */
export const STAGED_VAULT_FILE = KEY_FILES.vaultStaged;
const VAULT_FORMAT = 'counterfoil-key-vault';

/** What the vault uses of Electron's safeStorage. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: the password store Chromium picked (basic_text, gnome_libsecret, kwallet…). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Refuses a store that is missing or would keep the key in plain text. */
export function assertProtectedStore(store: SafeStorageLike, platform: NodeJS.Platform): void {
  if (!store.isEncryptionAvailable()) throw new HostRefusal('VAULT_UNAVAILABLE');
  if (platform !== 'linux') return;
  // Only meaningful after the app's ready event; 'unknown' means no store was chosen.
  const backend = store.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text') throw new HostRefusal('VAULT_PLAINTEXT', { backend });
  if (backend === 'unknown') throw new HostRefusal('VAULT_UNAVAILABLE');
}

/** Throws unless the text is an Ed25519 private key in PEM. */
function checkPrivateKeyPem(pem: string): void {
  if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
}

export function sealKey(file: string, pem: string, store: SafeStorageLike): void {
  const ciphertext = store.encryptString(pem);
  // The PEM file is deleted next: the store must give back what it was given first.
  if (store.decryptString(ciphertext) !== pem) {
    throw new HostRefusal('START_FAILED', { detail: 'the OS key store did not give back the key it encrypted' });
  }
  writeFileDurably(file, `${JSON.stringify({ format: VAULT_FORMAT, v: 1, ciphertext: ciphertext.toString('base64') })}\n`);
}

export function openKey(file: string, store: SafeStorageLike): string {
  try {
    const vault = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; v?: unknown; ciphertext?: unknown } | null;
    if (vault?.format !== VAULT_FORMAT || vault.v !== 1 || typeof vault.ciphertext !== 'string') {
      throw new Error('not a Counterfoil key vault file');
    }
    const pem = store.decryptString(Buffer.from(vault.ciphertext, 'base64'));
    checkPrivateKeyPem(pem);
    return pem;
  } catch (e) {
    throw new HostRefusal('VAULT_UNREADABLE', { file, detail: (e as Error).message });
  }
}

export interface UnlockedKey {
  pem: string;
  /** True when this start moved the PEM file into the vault. */
  migrated: boolean;
}

/**
 * The terminal key from the vault in dataDir. On the first start the PEM file that init wrote is
 * sealed into terminal-key.enc and then deleted (unlinked: a copy may survive in disk blocks or
 * backups, so a key file that ever left the machine calls for a new terminal key).
 */
export function unlockTerminalKey(dataDir: string, store: SafeStorageLike, platform: NodeJS.Platform = process.platform): UnlockedKey {
  assertProtectedStore(store, platform);
  const encFile = join(dataDir, VAULT_FILE);
  const pemFile = join(dataDir, DATA_FILES.privateKey);
  if (existsSync(encFile)) {
    const pem = openKey(encFile, store);
    if (existsSync(pemFile)) {
      // A first start stopped between sealing and deleting, or a key file put back by hand.
      if (readFileSync(pemFile, 'utf8') !== pem) throw new HostRefusal('VAULT_CONFLICT', { dir: dataDir, pem: DATA_FILES.privateKey });
      unlinkSync(pemFile);
      syncDir(dataDir);
    }
    return { pem, migrated: false };
  }
  if (!existsSync(pemFile)) throw new HostRefusal('VAULT_NO_KEY', { dir: dataDir, enc: VAULT_FILE, pem: DATA_FILES.privateKey });
  const pem = readFileSync(pemFile, 'utf8');
  try {
    checkPrivateKeyPem(pem);
  } catch (e) {
    throw new HostRefusal('START_FAILED', { detail: `${pemFile} does not hold the terminal key (${(e as Error).message})` });
  }
  sealKey(encFile, pem, store);
  unlinkSync(pemFile);
  syncDir(dataDir);
  return { pem, migrated: true };
}

/**
 * The vault as the core's key store (core/terminal/key-store.ts), so a key rotation seals the new
 * key before its journal event commits and promotes it after, like the 0600 file does elsewhere.
 */
export function vaultKeyStore(dataDir: string, store: SafeStorageLike): KeyStore {
  const current = join(dataDir, VAULT_FILE);
  const staged = join(dataDir, STAGED_VAULT_FILE);
  return {
    where: `${current} (the OS key store)`,
    readCurrent: () => (existsSync(current) ? openKey(current, store) : null),
    readStaged: () => (existsSync(staged) ? openKey(staged, store) : null),
    stage: (pem) => sealKey(staged, pem, store),
    promoteStaged: () => renameDurably(staged, current),
    discardStaged: () => {
      rmSync(staged, { force: true });
      syncDir(dataDir);
    },
  };
}
