// The terminal this screen runs on (terminal.info, open before log-in): its id, counter and today's
// business date; and, once someone is logged in, the payment limits and the account format its core
// holds payments to, so the counter's inline check matches.
import { create } from 'zustand';
import type { Output } from '../../shared/contract.js';
import type { AppError } from '../../shared/errors.js';
import { DEFAULT_ACCOUNT_FORMAT, type AccountFormat } from '../../shared/account-format.js';
import { DEFAULT_LIMITS, type PaymentLimits } from '../../shared/payment-rules.js';
import { call } from '../api/client.js';

interface TerminalState {
  info: Output<'terminal.info'> | null;
  limits: PaymentLimits;
  /** What an account typed by hand must look like. */
  accountFormat: AccountFormat;
  error: AppError | null;
  load(): Promise<void>;
  loadLimits(session: string): Promise<void>;
}

export const useTerminal = create<TerminalState>((set) => ({
  info: null,
  limits: DEFAULT_LIMITS,
  accountFormat: DEFAULT_ACCOUNT_FORMAT,
  error: null,
  async load() {
    const info = await call('terminal.info', {});
    set(info.ok ? { info: info.value, error: null } : { error: info.error });
  },
  async loadLimits(session) {
    const [limits, format] = await Promise.all([call('settings.limits.get', { session }), call('settings.accountFormat.get', { session })]);
    if (limits.ok) set({ limits: limits.value as PaymentLimits });
    if (format.ok) set({ accountFormat: format.value });
  },
}));
