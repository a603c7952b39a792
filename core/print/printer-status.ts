// Real-time status (DLE EOT n, Epson ESC/POS): the printer answers one byte per request, even
// while offline. We ask for n=1 (printer), n=2 (offline cause) and n=4 (roll paper sensor).

import type { PrinterState } from '../../shared/printer-state.js';

export { PRINTER_STATE_TEXT, type PrinterState } from '../../shared/printer-state.js';

export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);

/** A status byte always has bit 1 and bit 4 set and bit 0 and bit 7 clear; anything else is not an answer. */
const isStatusByte = (b: number) => (b & 0x93) === 0x12;

/** Decodes the three answers to STATUS_REQUEST; null when they are not status bytes. */
export function decodeStatus(bytes: Uint8Array): PrinterState | null {
  if (bytes.length !== 3 || ![...bytes].every(isStatusByte)) return null;
  const [printer, offlineCause, paper] = bytes as unknown as [number, number, number];
  if ((offlineCause & 0x20) !== 0 || (paper & 0x60) === 0x60) return 'paper-out';
  if ((offlineCause & 0x04) !== 0) return 'cover-open';
  if ((printer & 0x08) !== 0) return 'offline';
  if ((paper & 0x0c) === 0x0c) return 'paper-low';
  return 'ready';
}
