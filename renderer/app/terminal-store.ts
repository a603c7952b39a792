// The terminal this screen runs on (terminal.info): its id, counter and today's business date,
// and the payment limits its core holds payments to, so the counter's inline check matches.
import { create } from 'zustand';
import type { Output } from '../../shared/contract.js';
import type { AppError } from '../../shared/errors.js';
import { DEFAULT_LIMITS, type PaymentLimits } from '../../shared/payment-rules.js';
import { call } from '../api/client.js';

interface TerminalState {
  info: Output<'terminal.info'> | null;
  limits: PaymentLimits;
  error: AppError | null;
  load(): Promise<void>;
}

export const useTerminal = create<TerminalState>((set) => ({
  info: null,
  limits: DEFAULT_LIMITS,
  error: null,
  async load() {
    const [info, limits] = await Promise.all([call('terminal.info', {}), call('settings.limits.get', {})]);
    set(info.ok ? { info: info.value, error: null } : { error: info.error });
    if (limits.ok) set({ limits: limits.value as PaymentLimits });
  },
}));
