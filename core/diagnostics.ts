// "Save diagnostics": one gzipped JSON file a counter can hand to support — versions, the
// terminal's identity, the journal check, the sync status, the printer settings and the logs.
// Built from an allow-list of what is safe to share: never the private key, PIN hashes or
// salts, or sessions; the whole is redacted once more as the logs are.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stmt } from './db/statements.js';
import { journalHead } from './ledger/journal.js';
import { verifyLedger } from './ledger/verify.js';
import { logFiles, redact } from './log.js';
import { announcedVerifyUrl, printSettings, verifyUrlSource } from './print/settings.js';
import { syncStatus } from './sync/state.js';
import { appVersion } from './app-version.js';
import { terminalKeys } from './terminal/key-rotation.js';
import { DATA_FILES, type Terminal } from './terminal/terminal.js';

export const DIAGNOSTICS_FORMAT = 'counterfoil-diagnostics/1';

/** The log files' text, oldest first, so the newest lines come last. */
function logTexts(dataDir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const f of logFiles(dataDir)) {
    try {
      out.push({ file: f.slice(f.lastIndexOf('/') + 1), text: readFileSync(f, 'utf8') });
    } catch {
      // not there (yet): nothing to add
    }
  }
  return out;
}

export function diagnostics(t: Terminal): Record<string, unknown> {
  const { sqlite } = stmt(t.db, 'SELECT sqlite_version() AS sqlite').get() as { sqlite: string };
  const settings = printSettings(t);
  return {
    format: DIAGNOSTICS_FORMAT,
    generatedAt: t.clock().toISOString(),
    versions: { app: appVersion(), node: process.versions.node, sqlite, platform: process.platform, arch: process.arch },
    terminal: {
      id: t.id, substation: t.substation, counter: t.counter, keyId: t.signer.keyId, headSeq: journalHead(t.db).seq,
      // Public keys only: which seqs each key signed, and who rotated it.
      keys: terminalKeys(t.db).map(({ keyId, fromSeq, toSeq, rotatedBy }) => ({ keyId, fromSeq, toSeq, rotatedBy: rotatedBy ?? null })),
    },
    schemaVersion: t.db.pragma('user_version', { simple: true }) as number,
    verify: verifyLedger(t.db, { headMarkFile: join(t.dataDir, DATA_FILES.headMark) }),
    sync: syncStatus(t),
    printer: {
      printer: settings.printer, paper: settings.paper, qrAsRaster: settings.qrAsRaster, languages: settings.languages,
      verifyUrl: settings.verifyUrl, verifyUrlSource: verifyUrlSource(t), verifyUrlAnnounced: announcedVerifyUrl(t), logo: settings.logoFile !== null,
    },
    writeBlock: t.writeBlock?.code ?? null,
    // Already redacted when written.
    logs: logTexts(t.dataDir),
  };
}

export const DIAGNOSTICS_CONTENT_TYPE = 'application/gzip';

export interface DiagnosticsBundle {
  /** counterfoil-diagnostics-<terminal>-<UTC stamp>.json.gz */
  fileName: string;
  /** The gzipped JSON. */
  bytes: Buffer;
  /** SHA-256 of `bytes`, hex. */
  sha256: string;
}

/** The bundle's name and bytes: what `counterfoil diagnostics` writes and diagnostics.save hands the screen. */
export function diagnosticsBundle(t: Terminal): DiagnosticsBundle {
  const report = diagnostics(t);
  const { logs, ...rest } = report;
  const body = JSON.stringify({ ...(redact(rest) as Record<string, unknown>), logs }, null, 1);
  const stamp = String(report.generatedAt).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const bytes = gzipSync(body);
  return { fileName: `counterfoil-diagnostics-${t.id}-${stamp}.json.gz`, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes the bundle into toDir (never over another file); returns its path. */
export function saveDiagnostics(t: Terminal, toDir: string): { file: string; bytes: number } {
  const bundle = diagnosticsBundle(t);
  mkdirSync(toDir, { recursive: true });
  const file = join(toDir, bundle.fileName);
  writeFileSync(file, bundle.bytes, { flag: 'wx', mode: 0o600 });
  return { file, bytes: bundle.bytes.length };
}
