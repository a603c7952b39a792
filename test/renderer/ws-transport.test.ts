// @vitest-environment jsdom
// The web shell's transport in the page (renderer/api/ws-transport.ts): it holds no secret (the
// browser sends the session cookie), and a socket that will not open is told apart: no session
// (a new login link is needed) or no shell.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWsTransport } from '../../renderer/api/ws-transport.js';

/** A WebSocket that never opens: the handshake refused (401) or nobody listening look the same. */
class RefusedSocket {
  static readonly OPEN = 1;
  static urls: string[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  constructor(url: string) {
    RefusedSocket.urls.push(url);
    setTimeout(() => {
      this.onerror?.();
      this.onclose?.();
    }, 0);
  }
  send(): void {
    throw new Error('not open');
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  RefusedSocket.urls = [];
});

describe('issue 15 #6: the page holds no secret and says when it needs a new login link', () => {
  it('opens ws://HOST/ws with nothing in the URL, and a refused socket with no session answers WEB_SHELL_LOGGED_OUT', async () => {
    vi.stubGlobal('WebSocket', RefusedSocket);
    const fetch = vi.fn(async () => ({ status: 401 }));
    vi.stubGlobal('fetch', fetch);
    const r = await createWsTransport()('terminal.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'WEB_SHELL_LOGGED_OUT' } });
    expect(RefusedSocket.urls).toEqual([`ws://${window.location.host}/ws`]);
    expect(fetch).toHaveBeenCalledWith('/session', { cache: 'no-store' });
  });

  it('a refused socket with the session still good, or no shell at all, answers that the service is not answering', async () => {
    vi.stubGlobal('WebSocket', RefusedSocket);
    vi.stubGlobal('fetch', vi.fn(async () => ({ status: 204 })));
    expect(await createWsTransport()('terminal.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', params: { detail: expect.stringMatching(/not answering/) } } });
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await createWsTransport()('terminal.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', params: { detail: expect.stringMatching(/not answering/) } } });
  });
});
