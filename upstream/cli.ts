// `counterfoil-upstream` — the reference central server and its admin commands. PGlite in
// --data DIR (default ./upstream-data) unless DATABASE_URL points at a PostgreSQL server.
import { createHash } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CollectionsQueryString, ROLES, UserName, type Role } from '../shared/console-api.js';
import { listAdminLog, verifyAdminLog } from './admin-log.js';
import { AuditPackError, auditPackRequestProblem, makeLoggedAuditPack } from './audit-pack.js';
import { listenAdminSocket, sendAdminCommand } from './admin-socket.js';
import { listAlerts } from './alerts.js';
import { fleetCensus } from './census.js';
import { BundleError, importBundle } from './bundle.js';
import { ImportError, importConsumersCsv, seedDemoConsumers } from './consumers.js';
import { createUser, UserError } from './console/users.js';
import { collectionsReport, CollectionsError, exportCollections } from './collections.js';
import { keyIdOf, publicKeyFromRaw, serverKey } from './crypto.js';
import { EnrollCodeError, makeEnrollCode, revokeTerminal } from './enroll.js';
import { CsvStatementInput, ProviderInput, StatementCsvMapping, type StatementFormat } from '../shared/bank-statement.js';
import { addDays, businessDate, isIsoDate } from '../shared/dates.js';
import { MONEY_MAX_DAYS } from '../shared/money-monitor.js';
import { savedProvider, savedStatementMapping, saveProviderMapping, saveStatementMapping } from './money/acts.js';
import { exportMoneyExceptions, moneyExceptions } from './money/exceptions.js';
import { importSettlement, importStatement, StatementError } from './money/imports.js';
import { moneyMonitor } from './money/monitor.js';
import { reconcileAfterImport, reconcileMoney } from './money/reconcile.js';
import { moneySettings } from './money/settings.js';
import { exportPaidDue, type PaidDueFormat } from './billing/paid-due-export.js';
import { paidDueChecks, paidDueReport } from './billing/paid-due-store.js';
import { FOLLOW_INTERVAL_DEFAULT_S, followCommand } from './postings-follow-command.js';
import { dayCollections } from './projections.js';
import { buildServer, verifyPageUrl } from './server.js';
import { openStore, StoreBusy, type Sql } from './store.js';

const USAGE = `usage: counterfoil-upstream [--data DIR] <command>
  serve [--port 8080] [--host 127.0.0.1] [--public-url URL]   # URL: where phones reach this server (default http://HOST:PORT; for 0.0.0.0 this machine's first network address); its verify page is announced to terminals for their receipts' QR
  enroll-code --substation SS042 --counter C1 [--replaces T…]   # prints a one-time enrollment code; --replaces plans a replacement for the terminal at that counter
  alerts [--limit 100]                             # every high-severity alert (forks, revocations, the centre's failures), then the newest others
  import-consumers FILE.csv                        # the consumer master (columns of shared/consumer-record.ts)
  seed-demo --consumers N                          # N deterministic demo consumers
  revoke --terminal T… [--reason TEXT]             # refuse that terminal's key from now on
  import-bundle FILE                               # a journal bundle from \`counterfoil export-bundle\`
  report --date YYYY-MM-DD                         # collections held centrally, by terminal and mode
  census                                           # every terminal: last contact, head, days not closed, and a green/yellow/red light, riskiest first
  admin-log [--limit 100]                          # the newest administrative actions (who, what, when, before/after)
  verify                                           # the admin log: chain, hashes, the server key's signatures; exit 1 with each fault
  create-admin --name NAME [--public-url URL]      # a console admin with a one-time set-up link (a day), printed: password and authenticator app are set there
  create-user --name NAME --role finance|auditor|viewer|admin [--public-url URL]   # another console user, the same way
  collections --from YYYY-MM-DD --to YYYY-MM-DD [--by day,substation,counter,mode,cashier] [--substation SS042] [--export csv|xlsx --out DIR]
                                                   # collections from the signed journals; --export writes FILE and FILE.manifest.json signed by the server key (counterfoil verify-export checks them)
  key --pem                                        # the server's public key (SPKI PEM): what verify-export --key pins the centre's exports to
  bank-mapping --bank NAME FILE.json               # save how NAME's CSV statements are laid out (shared/bank-statement.ts StatementCsvMapping)
  provider-mapping FILE.json                       # save a provider's settlement CSV layout ({provider, mode: upi|card, mapping})
  import-statement FILE --format camt053|mt940|csv [--bank NAME --account ACCT]   # a bank statement (a CSV through NAME's saved mapping); then reconcile its dates
  import-settlement FILE --provider NAME           # a provider's settlement report through its saved mapping; then reconcile its dates
  reconcile --from YYYY-MM-DD --to YYYY-MM-DD      # match settlement lines, deposit slips, batches and returned cheques with the bank (run it each night)
  money --from YYYY-MM-DD --to YYYY-MM-DD [--as-of YYYY-MM-DD]   # the money monitor: one JSON line per counter-day, red first
  exceptions [--as-of YYYY-MM-DD] [--export csv|xlsx|pdf --out DIR]   # the morning's exceptions report; --export writes FILE and FILE.manifest.json signed by the server key
  audit-pack --terminal T… --from YYYY-MM-DD --to YYYY-MM-DD --out FILE   # the terminal's signed history for those days as one file an auditor checks offline (docs/audit.md, counterfoil verify-pack)
  paid-due [--check N] [--export csv|xlsx|pdf --out DIR]   # paid but still due: the latest master import's check (or check N) as JSON; --export writes it signed; --check list: every check
  postings follow --url URL --out DIR [--key-file FILE] [--once] [--interval 60]
                                                   # the reference postings consumer: the centre at URL's postings feed into daily CSV files in DIR, exactly once,
                                                   # resuming from DIR's state; the key from FILE or $COUNTERFOIL_POSTINGS_KEY (never argv); exit 0 caught up (--once),
                                                   # 2 usage or a DIR it will not resume, 3 key refused, 4 request refused, 5 malformed page, 6 unreachable (--once); see docs/billing.md`;

const COMMANDS = ['serve', 'enroll-code', 'alerts', 'import-consumers', 'seed-demo', 'revoke', 'import-bundle', 'report', 'admin-log', 'verify', 'census', 'create-admin', 'create-user', 'collections', 'key',
  'bank-mapping', 'provider-mapping', 'import-statement', 'import-settlement', 'reconcile', 'money', 'exceptions', 'audit-pack', 'paid-due', 'postings'];

/** Who an admin command run on the server is, in the admin log: `cli:<os user>`. */
const cliActor = (user = userInfo().username) => `cli:${user}`;

/** Where a command's lines go: this process's stdout and stderr, or the admin socket's client. */
interface Output {
  out(line: string): void;
  err(line: string): void;
}
const STDIO: Output = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`counterfoil-upstream: ${line}\n`) };

/** A command that cannot do what it was asked (a terminal that does not exist): one line, this status. */
class CommandRefused extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

type Values = Record<string, string | boolean | undefined>;

/** An admin command on an open store: its JSON lines (or the code) to `o.out`, one line to `o.err` on a refusal; the exit status. */
async function admin(sql: Sql, command: string, file: string | undefined, v: Values, actor: string, o: Output): Promise<number> {
  try {
    return await adminCommand(sql, command, file, v, actor, o.out);
  } catch (e) {
    if (e instanceof AuditPackError) {
      o.err(e.message);
      return 1;
    }
    if (e instanceof ImportError || e instanceof BundleError || e instanceof UserError || e instanceof CommandRefused || e instanceof CollectionsError || e instanceof EnrollCodeError || e instanceof StatementError) {
      o.err(e.message);
      return e instanceof CommandRefused ? e.status : 2;
    }
    throw e;
  }
}

async function adminCommand(sql: Sql, command: string, file: string | undefined, v: Values, actor: string, out: (line: string) => void): Promise<number> {
  switch (command) {
    case 'enroll-code':
      out(await makeEnrollCode(sql, String(v.substation), String(v.counter), actor, new Date(), typeof v.replaces === 'string' ? v.replaces : undefined));
      return 0;
    case 'alerts':
      for (const a of await listAlerts(sql, { limit: Number(v.limit ?? 100) })) out(JSON.stringify(a));
      return 0;
    case 'import-consumers': {
      const started = Date.now();
      const r = await importConsumersCsv(sql, file!, actor);
      out(JSON.stringify({ ...r, seconds: (Date.now() - started) / 1000 }));
      return 0;
    }
    case 'seed-demo':
      out(JSON.stringify({ changed: await seedDemoConsumers(sql, Number(v.consumers), 42, actor) }));
      return 0;
    case 'revoke': {
      const found = await revokeTerminal(sql, String(v.terminal), typeof v.reason === 'string' ? v.reason : 'revoked by an administrator', actor);
      if (!found) throw new CommandRefused(`no terminal ${String(v.terminal)}`, 1);
      out(JSON.stringify({ revoked: v.terminal }));
      return 0;
    }
    case 'import-bundle': {
      const r = await importBundle(sql, await serverKey(sql), file!, () => new Date(), actor);
      const { result } = r;
      out(JSON.stringify(result.ok
        ? { terminalId: r.terminalId, events: r.events, ackedThrough: result.ackedThrough }
        : { terminalId: r.terminalId, events: r.events, refused: result.error, message: result.message, ackedThrough: result.ackedThrough }));
      return result.ok ? 0 : 1;
    }
    case 'report':
      for (const row of await dayCollections(sql, String(v.date))) out(JSON.stringify(row));
      return 0;
    case 'census':
      for (const row of await fleetCensus(sql)) out(JSON.stringify(row));
      return 0;
    case 'admin-log':
      for (const entry of await listAdminLog(sql, Number(v.limit ?? 100))) out(JSON.stringify(entry));
      return 0;
    case 'verify': {
      const report = await verifyAdminLog(sql, (await serverKey(sql)).publicRaw);
      out(JSON.stringify(report));
      return report.ok ? 0 : 1;
    }
    case 'create-admin':
    case 'create-user': {
      const link = await createUser(sql, await serverKey(sql), { name: String(v.name), role: command === 'create-admin' ? 'admin' : (v.role as Role) }, actor);
      const base = typeof v['public-url'] === 'string' ? v['public-url'].replace(/\/+$/, '') : 'http://127.0.0.1:8080';
      out(JSON.stringify({ name: link.name, setupUrl: `${base}/console/#setup=${link.token}`, expiresAt: link.expiresAt }));
      return 0;
    }
    case 'collections': {
      const q = CollectionsQueryString.safeParse({ from: v.from, to: v.to, by: v.by ?? '', ...(v.substation ? { substation: v.substation } : {}) });
      if (!q.success) throw new CommandRefused(`collections: ${q.error.issues[0]?.path.join('.')}: ${q.error.issues[0]?.message}`, 2);
      if (v.export === undefined) {
        out(JSON.stringify(await collectionsReport(sql, q.data)));
        return 0;
      }
      const e = await exportCollections(sql, await serverKey(sql), q.data, v.export as 'csv' | 'xlsx', actor);
      const written = writeExport(String(v.out), e.fileName, e.bytes, e.manifest);
      out(JSON.stringify({ ...written, payments: e.manifest.report.payments, amountPaise: e.manifest.report.amountPaise }));
      return 0;
    }
    case 'bank-mapping': {
      const mapping = StatementCsvMapping.safeParse(readJson(file!));
      if (!mapping.success) throw new CommandRefused(`bank-mapping: ${mapping.error.issues[0]?.path.join('.') || 'file'}: ${mapping.error.issues[0]?.message}`, 2);
      await saveStatementMapping(sql, await serverKey(sql), String(v.bank), mapping.data, actor, new Date());
      out(JSON.stringify({ saved: v.bank }));
      return 0;
    }
    case 'provider-mapping': {
      const p = ProviderInput.safeParse(readJson(file!));
      if (!p.success) throw new CommandRefused(`provider-mapping: ${p.error.issues[0]?.path.join('.') || 'file'}: ${p.error.issues[0]?.message}`, 2);
      await saveProviderMapping(sql, await serverKey(sql), p.data, actor, new Date());
      out(JSON.stringify({ saved: p.data.provider }));
      return 0;
    }
    case 'import-statement': {
      let csv: CsvStatementInput | undefined;
      if (v.format === 'csv') {
        const mapping = await savedStatementMapping(sql, String(v.bank));
        if (!mapping) throw new CommandRefused(`no column mapping is saved for ${String(v.bank)}: save one with bank-mapping first`, 2);
        csv = { bank: String(v.bank), account: String(v.account), mapping };
      }
      const now = new Date();
      const r = await importStatement(sql, await serverKey(sql), { name: file!, bytes: readFileSync(file!), format: v.format as StatementFormat, csv }, actor, now);
      out(JSON.stringify(await reconcileAfterImport(sql, r, now)));
      return 0;
    }
    case 'import-settlement': {
      const input = await savedProvider(sql, String(v.provider));
      if (!input) throw new CommandRefused(`no column mapping is saved for ${String(v.provider)}: save one with provider-mapping first`, 2);
      const now = new Date();
      const r = await importSettlement(sql, await serverKey(sql), { name: file!, bytes: readFileSync(file!), input }, actor, now);
      out(JSON.stringify(await reconcileAfterImport(sql, r, now)));
      return 0;
    }
    case 'reconcile': {
      const started = Date.now();
      const r = await reconcileMoney(sql, await moneySettings(sql), { from: String(v.from), to: String(v.to) }, new Date());
      out(JSON.stringify({ ...r, seconds: (Date.now() - started) / 1000 }));
      return 0;
    }
    case 'money': {
      const m = await moneyMonitor(sql, await moneySettings(sql), { from: String(v.from), to: String(v.to), asOf: typeof v['as-of'] === 'string' ? v['as-of'] : businessDate(new Date()) });
      for (const row of m.rows) out(JSON.stringify(row));
      return 0;
    }
    case 'exceptions': {
      const asOf = typeof v['as-of'] === 'string' ? v['as-of'] : businessDate(new Date());
      if (v.export === undefined) {
        out(JSON.stringify(await moneyExceptions(sql, await moneySettings(sql), asOf)));
        return 0;
      }
      const e = await exportMoneyExceptions(sql, await serverKey(sql), await moneySettings(sql), asOf, v.export as 'csv' | 'xlsx' | 'pdf', actor, new Date());
      const written = writeExport(String(v.out), e.fileName, e.bytes, e.manifest);
      out(JSON.stringify({ ...written, redDays: e.manifest.report.redDays, differencePaise: e.manifest.report.differencePaise }));
      return 0;
    }
    case 'audit-pack': {
      const file = String(v.out);
      // Nothing is written unless the whole pack is made, and the admin log's entry commits only
      // once the file is in place.
      const pack = await makeLoggedAuditPack(sql, await serverKey(sql), { terminal: String(v.terminal), from: String(v.from), to: String(v.to) }, actor, new Date(), (p) => writeWhole(file, p.bytes));
      out(JSON.stringify({ file, sha256: pack.sha256, bytes: pack.bytes.length, firstSeq: pack.manifest.span.firstSeq, lastSeq: pack.manifest.span.lastSeq, fingerprint: pack.manifest.centre.fingerprint }));
      return 0;
    }
    case 'paid-due': {
      if (v.check === 'list') {
        for (const c of await paidDueChecks(sql)) out(JSON.stringify(c));
        return 0;
      }
      const r = await paidDueReport(sql, v.check === undefined ? undefined : Number(v.check));
      if (!r) throw new CommandRefused(v.check === undefined ? 'no master has been imported yet' : `there is no check ${String(v.check)}`, 1);
      if (v.export === undefined) {
        out(JSON.stringify(r));
        return 0;
      }
      const e = await exportPaidDue(r, await serverKey(sql), v.export as PaidDueFormat, actor, new Date());
      out(JSON.stringify({ ...writeExport(String(v.out), e.fileName, e.bytes, e.manifest), ...e.manifest.report }));
      return 0;
    }
    case 'key': {
      const { publicRaw } = await serverKey(sql);
      out(v.pem ? publicKeyFromRaw(publicRaw).export({ format: 'pem', type: 'spki' }).toString().trimEnd() : JSON.stringify({ keyId: keyIdOf(publicRaw), publicKey: publicRaw.toString('base64url'), fingerprint: createHash('sha256').update(publicRaw).digest('hex') }));
      return 0;
    }
    default:
      return 2;
  }
}

/** FILE written whole or not at all, and never over an existing file. */
function writeWhole(file: string, bytes: Buffer): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    linkSync(tmp, file);
  } catch (err) {
    throw new CommandRefused(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code === 'EEXIST' ? 'it is already there (a pack is never overwritten)' : (err as Error).message}`, 2);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** An export and its manifest in DIR — never over an earlier export: its manifest would no longer name it. */
function writeExport(dir: string, fileName: string, bytes: Buffer, manifest: unknown): { file: string; manifest: string } {
  const file = join(dir, fileName);
  try {
    writeFileSync(file, bytes, { flag: 'wx' });
    writeFileSync(`${file}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  } catch (err) {
    throw new CommandRefused(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code === 'EEXIST' ? 'it is already there (an earlier export is never overwritten)' : (err as Error).message}`, 2);
  }
  return { file, manifest: `${file}.manifest.json` };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CommandRefused(`cannot read ${file} as JSON: ${(e as Error).message}`, 2);
  }
}

/**
 * Where phones reach a server listening on host:port when no --public-url is given: the host
 * itself, or for a wildcard (0.0.0.0, ::) this machine's first external IPv4 address, else its name.
 */
export function defaultPublicUrl(host: string, port: number): string {
  let name = host;
  if (host === '0.0.0.0' || host === '::' || host === '') {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    name = external?.address ?? hostname();
  }
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

type Parsed =
  | { ok: true; command: string; file: string | undefined; values: Values & { data?: string; port?: string; host?: string; 'public-url'?: string }; port: number }
  | { ok: false; status: number; message?: string };

/** The command line checked: a command and its arguments, or the one line that refuses it. */
function parseCommand(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, substation: { type: 'string' }, counter: { type: 'string' },
      'public-url': { type: 'string' },
      name: { type: 'string' }, role: { type: 'string' }, replaces: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, export: { type: 'string' }, out: { type: 'string' }, pem: { type: 'boolean' },
      'as-of': { type: 'string' }, format: { type: 'string' }, bank: { type: 'string' }, account: { type: 'string' }, provider: { type: 'string' },
      check: { type: 'string' },
      consumers: { type: 'string' }, terminal: { type: 'string' }, limit: { type: 'string' }, reason: { type: 'string' }, date: { type: 'string' }, help: { type: 'boolean' },
      url: { type: 'string' }, 'key-file': { type: 'string' }, once: { type: 'boolean' }, interval: { type: 'string' },
    },
    });
  } catch (e) {
    return { ok: false, status: 2, message: (e as Error).message };
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) return { ok: false, status: command || values.help ? 0 : 2 };
  const fail = (message: string): Parsed => ({ ok: false, status: 2, message });
  if (!COMMANDS.includes(command)) return fail(`unknown command "${command}"`);
  const file = positionals[1];
  if ((command === 'import-consumers' || command === 'import-bundle') && !file) return fail(`${command} needs a FILE`);
  if (command === 'seed-demo' && !/^[1-9]\d{0,6}$/.test(values.consumers ?? '')) return fail('seed-demo needs --consumers N (1..9999999)');
  if (command === 'revoke' && !/^T[0-9A-F]{12}$/.test(values.terminal ?? '')) return fail('revoke needs --terminal T… (the terminal id)');
  if ((command === 'alerts' || command === 'admin-log') && values.limit !== undefined && !/^[1-9]\d{0,5}$/.test(values.limit)) return fail(`${command} --limit is 1..999999`);
  if (command === 'report' && !/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? '')) return fail('report needs --date YYYY-MM-DD');
  if (command === 'enroll-code' && (!/^[A-Z0-9]{2,12}$/.test(values.substation ?? '') || !/^[A-Z0-9]{1,6}$/.test(values.counter ?? ''))) {
    return fail('enroll-code needs --substation (e.g. SS042) and --counter (e.g. C1)');
  }
  if ((command === 'create-admin' || command === 'create-user') && !UserName.safeParse(values.name ?? '').success) {
    return fail(`${command} needs --name: ${UserName.safeParse(values.name ?? '').error?.issues[0]?.message ?? ''}`);
  }
  if (command === 'create-user' && !ROLES.includes(values.role as Role)) return fail(`create-user needs --role ${ROLES.join('|')}`);
  if (values.replaces !== undefined && !/^T[0-9A-F]{12}$/.test(values.replaces)) return fail('--replaces is the id of the terminal being replaced (T…)');
  if (command === 'collections' && (!values.from || !values.to)) return fail('collections needs --from YYYY-MM-DD and --to YYYY-MM-DD');
  if (command === 'collections' && values.export !== undefined && (!['csv', 'xlsx'].includes(values.export) || !values.out)) return fail('collections --export is csv or xlsx, with --out DIR');
  if (['bank-mapping', 'provider-mapping', 'import-statement', 'import-settlement'].includes(command) && !file) return fail(`${command} needs a FILE`);
  if (command === 'bank-mapping' && !values.bank) return fail('bank-mapping needs --bank NAME');
  if (command === 'import-statement' && !['camt053', 'mt940', 'csv'].includes(values.format ?? '')) return fail('import-statement needs --format camt053, mt940 or csv');
  if (command === 'import-statement' && values.format === 'csv' && (!values.bank || !values.account)) return fail('a CSV statement needs --bank NAME (its saved mapping) and --account ACCT');
  if (command === 'import-settlement' && !values.provider) return fail('import-settlement needs --provider NAME');
  if ((command === 'reconcile' || command === 'money') && !(isIsoDate(values.from ?? '') && isIsoDate(values.to ?? '') && values.from! <= values.to! && values.to! <= addDays(values.from!, MONEY_MAX_DAYS - 1))) {
    return fail(`${command} needs --from and --to (YYYY-MM-DD), at most ${MONEY_MAX_DAYS} days`);
  }
  if (values['as-of'] !== undefined && !isIsoDate(values['as-of'])) return fail('--as-of is YYYY-MM-DD');
  if (command === 'audit-pack') {
    if (!values.out) return fail('audit-pack needs --out FILE');
    const problem = auditPackRequestProblem({ terminal: values.terminal ?? '', from: values.from ?? '', to: values.to ?? '' });
    if (problem) return fail(`audit-pack --terminal T… --from YYYY-MM-DD --to YYYY-MM-DD: ${problem}`);
  }
  if (command === 'postings') {
    if (file !== 'follow') return fail('postings has one subcommand: postings follow --url URL --out DIR');
    if (!/^https?:\/\/[^\s/]+/.test(values.url ?? '')) return fail('postings follow needs --url http(s)://HOST[:PORT] (the centre)');
    if (!values.out) return fail('postings follow needs --out DIR');
    if (values.interval !== undefined && !/^[1-9]\d{0,5}$/.test(values.interval)) return fail('--interval is 1..999999 seconds');
  }
  if (command === 'exceptions' && values.export !== undefined && (!['csv', 'xlsx', 'pdf'].includes(values.export) || !values.out)) return fail('exceptions --export is csv, xlsx or pdf, with --out DIR');
  if (command === 'paid-due' && values.check !== undefined && values.check !== 'list' && !/^[1-9]\d{0,14}$/.test(values.check)) return fail('paid-due --check is a check number (or list)');
  if (command === 'paid-due' && values.export !== undefined && (!['csv', 'xlsx', 'pdf'].includes(values.export) || !values.out || values.check === 'list')) return fail('paid-due --export is csv, xlsx or pdf, with --out DIR');
  // The output folder as the caller means it, before the command may be handed to a running server.
  if (values.out !== undefined) values.out = resolve(values.out);
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('--port is 0..65535');
  if (values['public-url'] !== undefined) {
    try {
      verifyPageUrl(values['public-url']);
    } catch (e) {
      return fail(`--public-url: ${(e as Error).message}`);
    }
  }
  return { ok: true, command, file, values, port };
}

/** The command line to hand to the server holding the data folder: the same arguments, the file by its full path. */
function forwarded(command: string, file: string | undefined, values: Values): string[] {
  const flags = Object.entries(values).flatMap(([k, v]) => (k === 'data' || v === undefined || v === false ? [] : v === true ? [`--${k}`] : [`--${k}`, v]));
  return [command, ...(file === undefined ? [] : [resolve(file)]), ...flags];
}

export async function main(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  if (!p.ok) {
    if (p.message) STDIO.err(p.message);
    else process.stdout.write(`${USAGE}\n`);
    return p.status;
  }
  const { command, file, values, port } = p;
  if (command === 'postings') {
    // A billing system's machine runs this: no store of its own, only the feed and DIR.
    return followCommand({
      url: String(values.url), out: String(values.out), keyFile: values['key-file'] as string | undefined, once: values.once === true,
      intervalS: Number(values.interval ?? FOLLOW_INTERVAL_DEFAULT_S),
    }, STDIO.out, STDIO.err);
  }
  const dataDir = resolve(values.data ?? 'upstream-data');
  let sql: Sql;
  try {
    sql = await openStore(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir });
  } catch (e) {
    if (!(e instanceof StoreBusy)) throw e;
    // PGlite held by a running serve: it runs the command for us, on its own connection.
    if (command !== 'serve') return sendAdminCommand(dataDir, forwarded(command, file, values), userInfo().username, STDIO.out, STDIO.err);
    STDIO.err(e.message);
    return 2;
  }
  if (command !== 'serve') {
    try {
      return await admin(sql, command, file, values, cliActor(), STDIO);
    } finally {
      await sql.close();
    }
  }
  // Asked only once it listens, when the port (--port 0) is known.
  let publicUrl = values['public-url'] ?? '';
  const app = await buildServer(sql, { publicUrl: () => publicUrl });
  const host = values.host ?? '127.0.0.1';
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  publicUrl ||= defaultPublicUrl(host, actualPort);
  process.stdout.write(`counterfoil upstream listening on http://${host}:${actualPort}/v1 (${process.env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${dataDir}`})\n`);
  process.stdout.write(`receipt verify page, announced to terminals: ${verifyPageUrl(publicUrl)}\n`);
  // On PGlite no other process may open the folder: admin commands come to this one instead.
  const adminSocket = process.env.DATABASE_URL ? null : await listenAdminSocket(dataDir, async (args, user, o) => {
    const c = parseCommand(args);
    if (!c.ok) throw new Error(c.message ?? 'give a command');
    if (c.command === 'serve') throw new Error('the server is already running on this folder');
    return admin(sql, c.command, c.file, c.values, cliActor(user), o);
  });
  const stop = async () => {
    await adminSocket?.close();
    await app.close();
    await sql.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return new Promise<number>(() => {});
}
