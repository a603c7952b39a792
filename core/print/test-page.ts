// The "test print" slip: proves the printer takes text, shaped Hindi, a QR and the cut.
import { businessDate, istTime } from '../../shared/dates.js';
import type { PrintSettings } from '../../shared/contract.js';
import type { ReceiptLayout } from './layout.js';

export function testPageLayout(terminalId: string, at: Date, s: PrintSettings): ReceiptLayout {
  return {
    paper: s.paper,
    lines: [
      { kind: 'text', text: 'परीक्षण प्रिंट', align: 'center', bold: true },
      { kind: 'text', text: 'TEST PRINT', align: 'center', bold: true },
      { kind: 'rule' },
      { kind: 'pair', left: 'Terminal', right: terminalId },
      { kind: 'pair', left: 'Time', right: `${businessDate(at)} ${istTime(at)} IST` },
      { kind: 'pair', left: 'Paper', right: `${s.paper} mm` },
      { kind: 'text', text: 'हिंदी: कि द्यु र्ज क्ष त्र ज्ञ श्र — ₹1,23,456.50' },
      { kind: 'qr', data: `TEST|${terminalId}|${at.toISOString()}` },
      { kind: 'text', text: 'If the QR scans and the Hindi reads right, the printer is set up.', align: 'center' },
      { kind: 'feed', lines: 2 },
    ],
    cut: true,
    openDrawer: false,
  };
}
