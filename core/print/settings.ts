// The terminal's print settings: paper, header, verify URL, printer and its QR ability. One
// meta row; every printing path reads it from here.
import type { PrintSettings } from '../../shared/contract.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import { PAPER_DOTS, type ReceiptLayout } from './layout.js';
import { logoPng } from './logo.js';
import { DEFAULT_RECEIPT_SETTINGS, receiptLayout } from './receipt.js';
import { receiptDataFor } from './receipt-data.js';
import { parsePrinterTarget, type PrinterTarget } from './transports.js';

export const DEFAULT_PRINT_SETTINGS: PrintSettings = { ...DEFAULT_RECEIPT_SETTINGS, printer: null, qrAsRaster: false, logoFile: null };

export function printSettings(t: Terminal): PrintSettings {
  const row = stmt(t.db, "SELECT value FROM meta WHERE key = 'print_settings'").get() as { value: string } | undefined;
  return { ...DEFAULT_PRINT_SETTINGS, ...(row ? (JSON.parse(row.value) as Partial<PrintSettings>) : {}) };
}

/** Saves settings already checked by the contract; the printer address and the logo are checked here. */
export function savePrintSettings(t: Terminal, s: PrintSettings): PrintSettings {
  if (s.printer !== null) parsePrinterTarget(s.printer);
  if (s.logoFile !== null) logoPng(s.logoFile, PAPER_DOTS[s.paper]);
  stmt(t.db, "INSERT INTO meta (key, value) VALUES ('print_settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(s));
  return s;
}

/** A receipt's layout as this terminal prints it: its settings, its logo. */
export function receiptLayoutOf(t: Terminal, receiptNo: string, reprint: number | null = null, settings: PrintSettings = printSettings(t)): ReceiptLayout {
  const logo = settings.logoFile === null ? null : logoPng(settings.logoFile, PAPER_DOTS[settings.paper]);
  return receiptLayout(receiptDataFor(t, receiptNo, reprint), settings, { logo });
}

export function configuredPrinter(t: Terminal): PrinterTarget | null {
  const { printer } = printSettings(t);
  return printer === null ? null : parsePrinterTarget(printer);
}
