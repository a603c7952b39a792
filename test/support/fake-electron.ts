// A stand-in for the parts of Electron the desktop host uses, for tests under plain Node
// (`vi.mock('electron', …)`). It records what the host asks for and lets a test play Electron's
// part: become ready, send an IPC call, request app://… through the registered handler, quit.
// It proves the host's wiring and decisions, not Electron's behaviour: that is for
// test/e2e-electron, where a binary exists.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Listener = (...args: any[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(name, (this.listeners.get(name) ?? []).filter((f) => f !== wrapped));
      return fn(...args);
    };
    return this.on(name, wrapped);
  }
  emit(name: string, ...args: unknown[]): boolean {
    const fns = this.listeners.get(name) ?? [];
    for (const fn of fns) fn(...args);
    return fns.length > 0;
  }
  listenerCount(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }
}

/** An event whose preventDefault is observable. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { preventDefault(): void; defaultPrevented: boolean } {
  const e = { ...extra, defaultPrevented: false, preventDefault: () => void (e.defaultPrevented = true) };
  return e;
}

/**
 * safeStorage over AES-256-GCM with a key of its own: tampering makes decryptString throw, and
 * another instance (another user or machine) cannot read what this one sealed.
 */
export function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}) {
  const key = randomBytes(32);
  return {
    available: opts.available ?? true,
    backend: opts.backend ?? 'gnome_libsecret',
    isEncryptionAvailable() {
      return this.available;
    },
    getSelectedStorageBackend() {
      return this.backend;
    },
    encryptString(plain: string): Buffer {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
    },
    decryptString(enc: Buffer): string {
      if (enc.subarray(0, 3).toString() !== 'v10' || enc.length < 31) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const d = createDecipheriv('aes-256-gcm', key, enc.subarray(3, 15));
      d.setAuthTag(enc.subarray(15, 31));
      try {
        return Buffer.concat([d.update(enc.subarray(31)), d.final()]).toString('utf8');
      } catch {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
    },
  };
}

class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  readonly mainFrame = { url: '' };
  setWindowOpenHandler(fn: (details: unknown) => unknown): void {
    this.windowOpenHandler = fn;
  }
}

function makeState() {
  let becomeReady!: () => void;
  const ready = new Promise<void>((r) => (becomeReady = r));
  return {
    isReady: false,
    ready,
    becomeReady,
    lockAvailable: true,
    paths: new Map<string, string>([['userData', '/nonexistent/fake-electron-user-data']]),
    schemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
    sandboxEnabled: false,
    applicationMenu: undefined as unknown,
    protocolHandlers: new Map<string, (req: Request) => Promise<Response> | Response>(),
    beforeRequest: null as null | ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    permissionCheck: null as null | ((wc: unknown, permission: string) => boolean),
    devicePermission: null as null | ((details: unknown) => boolean),
    sessionEvents: new Emitter(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as FakeBrowserWindow[],
    errorBoxes: [] as { title: string; content: string }[],
    exitCode: null as number | null,
    quitCalls: 0,
    quitCompleted: false,
    safeStorage: fakeSafeStorage(),
  };
}

export let fake = makeState();

/** A fresh Electron for each test: a new app, session, ipcMain and key store. */
export function resetFakeElectron(): typeof fake {
  fake = makeState();
  app = makeApp();
  return fake;
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  minimized = false;
  focused = 0;
  shown = 0;
  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    fake.windows.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
}

function makeApp() {
  const a = new Emitter() as Emitter & Record<string, unknown>;
  return Object.assign(a, {
    isPackaged: false,
    name: 'Electron',
    setName: (n: string) => void (a.name = n),
    enableSandbox: () => void (fake.sandboxEnabled = true),
    getPath: (name: string) => fake.paths.get(name) ?? `/nonexistent/${name}`,
    setPath: (name: string, p: string) => {
      if (fake.isReady) throw new Error('fake electron: setPath for userData belongs before ready');
      fake.paths.set(name, p);
    },
    getAppPath: () => '/nonexistent/app-path',
    requestSingleInstanceLock: () => fake.lockAvailable,
    whenReady: () => fake.ready.then(() => void (fake.isReady = true)),
    isReady: () => fake.isReady,
    exit: (code = 0) => void (fake.exitCode = code),
    quit: () => {
      fake.quitCalls++;
      const e = fakeEvent();
      a.emit('will-quit', e);
      if (!e.defaultPrevented) fake.quitCompleted = true;
    },
  });
}

export let app = makeApp();

export const electron = {
  get app() {
    return app;
  },
  BrowserWindow: FakeBrowserWindow,
  protocol: {
    registerSchemesAsPrivileged(list: { scheme: string; privileges: Record<string, boolean> }[]) {
      if (fake.isReady) throw new Error('fake electron: registerSchemesAsPrivileged belongs before ready');
      fake.schemes.push(...list);
    },
  },
  session: {
    get defaultSession() {
      return {
        protocol: { handle: (scheme: string, h: (req: Request) => Promise<Response>) => void fake.protocolHandlers.set(scheme, h) },
        webRequest: { onBeforeRequest: (fn: typeof fake.beforeRequest) => void (fake.beforeRequest = fn) },
        setPermissionRequestHandler: (fn: typeof fake.permissionRequest) => void (fake.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof fake.permissionCheck) => void (fake.permissionCheck = fn),
        setDevicePermissionHandler: (fn: typeof fake.devicePermission) => void (fake.devicePermission = fn),
        on: (name: string, fn: Listener) => fake.sessionEvents.on(name, fn),
      };
    },
  },
  ipcMain: {
    handle(name: string, fn: Listener) {
      if (fake.ipcHandlers.has(name)) throw new Error(`Attempted to register a second handler for '${name}'`);
      fake.ipcHandlers.set(name, fn);
    },
    removeHandler(name: string) {
      fake.ipcHandlers.delete(name);
    },
  },
  dialog: { showErrorBox: (title: string, content: string) => void fake.errorBoxes.push({ title, content }) },
  Menu: { setApplicationMenu: (m: unknown) => void (fake.applicationMenu = m) },
  get safeStorage() {
    return fake.safeStorage;
  },
};

/**
 * A repository-shaped folder for runHost under dir/app: out/main (the bundle's place, returned), a
 * preload, a renderer build, and the repository's migrations and fonts linked in.
 */
export function hostAppLayout(dir: string): string {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const mainDir = join(dir, 'app', 'out', 'main');
  mkdirSync(mainDir, { recursive: true });
  mkdirSync(join(dir, 'app', 'out', 'preload'));
  writeFileSync(join(dir, 'app', 'out', 'preload', 'index.cjs'), '');
  mkdirSync(join(dir, 'app', 'renderer', 'dist'), { recursive: true });
  writeFileSync(join(dir, 'app', 'renderer', 'dist', 'index.html'), '<!doctype html><title>Counterfoil</title>');
  symlinkSync(join(root, 'migrations'), join(dir, 'app', 'migrations'));
  symlinkSync(join(root, 'assets'), join(dir, 'app', 'assets'));
  return mainDir;
}
