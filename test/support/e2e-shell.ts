// What a browser suite needs around the real product: the renderer bundle built from the source
// now, a local upstream, the web shell (--demo: demo users, consumers, the virtual printer) on
// loopback, screenshots and axe. Each suite builds into its own folder, so suites running side by
// side never serve a bundle another one is rewriting.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { DEMO_USERS } from '../../shared/demo-data.js';
import { WS_PATH } from '../../shared/web-shell-protocol.js';
import { buildServer } from '../../upstream/server.js';
import { launchChromium } from './browser.js';
import type { Sql } from '../../upstream/store.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');
export const COMMITTED = join(ROOT, 'docs', 'screenshots');

/** Builds renderer/ into outDir; the error output when the build fails. */
export function buildRenderer(outDir: string): { ok: boolean; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'tools', 'build', 'renderer.vite.config.mjs'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { ok: r.status === 0, stderr: r.stderr };
}

/** Builds console/ into outDir (the central console, served by the upstream from its consoleDir). */
export function buildConsole(outDir: string): { ok: boolean; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'tools', 'build', 'console.vite.config.mjs'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { ok: r.status === 0, stderr: r.stderr };
}

/** The reference upstream on 127.0.0.1 (port 0: any free one); returns the server and its port. */
export async function startUpstream(sql: Sql, port = 0): Promise<{ server: FastifyInstance; port: number }> {
  const server = await buildServer(sql);
  const url = await server.listen({ port, host: '127.0.0.1' });
  return { server, port: Number(new URL(url).port) };
}

export interface WebShell {
  child: ChildProcess;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** A fresh one-time login link: the shell prints one for each line on its stdin (Enter in its window). */
  loginLink(): Promise<string>;
  /** The session cookie (`name=value`) a logged-in page holds, got once through a login link. */
  cookie(): Promise<string>;
  stop(): Promise<void>;
}

/** The line the shell prints for each login link it mints. */
const LINK_LINE = /^Counterfoil web shell: (http:\/\/127\.0\.0\.1:\d+\/login\?once=[A-Za-z0-9_-]+)$/;

/**
 * `web-shell/main.ts` on dataDir serving staticDir: with --demo (the default) the demo terminal,
 * enrolled with the upstream by code when both are given; without, first-run set-up.
 */
export function startWebShell(opts: { dataDir: string; staticDir: string; demo?: boolean; upstreamUrl?: string; code?: string }): Promise<WebShell> {
  const child = spawn(process.execPath, [
    '--import', 'tsx', join(ROOT, 'web-shell', 'main.ts'), '--data', opts.dataDir, ...(opts.demo === false ? [] : ['--demo']), '--port', '0', '--no-open',
    '--static', opts.staticDir, ...(opts.upstreamUrl !== undefined && opts.code !== undefined ? ['--upstream', opts.upstreamUrl, '--code', opts.code] : []),
  ], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (c) => reject(new Error(`web shell exited ${c}: ${err}`))));
  exited.catch(() => undefined);
  // Links printed and not yet taken; takers waiting for the next one.
  const printed: string[] = [];
  const takers: ((link: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const link = LINK_LINE.exec(line)?.[1];
    if (!link) return;
    const taker = takers.shift();
    if (taker) taker(link);
    else printed.push(link);
  });
  const next = (): Promise<string> => (printed.length ? Promise.resolve(printed.shift()!) : Promise.race([exited, new Promise<string>((r) => takers.push(r))]));
  // Each a fresh one (the link printed at start may have expired by the time a suite logs in).
  const loginLink = (): Promise<string> => {
    child.stdin!.write('\n'); // Enter: the shell prints a fresh link
    return next();
  };
  let cookie: Promise<string> | null = null;
  return next().then((first) => ({
    child, origin: new URL(first).origin, loginLink, stop,
    cookie: () => (cookie ??= loginLink().then(cookieFrom)),
  }));
}

/** Follows a login link without following its redirect: the session cookie it sets, `name=value`. */
function cookieFrom(link: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(link, (res) => {
      res.resume();
      const set = res.headers['set-cookie']?.[0];
      if (res.statusCode !== 303 || !set) reject(new Error(`the login link answered ${res.statusCode} without a cookie`));
      else resolve(set.split(';')[0]!);
    }).on('error', reject);
  });
}

/** Opens the shell in the page as a person does: through a fresh one-time link, landing on /. */
export async function openShell(page: Page, shell: WebShell): Promise<void> {
  await page.goto(await shell.loginLink());
  if (page.url() !== `${shell.origin}/`) throw new Error(`the login link led to ${page.url()}, not ${shell.origin}/`);
}

/** A contract call over the shell's own WebSocket, as the page makes it (its cookie, its Origin). */
export async function shellCall(shell: WebShell, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const ws = new WebSocket(`${shell.origin.replace(/^http/, 'ws')}${WS_PATH}`, { origin: shell.origin, headers: { Cookie: await shell.cookie() } });
  return new Promise((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, channel, input })));
    ws.on('message', (m) => {
      resolve((JSON.parse(String(m)) as { result: { ok: boolean; value?: unknown; error?: { code: string } } }).result);
      ws.close();
    });
    ws.on('error', reject);
  });
}

/** A session of a demo user over the shell's WebSocket, for a test's own reads (the page has its own). */
export async function shellSession(shell: WebShell, user: (typeof DEMO_USERS)[number]['name']): Promise<string> {
  const pin = DEMO_USERS.find((u) => u.name === user)!.pin;
  const r = await shellCall(shell, 'auth.login', { user, pin });
  if (!r.ok) throw new Error(`log-in of ${user} failed: ${JSON.stringify(r.error)}`);
  return (r.value as { session: string }).session;
}

/**
 * The page as it looks now, in test-results/e2e/; with commit and UPDATE_SCREENSHOTS=1 also in
 * docs/screenshots/. fullPage takes what scrolls below the window too.
 */
export async function screenshot(page: Page, name: string, opts: { commit?: boolean; fullPage?: boolean } = {}): Promise<void> {
  const { commit = false, fullPage = false } = opts;
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  if (commit && process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(COMMITTED, { recursive: true });
    copyFileSync(file, join(COMMITTED, `${name}.png`));
  }
}

/** axe's serious and critical violations on the page, one line each (empty when there are none). */
export async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export interface OfflineShell {
  shell: WebShell;
  browser: Browser;
  page: Page;
  /** Closes the browser, stops the shell and removes the folder. */
  close(): Promise<void>;
}

/**
 * A suite's own product, offline: the renderer built into `dir`, the web shell (--demo) on it with
 * an upstream that is not there (as a counter often starts), Chromium with one page.
 */
export async function offlineShell(dir: string, viewport: { width: number; height: number }): Promise<OfflineShell> {
  const build = buildRenderer(join(dir, 'dist'));
  if (!build.ok) throw new Error(`renderer build failed: ${build.stderr}`);
  const shell = await startWebShell({ dataDir: join(dir, 'terminal'), staticDir: join(dir, 'dist'), upstreamUrl: 'http://127.0.0.1:1', code: 'ABCD-EFGH-JKLM' });
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
  return {
    shell, browser, page,
    async close() {
      await browser.close();
      await shell.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in from the login screen (Enter on the PIN) and opens the shift with no float. */
export async function logInAndOpenShift(page: Page, user: string, pin: string): Promise<void> {
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="pin"]').fill(pin);
  await page.locator('input[name="pin"]').press('Enter');
  await page.locator('input[name="float"]').press('Enter');
  await page.locator('#consumer-search').waitFor();
}

/**
 * The counter's confirm step, shown and ready for its own Enter: the record button takes a press
 * only once Enter is up and the step has been seen for a moment (renderer/app/fresh-press.ts).
 */
export async function confirmArmed(page: Page): Promise<void> {
  await page.locator('[data-testid="confirm-record"][data-armed="true"]').waitFor();
}
