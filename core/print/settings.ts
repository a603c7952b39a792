// The terminal's print settings: paper, header, verify URL, printer and its QR ability. One
// meta row; every printing path reads it from here.
import type { PrintSettings } from '../../shared/contract.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import { DEFAULT_RECEIPT_SETTINGS } from './receipt.js';
import { parsePrinterTarget, type PrinterTarget } from './transports.js';

export const DEFAULT_PRINT_SETTINGS: PrintSettings = { ...DEFAULT_RECEIPT_SETTINGS, printer: null, qrAsRaster: false };

export function printSettings(t: Terminal): PrintSettings {
  const row = stmt(t.db, "SELECT value FROM meta WHERE key = 'print_settings'").get() as { value: string } | undefined;
  return { ...DEFAULT_PRINT_SETTINGS, ...(row ? (JSON.parse(row.value) as Partial<PrintSettings>) : {}) };
}

/** Saves settings already checked by the contract; the printer address is checked here. */
export function savePrintSettings(t: Terminal, s: PrintSettings): PrintSettings {
  if (s.printer !== null) parsePrinterTarget(s.printer);
  stmt(t.db, "INSERT INTO meta (key, value) VALUES ('print_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(s));
  return s;
}

export function configuredPrinter(t: Terminal): PrinterTarget | null {
  const { printer } = printSettings(t);
  return printer === null ? null : parsePrinterTarget(printer);
}
