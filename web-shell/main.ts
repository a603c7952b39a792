// `npm run start:web -- [--data DIR] [--demo] [--port N] [--no-open] [--upstream URL --code CODE] [--static DIR]`
// The browser host: opens (or, with --demo, makes) the terminal in DIR, runs the core around it,
// serves the renderer and the contract on 127.0.0.1, prints one line with a one-time login link
// (and a fresh one for each Enter on its stdin or SIGUSR2), and opens Chromium's app mode where
// Chromium is installed, through an opener file so no secret is on Chromium's command line. --demo
// also starts the virtual printer (a child process: web-shell/ uses tools/ only by running them)
// as the terminal's printer.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Dispatch } from '../core/dispatch.js';
import { createSetupDispatch } from '../core/host/setup-dispatch.js';
import { osActor } from '../core/ledger/settings-changes.js';
import { printSettings, savePrintSettings } from '../core/print/settings.js';
import { startRuntime, type TerminalRuntime } from '../core/host/runtime.js';
import { createLogger } from '../core/log.js';
import { enroll, syncStatus } from '../core/sync/agent.js';
import { setUpTerminal } from '../core/terminal/setup.js';
import { DATA_FILES, openTerminal, type Terminal } from '../core/terminal/terminal.js';
import { writeOpener } from './opener.js';
import { startWebShell, type WebShell } from './server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = 'usage: start:web -- [--data DIR] [--demo] [--port N] [--no-open] [--upstream URL --code CODE] [--static DIR]';
/** Without --data: a folder of this name where the command runs. No terminal there yet: first-run set-up. */
const DEFAULT_DATA_DIR = 'counterfoil-data';
const DEMO_CONSUMERS = 5_000;

class Exit extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const say = (line: string): void => void process.stderr.write(`counterfoil web shell: ${line}\n`);

/** The virtual printer (tools/virtual-printer) as a child process; resolves with it and its port. */
function startVirtualPrinter(outDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(ROOT, 'tools', 'virtual-printer', 'main.ts'), '--port', '0', '--out', outDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((ok, fail) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error('the virtual printer did not start within 30 s'));
    }, 30_000);
    // Its lines (the address, then one per job) go on to stderr: stdout carries only the URL line.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      say(`virtual printer: ${line}`);
      const m = started ? null : /listening on 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) {
        started = true;
        clearTimeout(timer);
        ok({ child, port: Number(m[1]) });
      }
    });
    child.stderr!.pipe(process.stderr, { end: false });
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (started && !stopping) say(`the virtual printer stopped (${signal ?? code}); receipts wait in the print queue`);
      else fail(new Error(`the virtual printer exited (${signal ?? code})`));
    });
  });
}

/** CHROMIUM_PATH (as for the e2e suites: test/support/browser.ts) when set, else Debian's, else the first on PATH. */
function findChromium(): string | null {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) return existsSync(chosen) ? chosen : null;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'chromium'))) return join(dir, 'chromium');
  }
  return null;
}

/** Opener files not yet deleted (web-shell/opener.ts): removed when their link ends, or at exit. */
const openers = new Set<string>();

const removeOpener = (file: string): void => {
  openers.delete(file);
  rmSync(file, { force: true });
};

/**
 * Chromium's app mode on a login link of its own, handed over in a 0600 file in the data folder:
 * its command line (readable by every OS user) holds the file's name, never a code or the secret.
 */
function openInChromium(shell: WebShell, dataDir: string): void {
  const chromium = findChromium();
  if (!chromium) return say('Chromium not found: open the login link above in a browser');
  const link = shell.loginLink();
  let opener: string;
  try {
    opener = writeOpener(dataDir, link.url);
  } catch (e) {
    return say(`could not write the file that opens Chromium (${(e as Error).message}): open the login link above in a browser`);
  }
  openers.add(opener);
  void link.done.then(() => removeOpener(opener));
  const args = [
    `--app=${pathToFileURL(opener).href}`, `--user-data-dir=${join(dataDir, '.chromium-profile')}`, '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  const child = spawn(chromium, args, { detached: true, stdio: 'ignore' });
  child.once('error', (e) => say(`could not start ${chromium} (${e.message}): open the login link above in a browser`));
  child.unref();
}

/**
 * The human's way in: one login link on stdout now (the line a launcher waits for), a fresh one for
 * each line on stdin (Enter in the shell's window) and on SIGUSR2 (a service without a window),
 * and Chromium opened on its own link unless `open` is false. Each link works once, for two minutes.
 */
function offerLogin(shell: WebShell, dataDir: string, open: boolean): void {
  const announce = (): void => void process.stdout.write(`Counterfoil web shell: ${shell.loginLink().url}\n`);
  say(`the login link below works once, within 2 minutes: press Enter here (or send SIGUSR2 to pid ${process.pid}) for a new login link`);
  announce();
  createInterface({ input: process.stdin }).on('line', announce);
  process.on('SIGUSR2', announce);
  if (open) openInChromium(shell, dataDir);
}

const hasTerminal = (dataDir: string) => Object.values(DATA_FILES).some((f) => existsSync(join(dataDir, f)));

/** The terminal in dataDir: opened, or with --demo made with demo users and consumers. */
async function terminalIn(dataDir: string, demo: boolean): Promise<Terminal> {
  if (hasTerminal(dataDir)) return openTerminal(dataDir);
  if (!demo) throw new Exit(2, `no terminal in ${dataDir}`);
  const { terminal, users } = await setUpTerminal(dataDir, { substation: 'SS042', counter: 'C1', demoConsumers: DEMO_CONSUMERS });
  say(`demo terminal ${terminal.id} made with ${DEMO_CONSUMERS} consumers; users: ${users.map((u) => `${u.name} (${u.role}) PIN ${u.pin}`).join(', ')}`);
  return terminal;
}

/**
 * First run: no terminal in the folder yet. The page shows the set-up screen; once a supervisor has
 * set the terminal up there, the same page and connection go on with the terminal's own contract.
 */
async function serveSetUp(dataDir: string, staticDir: string, port: number, open: boolean): Promise<void> {
  let t: Terminal | null = null;
  let runtime: TerminalRuntime | null = null;
  const log = createLogger(dataDir);
  let dispatch: Dispatch = createSetupDispatch(dataDir, (terminal) => {
    t = terminal;
    runtime = startRuntime(terminal, { logger: log });
    dispatch = runtime.dispatch;
    say(`terminal ${terminal.id} set up in ${dataDir}`);
  });
  const shell = await startWebShell({ dispatch: (channel, input) => dispatch(channel, input), staticDir, port }).catch((e: unknown) => {
    throw new Exit(1, `could not listen on 127.0.0.1:${port}: ${(e as Error).message}`);
  });
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await shell.close();
      await (runtime as TerminalRuntime | null)?.stop();
      (t as Terminal | null)?.close();
      log.close();
      for (const file of openers) removeOpener(file);
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  say(`no terminal in ${dataDir} yet: the page opens on first-run set-up`);
  log.info('webshell.start', { port: shell.port, setUp: true }); // a login link is a secret until used: never logged
  offerLogin(shell, dataDir, open);
}

const OPTIONS = {
  data: { type: 'string' },
  demo: { type: 'boolean', default: false },
  port: { type: 'string', default: '0' },
  'no-open': { type: 'boolean', default: false },
  upstream: { type: 'string' },
  code: { type: 'string' },
  static: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseCli(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS }).values;
  } catch (e) {
    throw new Exit(2, `${(e as Error).message} (${USAGE})`);
  }
}

/** Set once SIGINT/SIGTERM/SIGHUP arrives: the children's exits are expected from then on. */
let stopping = false;

async function main(argv: string[]): Promise<void> {
  const values = parseCli(argv);
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Exit(2, `--port must be 0..65535, not "${values.port}"`);
  if ((values.upstream === undefined) !== (values.code === undefined)) throw new Exit(2, '--upstream URL and --code CODE go together');
  const staticDir = resolve(values.static ?? join(ROOT, 'renderer', 'dist'));
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Exit(2, `no renderer build in ${staticDir}: build the renderer first (npm run start:web builds it)`);
  }
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  if (!hasTerminal(dataDir) && !values.demo) {
    await serveSetUp(dataDir, staticDir, port, !values['no-open']);
    return;
  }

  const t = await terminalIn(dataDir, values.demo);
  let printer: ChildProcess | null = null;
  const stopPrinter = async (): Promise<void> => {
    if (!printer || printer.exitCode !== null || printer.signalCode !== null) return;
    const exited = new Promise((done) => printer!.once('exit', done));
    printer.kill('SIGTERM');
    const timer = setTimeout(() => printer?.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    if (t.writeBlock) say(`the ledger refuses new entries: ${t.writeBlock.message}`);
    if (values.demo) {
      try {
        const vp = await startVirtualPrinter(join(dataDir, 'virtual-printer-jobs'));
        printer = vp.child;
        savePrintSettings(t, { ...printSettings(t), printer: `tcp://127.0.0.1:${vp.port}` }, osActor('web-shell'));
      } catch (e) {
        say(`${(e as Error).message}; starting without it`);
      }
    }
    if (values.upstream !== undefined && values.code !== undefined) {
      const sync = syncStatus(t);
      if (sync.enrolled) say(`already enrolled with ${sync.upstreamUrl ?? '?'}; --code not used`);
      else {
        await enroll(t, values.upstream, values.code).then(
          () => say(`enrolled with ${values.upstream}; receipts' QR opens ${printSettings(t).verifyUrl ?? 'nothing: a bare CF1 code (no verify URL)'}`),
          (e: unknown) => say(`enrollment failed, starting offline: ${(e as Error).message}`),
        );
      }
    }
  } catch (e) {
    await stopPrinter();
    t.close();
    throw e;
  }

  const log = createLogger(dataDir);
  const runtime = startRuntime(t, { logger: log });
  const shell = await startWebShell({ dispatch: runtime.dispatch, staticDir, port }).catch(async (e: unknown) => {
    await runtime.stop();
    await stopPrinter();
    t.close();
    throw new Exit(1, `could not listen on 127.0.0.1:${port}: ${(e as Error).message}`);
  });

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      let status = 0;
      // The server first, so no call starts while the core stops.
      const removeOpeners = () => [...openers].forEach(removeOpener);
      for (const step of [() => shell.close(), () => runtime.stop(), () => t.close(), stopPrinter, () => log.close(), removeOpeners]) {
        try {
          await step();
        } catch (e) {
          say(`while stopping: ${(e as Error).message}`);
          status = 1;
        }
      }
      process.exit(status);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);

  log.info('webshell.start', { port: shell.port, terminal: t.id, demo: values.demo }); // a login link is a secret until used: never logged
  offerLogin(shell, dataDir, !values['no-open']);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  say(e instanceof Error ? e.message : String(e));
  process.exit(e instanceof Exit ? e.status : 1);
});
