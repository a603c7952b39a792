// The window's security decisions (DESIGN §8) as plain values and functions, so they are tested
// under plain Node; window.ts applies them to Electron (and holds the webPreferences literally,
// where Electronegativity can read them). The renderer is served from app://counterfoil
// only: no remote content, no navigation or new window elsewhere, no permission granted.
export const APP_SCHEME = 'app';
export const APP_HOST = 'counterfoil';
/** As electron/main/ipc.ts compares it: scheme and host (URL.origin is "null" for custom schemes). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** On every app:// response. 'self' is app://counterfoil; data: only for the receipt preview image. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** True for a URL on the app's own origin (no user info, no other host or scheme). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** will-navigate, will-redirect, will-frame-navigate: only within the app. */
export const isAllowedNavigation = (url: string): boolean => isAppUrl(url);

/**
 * Requests the session lets through: the app's own files and data: images. Everything else
 * (http, https, ws, file, ftp…) is cancelled before it leaves, whatever the CSP says.
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url) || isAllowedDownload(url)) return true;
  try {
    const protocol = new URL(url).protocol;
    // devtools: only exists while DevTools are open, which a packaged build does not allow.
    return protocol === 'data:' || protocol === 'devtools:';
  } catch {
    return false;
  }
}

/**
 * Downloads the session lets through: only files the app itself made in the page (the day
 * view's exports and their manifests, as blob: URLs of the app's origin), each behind the OS
 * save dialog. A download of anything else is cancelled.
 */
export function isAllowedDownload(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`) && !/[\s@]/.test(url);
}

/** No permission (camera, notifications, clipboard, serial, HID…) is ever granted to a page. */
export const permissionGranted = (_permission: string): boolean => false;

/** setWindowOpenHandler: no new windows, popups or target=_blank, ever. */
export const windowOpenDecision = (): { action: 'deny' } => ({ action: 'deny' });
