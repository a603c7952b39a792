// A fake terminal behind the renderer's transport (renderer/api/client.ts) for component tests:
// it records every call, lets a test answer any channel itself, and otherwise answers what the
// settings screen loads with plain defaults; anything else is an INTERNAL error, so a screen that
// calls something unexpected shows it. Like the core, it answers SESSION_INVALID to a call on a
// channel with a role (shared/contract.ts) that carries no session.
import { act } from '@testing-library/react';
import { contract, isChannel, type Output, type PrintSettings, type Result, type SyncStatus } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_ACCOUNT_FORMAT } from '../../shared/account-format.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { setTransport } from '../../renderer/api/client.js';

export type Call = { channel: string; input: Record<string, unknown> };
/** A test's own answer to a call, or undefined to leave it to the next answer. */
export type Answer = (c: Call) => Result<unknown> | undefined;

export const PRINT_DEFAULTS: PrintSettings = {
  paper: 80, utilityEn: 'Kanpur Electricity Supply Co.', utilityHi: 'कानपुर विद्युत आपूर्ति कंपनी', headerLines: [],
  verifyUrl: null, printer: null, qrAsRaster: false, languages: 'hi+en', logoFile: null,
};

export const SYNC_NOT_ENROLLED: SyncStatus = {
  enrolled: false, upstreamUrl: null, connection: null, ackedSeq: 0, headSeq: 5, queueDepth: 5,
  oldestUnsyncedAt: null, oldestUnsyncedAgeSeconds: null, lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastErrorCode: null,
  stopped: null, clockSkewMs: null, clockSkewWarning: false, consumerCursor: '0', consumersSyncedAt: null, centralSeq: null, writeBlock: null,
};

export const GENESIS_KEY_ID = '9c1f0e2d3b4a5968';
export const TERMINAL_INFO: Output<'terminal.info'> = {
  terminalId: 'T3FA9C01B22E4', substation: 'SS042', counter: 'C1', keyId: GENESIS_KEY_ID, publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…',
  businessDate: '2026-11-26', financialYear: '2627', headSeq: 5,
};

const ok = (value: unknown): Result<unknown> => ({ ok: true, value });

/** What every section of the settings screen reads when it opens. */
export const settingsDefaults: Answer = (c) => {
  switch (c.channel) {
    case 'settings.print.get':
      return ok(PRINT_DEFAULTS);
    case 'settings.limits.get':
      return ok(DEFAULT_LIMITS);
    case 'settings.accountFormat.get':
      return ok(DEFAULT_ACCOUNT_FORMAT);
    case 'settings.upi.get':
      return ok(null);
    case 'sync.status':
      return ok(SYNC_NOT_ENROLLED);
    case 'printer.status':
      return ok({ configured: false, state: 'not-configured', text: { en: 'No printer', hi: 'प्रिंटर नहीं' }, pending: 0 });
    case 'backup.settings.get':
      return ok({ dir: null, keep: 14 });
    case 'backup.status':
      return ok(null);
    case 'terminal.info':
      return ok(TERMINAL_INFO);
    case 'terminal.keys':
      return ok([{ keyId: GENESIS_KEY_ID, publicKey: 'A'.repeat(43), fromSeq: 1, toSeq: null }]);
    default:
      return undefined;
  }
};

/** SESSION_INVALID, as the core's dispatch answers, when a channel with a role is called without a session. */
export const requireSessions: Answer = (c) =>
  isChannel(c.channel) && contract[c.channel].role !== 'none' && !/^[0-9a-f]{32}$/.test(String(c.input?.session ?? ''))
    ? { ok: false, error: appError('SESSION_INVALID') }
    : undefined;

export interface FakeTerminal {
  readonly calls: Call[];
  /** The inputs sent on one channel, in order. */
  sent(channel: string): Record<string, unknown>[];
}

/** Installs the fake: each answer is asked in turn; the first that answers wins. */
export function installFakeTerminal(...answers: Answer[]): FakeTerminal {
  const calls: Call[] = [];
  setTransport(async (channel, input) => {
    const c = { channel, input: input as Record<string, unknown> };
    calls.push(c);
    for (const answer of [requireSessions, ...answers]) {
      const r = answer(c);
      if (r) return r;
    }
    return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
  });
  return { calls, sent: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.input) };
}

/** Lets the screen's pending calls answer and React render them. */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}
