// What the status bar shows, polled every few seconds: the link to the centre and the printer.
import { create } from 'zustand';
import type { Output } from '../../../shared/contract.js';
import { call } from '../../api/client.js';

export const STATUS_POLL_MS = 3_000;

interface StatusState {
  sync: Output<'sync.status'> | null;
  printer: Output<'printer.status'> | null;
  refresh(): Promise<void>;
}

export const useStatus = create<StatusState>((set) => ({
  sync: null,
  printer: null,
  async refresh() {
    const [sync, printer] = await Promise.all([call('sync.status', {}), call('printer.status', {})]);
    set({ sync: sync.ok ? sync.value : null, printer: printer.ok ? printer.value : null });
  },
}));
