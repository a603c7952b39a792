// The terminal's print settings: paper, header, verify URL, printer and its QR ability. One
// meta row; every printing path reads it from here.
//
// A `file:` printer is a printer port, or a file in the print folder (issue 15): whoever may save
// the print settings (through the app, at a screen) must not be able to have receipts written over
// any file the app's user may write (~/.bashrc, a Startup folder). The print folder is chosen at
// the counter PC itself, by a supervisor at the command line (`counterfoil printer folder`): that
// needs the PC, not just the app. A path saved before this check is not printed to.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PrintSettings } from '../../shared/contract.js';
import { CounterfoilError } from '../../shared/errors.js';
import { stmt } from '../db/statements.js';
import { asSettingValue, changeSettings, type Actor } from '../ledger/settings-changes.js';
import type { Terminal } from '../terminal/terminal.js';
import { PAPER_DOTS, type ReceiptLayout } from './layout.js';
import { logoPng } from './logo.js';
import { DEFAULT_RECEIPT_SETTINGS, receiptLayout } from './receipt.js';
import { receiptDataFor } from './receipt-data.js';
import { isPrinterDevice, parsePrinterTarget, type PrinterTarget } from './transports.js';

export const DEFAULT_PRINT_SETTINGS: PrintSettings = { ...DEFAULT_RECEIPT_SETTINGS, printer: null, qrAsRaster: false, logoFile: null };

export function printSettings(t: Terminal): PrintSettings {
  const row = stmt(t.db, "SELECT value FROM meta WHERE key = 'print_settings'").get() as { value: string } | undefined;
  return { ...DEFAULT_PRINT_SETTINGS, ...(row ? (JSON.parse(row.value) as Partial<PrintSettings>) : {}) };
}

const FOLDER_KEY = 'print_file_folder';

/** The folder `file:` printers may write in (an absolute path with no links), or null: none chosen. */
export function printFileFolder(t: Terminal): string | null {
  const row = stmt(t.db, 'SELECT value FROM meta WHERE key = ?').get(FOLDER_KEY) as { value: string } | undefined;
  return row ? row.value : null;
}

/** Chooses (or, with null, forgets) the print folder: an existing folder, kept as its real path. Journaled. */
export function setPrintFileFolder(t: Terminal, dir: string | null, by: Actor): string | null {
  if (dir !== null && (!isAbsolute(dir) || !existsSync(dir) || !statSync(dir).isDirectory())) {
    throw new CounterfoilError('INVALID_INPUT', { detail: `the print folder is the absolute path of a folder that exists, not "${dir}"` });
  }
  const folder = dir === null ? null : realpathSync(dir);
  return changeSettings(t, 'print-folder', by, () => {
    const before = printFileFolder(t);
    if (folder === null) stmt(t.db, 'DELETE FROM meta WHERE key = ?').run(FOLDER_KEY);
    else stmt(t.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(FOLDER_KEY, folder);
    return { before, after: folder, result: folder };
  });
}

/** The path as the file system will take it: the nearest folder that exists through its links, then the rest as written. */
function realPathOf(path: string): string {
  const rest: string[] = [];
  let head = resolve(path);
  while (!existsSync(head) && dirname(head) !== head) {
    rest.unshift(basename(head));
    head = dirname(head);
  }
  return join(realpathSync(head), ...rest);
}

/** Whether the `file:` path may be written: a printer port, or a file below the print folder. Never throws. */
function fileAllowed(path: string, folder: string | null): boolean {
  if (isPrinterDevice(path)) return true;
  if (folder === null || !isAbsolute(path)) return false;
  let inside: string;
  try {
    inside = relative(folder, realPathOf(path));
  } catch {
    return false; // a folder on the way that cannot be read: not shown to be inside
  }
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

function checkPrinterPath(t: Terminal, target: PrinterTarget): void {
  if (target.kind !== 'file') return;
  const folder = printFileFolder(t);
  if (!fileAllowed(target.path, folder)) {
    throw new CounterfoilError('PRINTER_PATH_NOT_ALLOWED', { path: target.path, folder: folder ?? 'none is chosen' });
  }
}

const setMeta = (t: Terminal, key: string, value: string) =>
  stmt(t.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
const getMeta = (t: Terminal, key: string) => (stmt(t.db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;

/** Saves settings already checked by the contract; the printer address and the logo are checked here. Journaled. */
export function savePrintSettings(t: Terminal, s: PrintSettings, by: Actor): PrintSettings {
  if (s.printer !== null) checkPrinterPath(t, parsePrinterTarget(s.printer));
  if (s.logoFile !== null) logoPng(s.logoFile, PAPER_DOTS[s.paper]);
  return changeSettings(t, 'print', by, () => {
    const before = printSettings(t);
    stmt(t.db, "INSERT INTO meta (key, value) VALUES ('print_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(s));
    // A verify URL changed here is the saver's own choice (a blank one too), which the centre's
    // announcements leave alone, unless it is the very address the centre announced.
    if (s.verifyUrl !== before.verifyUrl) {
      setMeta(t, VERIFY_URL_SOURCE, s.verifyUrl !== null && s.verifyUrl === announcedVerifyUrl(t) ? 'centre' : 'supervisor');
    }
    return { before: asSettingValue(before), after: asSettingValue(s), result: s };
  });
}

// ---- The verify URL the centre announces (issue 16 #12; docs/printing.md) ----
// The centre names its public verify page in the enrollment and head answers. The terminal keeps
// the last address announced, and where its print settings' verifyUrl is still the centre's to set
// (none was ever set, or the one set is the centre's) it takes that address, journaled as a
// settings change by `centre`. A verify URL a supervisor set or cleared is hers: no announcement
// changes it, until she sets the very address the centre announces, which hands it back.

const VERIFY_URL_SOURCE = 'print_verify_url_source';
const VERIFY_URL_ANNOUNCED = 'print_verify_url_announced';
/** The actor a settings.changed event names when the verify URL follows the centre. */
export const CENTRE_ACTOR: Actor = { name: 'centre' };

/** Who chose the print settings' verify URL: the centre, a supervisor, or nobody yet (null). */
export function verifyUrlSource(t: Terminal): 'centre' | 'supervisor' | null {
  const kept = getMeta(t, VERIFY_URL_SOURCE);
  if (kept === 'centre' || kept === 'supervisor') return kept;
  // Set before the source was kept: only a supervisor could have set it.
  return printSettings(t).verifyUrl === null ? null : 'supervisor';
}

/** The verify page the centre last announced, or null: it never announced one. */
export function announcedVerifyUrl(t: Terminal): string | null {
  return getMeta(t, VERIFY_URL_ANNOUNCED) ?? null;
}

/** Keeps what the centre announced (an answer without it leaves the last one kept). Not journaled: it changes nothing printed. */
export function noteAnnouncedVerifyUrl(t: Terminal, url: string | undefined): void {
  if (url === undefined || !PrintSettings.shape.verifyUrl.safeParse(url).success) return;
  if (announcedVerifyUrl(t) !== url) setMeta(t, VERIFY_URL_ANNOUNCED, url);
}

/**
 * Takes the announced verify page as the print settings' verifyUrl where it is the centre's to set;
 * true when it changed them. Throws what any settings change throws (a ledger waiting for its
 * head check): the next sync pass tries again.
 */
export function followCentreVerifyUrl(t: Terminal): boolean {
  const url = announcedVerifyUrl(t);
  if (url === null || verifyUrlSource(t) === 'supervisor') return false;
  const before = printSettings(t);
  if (before.verifyUrl === url) {
    if (getMeta(t, VERIFY_URL_SOURCE) !== 'centre') setMeta(t, VERIFY_URL_SOURCE, 'centre');
    return false;
  }
  const after: PrintSettings = { ...before, verifyUrl: url };
  return changeSettings(t, 'print', CENTRE_ACTOR, () => {
    stmt(t.db, "INSERT INTO meta (key, value) VALUES ('print_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(after));
    setMeta(t, VERIFY_URL_SOURCE, 'centre');
    return { before: asSettingValue(before), after: asSettingValue(after), result: true };
  });
}

/** A receipt's layout as this terminal prints it: its settings, its logo. */
export function receiptLayoutOf(t: Terminal, receiptNo: string, reprint: number | null = null, settings: PrintSettings = printSettings(t)): ReceiptLayout {
  const logo = settings.logoFile === null ? null : logoPng(settings.logoFile, PAPER_DOTS[settings.paper]);
  return receiptLayout(receiptDataFor(t, receiptNo, reprint), settings, { logo });
}

/** The printer set up, or null: none, or a `file:` path saved before the path check that it fails. */
export function configuredPrinter(t: Terminal): PrinterTarget | null {
  const { printer } = printSettings(t);
  if (printer === null) return null;
  const target = parsePrinterTarget(printer);
  return target.kind === 'file' && !fileAllowed(target.path, printFileFolder(t)) ? null : target;
}
