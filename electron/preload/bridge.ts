// The renderer's window.counterfoil, derived from the contract: one invoke per channel, nothing else.
import type { IpcRenderer } from 'electron';
import { CHANNELS, ipcChannel, type CounterfoilApi } from '../../shared/contract.js';

export function createBridge(ipc: Pick<IpcRenderer, 'invoke'>): CounterfoilApi {
  return Object.fromEntries(
    CHANNELS.map((channel) => [channel, (input: unknown) => ipc.invoke(ipcChannel(channel), input)]),
  ) as CounterfoilApi;
}
