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
import type { PrintSettings } from '../../shared/contract.js';
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

/** Saves settings already checked by the contract; the printer address and the logo are checked here. Journaled. */
export function savePrintSettings(t: Terminal, s: PrintSettings, by: Actor): PrintSettings {
  if (s.printer !== null) checkPrinterPath(t, parsePrinterTarget(s.printer));
  if (s.logoFile !== null) logoPng(s.logoFile, PAPER_DOTS[s.paper]);
  return changeSettings(t, 'print', by, () => {
    const before = printSettings(t);
    stmt(t.db, "INSERT INTO meta (key, value) VALUES ('print_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(s));
    return { before: asSettingValue(before), after: asSettingValue(s), result: s };
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
