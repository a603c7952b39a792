// The web shell's transport: contract calls over one loopback WebSocket (shared/web-shell-protocol.ts).
// The page holds no secret: the browser sends the session cookie that the one-time login link set
// (httpOnly: no script here can read it). A dropped socket is reopened on the next call; calls in
// flight when it drops answer with a clear error.
import type { Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { SESSION_PATH, WS_PATH, WsAnswer } from '../../shared/web-shell-protocol.js';

/**
 * Why the socket would not open. A refused handshake looks like a stopped server to the page, so
 * it asks: a 401 on SESSION_PATH means this window has no (or an old) session cookie.
 */
async function whyNotOpen(): Promise<Result<never>> {
  const status = await fetch(SESSION_PATH, { cache: 'no-store' }).then((r) => r.status, () => 0);
  if (status === 401) return { ok: false, error: appError('WEB_SHELL_LOGGED_OUT') };
  return { ok: false, error: appError('INTERNAL', { detail: 'the terminal service is not answering (web shell stopped?)' }) };
}

export function createWsTransport(): (channel: string, input: unknown) => Promise<Result<unknown>> {
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
      const ws = new WebSocket(`ws://${window.location.host}${WS_PATH}`);
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('not open'));
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
    } catch {
      return whyNotOpen();
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, input }));
    });
  };
}
