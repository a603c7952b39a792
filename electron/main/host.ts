// The desktop host's lifecycle: one instance per data folder, the terminal opened with its key
// from the vault, the core's runtime around it, the contract on ipcMain, one hardened window; on
// quit the IPC handlers go first, then the runtime stops and the terminal closes. A refusal (no
// protected key store, no terminal, a key that is not the terminal's…) is said in English and
// Hindi, in a dialog and on stderr, and the app exits 1.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, dialog, ipcMain, Menu, safeStorage, session, type BrowserWindow } from 'electron';
import { CounterfoilError } from '../../shared/errors.js';
import { registerReceiptFonts } from '../../core/print/raster.js';
import { osActor } from '../../core/ledger/settings-changes.js';
import { printSettings, savePrintSettings } from '../../core/print/settings.js';
import { startRuntime } from '../../core/host/runtime.js';
import { openShiftCount } from '../../core/ledger/shifts.js';
import { createLogger, type Logger } from '../../core/log.js';
import { enroll, syncStatus } from '../../core/sync/agent.js';
import { DATA_FILES, openTerminal, type Terminal } from '../../core/terminal/terminal.js';
import { updateSettings } from '../../core/terminal/update-settings.js';
import { parseHostArgs, type HostArgs } from './args.js';
import { makeDemoTerminal } from './demo.js';
import { registerContract, unregisterContract } from './ipc.js';
import { assertProtectedStore, unlockTerminalKey, vaultKeyStore } from './key-vault.js';
import { hostPaths, type HostPaths } from './paths.js';
import { HostRefusal } from './refusal.js';
import { APP_ORIGIN } from './security.js';
import { loadElectronUpdater, UpdateDriver } from './updater.js';
import { createMainWindow, hardenSession, hardenWebContents, registerAppScheme } from './window.js';

const say = (line: string): void => void process.stderr.write(`counterfoil: ${line}\n`);

interface OpenHost {
  terminal: Terminal;
  /** Auto-update (updater.ts): off, and electron-updater never loaded, until an address is set. */
  updates: UpdateDriver;
  stop(): Promise<void>;
}

/** The core refuses a key the ledger does not name; the host says so as its own refusal. */
function keyProblem(e: unknown, dataDir: string): HostRefusal | null {
  if (!(e instanceof CounterfoilError) || e.code !== 'KEY_MISMATCH') return null;
  const p = e.params as { expected?: unknown; found?: unknown };
  return new HostRefusal('KEY_MISMATCH', { dir: dataDir, expected: String(p.expected), found: String(p.found) });
}

/** better-sqlite3 built for Node's ABI fails to load in Electron: say how to fix it. */
function nativeModuleProblem(e: unknown): HostRefusal | null {
  const message = e instanceof Error ? e.message : String(e);
  const m = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(message);
  return m ? new HostRefusal('NATIVE_MODULE_ABI', { detail: `built for ABI ${m[1]}, Electron needs ${m[2]}` }) : null;
}

async function openHost(dataDir: string, args: HostArgs, paths: HostPaths): Promise<OpenHost> {
  // The host's lines go to stderr and, once the terminal is open, to its log as well (the lines
  // said before that are written when the log opens).
  let hostLog: Logger | null = null;
  const early: string[] = [];
  const tell = (line: string): void => {
    say(line);
    if (hostLog) hostLog.info('host', { line });
    else early.push(line);
  };
  // Checked before anything is made, so a refused start leaves no key file behind.
  assertProtectedStore(safeStorage, process.platform);
  registerReceiptFonts(paths.fontsDir);
  if (!existsSync(join(dataDir, DATA_FILES.db))) {
    if (!args.demo) throw new HostRefusal('NO_TERMINAL', { dir: dataDir });
    say(await makeDemoTerminal(dataDir, paths.migrationsDir)); // stderr only: it names the demo PINs
  }
  const key = unlockTerminalKey(dataDir, safeStorage);
  if (key.migrated) tell(`the terminal key moved into the OS key store (terminal-key.enc); ${DATA_FILES.privateKey} deleted`);
  let t: Terminal;
  try {
    t = openTerminal(dataDir, { keyStore: vaultKeyStore(dataDir, safeStorage), migrationsDir: paths.migrationsDir });
  } catch (e) {
    throw keyProblem(e, dataDir) ?? e;
  }
  try {
    if (t.writeBlock) tell(`the ledger refuses new entries: ${t.writeBlock.message}`);
    if (args.printer !== undefined) savePrintSettings(t, { ...printSettings(t), printer: args.printer }, osActor('counterfoil-app'));
    if (args.upstream !== undefined && args.code !== undefined) {
      const sync = syncStatus(t);
      if (sync.enrolled) tell(`already enrolled with ${sync.upstreamUrl ?? '?'}; --code not used`);
      else {
        await enroll(t, args.upstream, args.code).then(
          () => tell(`enrolled with ${args.upstream}`),
          (e: unknown) => tell(`enrollment failed, starting offline: ${(e as Error).message}`),
        );
      }
    }
  } catch (e) {
    t.close();
    throw e;
  }
  // One log for the runtime and the updater (core/log.ts: <data>/logs/counterfoil.log).
  const log = createLogger(dataDir);
  hostLog = log;
  for (const line of early.splice(0)) log.info('host', { line });
  const runtime = startRuntime(t, { logger: log });
  registerContract(ipcMain, runtime.dispatch, APP_ORIGIN);
  tell(`terminal ${t.id} (${t.substation}-${t.counter}) open from ${dataDir}`);
  // The setting and the open shifts are read at every tick; electron-updater loads only once an
  // address is set, so with none (the default) updates are off entirely.
  const updates = new UpdateDriver({
    url: () => updateSettings(t).url,
    openShifts: () => openShiftCount(t.db),
    load: loadElectronUpdater,
    say,
    log,
    // The app restarts after an install without its arguments: a terminal run with --data DIR
    // would come back on the default folder, so it installs only at quit.
    ...(args.data === undefined ? {} : { graceMs: Number.POSITIVE_INFINITY }),
  });
  updates.start();
  return {
    terminal: t,
    updates,
    async stop() {
      updates.stop();
      unregisterContract(ipcMain);
      await runtime.stop();
      t.close();
      log.close();
    },
  };
}

export function runHost(argv: readonly string[], mainDir: string): void {
  let host: OpenHost | null = null;
  let win: BrowserWindow | null = null;

  const refuse = async (e: unknown): Promise<void> => {
    const r = e instanceof HostRefusal ? e : (nativeModuleProblem(e) ?? new HostRefusal('START_FAILED', { detail: e instanceof Error ? e.message : String(e) }));
    process.stderr.write(`${r.line()}\n`);
    // Before ready on Linux Electron would only repeat it on stderr: the line above says it once.
    if (app.isReady() || process.platform !== 'linux') dialog.showErrorBox('Counterfoil', `${r.en}\n\n${r.hi}`);
    await host?.stop().catch(() => undefined);
    app.exit(1);
  };

  // Before ready: the scheme's privileges, and the sandbox for every renderer.
  registerAppScheme();
  app.enableSandbox();

  let args: HostArgs;
  try {
    args = parseHostArgs(argv);
  } catch (e) {
    void refuse(e);
    return;
  }
  // The same name run from the repository as packaged: it names the profile folder and the
  // keyring entry safeStorage keeps its key under, so a vault opens in both.
  app.setName('Counterfoil');
  let dataDir: string;
  if (args.data === undefined) {
    app.setPath('userData', join(app.getPath('appData'), 'Counterfoil'));
    dataDir = join(app.getPath('userData'), 'terminal');
  } else {
    // One Chromium profile per data folder: the single-instance lock (and, on Windows, the key
    // safeStorage seals with) go with the terminal, not with the program.
    dataDir = resolve(args.data);
    const profile = join(dataDir, '.electron-profile');
    mkdirSync(profile, { recursive: true, mode: 0o700 });
    app.setPath('userData', profile);
  }

  if (!app.requestSingleInstanceLock()) {
    say(`Counterfoil is already running for ${dataDir}: its window is brought forward`);
    app.exit(0);
    return;
  }
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  let stopping = false;
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !host) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    // Decided now, with the terminal open and the contract still on it: nothing runs between this
    // count of open shifts and the contract going, so no shift opens after it. A downloaded update
    // installs (after the terminal closes) only if no shift is open.
    const installUpdate = host.updates.atQuit();
    void host
      .stop()
      .catch((e: unknown) => say(`while stopping: ${(e as Error).message}`))
      .finally(() => {
        installUpdate?.();
        stopped = true;
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(async () => {
      Menu.setApplicationMenu(null);
      const paths = hostPaths({ packaged: app.isPackaged, mainDir, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
      for (const [file, what] of [[join(paths.rendererDir, 'index.html'), 'renderer build (npm run build:renderer)'], [paths.preload, 'preload bundle (npm run build:electron)']] as const) {
        if (!existsSync(file)) throw new HostRefusal('START_FAILED', { detail: `no ${what} at ${file}` });
      }
      hardenSession(session.defaultSession, paths.rendererDir);
      host = await openHost(dataDir, args, paths);
      win = createMainWindow(paths.preload);
      win.on('closed', () => (win = null));
    })
    .catch(refuse);
}
