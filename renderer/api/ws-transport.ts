// The web shell's transport: contract calls over one loopback WebSocket (shared/web-shell-protocol.ts).
// The token comes from the URL the shell printed; it is kept for this tab only. A dropped socket
// is reopened on the next call; calls in flight when it drops answer with a clear error.
import type { Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { WS_PATH, WsAnswer } from '../../shared/web-shell-protocol.js';

const TOKEN_KEY = 'counterfoil.token';

export function webShellToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', window.location.pathname);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function createWsTransport(token: string): (channel: string, input: unknown) => Promise<Result<unknown>> {
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();

  const fail = (detail: string) => {
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error: appError('INTERNAL', { detail }) });
    }
  };

  const open = (): Promise<WebSocket> => {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    if (opening) return opening;
    opening = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${window.location.host}${WS_PATH}?token=${encodeURIComponent(token)}`);
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('the terminal service is not answering (web shell stopped?)'));
      };
      ws.onclose = () => {
        if (socket === ws) socket = null;
        fail('the connection to the terminal service closed');
      };
      ws.onmessage = (m) => {
        let answer;
        try {
          answer = WsAnswer.parse(JSON.parse(String(m.data)));
        } catch {
          return;
        }
        const resolveCall = pending.get(answer.id);
        pending.delete(answer.id);
        resolveCall?.(answer.result as Result<unknown>);
      };
    });
    return opening;
  };

  return async (channel, input) => {
    let ws: WebSocket;
    try {
      ws = await open();
    } catch (e) {
      return { ok: false, error: appError('INTERNAL', { detail: (e as Error).message }) };
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, input }));
    });
  };
}
