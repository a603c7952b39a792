// The Electron host's IPC layer, run under plain Node with stand-ins for ipcMain and ipcRenderer
// (it imports only types from electron, so no Electron binary is needed).
import { describe, expect, it } from 'vitest';
import { registerContract } from '../../electron/main/ipc.js';
import { createBridge } from '../../electron/preload/bridge.js';
import { CHANNELS, ipcChannel, type Result } from '../../shared/contract.js';

type Handler = (event: unknown, input: unknown) => Promise<Result<unknown>> | Result<unknown>;

function fakeHost() {
  const handlers = new Map<string, Handler>();
  const calls: [string, unknown][] = [];
  registerContract(
    { handle: (name: string, h: Handler) => void handlers.set(name, h) } as never,
    async (channel, input) => {
      calls.push([channel, input]);
      return { ok: true, value: 'handled' };
    },
    'app://counterfoil',
  );
  return { handlers, calls };
}

const mainFrame = { url: 'app://counterfoil/index.html' };
const event = (frame: { url: string } | null, main = mainFrame) => ({ senderFrame: frame, sender: { mainFrame: main } });

describe('Electron IPC', () => {
  it('registers exactly the contract’s channels', () => {
    expect([...fakeHost().handlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannel).sort());
  });

  it('passes calls from the app’s main frame to the core', async () => {
    const { handlers, calls } = fakeHost();
    const r = await handlers.get('counterfoil:terminal.info')!(event(mainFrame), {});
    expect(r).toEqual({ ok: true, value: 'handled' });
    expect(calls).toEqual([['terminal.info', {}]]);
  });

  it('refuses a sub-frame, a foreign origin or a missing frame, without reaching the core', async () => {
    const { handlers, calls } = fakeHost();
    const h = handlers.get('counterfoil:payment.record')!;
    for (const e of [
      event({ url: 'app://counterfoil/index.html' }), // same URL, but not the main frame
      event({ url: 'https://evil.example/' }, { url: 'https://evil.example/' }),
      event(null),
    ]) {
      const r = await h(e as never, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_CALLER' } });
    }
    const navigated = { url: 'https://evil.example/' };
    expect(await h(event(navigated, navigated), {})).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('derives the preload bridge from the contract', async () => {
    const invoked: [string, unknown][] = [];
    const api = createBridge({ invoke: async (name: string, input: unknown) => (invoked.push([name, input]), { ok: true, value: 1 }) } as never);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    await api['consumer.search']({ session: 'a'.repeat(32), query: 'sharma' });
    expect(invoked).toEqual([['counterfoil:consumer.search', { session: 'a'.repeat(32), query: 'sharma' }]]);
  });
});
