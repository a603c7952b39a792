// The web shell (web-shell/): the contract over a loopback WebSocket that only a browser logged in
// through a one-time link can open (session cookie, exact Origin), its static server, and the CLI
// end to end with the demo terminal and the virtual printer as a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_USERS } from '../../shared/demo-data.js';
import { WS_MAX_CALL_BYTES, WS_MAX_MESSAGE_BYTES, WS_PATH } from '../../shared/web-shell-protocol.js';
import { writeOpener } from '../../web-shell/opener.js';
import { startWebShell, type WebShell } from '../../web-shell/server.js';
import { browserMissing, launchChromium } from '../support/browser.js';
import { makeTerminal, tempDir, type TestTerminal, PINS } from '../support/terminal.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INDEX = '<!doctype html><html><head><title>Counterfoil</title><script type="module" src="./assets/app.js"></script></head><body></body></html>';

interface Answer {
  id: number;
  result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; params?: Record<string, string | number> } };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

function staticDir(): string {
  const dir = temp('counterfoil-web-static-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};\n');
  return dir;
}

/** An HTTP request to the shell, redirects not followed. */
function get(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a browser keeps from a Set-Cookie: `name=value`. */
function cookieOf(headers: IncomingHttpHeaders): string {
  const set = headers['set-cookie'];
  expect(set, 'a Set-Cookie').toHaveLength(1);
  return set![0]!.split(';')[0]!;
}

/** Opens a login link as a browser would (path and query only) and answers with the cookie it sets. */
async function follow(link: string): Promise<string> {
  const u = new URL(link);
  const r = await get(Number(u.port), `${u.pathname}${u.search}`);
  expect(r.status, r.body).toBe(303);
  expect(r.headers.location).toBe('/');
  return cookieOf(r.headers);
}

/** A logged-in browser's cookie: a fresh one-time link, followed. */
const logIn = (shell: WebShell): Promise<string> => follow(shell.loginLink().url);

const wsUrl = (port: number, path = WS_PATH): string => `ws://127.0.0.1:${port}${path}`;

/** A connection as the page makes it: the session cookie, the server's own Origin. */
function openSocket(shell: { port: number; origin: string }, cookie: string): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl(shell.port), { origin: shell.origin, headers: { Cookie: cookie } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The HTTP status a refused connection gets; fails if the connection opens. */
function refusal(url: string, opts: { origin?: string; cookie?: string } = {}): Promise<number> {
  const ws = new WebSocket(url, { ...(opts.origin === undefined ? {} : { origin: opts.origin }), headers: opts.cookie === undefined ? {} : { Cookie: opts.cookie } });
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      reject(new Error('the connection opened'));
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
  });
}

function nextAnswer(ws: WebSocket): Promise<Answer> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Answer));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

async function send(ws: WebSocket, message: unknown): Promise<Answer> {
  const answer = nextAnswer(ws);
  ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  return answer;
}

/** The next n answers on a connection, in the order they come. */
function answers(ws: WebSocket, n: number): Promise<Answer[]> {
  const got: Answer[] = [];
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData): void => {
      got.push(JSON.parse(String(data)) as Answer);
      if (got.length === n) {
        ws.off('message', onMessage);
        resolve(got);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => reject(new Error(`closed ${code} after ${got.length} answers`)));
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

const SUPERVISOR = DEMO_USERS.find((u) => u.role === 'supervisor')!;
const CASHIER = DEMO_USERS.find((u) => u.role === 'cashier')!;

describe('web shell server', () => {
  let tt: TestTerminal;
  let shell: WebShell;
  let cookie: string;
  let dir: string;

  beforeAll(async () => {
    tt = await makeTerminal();
    dir = staticDir();
    shell = await startWebShell({ dispatch: tt.dispatch, staticDir: dir });
    cookie = await logIn(shell);
  });

  afterAll(async () => {
    await shell?.close();
    tt?.close();
  });

  it('answers contract calls from a page logged in through a one-time link', async () => {
    const ws = await openSocket(shell, cookie);
    const info = await send(ws, { id: 1, channel: 'terminal.info', input: {} });
    expect(info).toEqual({ id: 1, result: { ok: true, value: expect.objectContaining({ terminalId: tt.t.id, substation: 'SS042', counter: 'C1' }) } });
    const login = await send(ws, { id: 2, channel: 'auth.login', input: { user: CASHIER.name, pin: CASHIER.pin } });
    expect(login.id).toBe(2);
    expect(login.result).toMatchObject({ ok: true, value: { user: CASHIER.name, role: 'cashier' } });
    const session = (login.result as { value: { session: string } }).value.session;
    const shift = await send(ws, { id: 3, channel: 'shift.open', input: { session, openingFloatPaise: 200_000 } });
    expect(shift.result.ok, JSON.stringify(shift.result)).toBe(true);
    const wrong = await send(ws, { id: 4, channel: 'auth.login', input: { user: CASHIER.name, pin: '0000' } });
    expect(wrong).toMatchObject({ id: 4, result: { ok: false, error: { code: expect.any(String) } } });
    ws.close();
  });

  it('answers a malformed message with an error and keeps the connection', async () => {
    const ws = await openSocket(shell, cookie);
    const notJson = await send(ws, '{"id": 1, "channel": ');
    expect(notJson).toMatchObject({ id: 0, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    const noId = await send(ws, { channel: 'terminal.info', input: {} });
    expect(noId).toMatchObject({ id: 0, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    const extraKey = await send(ws, { id: 5, channel: 'terminal.info', input: {}, admin: true });
    expect(extraKey).toMatchObject({ id: 5, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    const badId = await send(ws, { id: -1, channel: 'terminal.info', input: {} });
    expect(badId).toMatchObject({ id: 0, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    const unknown = await send(ws, { id: 6, channel: 'ledger.delete', input: {} });
    expect(unknown).toMatchObject({ id: 6, result: { ok: false, error: { code: 'INVALID_INPUT', params: { detail: expect.stringMatching(/unknown channel/) } } } });
    const badInput = await send(ws, { id: 7, channel: 'auth.login', input: { user: CASHIER.name } });
    expect(badInput).toMatchObject({ id: 7, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    const good = await send(ws, { id: 8, channel: 'terminal.info', input: {} });
    expect(good).toMatchObject({ id: 8, result: { ok: true, value: { terminalId: tt.t.id } } });
    ws.close();
  });

  it('closes the connection on a message over the largest call (1009) or a binary frame (1003)', async () => {
    const big = await openSocket(shell, cookie);
    const bigClosed = closeCode(big);
    big.send(JSON.stringify({ id: 1, channel: 'settlement.import', input: { pad: 'x'.repeat(WS_MAX_MESSAGE_BYTES) } }));
    expect(await bigClosed).toBe(1009);
    const binary = await openSocket(shell, cookie);
    const binaryClosed = closeCode(binary);
    binary.send(Buffer.from(JSON.stringify({ id: 1, channel: 'terminal.info', input: {} })), { binary: true });
    expect(await binaryClosed).toBe(1003);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const index = await get(shell.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toBe(INDEX);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${shell.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');

    const js = await get(shell.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(csp);
    expect((await get(shell.port, '/assets/app.js', { method: 'HEAD' })).status).toBe(200);

    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/../../../etc/passwd', '/assets', '/missing.js', '/%E0%A4%A', '/index.html%00.js']) {
      const r = await get(shell.port, path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('root:');
      expect(r.headers['content-security-policy'], path).toBe(csp);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await get(shell.port, '/', { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
  });

  it('listens on loopback only', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost']) {
      await expect(startWebShell({ dispatch: tt.dispatch, staticDir: dir, host })).rejects.toThrow(/loopback/);
    }
  });

  describe('issue 15 #6: one-time login links and a session cookie instead of a token in the URL', () => {
    it('#6 a login link is a fresh one-time code on loopback; it sets an httpOnly SameSite=Strict cookie, redirects 303 to / and never works again', async () => {
      const link = shell.loginLink();
      const other = shell.loginLink();
      const u = new URL(link.url);
      expect(u.origin).toBe(shell.origin);
      expect(shell.origin).toBe(`http://127.0.0.1:${shell.port}`);
      expect(u.pathname).toBe('/login');
      expect([...u.searchParams.keys()]).toEqual(['once']);
      const code = u.searchParams.get('once')!;
      expect(Buffer.from(code, 'base64url')).toHaveLength(32);
      expect(new URL(other.url).searchParams.get('once')).not.toBe(code);

      const first = await get(shell.port, `/login?once=${code}`);
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe('/');
      expect(first.headers['cache-control']).toBe('no-store');
      const set = first.headers['set-cookie']!;
      expect(set).toHaveLength(1);
      expect(set[0]).toMatch(new RegExp(`^counterfoil-${shell.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`));
      expect(set[0]).not.toContain(code);
      expect(await link.done).toBe('used');

      // Spent: a second use (a replay from history, a second tab) sets nothing.
      const again = await get(shell.port, `/login?once=${code}`);
      expect(again.status).toBe(403);
      expect(again.headers['set-cookie']).toBeUndefined();
      expect(again.body).toMatch(/used or has expired/);
      for (const path of ['/login', '/login?once=', `/login?once=${code.slice(0, -1)}`, `/login?once=${code}&once=${code}`]) {
        const r = await get(shell.port, path);
        expect(r.status, path).toBe(403);
        expect(r.headers['set-cookie'], path).toBeUndefined();
      }
      expect((await get(shell.port, u.pathname + u.search, { method: 'POST' })).status).toBe(405);
      // The other link is still good, once; both links carry the same session.
      expect(await follow(other.url)).toBe(set[0]!.split(';')[0]);
      expect(await follow(shell.loginLink().url)).toBe(cookie);
    });

    it('#6 an unused login link expires', async () => {
      const quick = await startWebShell({ dispatch: tt.dispatch, staticDir: dir, loginLinkTtlMs: 50 });
      try {
        const link = quick.loginLink();
        expect(await link.done).toBe('expired');
        const u = new URL(link.url);
        const r = await get(quick.port, u.pathname + u.search);
        expect(r.status).toBe(403);
        expect(r.headers['set-cookie']).toBeUndefined();
      } finally {
        await quick.close();
      }
    });

    it('#6 the WebSocket needs the session cookie (401 without or with a wrong one) and the exact Origin (403)', async () => {
      const [name, value] = cookie.split('=') as [string, string];
      const wrong = Buffer.from(value, 'base64url');
      wrong[0]! ^= 1;
      const url = wsUrl(shell.port);
      expect(await refusal(url, { origin: shell.origin })).toBe(401);
      expect(await refusal(url, { origin: shell.origin, cookie: `${name}=` })).toBe(401);
      expect(await refusal(url, { origin: shell.origin, cookie: `${name}=${wrong.toString('base64url')}` })).toBe(401);
      expect(await refusal(url, { origin: shell.origin, cookie: `${name}=${value.slice(0, -1)}` })).toBe(401);
      expect(await refusal(url, { origin: shell.origin, cookie: `${name}=${value}A` })).toBe(401);
      expect(await refusal(url, { origin: shell.origin, cookie: `counterfoil-1=${value}` })).toBe(401); // another shell's name
      // The old way (the secret in the query) opens nothing.
      expect(await refusal(`${url}?token=${value}`, { origin: shell.origin })).toBe(401);
      expect(await refusal(url, { cookie })).toBe(403); // no Origin at all
      expect(await refusal(url, { cookie, origin: 'http://evil.example' })).toBe(403);
      expect(await refusal(url, { cookie, origin: `http://127.0.0.1:${shell.port === 65535 ? 1 : shell.port + 1}` })).toBe(403);
      expect(await refusal(url, { cookie, origin: `http://localhost:${shell.port}` })).toBe(403);
      expect(await refusal(url, { cookie, origin: 'null' })).toBe(403);
      expect(await refusal(wsUrl(shell.port, '/other'), { cookie, origin: shell.origin })).toBe(404);
      // Other cookies beside it do not matter; the refused attempts reached nothing.
      const ws = await openSocket(shell, `theme=dark; ${cookie}; x=1`);
      expect((await send(ws, { id: 9, channel: 'terminal.info', input: {} })).result.ok).toBe(true);
      ws.close();
    });

    it('#6 /session tells the page whether it is logged in (204) or needs a fresh link (401)', async () => {
      expect((await get(shell.port, '/session')).status).toBe(401);
      expect((await get(shell.port, '/session', { headers: { Cookie: `${cookie.split('=')[0]}=nope` } })).status).toBe(401);
      const ok = await get(shell.port, '/session', { headers: { Cookie: cookie } });
      expect(ok.status).toBe(204);
      expect(ok.headers['cache-control']).toBe('no-store');
    });

    it.skipIf(browserMissing() !== null)('#6 Chromium opened on the opener file lands on / logged in: the cookie reaches the WebSocket', async () => {
      // A page that says, in its title, whether its WebSocket opened (the CSP allows only 'self' scripts).
      const page = staticDir();
      writeFileSync(join(page, 'index.html'), '<!doctype html><html><head><title>waiting</title><script src="/assets/app.js"></script></head><body></body></html>');
      writeFileSync(join(page, 'assets', 'app.js'), `const ws = new WebSocket('ws://' + location.host + '${WS_PATH}'); ws.onopen = () => { document.title = 'open'; }; ws.onerror = () => { document.title = 'refused'; };\n`);
      const s = await startWebShell({ dispatch: tt.dispatch, staticDir: page });
      const opener = writeOpener(temp('counterfoil-web-opener-'), s.loginLink().url);
      const browser = await launchChromium();
      try {
        const p = await browser.newPage();
        await p.goto(`file://${opener}`);
        await expect.poll(() => p.title(), { timeout: 10_000 }).toBe('open');
        expect(p.url()).toBe(`${s.origin}/`);
        // The link in the file is spent: a second load of the file logs nobody in.
        const q = await (await browser.newContext()).newPage();
        await q.goto(`file://${opener}`);
        await q.waitForURL((u) => u.pathname === '/login', { timeout: 10_000 });
        await expect.poll(() => q.textContent('body')).toMatch(/used or has expired/);
      } finally {
        await browser.close();
        await s.close();
      }
    });
  });
});

describe('web shell CLI', () => {
  const tsxArgs = (args: string[]) => ['--import', 'tsx', join(ROOT, 'web-shell', 'main.ts'), ...args];

  it('refuses to start without a renderer build (exit 2, one line)', () => {
    const dir = temp('counterfoil-web-cli-');
    const noBuild = spawnSync(process.execPath, tsxArgs(['--data', join(dir, 'd'), '--demo', '--no-open', '--static', join(dir, 'nothing')]), { cwd: ROOT, encoding: 'utf8' });
    expect(noBuild.status).toBe(2);
    expect(noBuild.stderr).toMatch(/build the renderer/);
    expect(noBuild.stderr.trim().split('\n')).toHaveLength(1);
    expect(noBuild.stdout).toBe('');
    expect(existsSync(join(dir, 'd'))).toBe(false);
  }, 60_000);

  /** The line the CLI prints on stdout for each login link it mints. */
  const LINK_LINE = /^Counterfoil web shell: (http:\/\/127\.0\.0\.1:\d+\/login\?once=[A-Za-z0-9_-]{43})$/;

  interface Cli {
    child: ChildProcess;
    /** The first login link it printed. */
    url: URL;
    /** The next link it prints (after the ones already seen). */
    nextLink(): Promise<string>;
    out(): string;
    err(): string;
    stop(): Promise<number | null>;
  }

  /** Starts the CLI and waits for its first link; `stop()` sends SIGTERM and resolves with the exit code. */
  async function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Cli> {
    const child = spawn(process.execPath, tsxArgs(args), { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    const links: string[] = [];
    let seen = 0;
    let waiting: (() => void) | null = null;
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      links.splice(0, links.length, ...out.split('\n').flatMap((l) => LINK_LINE.exec(l)?.[1] ?? []));
      waiting?.();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const nextLink = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (links.length <= seen) return;
          waiting = null;
          resolve(links[seen++]!);
        };
        waiting = check;
        check();
        void exited.then((code) => reject(new Error(`web shell exited ${code}: ${err}`)));
      });
    const url = new URL(await nextLink());
    return {
      child, url, nextLink, out: () => out, err: () => err,
      stop: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
  }

  /** A page logged in through the link: its connection. */
  const socketFor = async (url: URL | string) => {
    const u = new URL(url);
    return openSocket({ port: Number(u.port), origin: u.origin }, await follow(u.href));
  };
  const data = join(temp('counterfoil-web-cli-'), 'terminal');

  it('on a folder with no terminal serves first-run set-up: nothing but setup.init answers until it has made the terminal', async () => {
    const empty = join(temp('counterfoil-web-cli-'), 'new');
    const cli = await startCli(['--data', empty, '--port', '0', '--no-open', '--static', staticDir()]);
    try {
      expect(cli.err()).toMatch(/first-run set-up/);
      const ws = await socketFor(cli.url);
      expect((await send(ws, { id: 1, channel: 'terminal.info', input: {} })).result).toMatchObject({ ok: false, error: { code: 'NOT_INITIALISED' } });
      expect((await send(ws, { id: 2, channel: 'setup.init', input: { substation: 'SS 1', counter: 'C1', supervisor: 'meena', pin: '4321' } })).result)
        .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(existsSync(join(empty, 'counterfoil.db'))).toBe(false);
      // A supervisor PIN has 6 digits at least: 4 is refused and nothing is made.
      expect((await send(ws, { id: 7, channel: 'setup.init', input: { substation: 'ss107', counter: 'c2', supervisor: 'meena', pin: '4321' } })).result)
        .toMatchObject({ ok: false, error: { code: 'SUPERVISOR_PIN_TOO_SHORT' } });
      expect(existsSync(join(empty, 'counterfoil.db'))).toBe(false);
      const made = await send(ws, { id: 3, channel: 'setup.init', input: { substation: 'ss107', counter: 'c2', supervisor: 'meena', pin: '432198' } });
      expect(made.result).toMatchObject({ ok: true, value: { terminalId: expect.stringMatching(/^T[0-9A-F]{12}$/) } });
      expect((await send(ws, { id: 4, channel: 'terminal.info', input: {} })).result).toMatchObject({ ok: true, value: { substation: 'SS107', counter: 'C2' } });
      expect((await send(ws, { id: 5, channel: 'setup.init', input: { substation: 'SS1', counter: 'C1', supervisor: 'x1', pin: '123456' } })).result)
        .toMatchObject({ ok: false, error: { code: 'ALREADY_INITIALISED' } });
      expect((await send(ws, { id: 6, channel: 'auth.login', input: { user: 'meena', pin: '432198' } })).result).toMatchObject({ ok: true, value: { role: 'supervisor' } });
      ws.close();
      expect(await cli.stop()).toBe(0);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  }, 90_000);

  it('starts a demo terminal with the virtual printer, serves it, and stops cleanly on SIGTERM', async () => {
    const cli = await startCli(['--data', data, '--demo', '--port', '0', '--no-open', '--static', staticDir()]);
    try {
      expect(cli.err()).toMatch(/asha.*1111/);
      const ws = await socketFor(cli.url);
      const info = await send(ws, { id: 1, channel: 'terminal.info', input: {} });
      expect(info.result).toMatchObject({ ok: true, value: { substation: 'SS042', counter: 'C1' } });
      const status = await send(ws, { id: 2, channel: 'printer.status', input: {} });
      expect(status.result).toMatchObject({ ok: true, value: { configured: true, state: 'ready' } });
      // Settings and the consumer list need a session now; the printer's state and the terminal's name do not.
      expect((await send(ws, { id: 9, channel: 'settings.print.get', input: {} })).result).toMatchObject({ ok: false, error: { code: 'SESSION_INVALID' } });
      const login = await send(ws, { id: 10, channel: 'auth.login', input: { user: 'meena', pin: PINS.meena } });
      const session = (login.result as { value: { session: string } }).value.session;
      const settings = await send(ws, { id: 3, channel: 'settings.print.get', input: { session } });
      const printer = (settings.result as { value: { printer: string } }).value.printer;
      expect(printer).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
      const printerPort = Number(printer.split(':').pop());
      const search = await send(ws, { id: 4, channel: 'consumer.search', input: { session, query: 'Sharma' } });
      expect(search.result.ok, JSON.stringify(search.result)).toBe(true);
      ws.close();

      // The virtual printer is this process's child: it must go with it.
      const pid = cli.child.pid!;
      const childrenFile = `/proc/${pid}/task/${pid}/children`;
      const children = existsSync(childrenFile) ? readFileSync(childrenFile, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
      if (existsSync(childrenFile)) expect(children.length, 'the virtual printer child').toBeGreaterThan(0);
      const started = Date.now();
      expect(await cli.stop()).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(cli.out().trim().split('\n')).toHaveLength(1);
      for (const child of children) expect(() => process.kill(child, 0), `child ${child} still running`).toThrow();
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect(printerPort, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.once('error', () => resolve(true));
      });
      expect(refused, 'the virtual printer still listens').toBe(true);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  }, 90_000);

  it('reopens the same terminal and starts offline when enrollment fails', async () => {
    const cli = await startCli(['--data', data, '--no-open', '--static', staticDir(), '--upstream', 'http://127.0.0.1:1', '--code', 'ABCD-EFGH']);
    try {
      expect(cli.err()).toMatch(/enrollment failed/);
      expect(cli.err()).not.toMatch(/demo terminal .* made/);
      const ws = await socketFor(cli.url);
      expect((await send(ws, { id: 1, channel: 'terminal.info', input: {} })).result).toMatchObject({ ok: true, value: { substation: 'SS042' } });
      expect((await send(ws, { id: 2, channel: 'sync.status', input: {} })).result).toMatchObject({ ok: true, value: { enrolled: false } });
      expect((await send(ws, { id: 3, channel: 'auth.login', input: { user: 'meena', pin: PINS.meena } })).result.ok).toBe(true);
      ws.close();
      expect(await cli.stop()).toBe(0);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  }, 60_000);

  describe('issue 15 #6: the secret never reaches a command line', () => {
    /**
     * A stand-in for Chromium (CHROMIUM_PATH): opens what --app names as a browser would (a file's
     * meta refresh, then the link, redirects not followed), reports what it saw, and waits to be killed.
     */
    const FAKE_BROWSER = `#!/usr/bin/env node
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { fileURLToPath } = require('node:url');
(async () => {
  const app = process.argv.find((a) => a.startsWith('--app=')).slice('--app='.length);
  let link = app;
  let mode = null;
  if (app.startsWith('file:')) {
    const path = fileURLToPath(app);
    mode = statSync(path).mode & 0o777;
    link = /url=([^"]+)"/.exec(readFileSync(path, 'utf8'))[1];
  }
  const res = await fetch(link, { redirect: 'manual' });
  const report = { pid: process.pid, link, mode, status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie') };
  writeFileSync(process.env.FAKE_BROWSER_REPORT + '.part', JSON.stringify(report));
  renameSync(process.env.FAKE_BROWSER_REPORT + '.part', process.env.FAKE_BROWSER_REPORT);
  setInterval(() => undefined, 60_000);
})();
`;

    interface FakeReport {
      pid: number;
      link: string;
      mode: number | null;
      status: number;
      location: string | null;
      setCookie: string | null;
    }

    it('#6 the CLI opens Chromium with no token, cookie or one-time code on its command line: a 0600 opener file in the data folder, deleted once used', async () => {
      const tools = temp('counterfoil-fake-browser-');
      const fake = join(tools, 'chromium');
      const reportFile = join(tools, 'report.json');
      writeFileSync(fake, FAKE_BROWSER, { mode: 0o755 });
      const empty = join(temp('counterfoil-web-cli-'), 'new');
      const cli = await startCli(['--data', empty, '--port', '0', '--static', staticDir()], { ...process.env, CHROMIUM_PATH: fake, FAKE_BROWSER_REPORT: reportFile });
      let browserPid = 0;
      try {
        await expect.poll(() => existsSync(reportFile), { timeout: 20_000 }).toBe(true);
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as FakeReport;
        browserPid = report.pid;
        // What any OS user reads: the browser's command line.
        const argv = readFileSync(`/proc/${browserPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        const link = new URL(report.link);
        const code = link.searchParams.get('once') ?? link.searchParams.get('token') ?? '';
        expect(code.length, 'the link the browser opened carries a code').toBeGreaterThan(20);
        const secret = report.setCookie?.split(';')[0]!.split('=')[1] ?? '';
        for (const arg of argv) {
          expect(arg, 'the one-time code on the command line').not.toContain(code);
          if (secret) expect(arg, 'the session secret on the command line').not.toContain(secret);
          expect(arg).not.toMatch(/token=|once=/);
        }
        const app = argv.find((a) => a.startsWith('--app='))!.slice('--app='.length);
        const opener = fileURLToPath(app);
        expect(opener.startsWith(`${empty}/`), opener).toBe(true);
        expect(report.mode, 'the opener file is the user\'s alone').toBe(0o600);
        expect(report).toMatchObject({ status: 303, location: '/', setCookie: expect.stringMatching(/HttpOnly; SameSite=Strict; Path=\//) });
        await expect.poll(() => existsSync(opener), { timeout: 5_000 }).toBe(false);
        // The code the file held is spent; the cookie the browser got opens the contract.
        expect((await get(Number(link.port), `${link.pathname}${link.search}`)).status).toBe(403);
        const ws = await openSocket({ port: Number(link.port), origin: link.origin }, report.setCookie!.split(';')[0]!);
        expect((await send(ws, { id: 1, channel: 'terminal.info', input: {} })).result).toMatchObject({ ok: false, error: { code: 'NOT_INITIALISED' } });
        ws.close();
        // The printed link is another, still unused one.
        expect(cli.url.href).not.toBe(link.href);
        expect(cli.out()).not.toContain(code);
        expect(await cli.stop()).toBe(0);
      } finally {
        if (browserPid) process.kill(browserPid, 'SIGKILL');
        if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      }
    }, 60_000);

    it('#6 the CLI prints a fresh one-time link for each line on its stdin and on SIGUSR2; each works once', async () => {
      const cli = await startCli(['--data', join(temp('counterfoil-web-cli-'), 'new'), '--port', '0', '--no-open', '--static', staticDir()]);
      try {
        // stderr is another pipe: its line may come just after the link on stdout.
        await expect.poll(() => cli.err()).toMatch(/press Enter here .*new login link/i);
        cli.child.stdin!.write('\n');
        const second = await cli.nextLink();
        cli.child.kill('SIGUSR2');
        const third = await cli.nextLink();
        const links = [cli.url.href, second, third];
        expect(new Set(links).size).toBe(3);
        const cookies = new Set<string>();
        for (const link of links) {
          cookies.add(await follow(link));
          const u = new URL(link);
          expect((await get(Number(u.port), `${u.pathname}${u.search}`)).status, 'a second use').toBe(403);
        }
        expect(cookies.size, 'one session per start').toBe(1);
        expect(cli.out().trim().split('\n')).toHaveLength(3);
        expect(await cli.stop()).toBe(0);
      } finally {
        if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      }
    }, 60_000);
  });
});

describe('issue 15 low: large or deeply nested WebSocket JSON is refused before parsing', () => {
  let tt: TestTerminal;
  let shell: WebShell;
  let cookie: string;

  beforeAll(async () => {
    tt = await makeTerminal();
    shell = await startWebShell({ dispatch: tt.dispatch, staticDir: staticDir() });
    cookie = await logIn(shell);
  });

  afterAll(async () => {
    await shell?.close();
    tt?.close();
  });

  /** A call whose input is `depth` nested arrays. */
  const nested = (id: number, channel: string, depth: number): string => `{"id":${id},"channel":"${channel}","input":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const refused = (id: number, detail: RegExp) => ({ id, result: { ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', params: { detail: expect.stringMatching(detail) } }) } });

  it('refuses 10 MB of [[[…]]], a call nested too deep or holding too many values with INVALID_INPUT; another client is answered meanwhile and the connection stays usable', async () => {
    const attacker = await openSocket(shell, cookie);
    const victim = await openSocket(shell, cookie);
    const refusals = answers(attacker, 5);
    attacker.send(nested(1, 'terminal.info', 5_000_000)); // 10 MB: larger than any call but a settlement file
    attacker.send(nested(2, 'terminal.info', 32)); // small, but 33 deep with the call around it
    attacker.send(nested(3, 'settlement.import', 5_000_000)); // as large as a settlement file may be, but deep
    attacker.send(`{"id":4,"channel":"settlement.import","input":[${'1,'.repeat(5_000_000)}1]}`); // 10 MB of values
    attacker.send(nested(5, 'terminal.info', 31)); // 32 deep: the shell passes it on, the core refuses the input
    const answered = await send(victim, { id: 1, channel: 'terminal.info', input: {} });
    expect(answered).toMatchObject({ id: 1, result: { ok: true, value: { terminalId: tt.t.id } } });
    const got = (await refusals).sort((a, b) => a.id - b.id);
    expect(got.slice(0, 4)).toEqual([
      refused(1, new RegExp(`too large.*${WS_MAX_CALL_BYTES}`)),
      refused(2, /nested more than 32 deep/),
      refused(3, /nested more than 32 deep/),
      refused(4, /more than 10000 values/),
    ]);
    expect(got[4]).toMatchObject({ id: 5, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(JSON.stringify(got[4]!.result)).not.toMatch(/nested|too large|values/);
    expect((await send(attacker, { id: 6, channel: 'terminal.info', input: {} })).result.ok).toBe(true);
    attacker.close();
    victim.close();
  }, 60_000);

  it('a call larger than the limit but for another channel under settlement.import\'s name is refused', async () => {
    const ws = await openSocket(shell, cookie);
    // A duplicate key: JSON.parse keeps the last, so the prefix alone must not grant the large limit.
    const pad = 'x'.repeat(WS_MAX_CALL_BYTES);
    const r = await send(ws, `{"id":7,"channel":"settlement.import","input":{"pad":"${pad}"},"channel":"terminal.info"}`);
    expect(r).toEqual(refused(7, /too large/));
    ws.close();
  });

  it('settlement.import still carries a 20 MiB CSV, even one whose JSON is larger than the CSV (quoted fields)', async () => {
    const ws = await openSocket(shell, cookie);
    const row = '"2026-11-26","UPI-1","1500"\r\n';
    const csv = `"date","reference","amount"\r\n${row.repeat(Math.floor((20 * 1024 * 1024 - 30) / row.length))}`;
    expect(csv.length).toBeLessThanOrEqual(20 * 1024 * 1024);
    const message = JSON.stringify({ id: 8, channel: 'settlement.import', input: { session: '0'.repeat(32), source: 'Bank', csv, date: '2026-11-26' } });
    expect(Buffer.byteLength(message), 'more than the 24 MiB frame the shell took before').toBeGreaterThan(24 * 1024 * 1024);
    const r = await send(ws, message);
    // It reached the core and its session check (an unknown session): nothing in the shell refused it.
    expect(r).toMatchObject({ id: 8, result: { ok: false, error: { code: 'SESSION_INVALID' } } });
    const supervisor = await send(ws, { id: 9, channel: 'auth.login', input: { user: SUPERVISOR.name, pin: SUPERVISOR.pin } });
    expect(supervisor.result.ok).toBe(true);
    ws.close();
  }, 60_000);
});

describe('issue 15 low: the static server does not follow symlinks out of the renderer folder', () => {
  const dispatch = async () => ({ ok: true as const, value: null });

  it('a symlink to /etc/passwd, or to a file or folder outside, answers 404; one to a file inside is served', async () => {
    const dir = staticDir();
    const outside = temp('counterfoil-web-outside-');
    writeFileSync(join(outside, 'secret.txt'), 'the terminal key');
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'assets', 'secret.js'));
    symlinkSync(outside, join(dir, 'outside'));
    symlinkSync(join(dir, 'assets', 'app.js'), join(dir, 'alias.js'));
    const shell = await startWebShell({ dispatch, staticDir: dir });
    try {
      for (const path of ['/passwd', '/assets/secret.js', '/outside/secret.txt']) {
        const r = await get(shell.port, path);
        expect(r.status, path).toBe(404);
        expect(r.body, path).not.toMatch(/root:|terminal key/);
      }
      const alias = await get(shell.port, '/alias.js');
      expect(alias.status).toBe(200);
      expect(alias.body).toBe('export {};\n');
    } finally {
      await shell.close();
    }
  });

  it('a static folder named through a symlink is served', async () => {
    const dir = staticDir();
    const link = join(temp('counterfoil-web-link-'), 'dist');
    symlinkSync(dir, link);
    const shell = await startWebShell({ dispatch, staticDir: link });
    try {
      expect((await get(shell.port, '/')).body).toBe(INDEX);
      expect((await get(shell.port, '/assets/app.js')).status).toBe(200);
    } finally {
      await shell.close();
    }
  });
});
