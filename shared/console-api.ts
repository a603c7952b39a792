// The centre's console API (issue 17, DESIGN §9): who may do what, and the request bodies, shared
// by the upstream's routes and the console's screens. Not part of contract /v1 (terminals never
// call it); it serves the console the same upstream ships, so it changes with it.
import { z } from 'zod';
import type { IsoDate } from './dates.js';

/** The central users' roles (DESIGN §9). */
export const ROLES = ['admin', 'finance', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a console route needs. Every route declares one (upstream/console/access.ts refuses a route
 * that does not); the role table below is the one place that says who holds it.
 */
export const CAPABILITIES = [
  /** The fleet census, terminal pages, alerts listed: every central user. */
  'fleet.read',
  /** Enrollment codes, revocation, out-of-service declarations, replacements. */
  'fleet.admin',
  /** Acknowledging and resolving alerts. */
  'alerts.act',
  /** A fork's two events side by side. */
  'alerts.evidence',
  /** Central users: create, change role, disable, reset. */
  'users.admin',
  /** The admin log and its verification. */
  'adminlog.read',
  /** Payments as held and the signed events behind every figure (account numbers included). */
  'events.read',
  /** Collections by day, counter, mode and cashier; signed exports. */
  'collections.read',
  /** The consumer master imported from the console. */
  'consumers.import',
  /** The money monitor, its drill-down and reports, the exceptions report (issue 18). */
  'money.read',
  /** Importing bank statements and settlement reports, mappings, settings, matching and accepting by hand. */
  'money.act',
  /** A terminal's audit pack (docs/audit.md): its signed history for a range of days, made and downloaded. */
  'audit.pack',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: ['fleet.read', 'fleet.admin', 'alerts.act', 'alerts.evidence', 'users.admin', 'adminlog.read', 'events.read', 'consumers.import', 'audit.pack'],
  finance: ['fleet.read', 'events.read', 'collections.read', 'money.read', 'money.act', 'audit.pack'],
  // Read-only everything (the admin log included) except a fork's evidence, which is the admins'.
  auditor: ['fleet.read', 'adminlog.read', 'events.read', 'collections.read', 'money.read', 'audit.pack'],
  viewer: ['fleet.read'],
};

export const can = (role: Role, capability: Capability): boolean => ROLE_CAPABILITIES[role].includes(capability);

/** A central user's name: what they type at sign-in, and what the admin log names as the actor. */
export const UserName = z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/, 'a user name is 2–32 lower-case letters, digits, ".", "_" or "-", starting with a letter');

export const PASSWORD_MIN = 12;
export const Password = z.string().min(PASSWORD_MIN, `a password has at least ${PASSWORD_MIN} characters`).max(200);
/** A TOTP code from an authenticator app (RFC 6238, 6 digits, 30 s). */
export const TotpCode = z.string().regex(/^\d{6}$/, 'the code from the authenticator app is 6 digits');

export const LoginRequest = z.strictObject({ name: z.string().min(1).max(64), password: z.string().min(1).max(200), totp: TotpCode.optional() });
/** The one-time set-up link's token (base64url of 32 random bytes). */
export const SetupToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a set-up link');
export const SetupBeginRequest = z.strictObject({ token: SetupToken });
export const SetupFinishRequest = z.strictObject({ token: SetupToken, password: Password, totp: TotpCode.optional() });
export const CreateUserRequest = z.strictObject({ name: UserName, role: z.enum(ROLES) });
export const ChangeUserRequest = z.strictObject({
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  /** A new one-time set-up link: the user sets a new password (and, for an admin, a new second factor). */
  reset: z.literal(true).optional(),
});

/** The signed-in user, as GET /console/api/me answers. */
export interface Me {
  name: string;
  role: Role;
  capabilities: Capability[];
  /** Minutes of inactivity after which the session ends. */
  idleMinutes: number;
}

/** What the console API answers on a refusal: a stable code, and a message in English. */
export interface ConsoleError {
  error: string;
  message: string;
}

export const EnrollCodeRequest = z.strictObject({
  substation: z.string().regex(/^[A-Z0-9]{2,12}$/, 'a substation code is 2–12 capital letters or digits, e.g. SS042'),
  counter: z.string().regex(/^[A-Z0-9]{1,6}$/, 'a counter is 1–6 capital letters or digits, e.g. C1'),
  /** Plans a replacement: the terminal now at that counter, marked replaced when the new one enrolls. */
  replaces: z.string().regex(/^T[0-9A-F]{12}$/, 'not a terminal id').optional(),
});
export const RevokeRequest = z.strictObject({ reason: z.string().trim().min(3, 'say why, in a few words').max(200) });
export const TerminalId = z.string().regex(/^T[0-9A-F]{12}$/, 'not a terminal id');

// What the console's reads answer (the upstream makes them; the console shows them).

export type Light = 'green' | 'yellow' | 'red';

export interface CensusRow {
  terminalId: string;
  substation: string;
  counter: string;
  keyId: string;
  enrolledAt: string;
  /** The newest event received or signed read made, whichever is later; null: never since enrollment. */
  lastContactAt: string | null;
  headSeq: number;
  /** When the newest event held was received. */
  headReceivedAt: string | null;
  paymentsToday: number;
  frozen: string | null;
  revoked: string | null;
  /** The app version it reported with its last head check; null: none reported yet. */
  appVersion: string | null;
  /** Events received from it on the centre's business day today. */
  eventsToday: number;
  /** The terminal's clock minus the centre's at its last signed read (seconds; positive: ahead); null before any. */
  clockSkewSeconds: number | null;
  /** The terminal that replaced this one at its counter (issue 17 #4), and when: no contact or day close is expected of it after that day. */
  replacedBy: string | null;
  replacedAt: string | null;
  lastClosedDay: IsoDate | null;
  /** Business days from enrollment to yesterday (IST) with no day close held, oldest first. */
  unclosedDays: IsoDate[];
  /** High-severity alerts about the terminal. */
  highAlerts: number;
  light: Light;
  /** Why the light is not green, worst first. */
  reasons: CensusReason[];
}

/** Why a terminal's light is not green: a code the console says in Hindi or English. */
export type CensusReason =
  | { code: 'revoked'; reason: string }
  | { code: 'frozen'; reason: string }
  | { code: 'high_alerts'; count: number }
  | { code: 'silent'; since: string }
  | { code: 'unclosed_overdue'; days: number; first: IsoDate; afterDays: number }
  | { code: 'yesterday_unclosed'; day: IsoDate };

/** A reason in English (the CLI, logs). */
export function reasonText(r: CensusReason): string {
  switch (r.code) {
    case 'revoked': return `revoked: ${r.reason}`;
    case 'frozen': return `frozen: ${r.reason}`;
    case 'high_alerts': return `${r.count} high-severity alert(s)`;
    case 'silent': return `silent since ${r.since}`;
    case 'unclosed_overdue': return `${r.days} day(s) not closed past D+${r.afterDays}, the first ${r.first}`;
    case 'yesterday_unclosed': return `yesterday (${r.day}) not closed yet`;
  }
}

export type Severity = 'high' | 'medium' | 'low';

/** Who acknowledged or resolved an alert, when, and their note. */
export interface AlertHandling {
  at: string;
  by: string;
  note: string;
}

/** An alert as listed (snake_case: the CLI's `alerts` prints these rows as they are). */
export interface AlertRow {
  id: string;
  severity: Severity;
  terminal_id: string | null;
  kind: string;
  source: string;
  count: number;
  first_seen: string;
  last_seen: string;
  detail: unknown;
  acknowledged: AlertHandling | null;
  resolved: AlertHandling | null;
}

export const AlertActionRequest = z.strictObject({ note: z.string().trim().min(3, 'say what was found or done, in a few words').max(500) });
export const AlertId = z.string().regex(/^[1-9]\d{0,17}$/, 'not an alert id');

export interface UserSummary {
  name: string;
  role: Role;
  /** Has set a password through the link. */
  active: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  setupPending: boolean;
  createdAt: string;
}

export interface SetupLink {
  name: string;
  /** Goes in the link's fragment (never sent to a server in a Referer or a log). */
  token: string;
  expiresAt: string;
}

export interface SetupOffer {
  name: string;
  role: Role;
  /** For an admin: the authenticator app's secret (base32) and its otpauth:// URI, for a QR. */
  totp: { secret: string; uri: string } | null;
}

/** Business days a counter was declared out of service, by whom and why. */
export interface OutOfService {
  from: IsoDate;
  to: IsoDate;
  reason: string;
  declaredBy: string;
  declaredAt: string;
}

export const OutOfServiceRequest = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
  reason: z.string().trim().min(3, 'say why, in a few words').max(200),
});

/** POST /console/api/terminals/{id}/audit-pack: the business dates the pack covers (docs/audit.md). */
export const AuditPackAsk = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'),
});
/** The pack (base64 of its ustar bytes), its SHA-256 as admin-logged, its seqs and the server key's fingerprint. */
export interface AuditPackAnswer {
  fileName: string;
  file: string;
  sha256: string;
  firstSeq: number;
  lastSeq: number;
  fingerprint: string;
}

/** One mode's takings on a day. */
export interface ModeTotal {
  mode: string;
  payments: number;
  amountPaise: number;
}

export interface ShiftCloseView {
  seq: number;
  shiftId: number;
  closedBy: string;
  expectedPaise: number;
  countedPaise: number;
  variancePaise: number;
  closedAt: string;
}

export interface ReturnedChequeView {
  seq: number;
  paymentSeq: number;
  receiptNo: string;
  amountPaise: number | null;
  reason: string;
  recordedBy: string;
}

/** A terminal's business day as the centre holds it; every figure comes from the signed events listed by GET …/days/:date. */
export interface TerminalDay {
  businessDate: IsoDate;
  payments: number;
  amountPaise: number;
  byMode: ModeTotal[];
  voids: number;
  voidedPaise: number;
  /** Payments that arrived after the day was reported closed. */
  late: number;
  shiftCloses: ShiftCloseView[];
  /** Cheques recorded as returned (bounced) on this day, with the payment each was. */
  returnedCheques: ReturnedChequeView[];
  /** The day.closed event, if held. */
  closed: { seq: number; closedAt: string } | null;
  outOfService: boolean;
}

/** A terminal key and the seqs it signs (to: null while in force). */
export interface KeySpan {
  keyId: string;
  fromSeq: number;
  toSeq: number | null;
}

export interface TerminalPage {
  terminal: CensusRow;
  keys: KeySpan[];
  /** Newest first: each day with anything held, and each day not closed, over the last 31 days. */
  days: TerminalDay[];
  alerts: AlertRow[];
  outOfService: OutOfService[];
}

/** A payment as held, with what re-checking its signed event says. */
export interface HeldPayment {
  seq: number;
  receiptNo: string;
  accountNo: string;
  amountPaise: number;
  mode: string;
  cashier: string;
  recordedAt: string;
  voided: boolean;
  late: boolean;
  /** The event's signature checked again, now, with the key in force at its seq. */
  signature: 'valid' | 'invalid';
}

/** One signed event exactly as held: what a figure comes from. */
export interface SignedEventView {
  terminalId: string;
  seq: number;
  type: string;
  /** The signed text (RFC 8785 JSON). */
  body: string;
  hash: string;
  sig: string;
  keyId: string;
  receivedAt: string;
  signature: 'valid' | 'invalid';
}

/** What the collections report may be grouped by (issue 17 #5). `counter` is a terminal at its substation. */
export const COLLECTION_DIMENSIONS = ['day', 'substation', 'counter', 'mode', 'cashier'] as const;
export type CollectionDimension = (typeof COLLECTION_DIMENSIONS)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
/** The report's query string: from, to, by=day,mode… (comma-separated), substation. */
export const CollectionsQueryString = z.strictObject({
  from: isoDay,
  to: isoDay,
  by: z.string().max(100).default('').transform((s) => (s === '' ? [] : s.split(','))).pipe(z.array(z.enum(COLLECTION_DIMENSIONS))),
  substation: z.string().regex(/^[A-Z0-9]{2,12}$/, 'a substation code is 2–12 capital letters or digits').optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
});

export interface CollectionsFigures {
  payments: number;
  amountPaise: number;
  voids: number;
  voidedPaise: number;
  /** Payments that arrived after their day was reported closed. */
  late: number;
}

export interface CollectionsRow extends CollectionsFigures {
  day?: IsoDate;
  substation?: string;
  counter?: string;
  terminalId?: string;
  mode?: string;
  cashier?: string;
}

export interface CollectionsReport {
  from: IsoDate;
  to: IsoDate;
  by: CollectionDimension[];
  substation: string | null;
  rows: CollectionsRow[];
  totals: CollectionsFigures;
}

/** A consumer-master import started from the console: its phase and how far it has gone. */
export interface ImportJob {
  id: string;
  /** The uploaded file's name. */
  name: string;
  by: string;
  bytes: number;
  startedAt: string;
  /** checking: every record read and checked; importing: written in one transaction; then done, refused (nothing written) or failed. */
  phase: 'checking' | 'importing' | 'done' | 'refused' | 'failed';
  /** How far into the file the current phase is. */
  bytesDone: number;
  records: number;
  errorCount: number;
  /** The first bad records: number (header not counted), field, what is wrong. */
  errors: { record: number; field: string; message: string }[];
  /** New or changed consumers, once done. */
  changed: number | null;
  message: string | null;
  finishedAt: string | null;
}
