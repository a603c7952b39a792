// The core's implementation of every contract channel, over one open terminal.
import { join } from 'node:path';
import { businessDate, financialYear } from '../shared/dates.js';
import { CounterfoilError, errorText } from '../shared/errors.js';
import type { Paise } from '../shared/money.js';
import type { PaymentLimits } from '../shared/payment-rules.js';
import { Sessions } from './auth/sessions.js';
import { authenticate } from './auth/users.js';
import { getConsumer, searchConsumers } from './consumers/store.js';
import { stmt } from './db/statements.js';
import type { Handlers } from './dispatch.js';
import { journalHead } from './ledger/journal.js';
import { saveLimits } from './ledger/limits.js';
import { findReceipts } from './ledger/receipt-search.js';
import { paymentByReceiptNo, receiptCodeOf, recordPayment, recordReprint, voidPayment } from './ledger/payments.js';
import { closeShift, openShift, openShiftOf, shiftCashTaken } from './ledger/shifts.js';
import { verifyLedger } from './ledger/verify.js';
import { closeDay, closedDay } from './ledger/day-close.js';
import { daySummary, dateRange } from './reports/day-summary.js';
import { makeExport } from './reports/export.js';
import { depositReconciliation, importSettlement, settlementSources } from './reports/reconcile.js';
import { recordDeposit } from './ledger/deposits.js';
import { saveUpiPayee, upiPayee } from './terminal/upi-payee.js';
import { saveUpdateSettings, updateSettings } from './terminal/update-settings.js';
import { backupSettings, lastBackup, saveBackupSettings, scheduledBackup } from './db/backup-schedule.js';
import { DIAGNOSTICS_CONTENT_TYPE, diagnosticsBundle } from './diagnostics.js';
import { returnCheque, returnedChequesOf } from './ledger/cheque-returns.js';
import { EXPORT_CONTENT_TYPE } from '../shared/export-manifest.js';
import { encodeEscPos } from './print/escpos.js';
import { enqueueDayReport, receiptPrintState } from './print/jobs.js';
import { renderPreviewPng } from './print/preview.js';
import { PRINTER_STATE_TEXT } from './print/printer-status.js';
import { isPrinting } from './print/queue.js';
import { configuredPrinter, printSettings, receiptLayoutOf, savePrintSettings } from './print/settings.js';
import { testPageLayout } from './print/test-page.js';
import { printJob, queryPrinter } from './print/transports.js';
import { enroll, syncStatus } from './sync/agent.js';
import { syncOnce } from './sync/pass.js';
import { rotateTerminalKey, terminalKeys } from './terminal/key-rotation.js';
import { DATA_FILES, type Terminal } from './terminal/terminal.js';

export interface HandlerHooks {
  /** Called after a call that appended to the journal: the host nudges the sync agent. */
  journalAppended?: () => void;
}

const APPENDS_TO_JOURNAL = ['payment.record', 'payment.void', 'shift.open', 'shift.close', 'receipt.reprint', 'day.close', 'deposit.record', 'cheque.return', 'terminal.key.rotate'] as const;

export function createHandlers(t: Terminal, sessions: Sessions = new Sessions(), hooks: HandlerHooks = {}): Handlers {
  const handlers = channelHandlers(t, sessions);
  const appended = hooks.journalAppended;
  if (!appended) return handlers;
  for (const channel of APPENDS_TO_JOURNAL) {
    const inner = handlers[channel] as (input: never) => unknown;
    (handlers as Record<string, unknown>)[channel] = async (input: never) => {
      const out = await inner(input);
      appended();
      return out;
    };
  }
  return handlers;
}

function requireSupervisor(sessions: Sessions, session: string): void {
  if (sessions.user(session).role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
}

function channelHandlers(t: Terminal, sessions: Sessions): Handlers {
  const { db } = t;
  return {
    'terminal.info': () => {
      const today = businessDate(t.clock());
      return {
        terminalId: t.id,
        substation: t.substation,
        counter: t.counter,
        keyId: t.signer.keyId,
        publicKeyPem: t.signer.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        businessDate: today,
        financialYear: financialYear(today),
        headSeq: journalHead(db).seq,
      };
    },
    'setup.init': () => {
      throw new CounterfoilError('ALREADY_INITIALISED');
    },
    'auth.login': async ({ user, pin }) => {
      const u = await authenticate(db, user, pin, t.clock());
      return { session: sessions.start(u), user: u.name, role: u.role };
    },
    'auth.logout': ({ session }) => {
      sessions.end(session);
      return {};
    },
    'shift.current': ({ session }) => {
      const shift = openShiftOf(db, sessions.user(session));
      if (!shift) return null;
      const taken = shiftCashTaken(db, shift.shiftId);
      return { ...shift, cashTakenPaise: taken.cashPaise, payments: taken.payments };
    },
    'shift.open': ({ session, openingFloatPaise }) => openShift(t, sessions.user(session), openingFloatPaise as Paise),
    'shift.close': async ({ session, count }) => {
      const closed = closeShift(t, sessions.user(session), { notes: count.notes, coinsPaise: count.coinsPaise as Paise });
      await scheduledBackup(t); // never throws: its outcome is kept for backup.status
      return closed;
    },
    'backup.settings.get': () => backupSettings(t),
    'backup.settings.set': ({ session, settings }) => {
      requireSupervisor(sessions, session);
      return saveBackupSettings(t, settings, sessions.user(session));
    },
    'backup.status': () => lastBackup(t),
    'settings.update.get': () => updateSettings(t),
    'settings.update.set': ({ session, settings }) => {
      requireSupervisor(sessions, session);
      return saveUpdateSettings(t, settings, sessions.user(session));
    },
    'diagnostics.save': ({ session }) => {
      requireSupervisor(sessions, session);
      const b = diagnosticsBundle(t);
      return { fileName: b.fileName, contentType: DIAGNOSTICS_CONTENT_TYPE, base64: b.bytes.toString('base64'), sha256: b.sha256 };
    },
    'consumer.search': ({ query, limit }) => searchConsumers(db, query, limit),
    'consumer.get': ({ accountNo }) => {
      const c = getConsumer(db, accountNo);
      return c ? { ...c, returnedCheques: returnedChequesOf(db, accountNo) } : null;
    },
    'payment.record': (req) => recordPayment(t, sessions.user(req.session), req),
    'payment.void': async ({ session, receiptNo, supervisor, reason }) => {
      const requestedBy = sessions.user(session);
      const approver = await authenticate(db, supervisor.user, supervisor.pin, t.clock());
      return voidPayment(t, requestedBy, approver, receiptNo, reason);
    },
    'receipt.code': ({ receiptNo }) => {
      const p = paymentByReceiptNo(db, receiptNo);
      if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo });
      return { receiptNo, code: receiptCodeOf(t, p), voided: p.void_seq !== null };
    },
    'receipt.find': ({ query, date, limit }) => findReceipts(db, { query, date, limit }),
    'receipt.status': ({ receiptNo }) => {
      const p = paymentByReceiptNo(db, receiptNo);
      if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo });
      return { receiptNo, voided: p.void_seq !== null, centrallyConfirmed: syncStatus(t).ackedSeq >= p.seq, print: receiptPrintState(db, p.seq) };
    },
    'receipt.reprint': ({ session, receiptNo }) => ({ receiptNo, ...recordReprint(t, sessions.user(session).name, receiptNo) }),
    'receipt.preview': ({ receiptNo }) => ({
      receiptNo,
      pngBase64: renderPreviewPng(receiptLayoutOf(t, receiptNo)).toString('base64'),
    }),
    'settings.print.get': () => printSettings(t),
    'settings.print.set': ({ session, settings }) => {
      requireSupervisor(sessions, session);
      return savePrintSettings(t, settings, sessions.user(session));
    },
    'settings.limits.get': () => ({ ...t.limits }),
    'settings.limits.set': ({ session, limits }) => {
      requireSupervisor(sessions, session);
      return saveLimits(t, limits as PaymentLimits, sessions.user(session));
    },
    'day.summary': ({ session, date, toDate }) => {
      requireSupervisor(sessions, session);
      const range = dateRange(date, toDate ?? date);
      return { summary: daySummary(t, range), closed: range.from === range.to ? (closedDay(db, date) ?? null) : null };
    },
    'day.close': ({ session, date }) => closeDay(t, sessions.user(session), date),
    'day.report.print': ({ session, date }) => {
      requireSupervisor(sessions, session);
      dateRange(date);
      enqueueDayReport(db, date, t.clock());
      return { queued: true };
    },
    'settings.upi.get': () => upiPayee(t),
    'settings.upi.set': ({ session, payee }) => {
      requireSupervisor(sessions, session);
      return saveUpiPayee(t, payee, sessions.user(session));
    },
    'deposit.record': ({ session, slip }) => recordDeposit(t, sessions.user(session), slip),
    'terminal.key.rotate': ({ session, reason }) => rotateTerminalKey(t, sessions.user(session), reason),
    'terminal.keys': () => terminalKeys(db),
    'deposit.reconcile': ({ session, date, toDate }) => {
      requireSupervisor(sessions, session);
      return depositReconciliation(t, dateRange(date, toDate ?? date));
    },
    'cheque.return': ({ session, receiptNo, returnedOn, reason }) => returnCheque(t, sessions.user(session), receiptNo, returnedOn, reason),
    'settlement.import': ({ session, source, csv, mapping, date, toDate }) =>
      importSettlement(t, sessions.user(session), { source, csv, range: dateRange(date, toDate ?? date), ...(mapping ? { mapping } : {}) }),
    'settlement.sources': ({ session }) => {
      requireSupervisor(sessions, session);
      return settlementSources(t);
    },
    'report.export': async ({ session, date, toDate, format }) => {
      requireSupervisor(sessions, session);
      const e = await makeExport(t, dateRange(date, toDate ?? date), format);
      return {
        fileName: e.fileName, contentType: EXPORT_CONTENT_TYPE[format], base64: e.bytes.toString('base64'),
        manifestFileName: `${e.fileName}.manifest.json`, manifestJson: `${JSON.stringify(e.manifest, null, 2)}\n`, sha256: e.manifest.file.sha256,
      };
    },
    'printer.status': async () => {
      const target = configuredPrinter(t);
      const { pending } = stmt(db, "SELECT COUNT(*) AS pending FROM print_jobs WHERE state = 'pending'").get() as { pending: number };
      // While the queue is sending, the connection is the queue's: say so rather than ask the printer.
      const state = !target ? 'unreachable' : isPrinting(t) ? 'printing' : (await queryPrinter(target)).state;
      return { configured: target !== null, state, text: target ? PRINTER_STATE_TEXT[state] : { en: errorText('PRINTER_NOT_SET_UP'), hi: errorText('PRINTER_NOT_SET_UP', {}, 'hi') }, pending };
    },
    'printer.test': async ({ session }) => {
      sessions.user(session);
      const target = configuredPrinter(t);
      if (!target) throw new CounterfoilError('PRINTER_NOT_SET_UP');
      const settings = printSettings(t);
      const bytes = await encodeEscPos(testPageLayout(t.id, t.clock(), settings), { qrAsRaster: settings.qrAsRaster });
      const { printed, state, detail } = await printJob(target, bytes);
      return { printed, state, ...(detail ? { detail } : {}) };
    },
    'journal.verify': () => verifyLedger(db, { headMarkFile: join(t.dataDir, DATA_FILES.headMark) }),
    'sync.status': () => syncStatus(t),
    'sync.enroll': async ({ session, upstreamUrl, code }) => {
      requireSupervisor(sessions, session);
      await enroll(t, upstreamUrl, code);
      return syncOnce(t);
    },
    'sync.now': ({ session }) => {
      sessions.user(session);
      if (!syncStatus(t).enrolled) throw new CounterfoilError('NOT_ENROLLED');
      return syncOnce(t);
    },
  };
}
