// The renderer's one door to the terminal: the Electron preload's window.counterfoil when it is
// there, else the web shell's WebSocket. Both speak the contract and return Results, so no screen
// knows which host it runs in. This is the only file that touches window.counterfoil.
import type { Channel, CounterfoilApi, Input, Output, Result } from '../../shared/contract.js';
import { createWsTransport } from './ws-transport.js';

declare global {
  interface Window {
    counterfoil?: CounterfoilApi;
  }
}

type Transport = (channel: string, input: unknown) => Promise<Result<unknown>>;

function pickTransport(): Transport {
  const bridge = window.counterfoil;
  if (bridge) return (channel, input) => (bridge as unknown as Record<string, (i: unknown) => Promise<Result<unknown>>>)[channel]!(input);
  // Else the web shell served this page: its WebSocket, with the cookie the login link set.
  return createWsTransport();
}

let transport: Transport | null = null;
const sessionEndedListeners = new Set<() => void>();

/**
 * Runs `listener` whenever the core answers SESSION_INVALID (the session idled out, the shift
 * closed, the host restarted): the session store goes back to log-in. Returns the unsubscribe.
 */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/** Calls one contract channel; never throws. */
export async function call<K extends Channel>(channel: K, input: Input<K>): Promise<Result<Output<K>>> {
  transport ??= pickTransport();
  const r = (await transport(channel, input)) as Result<Output<K>>;
  if (!r.ok && r.error.code === 'SESSION_INVALID') for (const listener of sessionEndedListeners) listener();
  return r;
}

/** Replaces the transport (component tests). */
export function setTransport(t: Transport): void {
  transport = t;
}
