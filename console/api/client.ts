// The only module of the console that calls fetch: every /console/api request, same origin, with
// the session cookie, JSON both ways. Answers come back as results, never thrown, so a screen
// shows a refusal by its code (i18n/errors.ts) rather than the server's English. When the server
// says the session has ended (idle, or signed out elsewhere), the handler set here is told once
// per answer, so the app can go back to sign-in and say why.
import type {
  AlertRow, CensusRow, HeldPayment, Me, OutOfService, Role, SetupLink, SetupOffer, SignedEventView, TerminalPage, UserSummary,
} from '../../shared/console-api.js';

export interface ApiError {
  status: number;
  /** The server's code (`bad_credentials`, `locked` …), or `network` when no answer came. */
  code: string;
  /** The server's English message, kept for codes the console has no words for. */
  message: string;
  lockedUntil?: string;
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

let sessionEnded: () => void = () => undefined;

/** Who to tell when an answer says the session has ended. */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiResult<T>> {
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
  if (res.ok) return { ok: true, value: json as T };
  const e = (json ?? {}) as Partial<ApiError> & { error?: string };
  const error: ApiError = { status: res.status, code: e.error ?? `http_${res.status}`, message: e.message ?? res.statusText };
  if (typeof e.lockedUntil === 'string') error.lockedUntil = e.lockedUntil;
  if (error.code === 'no_session') sessionEnded();
  return { ok: false, error };
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
  enrollCode: (b: { substation: string; counter: string }) => call<{ code: string; substation: string; counter: string }>('POST', '/enroll-codes', b),
  terminal: (terminalId: string) => call<TerminalPage>('GET', `/terminals/${encodeURIComponent(terminalId)}`),
  outOfService: (terminalId: string, b: { from: string; to: string; reason: string }) =>
    call<OutOfService>('POST', `/terminals/${encodeURIComponent(terminalId)}/out-of-service`, b),
  dayPayments: (terminalId: string, date: string) => call<{ payments: HeldPayment[] }>('GET', `/terminals/${encodeURIComponent(terminalId)}/days/${encodeURIComponent(date)}`),
  signedEvent: (terminalId: string, seq: number) => call<SignedEventView>('GET', `/terminals/${encodeURIComponent(terminalId)}/events/${seq}`),
  revoke: (terminalId: string, reason: string) => call<{ revoked: string }>('POST', `/terminals/${encodeURIComponent(terminalId)}/revoke`, { reason }),
};
