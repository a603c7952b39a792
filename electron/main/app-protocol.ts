// app://counterfoil/… answered from the renderer's build (renderer/dist): protocol.handle's
// handler, written against the WHATWG Request/Response that Node has too, so it is tested without
// Electron. Only files inside the build folder are served (no "..", no symlink out of it); every
// answer, errors included, carries the CSP and the other security headers.
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentTypeOf } from '../../core/host/renderer-files.js';
import { isAppUrl, SECURITY_HEADERS } from './security.js';


/** The path an app:// URL names inside root, or null (another origin, undecodable, outside root). */
export function resolveAppPath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' || path === '' ? '/index.html' : path}`);
  return file.startsWith(base + sep) ? file : null;
}

function answer(status: number, body: ConstructorParameters<typeof Response>[0], headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', ...headers } });
}

/** Answers one request to app://counterfoil from the files under root. */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, null, { Allow: 'GET, HEAD' });
  const file = resolveAppPath(root, request.url);
  if (!file) return answer(404, 'not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
  try {
    // A symlink inside the build must not lead out of it.
    const [real, realRoot] = await Promise.all([realpath(file), realpath(resolve(root))]);
    if (!real.startsWith(realRoot + sep) || !(await stat(real)).isFile()) throw new Error('not a file in the build');
    const body = await readFile(real);
    const type = contentTypeOf(real);
    const cache: Record<string, string> = type.startsWith('text/html') ? {} : { 'Cache-Control': 'no-cache' };
    return answer(200, request.method === 'HEAD' ? null : body, { 'Content-Type': type, 'Content-Length': String(body.length), ...cache });
  } catch {
    return answer(404, 'not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
  }
}
