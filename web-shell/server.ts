// The web shell's server: the renderer's build as static files and the contract over one
// WebSocket (shared/web-shell-protocol.ts), on loopback only. Only a browser logged in through a
// one-time link may call the core: the link's code (single use, short-lived) buys the per-start
// session secret as an httpOnly, SameSite=Strict cookie, and the WebSocket needs that cookie
// (compared in constant time) and an Origin that is exactly this server's own. The secret is never
// in a URL, so never in argv, history or logs. Like the Electron host's sender check
// (electron/main/ipc.ts), this runs before the core's own input validation.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { contentTypeOf } from '../core/host/renderer-files.js';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Dispatch } from '../core/dispatch.js';
import type { Result } from '../shared/contract.js';
import { appError } from '../shared/errors.js';
import {
  LOGIN_PATH, SESSION_PATH, WS_LARGE_CALLS, WS_MAX_CALL_BYTES, WS_MAX_DEPTH, WS_MAX_MESSAGE_BYTES, WS_MAX_VALUES, WS_PATH, WsCall, type WsAnswer,
} from '../shared/web-shell-protocol.js';
import { callHead, jsonShapeProblem } from './call-shape.js';
import { createLoginCodes, type LinkEnd } from './login-links.js';

export interface WebShellOptions {
  dispatch: Dispatch;
  /** The renderer's build: index.html and assets/. */
  staticDir: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  /** 127.0.0.1 (the default) or ::1; anything else is refused. */
  host?: string;
  /** The session secret, the cookie's value: made per start (32 random bytes, base64url) unless given. */
  secret?: string;
  /** How long an unused login link works: LOGIN_LINK_TTL_MS unless given. */
  loginLinkTtlMs?: number;
}

export interface LoginLink {
  /** http://127.0.0.1:PORT/login?once=… — opens a session once, then never again. */
  url: string;
  expiresAt: number;
  /** Resolves when the link is used, expires, or the shell stops. */
  done: Promise<LinkEnd>;
}

export interface WebShell {
  /** The only Origin the WebSocket accepts: http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** A fresh one-time login link. */
  loginLink(): LoginLink;
  close(): Promise<void>;
}

/** Two minutes: time to copy a printed link into a browser; Chromium opened by the shell takes a second. */
export const LOGIN_LINK_TTL_MS = 2 * 60_000;

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/** Constant-time for equal lengths; the secret's length is no secret. */
function sameSecret(given: string | null, secret: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The values a Cookie header gives `name` (a browser may send one name more than once). */
function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header.split(';').flatMap((part) => {
    const eq = part.indexOf('=');
    return eq > 0 && part.slice(0, eq).trim() === name ? [part.slice(eq + 1).trim()] : [];
  });
}

function rawBytes(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** A refused upgrade: a plain HTTP answer, then the socket is closed (as ws's own abortHandshake). */
function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startWebShell(opts: WebShellOptions): Promise<WebShell> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the web shell listens on loopback only (127.0.0.1 or ::1), not ${host}`);
  const secret = opts.secret ?? randomBytes(32).toString('base64url');
  if (!/^[A-Za-z0-9_-]{16,}$/.test(secret)) throw new Error('the web shell secret must be at least 16 base64url characters');
  // The folder as it really is: a file is served only if its real path, links followed, is inside.
  const root = await realpath(resolve(opts.staticDir));
  const { dispatch } = opts;
  const codes = createLoginCodes(opts.loginLinkTtlMs ?? LOGIN_LINK_TTL_MS);

  // Known once listening (the port may be chosen by the OS); no request arrives before that.
  let origin = '';
  let headers: Record<string, string> = {};
  /** Per port: cookies are kept per host, so two shells in one browser must not share a name. */
  let cookieName = '';

  const loggedIn = (req: IncomingMessage): boolean => cookieValues(req.headers.cookie, cookieName).some((v) => sameSecret(v, secret));

  /** An answer without a file: the status in words, or `text`. */
  const answer = (res: ServerResponse, status: number, extra: Record<string, string> = {}, text?: string): void => {
    res.writeHead(status, { ...headers, 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    res.end(status === 204 ? undefined : `${text ?? `${status} ${STATUS_CODES[status] ?? ''}`}\n`);
  };

  /**
   * The file a path names inside the static folder, or null (outside it, not a file, undecodable).
   * The path is checked twice: as written (no `..` out), and as it really is (no symlink out).
   */
  const fileFor = async (pathname: string): Promise<string | null> => {
    let path: string;
    try {
      path = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (path.includes('\0')) return null;
    const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(root + sep)) return null;
    const real = await realpath(file).catch(() => null);
    if (!real?.startsWith(root + sep)) return null;
    const s = await stat(real).catch(() => null);
    return s?.isFile() ? real : null;
  };

  /**
   * GET /login?once=CODE: a live code buys the session cookie and a 303 to /, so the page's address
   * is / and the spent code is all history keeps. Anything else sets nothing.
   */
  const serveLogin = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (req.method !== 'GET') return answer(res, 405, { Allow: 'GET' });
    const given = url.searchParams.getAll('once');
    if (given.length !== 1 || !codes.redeem(given[0]!)) {
      return answer(res, 403, {}, 'This login link was already used or has expired. Press Enter in the web shell\'s window for a new one.');
    }
    res.writeHead(303, {
      ...headers,
      'Cache-Control': 'no-store',
      Location: '/',
      'Set-Cookie': `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
      'Content-Length': '0',
    });
    res.end();
  };

  /**
   * The static files need no cookie: they are the public renderer bundle, and after the opener
   * file's cross-site hop (web-shell/opener.ts) Chromium sends no SameSite=Strict cookie with the
   * top-level request for / (it does with the page's own requests, the WebSocket among them).
   */
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== new URL(origin).host) return answer(res, 403); // a rebound DNS name, a proxy
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === LOGIN_PATH) return serveLogin(req, res, url);
    if (url.pathname === SESSION_PATH) return req.method === 'GET' ? answer(res, loggedIn(req) ? 204 : 401) : answer(res, 405, { Allow: 'GET' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, { Allow: 'GET, HEAD' });
    const file = await fileFor(url.pathname);
    if (!file) return answer(res, 404);
    const body = await readFile(file);
    const type = contentTypeOf(file);
    const cache: Record<string, string> = type.startsWith('text/html') ? { 'Cache-Control': 'no-store' } : {};
    res.writeHead(200, { ...headers, ...cache, 'Content-Type': type, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) answer(res, 500);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404);
    if (!loggedIn(req)) return refuseUpgrade(socket, 401);
    if (req.headers.origin !== origin || req.headers.host !== new URL(origin).host) return refuseUpgrade(socket, 403);
    wss.handleUpgrade(req, socket, head, (ws) => serveContract(ws));
  });

  const serveContract = (ws: WebSocket): void => {
    // ws closes an oversized frame with 1009 and reports it here; nothing else to do.
    ws.on('error', () => undefined);
    const send = (a: WsAnswer): void => {
      if (ws.readyState !== ws.OPEN) return;
      let text: string;
      try {
        text = JSON.stringify(a);
      } catch (e) {
        text = JSON.stringify({ id: a.id, result: { ok: false, error: appError('INTERNAL', { detail: `answer not serialisable: ${(e as Error).message}` }) } });
      }
      ws.send(text);
    };
    const refuse = (id: number, detail: string): void => send({ id, result: { ok: false, error: appError('INVALID_INPUT', { detail }) } });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      const bytes = rawBytes(data);
      // Before parsing: the size for the channel the call names first, then nesting and values.
      const head = callHead(bytes);
      const limit = Math.max(WS_MAX_CALL_BYTES, (head && WS_LARGE_CALLS[head.channel]) ?? 0);
      const tooLarge = (channel: string | undefined, max: number) => `the call is too large: ${bytes.length} bytes (${channel ?? 'a call'} takes up to ${max})`;
      if (bytes.length > limit) return refuse(head?.id ?? 0, tooLarge(head?.channel, limit));
      const shape = jsonShapeProblem(bytes, { maxDepth: WS_MAX_DEPTH, maxValues: WS_MAX_VALUES });
      if (shape) return refuse(head?.id ?? 0, shape);
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        return refuse(head?.id ?? 0, 'the message is not JSON');
      }
      const call = WsCall.safeParse(json);
      if (!call.success) {
        const id = (json as { id?: unknown } | null)?.id;
        const safeId = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : 0;
        const detail = call.error.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
        return refuse(safeId, `not a call: ${detail}`);
      }
      const { id, channel, input } = call.data;
      // The larger limit was the named channel's; JSON.parse keeps a repeated key's last value.
      if (bytes.length > WS_MAX_CALL_BYTES && channel !== head?.channel) return refuse(id, tooLarge(channel, WS_MAX_CALL_BYTES));
      void dispatch(channel, input)
        .catch((e: unknown): Result<unknown> => ({ ok: false, error: appError('INTERNAL', { detail: (e as Error).message }) }))
        .then((result) => send({ id, result }));
    });
  };

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostPart}:${port}`;
  cookieName = `counterfoil-${port}`;
  headers = {
    'Content-Security-Policy': [
      "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
      `connect-src 'self' ws://${hostPart}:${port}`, "font-src 'self'", "object-src 'none'",
      "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };

  return {
    origin,
    port,
    loginLink: () => {
      const { code, expiresAt, done } = codes.mint();
      return { url: `${origin}${LOGIN_PATH}?once=${code}`, expiresAt, done };
    },
    close: async () => {
      codes.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
