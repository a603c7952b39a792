// The console API as a test states it: fetch (and XMLHttpRequest, which the client uploads with)
// replaced by a table of "METHOD /path" → answer, so the console's own client (the only module that
// calls either) runs as it does in a browser. Every request is kept, for a test to check what was
// (or was not) sent; an upload's body is kept as the names of the files it carried.
import { vi } from 'vitest';
import { ROLE_CAPABILITIES, type Me, type Role } from '../../shared/console-api.js';
import { useSession } from '../../console/app/session.js';
import { freshMoney, useMoney } from '../../console/features/money/money-store.js';
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
  vi.stubGlobal('XMLHttpRequest', class FakeXhr {
    readonly upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    withCredentials = false;
    status = 0;
    statusText = '';
    responseText = '';
    private method = 'GET';
    private url = '';
    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(): void {}
    send(body: FormData): void {
      const files = [...body.entries()].map(([field, v]) => ({ field, name: typeof v === 'string' ? v : v.name, size: typeof v === 'string' ? v.length : v.size }));
      const path = this.url.replace(/^\/console\/api/, '');
      sent.push({ method: this.method, path, body: files });
      const total = files.reduce((n, f) => n + f.size, 0);
      // Progress in two steps, each a task of its own, as a browser reports a slow upload; then the answer.
      const steps = uploadSteps.length ? uploadSteps : [0.5, 1];
      let at = 0;
      const next = () => {
        if (at < steps.length) {
          this.upload.onprogress?.({ loaded: Math.round(total * steps[at++]!), total, lengthComputable: true });
          setTimeout(next, uploadStepMs);
          return;
        }
        const route = routes[`${this.method} ${path}`];
        const answer = typeof route === 'function' ? route(files) : route ?? { status: 404, json: { error: 'not_found', message: `no route ${this.method} ${path}` } };
        this.status = answer.status ?? 200;
        this.responseText = JSON.stringify(answer.json);
        this.onload?.();
      };
      setTimeout(next, uploadStepMs);
    }
  });
  return sent;
}

let uploadSteps: number[] = [];
let uploadStepMs = 0;
/** How an upload's progress is reported: the fractions sent at each step, and the time between. */
export function uploadPace(steps: number[], ms: number): void {
  uploadSteps = steps;
  uploadStepMs = ms;
}

export const meOf = (role: Role, name = `${role}1`): Me => ({ name, role, capabilities: [...ROLE_CAPABILITIES[role]], idleMinutes: 15 });

/** Fresh stores for each test: nobody signed in, English. */
export function resetConsole(): void {
  useSession.setState({ phase: 'starting', me: null, screen: 'census', notice: null, endedIdleMinutes: null, setupToken: null });
  useLang.setState({ lang: 'en' });
  useMoney.setState(freshMoney());
  localStorage.clear();
  history.replaceState(null, '', '/console/');
}
