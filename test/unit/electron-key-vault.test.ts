// The Electron host's key vault under plain Node, with a stand-in for safeStorage: what it refuses,
// the one-time move of init's PEM file into terminal-key.enc, and what a damaged vault gives.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATA_FILES, initTerminal, openTerminal } from '../../core/terminal/terminal.js';
import { openKey, sealKey, STAGED_VAULT_FILE, unlockTerminalKey, VAULT_FILE, vaultKeyStore } from '../../electron/main/key-vault.js';
import { createUser } from '../../core/auth/users.js';
import { rotateTerminalKey } from '../../core/terminal/key-rotation.js';
import { HostRefusal } from '../../electron/main/refusal.js';
import { fakeSafeStorage } from '../support/fake-electron.js';
import { tempDir } from '../support/terminal.js';

let root: string;
let dataDir: string;
let pemFile: string;
let encFile: string;
let keyId: string;

beforeEach(() => {
  root = tempDir('counterfoil-vault-');
  dataDir = join(root, 'terminal');
  const t = initTerminal(dataDir, { substation: 'SS042', counter: 'C1' });
  keyId = t.signer.keyId;
  t.close();
  pemFile = join(dataDir, DATA_FILES.privateKey);
  encFile = join(dataDir, VAULT_FILE);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function refusal(fn: () => unknown): HostRefusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof HostRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('key vault: the key store must protect the key', () => {
  it('refuses when safeStorage is unavailable, and changes nothing', () => {
    const pem = readFileSync(pemFile, 'utf8');
    const r = refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage({ available: false }), 'linux'));
    expect(r.code).toBe('VAULT_UNAVAILABLE');
    expect(r.hi).toMatch(/safeStorage/);
    expect(readFileSync(pemFile, 'utf8')).toBe(pem);
    expect(existsSync(encFile)).toBe(false);
  });

  it('refuses Linux’s plain-text fallback (basic_text), in English and Hindi, and changes nothing', () => {
    const r = refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage({ backend: 'basic_text' }), 'linux'));
    expect(r.code).toBe('VAULT_PLAINTEXT');
    expect(r.en).toMatch(/plain-text fallback \(basic_text\)/);
    expect(r.hi).toMatch(/सादा-पाठ की-स्टोर \(basic_text\)/);
    expect(r.line()).toMatch(/^counterfoil: VAULT_PLAINTEXT: .* \/ .*basic_text/);
    expect(existsSync(pemFile)).toBe(true);
    expect(existsSync(encFile)).toBe(false);
  });

  it('refuses a Linux store it cannot name, and asks no backend where the OS has one store', () => {
    expect(refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage({ backend: 'unknown' }), 'linux')).code).toBe('VAULT_UNAVAILABLE');
    // On Windows (DPAPI) and macOS (Keychain) the backend question does not exist.
    const store = { ...fakeSafeStorage({ backend: 'basic_text' }) };
    expect(unlockTerminalKey(dataDir, store, 'win32').migrated).toBe(true);
  });
});

describe('key vault: first start and later starts', () => {
  it('moves init’s PEM file into terminal-key.enc once, deletes the PEM, then opens the vault', () => {
    const store = fakeSafeStorage();
    const pem = readFileSync(pemFile, 'utf8');
    const first = unlockTerminalKey(dataDir, store, 'linux');
    expect(first).toEqual({ pem, migrated: true });
    expect(existsSync(pemFile)).toBe(false);
    expect(statSync(encFile).mode & 0o777).toBe(0o600);
    const sealed = readFileSync(encFile, 'utf8');
    expect(sealed).not.toMatch(/PRIVATE KEY/);
    expect(JSON.parse(sealed)).toMatchObject({ format: 'counterfoil-key-vault', v: 1 });
    expect(existsSync(`${encFile}.tmp`)).toBe(false);

    const second = unlockTerminalKey(dataDir, store, 'linux');
    expect(second).toEqual({ pem, migrated: false });
    expect(readFileSync(encFile, 'utf8')).toBe(sealed); // not re-sealed

    const t = openTerminal(dataDir, { privateKeyPem: second.pem });
    expect(t.signer.keyId).toBe(keyId);
    t.close();
    // Without the vault's key the terminal no longer opens from the folder alone.
    expect(() => openTerminal(dataDir)).toThrow(expect.objectContaining({ code: 'NOT_INITIALISED' }));
  });

  it('round-trips a key through seal and open', () => {
    const store = fakeSafeStorage();
    const pem = readFileSync(pemFile, 'utf8');
    sealKey(join(root, 'k.enc'), pem, store);
    expect(openKey(join(root, 'k.enc'), store)).toBe(pem);
  });

  it('finishes a first start that stopped between sealing and deleting the PEM', () => {
    const store = fakeSafeStorage();
    const pem = readFileSync(pemFile, 'utf8');
    sealKey(encFile, pem, store);
    expect(unlockTerminalKey(dataDir, store, 'linux')).toEqual({ pem, migrated: false });
    expect(existsSync(pemFile)).toBe(false);
  });

  it('refuses a vault beside a PEM file holding another key, and deletes neither', () => {
    const store = fakeSafeStorage();
    unlockTerminalKey(dataDir, store, 'linux');
    const other = initTerminal(join(root, 'other'), { substation: 'SS042', counter: 'C2' });
    other.close();
    writeFileSync(pemFile, readFileSync(join(root, 'other', DATA_FILES.privateKey)), { mode: 0o600 });
    const r = refusal(() => unlockTerminalKey(dataDir, store, 'linux'));
    expect(r.code).toBe('VAULT_CONFLICT');
    expect(existsSync(pemFile) && existsSync(encFile)).toBe(true);
  });

  it('refuses a folder with neither vault nor key file', () => {
    rmSync(pemFile);
    expect(refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage(), 'linux')).code).toBe('VAULT_NO_KEY');
  });

  it('keeps the PEM when the store does not give back what it encrypted', () => {
    const store = { ...fakeSafeStorage(), decryptString: () => 'something else' };
    expect(refusal(() => unlockTerminalKey(dataDir, store, 'linux')).code).toBe('START_FAILED');
    expect(existsSync(pemFile)).toBe(true);
    expect(existsSync(encFile)).toBe(false);
  });

  it('refuses to seal a key file that holds no Ed25519 key', () => {
    writeFileSync(pemFile, 'not a key');
    const r = refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage(), 'linux'));
    expect(r.code).toBe('START_FAILED');
    expect(r.en).toMatch(/does not hold the terminal key/);
    expect(existsSync(pemFile)).toBe(true);
  });
});

describe('key vault: a damaged or foreign vault', () => {
  it('gives a clear error for a tampered vault file, naming it', () => {
    const store = fakeSafeStorage();
    unlockTerminalKey(dataDir, store, 'linux');
    const vault = JSON.parse(readFileSync(encFile, 'utf8')) as { ciphertext: string };
    const bytes = Buffer.from(vault.ciphertext, 'base64');
    bytes[bytes.length - 5]! ^= 0x01;
    writeFileSync(encFile, JSON.stringify({ ...vault, ciphertext: bytes.toString('base64') }));
    const r = refusal(() => unlockTerminalKey(dataDir, store, 'linux'));
    expect(r.code).toBe('VAULT_UNREADABLE');
    expect(r.en).toContain(encFile);
    expect(r.en).toMatch(/altered, or it belongs to another user or computer/);
    expect(r.hi).toMatch(/पर्यवेक्षक/);
  });

  it('refuses a vault that decrypts to something other than a key (a store without integrity)', () => {
    const store = fakeSafeStorage();
    unlockTerminalKey(dataDir, store, 'linux');
    const garbling = { ...store, decryptString: () => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' };
    expect(refusal(() => unlockTerminalKey(dataDir, garbling, 'linux')).code).toBe('VAULT_UNREADABLE');
  });

  it('refuses a vault sealed by another user’s or computer’s store, and a file that is not a vault', () => {
    unlockTerminalKey(dataDir, fakeSafeStorage(), 'linux');
    expect(refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage(), 'linux')).code).toBe('VAULT_UNREADABLE');
    writeFileSync(encFile, 'garbage');
    const r = refusal(() => unlockTerminalKey(dataDir, fakeSafeStorage(), 'linux'));
    expect(r.code).toBe('VAULT_UNREADABLE');
  });
});

describe('key vault: key rotation goes through the vault', () => {
  it('seals the new key before the journal event, promotes it after, and the folder opens with it', async () => {
    const store = fakeSafeStorage();
    unlockTerminalKey(dataDir, store, 'linux');
    const sealedBefore = readFileSync(encFile, 'utf8');
    const t = openTerminal(dataDir, { keyStore: vaultKeyStore(dataDir, store) });
    const supervisor = await createUser(t.db, 'meena', 'supervisor', '482913', new Date());
    const r = rotateTerminalKey(t, supervisor, 'vault test');
    t.close();
    expect(r.oldKeyId).toBe(keyId);
    expect(existsSync(join(dataDir, STAGED_VAULT_FILE))).toBe(false);
    expect(readFileSync(encFile, 'utf8')).not.toBe(sealedBefore);
    expect(readFileSync(encFile, 'utf8')).not.toMatch(/PRIVATE KEY/);
    expect(existsSync(pemFile)).toBe(false); // no plain key file on the way
    const again = openTerminal(dataDir, { keyStore: vaultKeyStore(dataDir, store) });
    expect(again.signer.keyId).toBe(r.newKeyId);
    again.close();
  });

  it('discards a sealed staged key the ledger does not name (a rotation cut before its commit)', () => {
    const store = fakeSafeStorage();
    unlockTerminalKey(dataDir, store, 'linux');
    const other = initTerminal(join(root, 'other'), { substation: 'SS042', counter: 'C2' });
    other.close();
    sealKey(join(dataDir, STAGED_VAULT_FILE), readFileSync(join(root, 'other', DATA_FILES.privateKey), 'utf8'), store);
    const t = openTerminal(dataDir, { keyStore: vaultKeyStore(dataDir, store) });
    expect(t.signer.keyId).toBe(keyId);
    t.close();
    expect(existsSync(join(dataDir, STAGED_VAULT_FILE))).toBe(false);
  });
});
