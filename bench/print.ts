// Printing rows: a bilingual 80 mm receipt with its QR rendered to ESC/POS bytes, and to the
// preview PNG, from a payment recorded on a real terminal.
import { join } from 'node:path';
import { DEMO_USERS, demoAccountNo } from '../shared/demo-data.js';
import { createTerminalDispatch } from '../core/handlers.js';
import { encodeEscPos } from '../core/print/escpos.js';
import { renderPreviewPng } from '../core/print/preview.js';
import { DEFAULT_RECEIPT_SETTINGS, receiptLayout } from '../core/print/receipt.js';
import { receiptDataFor } from '../core/print/receipt-data.js';
import { benchTerminal } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface PrintResult {
  escpos: Summary;
  bytes: number;
  preview: Summary;
}

export async function benchPrint(dir: string, iterations: number): Promise<PrintResult> {
  const t = await benchTerminal(join(dir, 'print'), 100);
  try {
    const dispatch = createTerminalDispatch(t);
    const cashier = DEMO_USERS.find((u) => u.role === 'cashier')!;
    const login = await dispatch('auth.login', { user: cashier.name, pin: cashier.pin });
    if (!login.ok) throw new Error(login.error.message);
    const paid = await dispatch('payment.record', {
      session: (login.value as { session: string }).session, idempotencyKey: 'bench-print-1', accountNo: demoAccountNo(1),
      amountPaise: 12345650, mode: 'cheque', instrument: { number: '123456', bank: 'State Bank of India', date: t.clock().toISOString().slice(0, 10) },
      autoOpenShift: true,
    });
    if (!paid.ok) throw new Error(paid.error.message);
    const receiptNo = (paid.value as { receiptNo: string }).receiptNo;
    const settings = { ...DEFAULT_RECEIPT_SETTINGS, paper: 80 as const };
    const escpos: number[] = [];
    const preview: number[] = [];
    let bytes = 0;
    for (let i = 0; i < iterations + 20; i++) {
      // From the ledger each time, as the print queue does.
      let start = performance.now();
      const out = await encodeEscPos(receiptLayout(receiptDataFor(t, receiptNo), settings));
      const e = performance.now() - start;
      start = performance.now();
      renderPreviewPng(receiptLayout(receiptDataFor(t, receiptNo), settings));
      const p = performance.now() - start;
      if (i >= 20) {
        escpos.push(e);
        preview.push(p);
      }
      bytes = out.length;
    }
    return { escpos: summarize(escpos), bytes, preview: summarize(preview) };
  } finally {
    t.close();
  }
}
