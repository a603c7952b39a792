// `counterfoil` — the terminal from a shell. Every ledger action goes through the same contract
// dispatch as the app. Output is JSON (or PEM / a code) on stdout; an error is one line on
// stderr and a non-zero exit, with nothing written.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ACCOUNT_CHECKS } from '../shared/account-format.js';
import { contract, Pin, ReceiptNo, type Channel, type Input, type Output, type Result } from '../shared/contract.js';
import { CounterfoilError, errorText, type AppError } from '../shared/errors.js';
import { formatINR, parseAmount, type Paise } from '../shared/money.js';
import { parseReceiptCode, type ReceiptCode } from '../shared/receipt-code.js';
import { NOTE_DENOMINATIONS } from '../shared/payment-rules.js';
import { createUser, authenticate } from './auth/users.js';
import { backupLedger } from './db/backup.js';
import { saveDiagnostics } from './diagnostics.js';
import { toAppError } from './dispatch.js';
import { createTerminalDispatch } from './handlers.js';
import { createLogger } from './log.js';
import { DATA_FILES, openTerminal, type Terminal } from './terminal/terminal.js';
import { setUpTerminal } from './terminal/setup.js';
import { restoreLedger } from './terminal/restore.js';
import { checkReceiptCode, ledgerStanding, type ReceiptCodeCheck } from './ledger/receipt-codes.js';
import { publicKeyFromPem, publicKeyFromRaw } from './ledger/signer.js';
import { keyForSeq, terminalKeys } from './terminal/key-rotation.js';
import { paymentByReceiptNo, receiptCodeOf, recordReprint } from './ledger/payments.js';
import { verifyLedger } from './ledger/verify.js';
import { searchConsumers } from './consumers/store.js';
import { encodeEscPos } from './print/escpos.js';
import { renderPreviewPng } from './print/preview.js';
import { configuredPrinter, printSettings, receiptLayoutOf, setPrintFileFolder } from './print/settings.js';
import { shiftReportData, shiftReportLayout } from './print/shift-report.js';
import { dayReportOf } from './print/day-report.js';
import { parsePrinterTarget, printJob } from './print/transports.js';
import { PRINTER_STATE_TEXT } from './print/printer-status.js';
import { runPrintQueue } from './print/queue.js';
import { enroll, syncStatus } from './sync/agent.js';
import { exportBundle } from './sync/bundle.js';
import { dateRange } from './reports/day-summary.js';
import { makeExport, verifyExport } from './reports/export.js';
import { CENTRAL_EXPORT_MANIFEST_FORMAT } from '../shared/export-manifest.js';
import { depositReconciliation } from './reports/reconcile.js';
import { EXPORT_FORMATS, type ExportFormat } from '../shared/export-manifest.js';
import { syncOnce } from './sync/pass.js';
import { SyncScheduler } from './sync/scheduler.js';
import { pinnedServerKey, verifyAuditPack, type PackReport } from './audit/verify-pack.js';
import { packReportText } from './audit/pack-report-text.js';

const USAGE = `usage: counterfoil --data DIR <command> [options]

  init --substation SS042 --counter C1 [--demo-consumers N] [--supervisor NAME --supervisor-pin PIN]
  pay --user U --pin P --account A --amount 1234.50 --mode cash|cheque|dd|upi|card
      [--utr UTR | --cheque-no N --bank B --instrument-date YYYY-MM-DD | --card-last4 NNNN --approval CODE]
      [--idempotency-key K]
  void --receipt-no R --supervisor U --pin P --reason "…"
  shift open --user U --pin P --float 2000
  shift close --user U --pin P --count 500:4,100:7,coins:35.50 [--remark "…" --supervisor S --supervisor-pin P]   # remark and approval: a variance beyond the tolerance
  day close --user SUPERVISOR --pin P [--date YYYY-MM-DD]   # journals day.closed and queues the Z report (default: today)
  deposit record --user SUPERVISOR --pin P --date YYYY-MM-DD --deposited-on YYYY-MM-DD --bank B --slip-no N --cash 1234.50 --cheque 0
  deposit reconcile --date YYYY-MM-DD [--to-date YYYY-MM-DD]   # each day's cash and cheques against its slips
  cheque return --user SUPERVISOR --pin P --receipt-no R --returned-on YYYY-MM-DD --reason "…"
  settlement import --user SUPERVISOR --pin P --source NAME --file F.csv --date YYYY-MM-DD [--to-date …]
      [--reference COL --amount COL --date-column COL --date-format YYYY-MM-DD|DD-MM-YYYY|DD/MM/YYYY --amount-unit rupees|paise]
                                        # match a UPI/card settlement file; the mapping is saved per source
  user add --by SUPERVISOR --pin P --name N --role cashier|supervisor --new-pin PIN
  consumers --search TEXT [--limit N]
  verify [--json]
  key --pem                             # the key in force
  key list                              # every key of this terminal, genesis first, with the seqs each signs
  key rotate --user SUPERVISOR --pin P --reason TEXT
                                        # a new terminal key; the old one signs it into the journal
  receipt-code --receipt-no R
  preview --receipt-no R|--shift N|--day YYYY-MM-DD --png OUT.png [--width 58|80]
  print --receipt-no R|--shift N|--day YYYY-MM-DD --printer tcp://127.0.0.1:9100|file:OUT.bin [--width 58|80] [--duplicate]
  verify-receipt CODE_OR_URL [--key PEM_FILE]   # genuine or forged, with the reason; with this terminal's
                                        # ledger also cancelled or conflicting (exit 1 unless genuine and standing)
  print-queue [--printer tcp://…|file:…|cups:…]  # print what waits in the queue, once
  printer set --user SUPERVISOR --pin P --printer tcp://…|file:…|cups:… [--width 58|80] [--qr-raster]
      [--verify-url URL] [--logo FILE.png] [--languages hi+en|en]
  printer folder --user SUPERVISOR --pin P (--dir DIR | --off)
                                        # the folder a file: printer may write in (other than a printer port)
  printer test --user U --pin P
  printer status
  backup --to DIR
  diagnostics --to DIR                  # one .json.gz for support: versions, verify, sync, printer, logs; no keys or PINs
  restore --from FILE.db                # a checked backup back in place (the old database kept beside it); refuses
                                        # another terminal's copy, or one older than this terminal's or the centre's head
  backup-schedule --user SUPERVISOR --pin P (--to DIR [--keep 14] | --off)   # a copy at every shift close, the newest N kept
  update-settings --user SUPERVISOR --pin P (--url URL | --off)   # where the desktop app gets updates (off by default);
                                        # an update never installs while a shift is open
  auth-settings --user SUPERVISOR --pin P [--supervisor-pin-min 6] [--cashier-pin-min 4] [--idle-minutes 15]
                                        # the digits a new PIN needs per role, and the idle minutes that end a session
  account-format --user SUPERVISOR --pin P [--digits-only | --letters] [--length N | --min-length N --max-length N] [--check none|luhn|mod11]
                                        # what an account typed by hand must look like (default: 10 digits, no check digit)
  enroll --upstream URL --code CODE     # register this terminal's id and key with the centre
  sync [--status | --watch]             # one pass: head check, upload, consumer download; prints JSON status
                                        # --watch: keep syncing on the agent's timer and backoff, a JSON line per pass
  export-bundle --to DIR                # the unsent signed journal as one file, for import-bundle upstream
  export --date YYYY-MM-DD [--to-date YYYY-MM-DD] --format csv|xlsx|pdf --out FILE
                                        # the day's (or range's) collection, and FILE.manifest.json signed by this terminal
  verify-export FILE [--manifest FILE.manifest.json] [--key PEM_FILE]
                                        # genuine or altered, a terminal's export or the centre's; --key pins the signer's key, --data DIR the terminal's (or the centre's it enrolled with)
  verify-pack FILE [--server-key B64]   # an audit pack from the centre (docs/audit.md), checked offline: exit 0, or 1 naming each fault;
                                        # --server-key pins the centre's raw public key (base64), else compare the fingerprint printed`;

class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

const COMMAND_OPTIONS: Record<string, Options> = {
  init: { substation: str, counter: str, 'demo-consumers': str, supervisor: str, 'supervisor-pin': str },
  pay: {
    user: str, pin: str, account: str, amount: str, mode: str, utr: str, 'cheque-no': str, 'dd-no': str, bank: str,
    'instrument-date': str, 'card-last4': str, approval: str, 'idempotency-key': str,
  },
  void: { 'receipt-no': str, supervisor: str, pin: str, reason: str },
  'shift open': { user: str, pin: str, float: str },
  'shift close': { user: str, pin: str, count: str, remark: str, supervisor: str, 'supervisor-pin': str },
  'day close': { user: str, pin: str, date: str },
  'deposit record': { user: str, pin: str, date: str, 'deposited-on': str, bank: str, 'slip-no': str, cash: str, cheque: str },
  'deposit reconcile': { date: str, 'to-date': str },
  'cheque return': { user: str, pin: str, 'receipt-no': str, 'returned-on': str, reason: str },
  'settlement import': {
    user: str, pin: str, source: str, file: str, date: str, 'to-date': str,
    reference: str, amount: str, 'date-column': str, 'date-format': str, 'amount-unit': str,
  },
  'user add': { by: str, pin: str, name: str, role: str, 'new-pin': str },
  consumers: { search: str, limit: str },
  verify: { json: bool },
  key: { pem: bool },
  'key list': {},
  'key rotate': { user: str, pin: str, reason: str },
  'receipt-code': { 'receipt-no': str },
  preview: { 'receipt-no': str, shift: str, day: str, png: str, width: str },
  print: { 'receipt-no': str, shift: str, day: str, printer: str, width: str, duplicate: bool },
  'verify-receipt': { key: str },
  'print-queue': { printer: str },
  enroll: { upstream: str, code: str },
  sync: { status: bool, watch: bool },
  'export-bundle': { to: str },
  export: { date: str, 'to-date': str, format: str, out: str },
  'verify-export': { manifest: str, key: str },
  'verify-pack': { 'server-key': str },
  'printer set': { user: str, pin: str, printer: str, width: str, 'qr-raster': bool, 'verify-url': str, logo: str, languages: str },
  'printer folder': { user: str, pin: str, dir: str, off: bool },
  'printer test': { user: str, pin: str },
  'printer status': {},
  backup: { to: str },
  diagnostics: { to: str },
  restore: { from: str },
  'backup-schedule': { user: str, pin: str, to: str, keep: str, off: bool },
  'update-settings': { user: str, pin: str, url: str, off: bool },
  'auth-settings': { user: str, pin: str, 'supervisor-pin-min': str, 'cashier-pin-min': str, 'idle-minutes': str },
  'account-format': { user: str, pin: str, 'digits-only': bool, letters: bool, length: str, 'min-length': str, 'max-length': str, check: str },
};

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function amountArg(text: string, what: string): Paise {
  const r = parseAmount(text);
  if (r.ok) return r.paise;
  const why = {
    empty: 'is empty', format: 'is not a number', grouping: 'has commas in the wrong places (use 1,23,456.50)',
    decimals: 'may have at most two decimals', negative: 'cannot be negative', too_large: 'is too large',
  }[r.reason];
  throw new CounterfoilError('INVALID_INPUT', { detail: `${what} "${text}" ${why}` });
}

/** "500:4,100:7,coins:35.50" → notes and coins. */
function parseCount(text: string): Input<'shift.close'>['count'] {
  const notes: Record<string, number> = {};
  let coinsPaise = 0;
  for (const part of text.split(',').filter(Boolean)) {
    const [k, v] = part.split(':');
    if (!k || v === undefined) throw new CounterfoilError('INVALID_INPUT', { detail: `count "${part}" is not DENOMINATION:COUNT` });
    if (k === 'coins') coinsPaise = amountArg(v, 'coins');
    else if ((NOTE_DENOMINATIONS as readonly number[]).includes(Number(k)) && /^\d+$/.test(v)) notes[k] = Number(v);
    else throw new CounterfoilError('INVALID_INPUT', { detail: `count "${part}": notes are ${NOTE_DENOMINATIONS.join(', ')} with a whole count, or coins:AMOUNT` });
  }
  return { notes, coinsPaise };
}

// Commands that change or report on the ledger log in and go through the contract, like the app.
// Reads that need no PIN at the terminal's own shell (whoever runs this can open the database)
// call the core directly: the contract asks the app's callers for a session they do not have here.
class Cli {
  private readonly dispatch;
  constructor(readonly terminal: Terminal) {
    this.dispatch = createTerminalDispatch(terminal, { log: createLogger(terminal.dataDir) });
  }
  async call<K extends Channel>(channel: K, input: Input<K>): Promise<Output<K>> {
    const r = (await this.dispatch(channel, input)) as Result<Output<K>>;
    if (!r.ok) throw new CliFailure(r.error);
    return r.value;
  }
  async login(user: string, pin: string): Promise<string> {
    return (await this.call('auth.login', { user, pin })).session;
  }
}

class CliFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

function instrumentFrom(mode: string, v: Record<string, unknown>): Record<string, unknown> {
  const only = (names: string[]) => {
    for (const n of ['utr', 'cheque-no', 'dd-no', 'bank', 'instrument-date', 'card-last4', 'approval']) {
      if (v[n] !== undefined && !names.includes(n)) throw new UsageError(`--${n} does not apply to mode ${mode}`);
    }
  };
  switch (mode) {
    case 'cash':
      only([]);
      return {};
    case 'cheque':
    case 'dd':
      only(['cheque-no', 'dd-no', 'bank', 'instrument-date']);
      return { number: (v['cheque-no'] ?? v['dd-no'] ?? '') as string, bank: (v.bank ?? '') as string, date: (v['instrument-date'] ?? '') as string };
    case 'upi':
      only(['utr']);
      return { utr: (v.utr ?? '') as string };
    case 'card':
      only(['card-last4', 'approval']);
      return { last4: (v['card-last4'] ?? '') as string, approval: (v.approval ?? '') as string };
    default:
      throw new UsageError(`--mode must be cash, cheque, dd, upi or card`);
  }
}

async function runInit(dataDir: string, v: Record<string, unknown>): Promise<unknown> {
  const demo = v['demo-consumers'] === undefined ? null : Number(v['demo-consumers']);
  if (demo !== null && !(Number.isInteger(demo) && demo >= 0 && demo <= 2_000_000)) {
    throw new UsageError('--demo-consumers must be a whole number up to 2000000');
  }
  const supervisor = v.supervisor as string | undefined;
  const supervisorPin = v['supervisor-pin'] as string | undefined;
  if (demo === null && (!supervisor || !supervisorPin)) {
    throw new UsageError('give --supervisor NAME --supervisor-pin PIN for the first user (or --demo-consumers N for a demo)');
  }
  if (supervisor && !/^[a-z][a-z0-9._-]{1,31}$/.test(supervisor)) throw new UsageError('--supervisor: 2–32 lower-case letters or digits');
  if (supervisorPin && !Pin.safeParse(supervisorPin).success) throw new UsageError('--supervisor-pin: 4 to 12 digits');
  const { terminal, users } = await setUpTerminal(dataDir, {
    substation: required(v, 'substation'), counter: required(v, 'counter'),
    ...(supervisor && supervisorPin ? { supervisor: { name: supervisor, pin: supervisorPin } } : {}),
    ...(demo === null ? {} : { demoConsumers: demo }),
  });
  terminal.close();
  return { terminalId: terminal.id, users };
}

async function runCommand(cli: Cli, command: string, v: Record<string, unknown>): Promise<string> {
  const json = (x: unknown) => JSON.stringify(x);
  switch (command) {
    case 'pay': {
      const mode = required(v, 'mode');
      const instrument = instrumentFrom(mode, v);
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const r = await cli.call('payment.record', {
        session,
        idempotencyKey: (v['idempotency-key'] as string | undefined) ?? `cli-${randomBytes(12).toString('hex')}`,
        accountNo: required(v, 'account'),
        amountPaise: amountArg(required(v, 'amount'), 'amount'),
        mode,
        instrument,
        autoOpenShift: true,
      } as unknown as Input<'payment.record'>);
      if (r.shiftOpened) process.stderr.write(`counterfoil: no shift was open for ${String(v.user)}; opened one with float ₹0.00\n`);
      if (r.replayed) process.stderr.write(`counterfoil: this idempotency key was already used; returning receipt ${r.receiptNo}\n`);
      if (!r.consumerKnown) process.stderr.write(`counterfoil: account ${String(v.account)} is not in the consumer list; recorded as typed by hand\n`);
      return json({ receiptNo: r.receiptNo, seq: r.seq, code: r.code });
    }
    case 'void': {
      const supervisor = required(v, 'supervisor');
      const pin = required(v, 'pin');
      const session = await cli.login(supervisor, pin);
      return json(await cli.call('payment.void', {
        session, receiptNo: required(v, 'receipt-no'), supervisor: { user: supervisor, pin }, reason: required(v, 'reason'),
      }));
    }
    case 'shift open': {
      const openingFloatPaise = amountArg(required(v, 'float'), 'float');
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      return json(await cli.call('shift.open', { session, openingFloatPaise }));
    }
    case 'shift close': {
      const count = parseCount(required(v, 'count'));
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const approval = v.supervisor ? { approval: { user: v.supervisor as string, pin: required(v, 'supervisor-pin') } } : {};
      return json(await cli.call('shift.close', { session, count, ...(v.remark ? { remark: v.remark as string } : {}), ...approval }));
    }
    case 'day close': {
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const date = (v.date as string | undefined) ?? (await cli.call('terminal.info', {})).businessDate;
      return json(await cli.call('day.close', { session, date }));
    }
    case 'deposit record': {
      const slip = {
        businessDate: required(v, 'date'), depositedOn: required(v, 'deposited-on'), bank: required(v, 'bank'), slipNo: required(v, 'slip-no'),
        cashPaise: v.cash === undefined ? 0 : amountArg(String(v.cash), 'cash'), chequePaise: v.cheque === undefined ? 0 : amountArg(String(v.cheque), 'cheque'),
      };
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      return json(await cli.call('deposit.record', { session, slip }));
    }
    case 'deposit reconcile': {
      // Reading the ledger needs no PIN at the terminal's own shell; the contract asks for a supervisor session.
      const days = depositReconciliation(cli.terminal, dateRange(required(v, 'date'), (v['to-date'] as string | undefined) ?? required(v, 'date')));
      return json(days);
    }
    case 'cheque return': {
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      return json(await cli.call('cheque.return', { session, receiptNo: required(v, 'receipt-no'), returnedOn: required(v, 'returned-on'), reason: required(v, 'reason') }));
    }
    case 'settlement import': {
      const given = ['reference', 'amount', 'date-column', 'date-format', 'amount-unit'].filter((k) => v[k] !== undefined);
      if (given.length !== 0 && given.length !== 5) throw new UsageError('a mapping needs all of --reference, --amount, --date-column, --date-format and --amount-unit');
      const mapping = given.length
        ? { reference: String(v.reference), amount: String(v.amount), date: String(v['date-column']), dateFormat: String(v['date-format']), amountUnit: String(v['amount-unit']) }
        : undefined;
      let csv: string;
      try {
        csv = readFileSync(resolve(required(v, 'file')), 'utf8');
      } catch {
        throw new UsageError(`cannot read ${String(v.file)}`);
      }
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const date = required(v, 'date');
      return json(await cli.call('settlement.import', {
        session, source: required(v, 'source'), csv, date, ...(v['to-date'] ? { toDate: String(v['to-date']) } : {}),
        ...(mapping ? { mapping: mapping as Input<'settlement.import'>['mapping'] } : {}),
      }));
    }
    case 'user add': {
      const role = required(v, 'role');
      if (role !== 'cashier' && role !== 'supervisor') throw new UsageError('--role must be cashier or supervisor');
      const name = required(v, 'name');
      const pin = required(v, 'new-pin');
      if (!/^[a-z][a-z0-9._-]{1,31}$/.test(name)) throw new UsageError('--name: 2–32 lower-case letters or digits');
      if (!Pin.safeParse(pin).success) throw new UsageError('--new-pin: 4 to 12 digits');
      const t = cli.terminal;
      const by = await authenticate(t.db, required(v, 'by'), required(v, 'pin'), t.clock());
      if (by.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
      const u = await createUser(t.db, name, role, pin, t.clock());
      return json({ name: u.name, role: u.role });
    }
    case 'consumers': {
      const q = contract['consumer.search'].input.omit({ session: true }).safeParse({ query: required(v, 'search'), limit: v.limit === undefined ? 20 : Number(v.limit) });
      if (!q.success) throw new UsageError(`--search/--limit: ${q.error.issues[0]?.message ?? 'not valid'}`);
      return json(searchConsumers(cli.terminal.db, q.data.query, q.data.limit));
    }
    case 'key':
      if (!v.pem) throw new UsageError('key: give --pem, or key list / key rotate');
      return (await cli.call('terminal.info', {})).publicKeyPem.trimEnd();
    case 'key list':
      return json(terminalKeys(cli.terminal.db));
    case 'key rotate': {
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      return json(await cli.call('terminal.key.rotate', { session, reason: required(v, 'reason') }));
    }
    case 'receipt-code': {
      const receiptNo = ReceiptNo.safeParse(required(v, 'receipt-no'));
      if (!receiptNo.success) throw new UsageError(`--receipt-no: ${receiptNo.error.issues[0]?.message ?? 'not valid'}`);
      const p = paymentByReceiptNo(cli.terminal.db, receiptNo.data);
      if (!p) throw new CounterfoilError('RECEIPT_NOT_FOUND', { receiptNo: receiptNo.data });
      return receiptCodeOf(cli.terminal, p);
    }
    case 'preview':
    case 'print': {
      const t = cli.terminal;
      const settings = printSettings(t);
      if (v.width !== undefined) {
        if (v.width !== '58' && v.width !== '80') throw new UsageError('--width is 58 or 80 (mm)');
        settings.paper = Number(v.width) as 58 | 80;
      }
      if ([v['receipt-no'], v.shift, v.day].filter((x) => x !== undefined).length !== 1) throw new UsageError('give one of --receipt-no R, --shift N or --day YYYY-MM-DD');
      if (v.shift !== undefined && (v.duplicate || !/^[1-9]\d*$/.test(String(v.shift)))) throw new UsageError('--shift takes a shift number, without --duplicate');
      if (v.day !== undefined && v.duplicate) throw new UsageError('--duplicate is for receipts');
      const target = command === 'print' ? parsePrinterTarget(required(v, 'printer')) : null;
      let what: Record<string, unknown>;
      let layout;
      if (v.day !== undefined) {
        what = { day: String(v.day) };
        layout = dayReportOf(t, dateRange(String(v.day)).from, settings.paper);
      } else if (v.shift !== undefined) {
        what = { shift: Number(v.shift) };
        layout = shiftReportLayout(shiftReportData(t, Number(v.shift)), settings.paper);
      } else {
        const receiptNo = required(v, 'receipt-no').toUpperCase();
        // A duplicate is journaled before it prints, so every DUPLICATE slip has its numbered event;
        // it prints right here, so it does not also go to the queue.
        const reprint = v.duplicate ? recordReprint(t, `cli:${userInfo().username}`, receiptNo, { enqueue: false }).reprint : null;
        what = { receiptNo, ...(reprint ? { reprint } : {}) };
        layout = receiptLayoutOf(t, receiptNo, reprint, settings);
      }
      if (!target) {
        const out = resolve(required(v, 'png'));
        writeFileSync(out, renderPreviewPng(layout), { mode: 0o600 });
        return json({ ...what, png: out });
      }
      const bytes = await encodeEscPos(layout, { qrAsRaster: settings.qrAsRaster });
      const outcome = await printJob(target, bytes);
      if (!outcome.printed) throw new CounterfoilError('PRINTER_NOT_READY', { state: PRINTER_STATE_TEXT[outcome.state].en, detail: outcome.detail ?? outcome.state });
      return json({ ...what, bytes: bytes.length });
    }
    case 'enroll':
      await enroll(cli.terminal, required(v, 'upstream'), required(v, 'code'));
      // And the verify URL the receipts' QR now holds (the centre's, unless a supervisor set her own).
      return json({ ...syncStatus(cli.terminal), verifyUrl: printSettings(cli.terminal).verifyUrl });
    case 'sync':
      return json(v.status ? syncStatus(cli.terminal) : await syncOnce(cli.terminal));
    case 'export-bundle':
      return json(exportBundle(cli.terminal, resolve(required(v, 'to'))));
    case 'export': {
      const format = required(v, 'format');
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError('--format is csv, xlsx or pdf');
      const out = resolve(required(v, 'out'));
      const date = required(v, 'date');
      const e = await makeExport(cli.terminal, dateRange(date, (v['to-date'] as string | undefined) ?? date), format as ExportFormat);
      const manifestFile = `${out}.manifest.json`;
      for (const f of [out, manifestFile]) if (existsSync(f)) throw new UsageError(`${f} exists already; an export never overwrites one: choose another --out`);
      writeFileSync(out, e.bytes, { flag: 'wx', mode: 0o600 });
      writeFileSync(manifestFile, `${JSON.stringify(e.manifest, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
      const { totals, from, to } = e.manifest.summary;
      return json({ file: out, manifest: manifestFile, sha256: e.manifest.file.sha256, from, to, payments: totals.count, totalPaise: totals.totalPaise });
    }
    case 'print-queue': {
      const target = v.printer === undefined ? configuredPrinter(cli.terminal) : parsePrinterTarget(String(v.printer));
      if (!target) throw new CounterfoilError('PRINTER_NOT_SET_UP');
      return json(await runPrintQueue(cli.terminal, target));
    }
    case 'printer set': {
      if (v.width !== undefined && v.width !== '58' && v.width !== '80') throw new UsageError('--width is 58 or 80 (mm)');
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const current = await cli.call('settings.print.get', { session });
      return json(await cli.call('settings.print.set', {
        session,
        settings: {
          ...current,
          printer: required(v, 'printer'),
          ...(v.width !== undefined ? { paper: Number(v.width) as 58 | 80 } : {}),
          ...(v['qr-raster'] !== undefined ? { qrAsRaster: Boolean(v['qr-raster']) } : {}),
          ...(v['verify-url'] !== undefined ? { verifyUrl: String(v['verify-url']) } : {}),
          ...(v.logo !== undefined ? { logoFile: resolve(String(v.logo)) } : {}),
          ...(v.languages !== undefined ? { languages: String(v.languages) as 'hi+en' | 'en' } : {}),
        },
      }));
    }
    case 'printer folder': {
      // Not a contract channel: the folder a file printer may write in is chosen at this PC.
      if (Boolean(v.off) === (v.dir !== undefined)) throw new UsageError('give --dir DIR or --off');
      const t = cli.terminal;
      const by = await authenticate(t.db, required(v, 'user'), required(v, 'pin'), t.clock());
      if (by.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
      return json({ folder: setPrintFileFolder(t, v.off ? null : resolve(String(v.dir)), by) });
    }
    case 'printer test': {
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const r = await cli.call('printer.test', { session });
      if (!r.printed) throw new CounterfoilError('PRINTER_NOT_READY', { state: PRINTER_STATE_TEXT[r.state].en, detail: r.detail ?? r.state });
      return json(r);
    }
    case 'printer status':
      return json(await cli.call('printer.status', {}));
    case 'backup-schedule': {
      if (Boolean(v.off) === (v.to !== undefined)) throw new UsageError('give --to DIR (and --keep N) or --off');
      const keep = v.keep === undefined ? 14 : Number(v.keep);
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      return json(await cli.call('backup.settings.set', { session, settings: { dir: v.off ? null : resolve(String(v.to)), keep } }));
    }
    case 'update-settings': {
      if (Boolean(v.off) === (v.url !== undefined)) throw new UsageError('give --url URL or --off');
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      return json(await cli.call('settings.update.set', { session, settings: { url: v.off ? null : String(v.url) } }));
    }
    case 'auth-settings': {
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const current = await cli.call('settings.auth.get', { session });
      const changes: Partial<typeof current> = {};
      for (const [flag, field] of [['supervisor-pin-min', 'supervisorPinMin'], ['cashier-pin-min', 'cashierPinMin'], ['idle-minutes', 'sessionIdleMinutes']] as const) {
        if (v[flag] === undefined) continue;
        if (!/^\d{1,3}$/.test(String(v[flag]))) throw new UsageError(`--${flag}: a whole number`);
        changes[field] = Number(v[flag]);
      }
      if (Object.keys(changes).length === 0) return json(current);
      return json(await cli.call('settings.auth.set', { session, settings: { ...current, ...changes } }));
    }
    case 'account-format': {
      const session = await cli.login(required(v, 'user'), required(v, 'pin'));
      const current = await cli.call('settings.accountFormat.get', { session });
      const next = { ...current };
      if (v['digits-only'] && v.letters) throw new UsageError('--digits-only or --letters, not both');
      if (v['digits-only']) next.charset = 'digits';
      if (v.letters) next.charset = 'alnum';
      const whole = (flag: string): number => {
        if (!/^\d{1,2}$/.test(String(v[flag]))) throw new UsageError(`--${flag}: a whole number`);
        return Number(v[flag]);
      };
      if (v.length !== undefined) next.minLength = next.maxLength = whole('length');
      if (v['min-length'] !== undefined) next.minLength = whole('min-length');
      if (v['max-length'] !== undefined) next.maxLength = whole('max-length');
      if (v.check !== undefined) {
        if (!(ACCOUNT_CHECKS as readonly string[]).includes(String(v.check))) throw new UsageError(`--check: one of ${ACCOUNT_CHECKS.join(', ')}`);
        next.check = v.check as typeof next.check;
      }
      return json(await cli.call('settings.accountFormat.set', { session, format: next }));
    }
    case 'backup': {
      const r = await backupLedger(cli.terminal, resolve(required(v, 'to')));
      if (!r.check.ok) throw new Error(`the backup at ${r.file} failed its check: ${r.check.integrity}; ${r.check.verify.faults.length} journal faults`);
      return json({ file: r.file, headSeq: r.check.verify.headSeq, integrity: r.check.integrity, verified: r.check.verify.ok });
    }
    case 'diagnostics':
      return json(saveDiagnostics(cli.terminal, resolve(required(v, 'to'))));
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** genuine/forged for a receipt code, with the terminal's own key or a given PEM. */
function verifyReceiptCommand(code: string, keyFile: string | undefined, dataDir: string): { genuine: boolean; text: string } {
  if (keyFile) return describeCheck(checkReceiptCode(code, publicKeyFromPem(readFileSync(resolve(keyFile), 'utf8'))));
  const t = openTerminal(resolve(dataDir));
  try {
    const parsed = parseReceiptCode(code);
    if (parsed.ok && parsed.code.terminalId !== t.id) {
      return { genuine: false, text: `unknown terminal: the code names ${parsed.code.terminalId}, this is ${t.id}; give --key with that terminal's public key` };
    }
    // The key that signed at the code's seq: receipts printed before a rotation carry the old key.
    const signedWith = parsed.ok ? keyForSeq(t.db, parsed.code.seq) : null;
    const r = checkReceiptCode(code, signedWith ? publicKeyFromRaw(Buffer.from(signedWith.publicKey, 'base64url')) : t.signer.publicKey);
    if (!r.genuine) return describeCheck(r);
    // With the ledger at hand, say what it holds of the receipt, not only that the signature is good.
    const standing = ledgerStanding(t.db, r.code);
    const about = receiptSummary(r.code);
    switch (standing.state) {
      case 'standing':
        return describeCheck(r);
      case 'cancelled':
        return { genuine: false, text: `CANCELLED (genuine signature): ${about}; cancelled ${standing.at} by ${standing.approvedBy}: ${standing.reason}` };
      case 'conflict':
        return { genuine: false, text: `CONFLICT (genuine signature): ${about}; this terminal's journal holds another entry at seq ${r.code.seq}: ${standing.held}` };
      case 'not-held':
        return { genuine: false, text: `CONFLICT (genuine signature): ${about}; this terminal's journal ends at seq ${standing.headSeq}, before this receipt (restored from an older copy?)` };
    }
  } finally {
    t.close();
  }
}

function describeCheck(r: ReceiptCodeCheck): { genuine: boolean; text: string } {
  return r.genuine ? { genuine: true, text: `GENUINE: ${receiptSummary(r.code)}` } : { genuine: false, text: `FORGED: ${r.reason}` };
}

const receiptSummary = (c: ReceiptCode) =>
  `receipt ${c.receiptNo}, account ${c.accountNo}, ${formatINR(c.amountPaise as Paise)} by ${c.mode}, ` +
  `${new Date(c.epochSeconds * 1000).toISOString()}, terminal ${c.terminalId} seq ${c.seq}`;

/** genuine/altered for an export and its manifest, pinned to a PEM key or to the --data terminal's key when given. */
/** An audit pack checked with nothing but itself (and the server key, when the auditor pins it). */
function verifyPackCommand(file: string | undefined, serverKey: string | undefined): PackReport {
  if (!file) throw new UsageError('verify-pack needs the pack file');
  let pinned: string | undefined;
  if (serverKey !== undefined) {
    pinned = pinnedServerKey(serverKey) ?? undefined;
    if (!pinned) throw new UsageError('--server-key is the centre\'s raw 32-byte Ed25519 public key in base64 (counterfoil-upstream key prints it)');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(file));
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  return verifyAuditPack(bytes, { serverKey: pinned });
}

function verifyExportCommand(file: string, v: Record<string, unknown>, dataDir: string | undefined): { genuine: boolean; text: string } {
  const manifestFile = resolve((v.manifest as string | undefined) ?? `${file}.manifest.json`);
  const read = (f: string) => {
    try {
      return readFileSync(f);
    } catch {
      throw new UsageError(`cannot read ${f}`);
    }
  };
  let pinned;
  if (typeof v.key === 'string') pinned = publicKeyFromPem(read(resolve(v.key)).toString('utf8'));
  const manifestText = read(manifestFile).toString('utf8');
  if (pinned === undefined && dataDir) {
    // The terminal's own keys pin its exports; the centre's key it was given at enrollment pins the centre's.
    const central = manifestText.includes(`"${CENTRAL_EXPORT_MANIFEST_FORMAT}"`);
    const t = openTerminal(resolve(dataDir));
    try {
      if (!central) pinned = terminalKeys(t.db).map((k) => publicKeyFromRaw(Buffer.from(k.publicKey, 'base64url')));
      else {
        const row = t.db.prepare('SELECT server_key FROM sync_state WHERE id = 1').get() as { server_key: string | null } | undefined;
        if (!row?.server_key) throw new UsageError('this terminal is not enrolled, so it holds no centre key to check the export against: give --key');
        pinned = publicKeyFromRaw(Buffer.from(row.server_key, 'base64url'));
      }
    } finally {
      t.close();
    }
  }
  const r = verifyExport(read(resolve(file)), manifestText, pinned);
  if (!r.genuine) return { genuine: false, text: `ALTERED: ${r.reason}` };
  const days = r.from === r.to ? r.from : `${r.from} to ${r.to}`;
  return {
    genuine: true,
    text: r.signer.kind === 'centre'
      ? `GENUINE: the centre's collections ${days}, ${r.count} payments, ${formatINR(r.totalPaise as Paise)}, signed by the centre's key ${r.keyId}` +
        (r.keyPinned ? '' : ' (the key is the one the manifest carries: check it against the key the centre gave at enrollment, or give --key)')
      : `GENUINE: ${days}, ${r.count} payments, ${formatINR(r.totalPaise as Paise)}, signed by terminal ${r.signer.terminalId} key ${r.keyId}` +
        (r.keyPinned ? '' : ' (the key is the one the manifest carries: check it against the central server, or give --key or --data)'),
  };
}

/** `sync --watch`: the scheduler a host runs, headless, until Ctrl-C or SIGTERM. */
async function watchSync(t: Terminal, out: (s: string) => void): Promise<void> {
  const scheduler = new SyncScheduler(t, { onStatus: (s) => out(JSON.stringify(s)) });
  scheduler.start();
  const keepAlive = setInterval(() => {}, 1 << 30); // the scheduler's timers do not hold the process
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  await scheduler.stop();
}

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const fail = (s: string, code: number) => {
    process.stderr.write(`counterfoil: ${s.replace(/\s*\n\s*/g, ' ')}\n`);
    return code;
  };
  let terminal: Terminal | undefined;
  try {
    const head = parseArgs({ args: argv, options: { data: str, help: bool }, allowPositionals: true, strict: false });
    const words = head.positionals;
    if (head.values.help || words.length === 0) {
      out(USAGE);
      return words.length === 0 && !head.values.help ? 2 : 0;
    }
    const twoWords = ['shift', 'user', 'printer', 'day', 'deposit', 'cheque', 'settlement'].includes(words[0]!) || (words[0] === 'key' && words[1] !== undefined);
    const command = twoWords ? `${words[0]} ${words[1] ?? ''}` : words[0]!;
    const options = COMMAND_OPTIONS[command];
    if (!options) throw new UsageError(`unknown command "${command.trim()}"`);
    const parsed = parseArgs({ args: argv, options: { data: str, ...options }, allowPositionals: true, strict: true });
    const extra = parsed.positionals.slice(command.split(' ').length + (['verify-receipt', 'verify-export', 'verify-pack'].includes(command) ? 1 : 0));
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const values = parsed.values as Record<string, unknown>;
    if (command === 'verify-export') {
      const file = parsed.positionals[1];
      if (!file) throw new UsageError('verify-export needs the exported file');
      const r = verifyExportCommand(file, values, values.data as string | undefined);
      out(r.text);
      return r.genuine ? 0 : 1;
    }
    if (command === 'verify-pack') {
      const r = verifyPackCommand(parsed.positionals[1], values['server-key'] as string | undefined);
      out(packReportText(r));
      return r.ok ? 0 : 1;
    }
    const dataDir = parsed.values.data;
    if (typeof dataDir !== 'string' || !dataDir) throw new UsageError('--data DIR is required');

    if (command === 'init') {
      out(JSON.stringify(await runInit(resolve(dataDir), values)));
      return 0;
    }
    if (command === 'restore') {
      // Before the terminal opens: the database in place may be the broken one being replaced.
      out(JSON.stringify(await restoreLedger(resolve(dataDir), resolve(required(values, 'from')))));
      return 0;
    }
    if (command === 'verify-receipt') {
      const code = parsed.positionals[1];
      if (!code) throw new UsageError('verify-receipt needs the code or its verify URL');
      const r = verifyReceiptCommand(code, values.key as string | undefined, dataDir);
      out(r.text);
      return r.genuine ? 0 : 1;
    }
    terminal = openTerminal(resolve(dataDir));
    const cli = new Cli(terminal);
    if (command === 'verify') {
      const report = verifyLedger(terminal.db, { headMarkFile: join(terminal.dataDir, DATA_FILES.headMark) });
      if (values.json) out(JSON.stringify(report));
      else if (report.ok) out(`intact: ${report.events} events, head seq ${report.headSeq}, hash ${report.headHash}`);
      else {
        out(`NOT INTACT: ${report.faults.length} fault(s) in ${report.events} events`);
        for (const f of report.faults) out(`  ${f.seq === null ? '-' : `seq ${f.seq}`} ${f.kind}: ${f.detail}`);
      }
      return report.ok ? 0 : 1;
    }
    if (command === 'sync' && values.watch) {
      await watchSync(terminal, out);
      return 0;
    }
    out(await runCommand(cli, command, values));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message} (counterfoil --help for usage)`, 2);
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return fail(`${(e as Error).message} (counterfoil --help for usage)`, 2);
    if (e instanceof CliFailure) return fail(e.error.message, 1);
    const err = toAppError(e);
    return fail(err.code === 'INTERNAL' ? errorText('INTERNAL', err.params) : err.message, 1);
  } finally {
    terminal?.close();
  }
}
