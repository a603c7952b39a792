// The terminal this screen runs on (terminal.info): its id, counter and today's business date.
import { create } from 'zustand';
import type { Output } from '../../shared/contract.js';
import type { AppError } from '../../shared/errors.js';
import { call } from '../api/client.js';

interface TerminalState {
  info: Output<'terminal.info'> | null;
  error: AppError | null;
  load(): Promise<void>;
}

export const useTerminal = create<TerminalState>((set) => ({
  info: null,
  error: null,
  async load() {
    const r = await call('terminal.info', {});
    set(r.ok ? { info: r.value, error: null } : { error: r.error });
  },
}));
