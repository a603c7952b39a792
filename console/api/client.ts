// The only module of the console that calls fetch (or XMLHttpRequest, for an upload whose progress
// is shown): every /console/api request, same origin, with the session cookie, JSON both ways. Answers come back as results, never thrown, so a screen
// shows a refusal by its code (i18n/errors.ts) rather than the server's English. When the server
// says the session has ended (idle, or signed out elsewhere), the handler set here is told once
// per answer, so the app can go back to sign-in and say why.
import type {
  AuditPackAnswer, AlertRow, CensusRow, CollectionDimension, CollectionsReport, ImportJob, HeldPayment, Me, OutOfService, Role, SetupLink, SetupOffer, SignedEventView, TerminalPage, UserSummary,
} from '../../shared/console-api.js';
import type { ProviderInput, StatementCsvMapping, StatementFormat } from '../../shared/bank-statement.js';
import type {
  AgeingRow, CounterDayDetail, ImportedFile, Imported, MoneyColour, MoneyExceptions, MoneyMonitor, MoneySettings, OverShortRow, ReceivableRow, SettlementImport, StatementEntryRow, StatementImport,
} from '../../shared/money-monitor.js';
import type { PaidDueCheck, PaidDueReport } from '../../shared/paid-still-due.js';

export interface ApiError {
  status: number;
  /** The server's code (`bad_credentials`, `locked` …), or `network` when no answer came. */
  code: string;
  /** The server's English message, kept for codes the console has no words for. */
  message: string;
  lockedUntil?: string;
  /** Where in an imported file the server found it wrong (a statement or settlement report). */
  line?: number;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** One signed admin-log entry's body (upstream/admin-log.ts). */
export interface AdminLogEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
  note: string | null;
}

export interface AdminLogReport {
  ok: boolean;
  entries: number;
  headSeq: number;
  headHash: string | null;
  faults: { seq: number; problem: string }[];
}

export type SetupLinkWithUrl = SetupLink & { url: string };

export const API = '/console/api';

/** What a collections report or export is asked for: dates YYYY-MM-DD, dimensions in any order. */
export interface CollectionsAsk {
  from: string;
  to: string;
  by: readonly CollectionDimension[];
  substation?: string;
}

/** A signed export as the server answers it: the file (base64) and its manifest. */
export interface CollectionsExport {
  fileName: string;
  file: string;
  manifest: unknown;
}

/** from=…&to=…&by=a,b[&substation=…] (the commas kept: the server splits on them). */
function collectionsQuery(q: CollectionsAsk): string {
  const parts = [`from=${encodeURIComponent(q.from)}`, `to=${encodeURIComponent(q.to)}`, `by=${q.by.map(encodeURIComponent).join(',')}`];
  if (q.substation) parts.push(`substation=${encodeURIComponent(q.substation)}`);
  return parts.join('&');
}

/** What the money monitor is asked for (dates YYYY-MM-DD). */
export interface MonitorAsk {
  from: string;
  to: string;
  asOf: string;
  colour?: MoneyColour;
  terminal?: string;
}

/** A statement import's answer, and what the reconcile after it matched. */
export type StatementImported = Imported<StatementImport>;
/** A settlement report import's answer, and what the reconcile after it matched. */
export type SettlementImported = Imported<SettlementImport>;

export interface SavedMappings {
  banks: { bank: string; mapping: StatementCsvMapping }[];
  providers: ProviderInput[];
}

/** A statement upload: its format and, for a CSV, the bank whose saved mapping reads it and the account. */
export interface StatementAsk {
  format: StatementFormat;
  bank?: string;
  account?: string;
}

const qs = (params: Record<string, string | undefined>): string =>
  Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

let sessionEnded: () => void = () => undefined;

/** Who to tell when an answer says the session has ended. */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    return { ok: false, error: { status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) } };
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // A proxy's HTML error page, or an empty body: the status says enough.
  }
  return answered<T>(res.status, res.ok, json, res.statusText);
}

/** An answer's status and JSON body as a result (fetch and XHR alike). */
function answered<T>(status: number, ok: boolean, json: unknown, statusText: string): ApiResult<T> {
  if (ok) return { ok: true, value: json as T };
  const e = (json ?? {}) as Partial<ApiError> & { error?: string };
  const error: ApiError = { status, code: e.error ?? `http_${status}`, message: e.message ?? statusText };
  if (typeof e.lockedUntil === 'string') error.lockedUntil = e.lockedUntil;
  if (typeof e.line === 'number') error.line = e.line;
  if (error.code === 'no_session') sessionEnded();
  return { ok: false, error };
}

/**
 * Sends `file` as multipart/form-data (one field, `file`) with XMLHttpRequest, because fetch tells
 * nothing of an upload's progress: `onProgress(sent, total)` as the bytes go. The browser adds the
 * Origin header the server checks.
 */
function upload<T>(path: string, file: File, onProgress: (sent: number, total: number) => void): Promise<ApiResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API}${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      resolve(answered<T>(xhr.status, xhr.status >= 200 && xhr.status < 300, json, xhr.statusText));
    };
    const failed = () => resolve({ ok: false, error: { status: 0, code: 'network', message: 'the upload did not reach the server' } });
    xhr.onerror = failed;
    xhr.onabort = failed;
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export const api = {
  login: (b: { name: string; password: string; totp?: string }) => call<Me>('POST', '/login', b),
  logout: () => call<{ signedOut: true }>('POST', '/logout', {}),
  me: () => call<Me>('GET', '/me'),
  setupBegin: (token: string) => call<SetupOffer>('POST', '/setup/begin', { token }),
  setupFinish: (b: { token: string; password: string; totp?: string }) => call<{ ready: true }>('POST', '/setup/finish', b),
  census: () => call<{ at: string; terminals: CensusRow[] }>('GET', '/census'),
  alerts: (state: 'open' | 'resolved') => call<{ alerts: AlertRow[] }>('GET', `/alerts?state=${state}`),
  actOnAlert: (id: string, act: 'acknowledge' | 'resolve', note: string) => call<AlertRow>('POST', `/alerts/${encodeURIComponent(id)}/${act}`, { note }),
  adminLog: () => call<{ entries: AdminLogEntry[] }>('GET', '/admin-log'),
  verifyAdminLog: () => call<AdminLogReport>('GET', '/admin-log/verify'),
  users: () => call<{ users: UserSummary[] }>('GET', '/users'),
  createUser: (b: { name: string; role: Role }) => call<SetupLinkWithUrl>('POST', '/users', b),
  changeUser: (name: string, b: { role?: Role; disabled?: boolean; reset?: true }) =>
    call<{ changed: string; setup: SetupLinkWithUrl | null }>('PATCH', `/users/${encodeURIComponent(name)}`, b),
  enrollCode: (b: { substation: string; counter: string; replaces?: string }) => call<{ code: string; substation: string; counter: string }>('POST', '/enroll-codes', b),
  terminal: (terminalId: string) => call<TerminalPage>('GET', `/terminals/${encodeURIComponent(terminalId)}`),
  /** Makes a terminal's audit pack for from..to (admin-logged) and answers it. */
  auditPack: (terminalId: string, b: { from: string; to: string }) => call<AuditPackAnswer>('POST', `/terminals/${encodeURIComponent(terminalId)}/audit-pack`, b),
  outOfService: (terminalId: string, b: { from: string; to: string; reason: string }) =>
    call<OutOfService>('POST', `/terminals/${encodeURIComponent(terminalId)}/out-of-service`, b),
  dayPayments: (terminalId: string, date: string) => call<{ payments: HeldPayment[] }>('GET', `/terminals/${encodeURIComponent(terminalId)}/days/${encodeURIComponent(date)}`),
  signedEvent: (terminalId: string, seq: number) => call<SignedEventView>('GET', `/terminals/${encodeURIComponent(terminalId)}/events/${seq}`),
  collections: (q: CollectionsAsk) => call<CollectionsReport>('GET', `/collections?${collectionsQuery(q)}`),
  exportCollections: (q: CollectionsAsk, format: 'csv' | 'xlsx') => call<CollectionsExport>('GET', `/collections/export?${collectionsQuery(q)}&format=${format}`),
  importConsumers: (file: File, onProgress: (sent: number, total: number) => void) => upload<ImportJob>('/consumers/import', file, onProgress),
  importJob: (id: string) => call<ImportJob>('GET', `/consumers/import/${encodeURIComponent(id)}`),
  revoke: (terminalId: string, reason: string) => call<{ revoked: string }>('POST', `/terminals/${encodeURIComponent(terminalId)}/revoke`, { reason }),
  money: {
    monitor: (q: MonitorAsk) => call<MoneyMonitor>('GET', `/money/monitor?${qs({ from: q.from, to: q.to, asOf: q.asOf, colour: q.colour, terminal: q.terminal })}`),
    day: (terminalId: string, date: string, asOf: string) =>
      call<CounterDayDetail>('GET', `/money/days/${encodeURIComponent(terminalId)}/${encodeURIComponent(date)}?${qs({ asOf })}`),
    unexplained: (from: string, to: string) => call<{ entries: StatementEntryRow[] }>('GET', `/money/entries?${qs({ from, to, unexplained: '1' })}`),
    ageing: (asOf: string) => call<{ asOf: string; counters: AgeingRow[]; cashiers: AgeingRow[] }>('GET', `/money/ageing?${qs({ asOf })}`),
    overShort: (from: string, to: string) => call<{ cashiers: OverShortRow[] }>('GET', `/money/over-short?${qs({ from, to })}`),
    receivables: (from: string, asOf: string) => call<{ asOf: string; from: string; counters: ReceivableRow[] }>('GET', `/money/receivables?${qs({ from, asOf })}`),
    exceptions: (asOf: string) => call<MoneyExceptions>('GET', `/money/exceptions?${qs({ asOf })}`),
    exportExceptions: (asOf: string, format: 'csv' | 'xlsx' | 'pdf') => call<CollectionsExport>('GET', `/money/exceptions/export?${qs({ format, asOf })}`),
    // Paid but still due (issue 19): the checks of the master imports, one check, its signed export.
    paidDueChecks: () => call<PaidDueCheck[]>('GET', '/billing/paid-due/checks'),
    paidDue: (check?: number) => call<PaidDueReport>('GET', `/billing/paid-due?${qs({ check: check?.toString() })}`),
    exportPaidDue: (check: number, format: 'csv' | 'xlsx' | 'pdf') => call<CollectionsExport>('GET', `/billing/paid-due/export?${qs({ check: String(check), format })}`),
    settings: () => call<MoneySettings>('GET', '/money/settings'),
    saveSettings: (s: MoneySettings) => call<MoneySettings>('PUT', '/money/settings', s),
    files: () => call<{ files: ImportedFile[] }>('GET', '/money/files'),
    mappings: async (): Promise<ApiResult<SavedMappings>> => {
      const r = await call<SavedMappings>('GET', '/money/mappings');
      // A database driver may hand the JSON column over as its text.
      const json = <M>(m: M | string): M => (typeof m === 'string' ? JSON.parse(m) as M : m);
      return r.ok ? { ok: true, value: { banks: r.value.banks.map((b) => ({ ...b, mapping: json(b.mapping) })), providers: r.value.providers.map((p) => ({ ...p, mapping: json(p.mapping) })) } } : r;
    },
    saveBankMapping: (bank: string, mapping: StatementCsvMapping) => call<{ saved: string }>('PUT', '/money/mappings/bank', { bank, mapping }),
    saveProviderMapping: (p: ProviderInput) => call<{ saved: string }>('PUT', '/money/mappings/provider', p),
    importStatement: (q: StatementAsk, file: File, onProgress: (sent: number, total: number) => void) =>
      upload<StatementImported>(`/money/statements?${qs({ format: q.format, bank: q.bank, account: q.account })}`, file, onProgress),
    importSettlement: (provider: string, file: File, onProgress: (sent: number, total: number) => void) =>
      upload<SettlementImported>(`/money/settlements?${qs({ provider })}`, file, onProgress),
    accept: (b: { terminalId: string; businessDate: string; differencePaise: number; note: string }) => call<{ id: number }>('POST', '/money/accept', b),
    match: (b: { lineId: number; terminalId: string; depositSeq: number; note: string }) => call<{ matched: number }>('POST', '/money/match', b),
  },
};
