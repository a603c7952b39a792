// What a receipt printer can be, in words a cashier reads in either language. Shared, so the
// core's printer.status and a screen showing printer.test's answer say the same thing.

/** What the printer reports, plus 'printing' while this terminal is sending it a job. */
export type PrinterState = 'ready' | 'printing' | 'paper-out' | 'cover-open' | 'offline' | 'paper-low' | 'unreachable';

export const PRINTER_STATE_TEXT: Record<PrinterState, { en: string; hi: string }> = {
  ready: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' },
  printing: { en: 'Printing…', hi: 'छप रहा है…' },
  'paper-low': { en: 'Printer ready — paper roll nearly finished', hi: 'प्रिंटर तैयार है — कागज़ का रोल लगभग खत्म' },
  'paper-out': { en: 'Printer out of paper — load a new roll', hi: 'प्रिंटर में कागज़ खत्म — नया रोल लगाएँ' },
  'cover-open': { en: 'Printer cover open — close it', hi: 'प्रिंटर का ढक्कन खुला है — बंद करें' },
  offline: { en: 'Printer offline — check it', hi: 'प्रिंटर ऑफ़लाइन है — जाँचें' },
  unreachable: { en: 'Printer not reachable — check the cable and power', hi: 'प्रिंटर से संपर्क नहीं — केबल और बिजली जाँचें' },
};

/** A job the printer did not take though it said it was ready: it is sent again by itself. */
export const PRINT_NOT_TAKEN_TEXT = { en: 'The printer did not take the receipt — it will be sent again', hi: 'प्रिंटर ने रसीद नहीं ली — दोबारा भेजी जाएगी' };

/** Why a job waits, in the status bar's words: the printer's state, or that it did not take it. */
export function printFaultText(state: string | null): { en: string; hi: string } {
  return state && state !== 'ready' && state !== 'printing' && state in PRINTER_STATE_TEXT
    ? PRINTER_STATE_TEXT[state as PrinterState]
    : PRINT_NOT_TAKEN_TEXT;
}
