// The one IPC contract (DESIGN §2): every channel, its input and its output, declared once.
// The core's handlers, the hosts' bridges, the renderer's client and the tests' in-process
// bridge are all derived from this map, so a channel cannot exist on one side only.
import { z } from 'zod';
import { AccountFormat } from './account-format.js';
import { PostedNotApplied } from './consumer-record.js';
import { DaySummary } from './day-summary.js';
import type { AppError } from './errors.js';
import { EXPORT_FORMATS } from './export-manifest.js';
import { freeText } from './free-text.js';
import { DepositDay, SettlementMapping, SettlementReport } from './reconciliation.js';
import { BackupOutcome, BackupSettings } from './backup.js';
import { UpiPayee } from './upi.js';
import { MAX_PAISE } from './money.js';
import { NOTE_DENOMINATIONS } from './payment-rules.js';
import { PAYMENT_MODES } from './receipt-code.js';

export { BackupOutcome, BackupSettings, DaySummary };

const amountPaise = z.number().int().positive().max(MAX_PAISE);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const Session = z.string().regex(/^[0-9a-f]{32}$/, 'not a session');
export const UserName = z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/, 'user names are 2–32 lower-case letters, digits, ".", "_" or "-"');
/** Any PIN the contract carries; how long one must be for a role is a terminal setting (AuthSettings). */
export const Pin = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');
export const Role = z.enum(['cashier', 'supervisor']);
export const AccountNo = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{4,20}$/, 'account numbers are 4–20 letters or digits');
export const ReceiptNo = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{1,6}-\d{4}-\d{6,}$/, 'not a receipt number');
export const PaymentMode = z.enum(PAYMENT_MODES);

export const Instrument = {
  cash: z.strictObject({}),
  // Numbers are checked for their form by the payment rules (INSTRUMENT_NUMBER_INVALID, UTR_INVALID…).
  cheque: z.strictObject({ number: freeText(40, { min: 0 }), bank: freeText(60), date: isoDate }),
  dd: z.strictObject({ number: freeText(40, { min: 0 }), bank: freeText(60), date: isoDate }),
  upi: z.strictObject({ utr: freeText(40, { min: 0 }) }),
  card: z.strictObject({ last4: freeText(40, { min: 0 }), approval: freeText(40, { min: 0 }).toUpperCase() }),
};

const paymentBase = {
  session: Session,
  /** Made once per payment form by the caller; a retry with the same key returns the first result. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9._:-]{8,64}$/, 'idempotency key is 8–64 characters'),
  accountNo: AccountNo,
  amountPaise,
  /** Open the cashier's shift (float 0) in the same transaction if none is open. */
  autoOpenShift: z.boolean().default(false),
  /**
   * The counter took this account typed by hand (twice, with a reason): an account the list does
   * not know is then held to the terminal's account format, and the reason is journaled.
   */
  handTyped: z.strictObject({ reason: freeText(120, { min: 4, minMessage: 'say in a few words why the consumer is not in the list' }) }).optional(),
};

export const PaymentRequest = z.discriminatedUnion('mode', [
  z.strictObject({ ...paymentBase, mode: z.literal('cash'), instrument: Instrument.cash.default({}) }),
  z.strictObject({ ...paymentBase, mode: z.literal('cheque'), instrument: Instrument.cheque }),
  z.strictObject({ ...paymentBase, mode: z.literal('dd'), instrument: Instrument.dd }),
  z.strictObject({ ...paymentBase, mode: z.literal('upi'), instrument: Instrument.upi }),
  z.strictObject({ ...paymentBase, mode: z.literal('card'), instrument: Instrument.card }),
]);
export type PaymentRequest = z.output<typeof PaymentRequest>;

export const CashCount = z.strictObject({
  notes: z.strictObject(
    Object.fromEntries(NOTE_DENOMINATIONS.map((d) => [`${d}`, z.number().int().min(0).max(100_000).optional()])) as Record<
      `${(typeof NOTE_DENOMINATIONS)[number]}`,
      z.ZodOptional<z.ZodNumber>
    >,
  ),
  coinsPaise: z.number().int().min(0).max(MAX_PAISE),
});

export const Consumer = z.object({
  accountNo: z.string(),
  meterNo: z.string(),
  name: z.string(),
  nameHi: z.string(),
  mobileLast4: z.string(),
  locality: z.string(),
  localityHi: z.string(),
  billNo: z.string(),
  dueDate: z.string(),
  amountDuePaise: z.number().int(),
});
export type Consumer = z.infer<typeof Consumer>;

export const ShiftState = z.object({
  shiftId: z.number().int(),
  user: z.string(),
  openedAt: z.string(),
  businessDate: z.string(),
  openingFloatPaise: z.number().int(),
  cashTakenPaise: z.number().int(),
  payments: z.number().int(),
});

export const VerifyFault = z.object({ seq: z.number().int().nullable(), kind: z.string(), detail: z.string() });
export const VerifyReport = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  headSeq: z.number().int(),
  headHash: z.string(),
  faults: z.array(VerifyFault),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const PrintSettings = z.strictObject({
  paper: z.union([z.literal(58), z.literal(80)]),
  utilityEn: freeText(60),
  utilityHi: freeText(60),
  headerLines: z.array(freeText(60, { min: 0 })).max(4),
  verifyUrl: freeText(200, { trim: false }).regex(/^https?:\/\/[^\s?#]+$/, 'a verify URL is http(s)://… without ? or #').nullable(),
  /** tcp://HOST:PORT, file:PATH or cups:QUEUE; null until a printer is set up. */
  printer: freeText(200, { trim: false }).nullable(),
  /** The printer cannot print GS ( k QR codes: send them as pictures. */
  qrAsRaster: z.boolean(),
  /** Hindi and English, or English alone. */
  languages: z.enum(['hi+en', 'en']),
  /** The path of a PNG or JPEG printed at the top of every receipt; null for none. */
  logoFile: freeText(300, { trim: false }).nullable(),
});
export type PrintSettings = z.infer<typeof PrintSettings>;

/** The amounts a supervisor sets for every payment (shared/payment-rules.ts); integers are paise. */
export const PaymentLimits = z.strictObject({
  minPartialPaise: amountPaise,
  cashPerReceiptMaxPaise: amountPaise,
  cashPerConsumerDayMaxPaise: amountPaise,
  /** A shift variance beyond this needs a remark and a supervisor's approval (0: any variance). */
  shiftVarianceTolerancePaise: z.number().int().min(0).max(MAX_PAISE),
});

/** A day a supervisor closed (the Z report): core/ledger/day-close.ts. */
export const ClosedDay = z.object({
  businessDate: isoDate,
  seq: z.number().int(),
  closedAt: z.string(),
  closedBy: z.string(),
  summarySha256: z.string(),
});

const PrinterStateName = z.enum(['ready', 'printing', 'paper-out', 'cover-open', 'offline', 'paper-low', 'unreachable']);

/** The link to the centre as the status bar shows it (core/sync/state.ts fills it). */
export const SyncStatus = z.object({
  enrolled: z.boolean(),
  upstreamUrl: z.string().nullable(),
  /** How the last exchange with the centre went; null before the first one. */
  connection: z.enum(['online', 'offline', 'degraded']).nullable(),
  ackedSeq: z.number().int(),
  headSeq: z.number().int(),
  /** Events recorded here and not yet acknowledged by the centre. */
  queueDepth: z.number().int(),
  /** When the oldest unacknowledged event was recorded, and how long ago (seconds). */
  oldestUnsyncedAt: z.string().nullable(),
  oldestUnsyncedAgeSeconds: z.number().int().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** The last error in English words, and its code so a screen can say it in Hindi (errors.ts). */
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  /** Set when the centre refused for good (a fork, a revoked key): sending has stopped. */
  stopped: z.string().nullable(),
  /** Server clock minus this terminal's clock (ms), from the server's Date header. */
  clockSkewMs: z.number().int().nullable(),
  /** The skew is above 5 minutes: the status bar warns. */
  clockSkewWarning: z.boolean(),
  consumerCursor: z.string(),
  consumersSyncedAt: z.string().nullable(),
  /** The centre's head for this terminal at the last check. */
  centralSeq: z.number().int().nullable(),
  /** Why this terminal refuses new payments (restore safety), or null. */
  writeBlock: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/**
 * Where the desktop app looks for its updates (electron/main/updater.ts, electron-updater's generic
 * provider): the folder holding latest.yml and the installers. null (the default): updates are off.
 */
export const UpdateSettings = z.strictObject({
  url: freeText(400)
    .regex(
      /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[^\s?#]*)?$/i,
      'the update address is an absolute http(s)://host[:port]/path, without a user name, ? or #',
    )
    .nullable(),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

/**
 * Who may call a channel. none: anyone who reaches the host (what the log-in screen and the status
 * bar need, and no more); cashier: any logged-in user; supervisor: a supervisor. The dispatch
 * (core/dispatch.ts) resolves the input's `session` to a user and checks this before it reads the
 * rest of the input; every channel but a none one takes a `session`.
 */
export type ChannelRole = 'none' | 'cashier' | 'supervisor';

/**
 * The terminal's log-in rules, set by a supervisor (core/auth/policy.ts keeps them): how many digits
 * a new PIN must have for each role, and after how many idle minutes a session ends.
 */
export const AuthSettings = z.strictObject({
  /** At least 6: a supervisor's PIN approves voids and opens every setting. */
  supervisorPinMin: z.number().int().min(6, 'a supervisor PIN has at least 6 digits').max(12),
  cashierPinMin: z.number().int().min(4, 'a cashier PIN has at least 4 digits').max(12),
  sessionIdleMinutes: z.number().int().min(1).max(480),
});
export type AuthSettings = z.infer<typeof AuthSettings>;

export const contract = {
  'terminal.info': {
    role: 'none',
    input: z.strictObject({}),
    output: z.object({
      terminalId: z.string(),
      substation: z.string(),
      counter: z.string(),
      keyId: z.string(),
      publicKeyPem: z.string(),
      businessDate: z.string(),
      financialYear: z.string(),
      headSeq: z.number().int(),
    }),
  },
  /** First-run set-up (a host with no terminal yet answers this and nothing else). */
  'setup.init': {
    role: 'none',
    input: z.strictObject({
      substation: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2,12}$/, 'a substation code is 2–12 letters or digits, e.g. SS042'),
      counter: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{1,6}$/, 'a counter is 1–6 letters or digits, e.g. C1'),
      supervisor: UserName,
      pin: Pin,
    }),
    output: z.object({ terminalId: z.string() }),
  },
  'auth.login': {
    role: 'none',
    input: z.strictObject({ user: UserName, pin: Pin }),
    output: z.object({ session: Session, user: z.string(), role: Role }),
  },
  'auth.logout': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: z.object({}),
  },
  'shift.current': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: ShiftState.nullable(),
  },
  'shift.open': {
    role: 'cashier',
    input: z.strictObject({ session: Session, openingFloatPaise: z.number().int().min(0).max(MAX_PAISE) }),
    output: z.object({ shiftId: z.number().int(), seq: z.number().int() }),
  },
  'shift.close': {
    role: 'cashier',
    input: z.strictObject({
      session: Session,
      count: CashCount,
      /** Needed, with a supervisor's approval, when the variance is beyond the tolerance. */
      remark: freeText(200, { min: 3, minMessage: 'say in at least 3 characters why the cash differs' }).optional(),
      approval: z.strictObject({ user: UserName, pin: Pin }).optional(),
    }),
    output: z.object({
      shiftId: z.number().int(),
      seq: z.number().int(),
      expectedPaise: z.number().int(),
      countedPaise: z.number().int(),
      variancePaise: z.number().int(),
    }),
  },
  'consumer.search': {
    role: 'cashier',
    input: z.strictObject({ session: Session, query: freeText(60), limit: z.number().int().min(1).max(50).default(20) }),
    output: z.array(Consumer),
  },
  /** The consumer, with any cheque or DD of theirs the bank returned unpaid (shown at the counter). */
  'consumer.get': {
    role: 'cashier',
    input: z.strictObject({ session: Session, accountNo: AccountNo }),
    output: Consumer.extend({
      returnedCheques: z.array(
        z.object({ receiptNo: z.string(), mode: z.enum(['cheque', 'dd']), number: z.string(), bank: z.string(), amountPaise: z.number().int(), returnedOn: z.string(), reason: z.string() }),
      ),
      /** Taken here on the current bill since it arrived: not yet in amountDuePaise (issue 16 #2). */
      paidOnBill: z.array(
        z.object({ receiptNo: z.string(), amountPaise: z.number().int(), mode: z.string(), businessDate: z.string(), recordedAt: z.string() }),
      ),
      /** What the centre knows was paid on this bill (here or elsewhere) and billing has not taken off its due (issue 19). */
      postedNotApplied: PostedNotApplied.nullable(),
    }).nullable(),
  },
  'payment.record': {
    role: 'cashier',
    input: PaymentRequest,
    output: z.object({
      receiptNo: z.string(),
      seq: z.number().int(),
      code: z.string(),
      consumerKnown: z.boolean(),
      shiftOpened: z.boolean(),
      /** True when this answers a retry: the payment was recorded by an earlier call. */
      replayed: z.boolean(),
    }),
  },
  'payment.void': {
    role: 'cashier',
    input: z.strictObject({
      session: Session,
      receiptNo: ReceiptNo,
      supervisor: z.strictObject({ user: UserName, pin: Pin }),
      reason: freeText(200, { min: 3, minMessage: 'give a reason of at least 3 characters' }),
    }),
    output: z.object({ receiptNo: z.string(), seq: z.number().int() }),
  },
  'receipt.code': {
    role: 'cashier',
    input: z.strictObject({ session: Session, receiptNo: ReceiptNo }),
    output: z.object({ receiptNo: z.string(), code: z.string(), voided: z.boolean() }),
  },
  /** Receipts by receipt no. (or its last digits), by account, or by business date; newest first. */
  'receipt.find': {
    role: 'cashier',
    input: z
      .strictObject({
        session: Session,
        query: freeText(40, { min: 0 }).optional(),
        date: isoDate.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .refine((q) => Boolean(q.query) || Boolean(q.date), 'give a receipt no., an account no. or a date'),
    output: z.array(
      z.object({
        receiptNo: z.string(),
        accountNo: z.string(),
        consumerName: z.string().nullable(),
        consumerNameHi: z.string().nullable(),
        amountPaise: z.number().int(),
        mode: PaymentMode,
        recordedAt: z.string(),
        businessDate: z.string(),
        cashier: z.string(),
        voided: z.boolean(),
        reprints: z.number().int(),
      }),
    ),
  },
  /** A receipt as the counter shows it after recording: printed yet, confirmed centrally, voided. */
  'receipt.status': {
    role: 'cashier',
    input: z.strictObject({ session: Session, receiptNo: ReceiptNo }),
    output: z.object({
      receiptNo: z.string(),
      voided: z.boolean(),
      /** The centre has acknowledged the payment's event. */
      centrallyConfirmed: z.boolean(),
      print: z.object({
        state: z.enum(['waiting', 'printed', 'none']), attempts: z.number().int(),
        /** The technical detail, for diagnosis; `fault` says it in the status bar's words. */
        lastError: z.string().nullable(),
        fault: z.object({ en: z.string(), hi: z.string() }).nullable(),
      }),
    }),
  },
  'receipt.reprint': {
    role: 'cashier',
    input: z.strictObject({ session: Session, receiptNo: ReceiptNo }),
    output: z.object({ receiptNo: z.string(), seq: z.number().int(), reprint: z.number().int() }),
  },
  'receipt.preview': {
    role: 'cashier',
    input: z.strictObject({ session: Session, receiptNo: ReceiptNo }),
    output: z.object({ receiptNo: z.string(), pngBase64: z.string() }),
  },
  'settings.print.get': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: PrintSettings,
  },
  'settings.print.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, settings: PrintSettings }),
    output: PrintSettings,
  },
  'settings.limits.get': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: PaymentLimits,
  },
  /** Supervisor: the limits apply to the next payment; cash limits stay within s.269ST. */
  'settings.limits.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, limits: PaymentLimits.partial({ shiftVarianceTolerancePaise: true }) }),
    output: PaymentLimits,
  },
  /** The UPI payee of the counter's dynamic QR; null until a supervisor sets one. */
  'settings.upi.get': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: UpiPayee.nullable(),
  },
  'settings.upi.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, payee: UpiPayee.nullable() }),
    output: UpiPayee.nullable(),
  },
  /** Supervisor: the PIN lengths new PINs must have, and the idle minutes after which a session ends. */
  'settings.auth.get': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: AuthSettings,
  },
  /** Supervisor: applies to PINs set from now on and to every session's next call. */
  'settings.auth.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, settings: AuthSettings }),
    output: AuthSettings,
  },
  /** What an account number typed by hand must look like (the counter checks it as it is typed). */
  'settings.accountFormat.get': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: AccountFormat,
  },
  /** Supervisor: applies to the next hand-typed account. */
  'settings.accountFormat.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, format: AccountFormat }),
    output: AccountFormat,
  },
  /** Where the desktop app looks for updates; url null: off. Read at every check, so a change applies without a restart. */
  'settings.update.get': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: UpdateSettings,
  },
  /** Supervisor: set (or with url null, turn off) the update address. An update never installs while a shift is open. */
  'settings.update.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, settings: UpdateSettings }),
    output: UpdateSettings,
  },
  'backup.settings.get': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: BackupSettings,
  },
  /** Supervisor: the folder the ledger is copied to at every shift close, and how many copies stay. */
  'backup.settings.set': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, settings: BackupSettings }),
    output: BackupSettings,
  },
  /** The last backup taken at a shift close (null: none yet). */
  'backup.status': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: BackupOutcome.nullable(),
  },
  /** Supervisor: the diagnostics bundle for support (core/diagnostics.ts): versions, verify, sync, logs; no keys, PINs or sessions. */
  'diagnostics.save': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: z.object({ fileName: z.string(), contentType: z.string(), base64: z.string(), sha256: z.string() }),
  },
  /** Supervisor: the collection of a day (or of date … toDate), and whether the day is closed. */
  'day.summary': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, date: isoDate, toDate: isoDate.optional() }),
    output: z.object({ summary: DaySummary, closed: ClosedDay.nullable() }),
  },
  /** Supervisor: close a day whose shifts are all closed; journals day.closed and prints the Z report. */
  'day.close': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, date: isoDate }),
    output: ClosedDay,
  },
  /** Supervisor: print the day's report again (Z once closed, X before). */
  'day.report.print': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, date: isoDate }),
    output: z.object({ queued: z.boolean() }),
  },
  /** Supervisor: record a bank deposit slip against a business day (journaled deposit.recorded). */
  'deposit.record': {
    role: 'supervisor',
    input: z.strictObject({
      session: Session,
      slip: z.strictObject({
        businessDate: isoDate,
        depositedOn: isoDate,
        bank: freeText(60),
        slipNo: z.string().trim().regex(/^[A-Za-z0-9/-]{1,30}$/, 'a slip number is 1–30 letters, digits, / or -'),
        cashPaise: z.number().int().min(0).max(MAX_PAISE),
        chequePaise: z.number().int().min(0).max(MAX_PAISE),
      }),
    }),
    output: z.object({ seq: z.number().int() }),
  },
  /** Supervisor: each day's cash and cheques against the deposit slips recorded for it. */
  'deposit.reconcile': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, date: isoDate, toDate: isoDate.optional() }),
    output: z.array(DepositDay),
  },
  /** Supervisor: a cheque or DD came back unpaid (journaled cheque.returned). */
  'cheque.return': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, receiptNo: ReceiptNo, returnedOn: isoDate, reason: freeText(200) }),
    output: z.object({ seq: z.number().int() }),
  },
  /** Supervisor: import a UPI/card settlement CSV and match it with the receipts of date … toDate. */
  'settlement.import': {
    role: 'supervisor',
    input: z.strictObject({
      session: Session,
      source: freeText(60),
      csv: z.string().min(1).max(20 * 1024 * 1024),
      mapping: SettlementMapping.optional(),
      date: isoDate,
      toDate: isoDate.optional(),
    }),
    output: SettlementReport,
  },
  /** Supervisor: the settlement sources seen before, with their saved column mappings. */
  'settlement.sources': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: z.array(z.object({ name: z.string(), mapping: SettlementMapping })),
  },
  /** Supervisor: the day's (or range's) collection as a file, with its signed manifest (docs/reports.md). */
  'report.export': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, date: isoDate, toDate: isoDate.optional(), format: z.enum(EXPORT_FORMATS) }),
    output: z.object({
      fileName: z.string(),
      contentType: z.string(),
      base64: z.string(),
      manifestFileName: z.string(),
      manifestJson: z.string(),
      sha256: z.string(),
    }),
  },
  /** Open before log-in: the status bar shows the printer on the log-in screen too (no receipt, no money). */
  'printer.status': {
    role: 'none',
    input: z.strictObject({}),
    output: z.object({
      configured: z.boolean(),
      state: PrinterStateName,
      text: z.object({ en: z.string(), hi: z.string() }),
      /** Receipts and reports waiting to print. */
      pending: z.number().int(),
    }),
  },
  'printer.test': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: z.object({ printed: z.boolean(), state: PrinterStateName, detail: z.string().optional() }),
  },
  'journal.verify': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: VerifyReport,
  },
  /**
   * Supervisor: replace the terminal key. The old key signs key.rotated naming the new one, which
   * signs everything after (docs/journal.md, Key rotation).
   */
  'terminal.key.rotate': {
    role: 'supervisor',
    input: z.strictObject({ session: Session, reason: freeText(200) }),
    output: z.object({ seq: z.number().int(), oldKeyId: z.string(), newKeyId: z.string() }),
  },
  /** The terminal's keys, genesis first: which seqs each one signs, and who rotated it and why. */
  'terminal.keys': {
    role: 'supervisor',
    input: z.strictObject({ session: Session }),
    output: z.array(z.object({
      keyId: z.string(), publicKey: z.string(), fromSeq: z.number().int(), toSeq: z.number().int().nullable(),
      rotatedBy: z.string().optional(), reason: z.string().optional(),
    })),
  },
  /**
   * Open before log-in: the status bar says online/offline, the queue, a wrong clock and a write
   * block on the log-in screen too. It holds no consumer, receipt or money; the upstream's address
   * and its last error in words are the most it says.
   */
  'sync.status': {
    role: 'none',
    input: z.strictObject({}),
    output: SyncStatus,
  },
  /** Supervisor: register this terminal with the centre, with a one-time code. */
  'sync.enroll': {
    role: 'supervisor',
    input: z.strictObject({
      session: Session,
      upstreamUrl: freeText(200).regex(/^https?:\/\/[^\s?#]+$/, 'the central server address is http(s)://host[:port]'),
      code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'an enrollment code looks like ABCD-EFGH-JKLM'),
    }),
    output: SyncStatus,
  },
  /** One sync pass now (the "send now" button); the timer runs them anyway. */
  'sync.now': {
    role: 'cashier',
    input: z.strictObject({ session: Session }),
    output: SyncStatus,
  },
} as const satisfies Record<string, { role: ChannelRole; input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type Input<K extends Channel> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends Channel> = z.output<Contract[K]['input']>;
export type Output<K extends Channel> = z.output<Contract[K]['output']>;
export type RoleOf<K extends Channel> = Contract[K]['role'];

/** Channels that declare a role but take no session: none may exist (this fails to compile). */
type SessionlessGuarded = {
  [K in Channel]: RoleOf<K> extends 'none' ? never : 'session' extends keyof Input<K> ? never : K;
}[Channel];
const everyGuardedChannelTakesASession: [SessionlessGuarded] extends [never] ? true : SessionlessGuarded = true;
void everyGuardedChannelTakesASession;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** What every host exposes to the renderer: one call per channel, results never thrown. */
export type CounterfoilApi = { [K in Channel]: (input: Input<K>) => Promise<Result<Output<K>>> };

/** The IPC channel name a host uses for a contract channel. */
export const ipcChannel = (channel: Channel) => `counterfoil:${channel}`;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
