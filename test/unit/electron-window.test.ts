// The hardened window's decisions under plain Node (DESIGN §8): what may be navigated to or
// requested, the CSP, the app:// file server (path traversal refused, headers on every answer), and
// what window.ts hands Electron, read through a stand-in for the electron module.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveAppPath, serveAppRequest } from '../../electron/main/app-protocol.js';
import { contentTypeOf } from '../../core/host/renderer-files.js';
import {
  APP_ORIGIN, APP_START_URL, CONTENT_SECURITY_POLICY, isAllowedNavigation, isAllowedRequest, permissionGranted, windowOpenDecision,
} from '../../electron/main/security.js';
import { createMainWindow, hardenSession, hardenWebContents, registerAppScheme } from '../../electron/main/window.js';
import { fake, fakeEvent, resetFakeElectron } from '../support/fake-electron.js';
import { tempDir } from '../support/terminal.js';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).electron);

const root = tempDir('counterfoil-app-scheme-');
const dist = join(root, 'dist');
beforeAll(() => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  symlinkSync(join(root, 'secret.txt'), join(dist, 'assets', 'link.txt'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('navigation and requests', () => {
  it('allows navigation within app://counterfoil only', () => {
    expect(APP_ORIGIN).toBe('app://counterfoil');
    expect(isAllowedNavigation(APP_START_URL)).toBe(true);
    expect(isAllowedNavigation('app://counterfoil/other.html#x')).toBe(true);
    for (const url of [
      'https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/index.html', 'app://counterfoil.evil/',
      'app://user:pw@counterfoil/index.html', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'about:blank', 'not a url', '',
    ]) expect([url, isAllowedNavigation(url)]).toEqual([url, false]);
  });

  it('lets the session fetch the app’s files and data: images, and cancels everything remote', () => {
    expect(isAllowedRequest('app://counterfoil/assets/app.js')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:8480/v1/verify', 'ws://127.0.0.1:1/ws', 'file:///etc/passwd', 'ftp://x/']) {
      expect([url, isAllowedRequest(url)]).toEqual([url, false]);
    }
  });

  it('grants no permission and opens no window', () => {
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'serial', 'hid', 'fullscreen']) {
      expect(permissionGranted(p)).toBe(false);
    }
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('has the strict CSP: self only, no inline script, no objects, no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self'", 'img-src': "'self' data:", 'connect-src': "'self'",
      'object-src': "'none'", 'base-uri': "'none'", 'form-action': "'none'", 'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|http/);
  });
});

describe('app:// file server', () => {
  it('maps app://counterfoil paths into the build and refuses anything outside it', () => {
    expect(resolveAppPath(dist, 'app://counterfoil/')).toBe(join(dist, 'index.html'));
    expect(resolveAppPath(dist, 'app://counterfoil/assets/app.js?v=1')).toBe(join(dist, 'assets', 'app.js'));
    for (const url of [
      'app://counterfoil/../secret.txt', 'app://counterfoil/%2e%2e/secret.txt', 'app://counterfoil/assets/%2e%2e%2f..%2fsecret.txt',
      'app://counterfoil/..%5c..%5csecret.txt', 'app://counterfoil/%00index.html', 'app://counterfoil/%E0%A4%A', 'app://other/index.html',
      'https://counterfoil/index.html',
    ]) {
      const p = resolveAppPath(dist, url);
      expect([url, p === null || p.startsWith(dist + '/')]).toEqual([url, true]);
    }
    // The URL parser removes plain dot segments; encoded slashes survive it and are caught here.
    expect(resolveAppPath(dist, 'app://counterfoil/%2e%2e/secret.txt')).toBe(join(dist, 'secret.txt'));
    expect(resolveAppPath(dist, 'app://counterfoil/assets/%2e%2e%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(dist, 'app://counterfoil/%00index.html')).toBeNull();
    expect(contentTypeOf('x.js')).toBe('text/javascript; charset=utf-8');
  });

  it('serves the build with the CSP and security headers on every answer, errors included', async () => {
    const ok = await serveAppRequest(dist, new Request('app://counterfoil/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await ok.text()).toMatch(/<title>t<\/title>/);
    const js = await serveAppRequest(dist, new Request('app://counterfoil/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const answers = [
      ok, js,
      await serveAppRequest(dist, new Request('app://counterfoil/../secret.txt')),
      await serveAppRequest(dist, new Request('app://counterfoil/assets/link.txt')), // a symlink out of the build
      await serveAppRequest(dist, new Request('app://counterfoil/missing.js')),
      await serveAppRequest(dist, new Request('app://counterfoil/assets')), // a folder
      await serveAppRequest(dist, new Request('app://counterfoil/index.html', { method: 'POST', body: 'x' })),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 404, 404, 404, 405]);
    for (const a of answers) {
      expect(a.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await answers[3]!.text()).not.toMatch(/outside/);
  });
});

describe('what window.ts hands Electron', () => {
  it('registers app:// as a standard, secure scheme', () => {
    resetFakeElectron();
    registerAppScheme();
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('makes the window isolated, sandboxed, without Node, with the preload, on app://counterfoil', () => {
    resetFakeElectron();
    const win = createMainWindow('/x/out/preload/index.cjs');
    const prefs = (win as unknown as { options: { webPreferences: Record<string, unknown> } }).options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, spellcheck: false, experimentalFeatures: false,
      preload: '/x/out/preload/index.cjs',
    });
    expect(fake.windows[0]!.loadedUrl).toBe(APP_START_URL);
  });

  it('refuses navigation, redirects and frames off the app, new windows and webviews on every webContents', () => {
    resetFakeElectron();
    const win = createMainWindow('/p.cjs');
    hardenWebContents(win.webContents as never);
    const wc = fake.windows[0]!.webContents;
    const nav = (name: string, url: string) => {
      const e = fakeEvent({ url });
      wc.emit(name, e, url);
      return e.defaultPrevented;
    };
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect([name, nav(name, 'https://evil.example/'), nav(name, 'app://counterfoil/index.html')]).toEqual([name, true, false]);
    }
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'app://counterfoil/index.html' })).toEqual({ action: 'deny' });
  });

  it('serves app:// from the build, cancels remote requests and denies permissions in the session', async () => {
    resetFakeElectron();
    const { electron } = await import('../support/fake-electron.js');
    hardenSession(electron.session.defaultSession as never, dist);
    const res = await fake.protocolHandlers.get('app')!(new Request('app://counterfoil/index.html'));
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const cancel = (url: string) => new Promise<boolean>((r) => fake.beforeRequest!({ url }, (x) => r(x.cancel)));
    expect(await cancel('https://example.com/')).toBe(true);
    expect(await cancel('app://counterfoil/index.html')).toBe(false);
    expect(await new Promise((r) => fake.permissionRequest!({}, 'media', r))).toBe(false);
    expect(fake.permissionCheck!({}, 'clipboard-read')).toBe(false);
    expect(fake.devicePermission!({})).toBe(false);
    // Only the app's own exports (blob: URLs of app://counterfoil) download, behind a save dialog.
    const item = (url: string) => ({ getURL: () => url, getFilename: () => 'day.csv', dialog: null as unknown, setSaveDialogOptions(o: unknown) { this.dialog = o; } });
    for (const url of ['https://example.com/x.exe', 'blob:https://example.com/1', 'file:///etc/passwd', 'blob:app://counterfoil.evil/1']) {
      const download = fakeEvent();
      fake.sessionEvents.emit('will-download', download, item(url));
      expect(download.defaultPrevented, url).toBe(true);
    }
    const ours = fakeEvent();
    const export_ = item('blob:app://counterfoil/6f1c2a1e-7d7b-4a51-9f0e-1a2b3c4d5e6f');
    fake.sessionEvents.emit('will-download', ours, export_);
    expect(ours.defaultPrevented).toBe(false);
    expect(export_.dialog).toEqual({ title: 'Save export', defaultPath: 'day.csv' });
  });
});
