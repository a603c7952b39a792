// The core's implementation of every contract channel, over one open terminal. Each handler gets
// its input already checked and, on a channel with a role, the user the dispatch resolved from the
// session (core/dispatch.ts): who may call what is declared in shared/contract.ts, not here.
import { join } from 'node:path';
import { businessDate, financialYear } from '../shared/dates.js';
import { CounterfoilError, errorText } from '../shared/errors.js';
import type { Paise } from '../shared/money.js';
import type { PaymentLimits } from '../shared/payment-rules.js';
import { authSettings, saveAuthSettings } from './auth/policy.js';
import { Sessions } from './auth/sessions.js';
import { authenticate } from './auth/users.js';
import { accountFormat, saveAccountFormat } from './consumers/account-format.js';
import { getConsumer, paidOnBill, postedNotAppliedOf, searchConsumers } from './consumers/store.js';
import { stmt } from './db/statements.js';
import { createDispatch, type Dispatch, type Handlers } from './dispatch.js';
import { noopLogger, type Logger } from './log.js';
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
  /** Where log-ins, wrong PINs and locks are written (never a PIN); default: nowhere. */
  log?: Logger;
}

const APPENDS_TO_JOURNAL = [
  'payment.record', 'payment.void', 'shift.open', 'shift.close', 'receipt.reprint', 'day.close', 'deposit.record', 'cheque.return', 'terminal.key.rotate',
  // settings.changed (core/ledger/settings-changes.ts)
  'settings.print.set', 'settings.limits.set', 'settings.upi.set', 'settings.update.set', 'backup.settings.set', 'settings.auth.set',
  'settings.accountFormat.set',
] as const;

/** The sessions of one terminal: on its clock, ending after its idle minutes (auth settings). */
export function terminalSessions(t: Terminal): Sessions {
  return new Sessions({ clock: t.clock, idleMinutes: () => authSettings(t.db).sessionIdleMinutes });
}

/** The contract served over one open terminal: its sessions, its handlers and the dispatch in front of them. */
export function createTerminalDispatch(t: Terminal, hooks: HandlerHooks = {}): Dispatch {
  const sessions = terminalSessions(t);
  return createDispatch(createHandlers(t, sessions, hooks), sessions);
}

export function createHandlers(t: Terminal, sessions: Sessions, hooks: HandlerHooks = {}): Handlers {
  const handlers = channelHandlers(t, sessions, hooks.log ?? noopLogger);
  const appended = hooks.journalAppended;
  if (!appended) return handlers;
  for (const channel of APPENDS_TO_JOURNAL) {
    const inner = handlers[channel] as (input: never, caller: never) => unknown;
    (handlers as Record<string, unknown>)[channel] = async (input: never, caller: never) => {
      const out = await inner(input, caller);
      appended();
      return out;
    };
  }
  return handlers;
}

function channelHandlers(t: Terminal, sessions: Sessions, log: Logger): Handlers {
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
      const u = await authenticate(db, user, pin, t.clock(), { log });
      log.info('auth.login', { user: u.name, role: u.role });
      return { session: sessions.start(u), user: u.name, role: u.role };
    },
    'auth.logout': ({ session }) => {
      sessions.end(session);
      return {};
    },
    'shift.current': (_, by) => {
      const shift = openShiftOf(db, by);
      if (!shift) return null;
      const taken = shiftCashTaken(db, shift.shiftId);
      return { ...shift, cashTakenPaise: taken.cashPaise, payments: taken.payments };
    },
    'shift.open': ({ openingFloatPaise }, by) => openShift(t, by, openingFloatPaise as Paise),
    'shift.close': async ({ count, remark, approval }, by) => {
      // The approver's PIN is checked (and counted against a lock) only when one is given.
      const approver = approval ? await authenticate(db, approval.user, approval.pin, t.clock(), { log }) : null;
      const closed = closeShift(t, by, { notes: count.notes, coinsPaise: count.coinsPaise as Paise }, approver && remark ? { remark, approver } : null);
      // A cashier's shift was the reason to be logged in: its close ends her sessions. A supervisor
      // needs no shift for her own screens (issue 16 #1): she stays in to close the day.
      if (by.role !== 'supervisor') sessions.endUser(by.id);
      await scheduledBackup(t); // never throws: its outcome is kept for backup.status
      return closed;
    },
    'backup.settings.get': () => backupSettings(t),
    'backup.settings.set': ({ settings }, by) => saveBackupSettings(t, settings, by),
    'backup.status': () => lastBackup(t),
    'settings.auth.get': () => authSettings(db),
    'settings.auth.set': ({ settings }, by) => {
      const saved = saveAuthSettings(t, settings, by);
      log.info('auth.settings', { by: by.name, ...saved });
      return saved;
    },
    'settings.accountFormat.get': () => accountFormat(db),
    'settings.accountFormat.set': ({ format }, by) => saveAccountFormat(t, format, by),
    'settings.update.get': () => updateSettings(t),
    'settings.update.set': ({ settings }, by) => saveUpdateSettings(t, settings, by),
    'diagnostics.save': () => {
      const b = diagnosticsBundle(t);
      return { fileName: b.fileName, contentType: DIAGNOSTICS_CONTENT_TYPE, base64: b.bytes.toString('base64'), sha256: b.sha256 };
    },
    'consumer.search': ({ query, limit }) => searchConsumers(db, query, limit),
    'consumer.get': ({ accountNo }) => {
      const c = getConsumer(db, accountNo);
      return c ? { ...c, returnedCheques: returnedChequesOf(db, accountNo), paidOnBill: paidOnBill(db, accountNo), postedNotApplied: postedNotAppliedOf(db, accountNo) } : null;
    },
    'payment.record': (req, by) => recordPayment(t, by, req),
    'payment.void': async ({ receiptNo, supervisor, reason }, requestedBy) => {
      const approver = await authenticate(db, supervisor.user, supervisor.pin, t.clock(), { log });
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
    'receipt.reprint': ({ receiptNo }, by) => ({ receiptNo, ...recordReprint(t, by.name, receiptNo) }),
    'receipt.preview': ({ receiptNo }) => ({
      receiptNo,
      pngBase64: renderPreviewPng(receiptLayoutOf(t, receiptNo)).toString('base64'),
    }),
    'settings.print.get': () => printSettings(t),
    'settings.print.set': ({ settings }, by) => savePrintSettings(t, settings, by),
    'settings.limits.get': () => ({ ...t.limits }),
    'settings.limits.set': ({ limits }, by) => saveLimits(t, limits as PaymentLimits, by),
    'day.summary': ({ date, toDate }) => {
      const range = dateRange(date, toDate ?? date);
      return { summary: daySummary(t, range), closed: range.from === range.to ? (closedDay(db, date) ?? null) : null };
    },
    'day.close': ({ date }, by) => closeDay(t, by, date),
    'day.report.print': ({ date }) => {
      dateRange(date);
      enqueueDayReport(db, date, t.clock());
      return { queued: true };
    },
    'settings.upi.get': () => upiPayee(t),
    'settings.upi.set': ({ payee }, by) => saveUpiPayee(t, payee, by),
    'deposit.record': ({ slip }, by) => recordDeposit(t, by, slip),
    'terminal.key.rotate': ({ reason }, by) => rotateTerminalKey(t, by, reason),
    'terminal.keys': () => terminalKeys(db),
    'deposit.reconcile': ({ date, toDate }) => depositReconciliation(t, dateRange(date, toDate ?? date)),
    'cheque.return': ({ receiptNo, returnedOn, reason }, by) => returnCheque(t, by, receiptNo, returnedOn, reason),
    'settlement.import': ({ source, csv, mapping, date, toDate }, by) =>
      importSettlement(t, by, { source, csv, range: dateRange(date, toDate ?? date), ...(mapping ? { mapping } : {}) }),
    'settlement.sources': () => settlementSources(t),
    'report.export': async ({ date, toDate, format }) => {
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
    'printer.test': async () => {
      const target = configuredPrinter(t);
      if (!target) throw new CounterfoilError('PRINTER_NOT_SET_UP');
      const settings = printSettings(t);
      const bytes = await encodeEscPos(testPageLayout(t.id, t.clock(), settings), { qrAsRaster: settings.qrAsRaster });
      const { printed, state, detail } = await printJob(target, bytes);
      return { printed, state, ...(detail ? { detail } : {}) };
    },
    'journal.verify': () => verifyLedger(db, { headMarkFile: join(t.dataDir, DATA_FILES.headMark) }),
    'sync.status': () => syncStatus(t),
    'sync.enroll': async ({ upstreamUrl, code }) => {
      await enroll(t, upstreamUrl, code);
      return syncOnce(t);
    },
    'sync.now': () => {
      if (!syncStatus(t).enrolled) throw new CounterfoilError('NOT_ENROLLED');
      return syncOnce(t);
    },
  };
}
