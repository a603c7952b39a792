// The console API as a test states it: fetch replaced by a table of "METHOD /path" → answer, so
// the console's own client (the only module that calls fetch) runs as it does in a browser. Every
// request is kept, for a test to check what was (or was not) sent.
import { vi } from 'vitest';
import { ROLE_CAPABILITIES, type Me, type Role } from '../../shared/console-api.js';
import { useSession } from '../../console/app/session.js';
import { useLang } from '../../console/i18n/lang.js';

export interface Answer {
  status?: number;
  json: unknown;
}
export type Routes = Record<string, Answer | ((body: unknown) => Answer)>;
export interface Sent {
  method: string;
  path: string;
  body: unknown;
}

export function fakeServer(routes: Routes): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = url.replace(/^\/console\/api/, '');
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    sent.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    const answer = typeof route === 'function' ? route(body) : route ?? { status: 404, json: { error: 'not_found', message: `no route ${method} ${path}` } };
    return new Response(JSON.stringify(answer.json), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}

export const meOf = (role: Role, name = `${role}1`): Me => ({ name, role, capabilities: [...ROLE_CAPABILITIES[role]], idleMinutes: 15 });

/** Fresh stores for each test: nobody signed in, English. */
export function resetConsole(): void {
  useSession.setState({ phase: 'starting', me: null, screen: 'census', notice: null, endedIdleMinutes: null, setupToken: null });
  useLang.setState({ lang: 'en' });
  localStorage.clear();
  history.replaceState(null, '', '/console/');
}
