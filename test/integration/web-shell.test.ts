// The web shell (web-shell/): the contract over a loopback WebSocket that only the page it served
// can open (per-start token, exact Origin), its static server, and the CLI end to end with the
// demo terminal and the virtual printer as a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_MAX_MESSAGE_BYTES, WS_PATH } from '../../shared/web-shell-protocol.js';
import { startWebShell, type WebShell } from '../../web-shell/server.js';
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

function wsUrl(shell: { port: number }, token: string | null): string {
  return `ws://127.0.0.1:${shell.port}${WS_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

/** A connection as the page makes it: the token from the URL, the server's own Origin. */
function openSocket(shell: Pick<WebShell, 'port' | 'token' | 'origin'>): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl(shell, shell.token), { origin: shell.origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The HTTP status a refused connection gets; fails if the connection opens. */
function refusal(url: string, origin?: string): Promise<number> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
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

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web shell server', () => {
  let tt: TestTerminal;
  let shell: WebShell;
  let dir: string;

  beforeAll(async () => {
    tt = await makeTerminal();
    dir = staticDir();
    shell = await startWebShell({ dispatch: tt.dispatch, staticDir: dir });
  });

  afterAll(async () => {
    await shell?.close();
    tt?.close();
  });

  it('prints a loopback URL with a fresh 32-byte token', async () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${shell.token}`);
    expect(shell.origin).toBe(`http://127.0.0.1:${shell.port}`);
    expect(Buffer.from(shell.token, 'base64url')).toHaveLength(32);
    const other = await startWebShell({ dispatch: tt.dispatch, staticDir: dir });
    expect(other.token).not.toBe(shell.token);
    await other.close();
  });

  it('answers contract calls from the page it served', async () => {
    const ws = await openSocket(shell);
    const info = await send(ws, { id: 1, channel: 'terminal.info', input: {} });
    expect(info).toEqual({ id: 1, result: { ok: true, value: expect.objectContaining({ terminalId: tt.t.id, substation: 'SS042', counter: 'C1' }) } });
    const login = await send(ws, { id: 2, channel: 'auth.login', input: { user: 'asha', pin: '1111' } });
    expect(login.id).toBe(2);
    expect(login.result).toMatchObject({ ok: true, value: { user: 'asha', role: 'cashier' } });
    const session = (login.result as { value: { session: string } }).value.session;
    const shift = await send(ws, { id: 3, channel: 'shift.open', input: { session, openingFloatPaise: 200_000 } });
    expect(shift.result.ok, JSON.stringify(shift.result)).toBe(true);
    const wrong = await send(ws, { id: 4, channel: 'auth.login', input: { user: 'asha', pin: '0000' } });
    expect(wrong).toMatchObject({ id: 4, result: { ok: false, error: { code: expect.any(String) } } });
    ws.close();
  });

  it('refuses a connection without the token, with a wrong one or from another Origin', async () => {
    const wrongToken = Buffer.from(shell.token, 'base64url');
    wrongToken[0]! ^= 1;
    expect(await refusal(wsUrl(shell, null), shell.origin)).toBe(401);
    expect(await refusal(wsUrl(shell, ''), shell.origin)).toBe(401);
    expect(await refusal(wsUrl(shell, wrongToken.toString('base64url')), shell.origin)).toBe(401);
    expect(await refusal(wsUrl(shell, shell.token.slice(0, -1)), shell.origin)).toBe(401);
    expect(await refusal(wsUrl(shell, `${shell.token}A`), shell.origin)).toBe(401);
    expect(await refusal(wsUrl(shell, shell.token))).toBe(403); // no Origin at all
    expect(await refusal(wsUrl(shell, shell.token), 'http://evil.example')).toBe(403);
    expect(await refusal(wsUrl(shell, shell.token), `http://127.0.0.1:${shell.port === 65535 ? 1 : shell.port + 1}`)).toBe(403);
    expect(await refusal(wsUrl(shell, shell.token), `http://localhost:${shell.port}`)).toBe(403);
    expect(await refusal(wsUrl(shell, shell.token), 'null')).toBe(403);
    expect(await refusal(`ws://127.0.0.1:${shell.port}/other?token=${shell.token}`, shell.origin)).toBe(404);
    // The refused attempts reached nothing: a good connection still works.
    const ws = await openSocket(shell);
    expect((await send(ws, { id: 9, channel: 'terminal.info', input: {} })).result.ok).toBe(true);
    ws.close();
  });

  it('answers a malformed message with an error and keeps the connection', async () => {
    const ws = await openSocket(shell);
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
    const badInput = await send(ws, { id: 7, channel: 'auth.login', input: { user: 'asha' } });
    expect(badInput).toMatchObject({ id: 7, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    const good = await send(ws, { id: 8, channel: 'terminal.info', input: {} });
    expect(good).toMatchObject({ id: 8, result: { ok: true, value: { terminalId: tt.t.id } } });
    ws.close();
  });

  it('closes the connection on an oversized message (1009) or a binary frame (1003)', async () => {
    const big = await openSocket(shell);
    const bigClosed = closeCode(big);
    big.send(JSON.stringify({ id: 1, channel: 'terminal.info', input: { pad: 'x'.repeat(WS_MAX_MESSAGE_BYTES) } }));
    expect(await bigClosed).toBe(1009);
    const binary = await openSocket(shell);
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
    expect((await get(shell.port, '/assets/app.js', 'HEAD')).status).toBe(200);

    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/../../../etc/passwd', '/assets', '/missing.js', '/%E0%A4%A', '/index.html%00.js']) {
      const r = await get(shell.port, path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('root:');
      expect(r.headers['content-security-policy'], path).toBe(csp);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await get(shell.port, '/', method);
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
  });

  it('listens on loopback only', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost']) {
      await expect(startWebShell({ dispatch: tt.dispatch, staticDir: dir, host })).rejects.toThrow(/loopback/);
    }
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

  /** Starts the CLI and waits for its one line; `stop()` sends SIGTERM and resolves with the exit code. */
  async function startCli(args: string[]): Promise<{ child: ChildProcess; url: URL; out: () => string; err: () => string; stop(): Promise<number | null> }> {
    const child = spawn(process.execPath, tsxArgs(args), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Counterfoil web shell: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})\n/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`web shell exited ${code}: ${err}`)));
    });
    return {
      child, url: new URL(url), out: () => out, err: () => err,
      stop: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
  }

  const socketFor = (url: URL) => openSocket({ port: Number(url.port), token: url.searchParams.get('token')!, origin: url.origin });
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
});
