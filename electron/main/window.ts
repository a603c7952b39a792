// The hardened window (DESIGN §8): the decisions are in security.ts; this file applies them to
// Electron. The renderer comes only from app://counterfoil (protocol.handle over renderer/dist);
// every webContents refuses navigation off the app, new windows and <webview>; the session cancels
// any other request and grants no permission.
import { app, BrowserWindow, protocol, type Session, type WebContents } from 'electron';
import { serveAppRequest } from './app-protocol.js';
import {
  APP_SCHEME, APP_START_URL, isAllowedDownload, isAllowedNavigation, isAllowedRequest, permissionGranted, windowOpenDecision,
} from './security.js';

/**
 * Must run before the app is ready: app:// gets an origin of its own and counts as secure. No
 * corsEnabled: the renderer's module scripts are same-origin, and without it no other origin can
 * read app:// (Electron 41 rejects cross-origin CORS-mode requests to such a scheme).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The session's rules: the app's files, nothing remote, no permission, no download. */
export function hardenSession(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionGranted(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionGranted(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getURL())) event.preventDefault();
    else item.setSaveDialogOptions({ title: 'Save export', defaultPath: item.getFilename() });
  });
}

/** For every webContents the app makes (app.on('web-contents-created')). */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(windowOpenDecision);
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Counterfoil',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click would ask for a new window (refused anyway by setWindowOpenHandler).
      disableBlinkFeatures: 'Auxclick',
      preload,
      // DevTools only when run from the repository, never in a packaged build.
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}
