// Auto-update (electron/main/updater.ts) under plain Node: the policy as a pure function, and the
// driver around a stand-in shaped like electron-updater's AppUpdater (an EventEmitter with
// checkForUpdates, downloadUpdate, quitAndInstall, install, autoInstallOnAppQuit…) with a shift
// count the test sets. electron-updater itself is never imported here: it requires electron.
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { CHECK_EVERY_MS, INSTALL_GRACE_MS, UpdateDriver, updatePlan, type PlanInput, type UpdatePhase, type UpdaterLike, type UpdateStatus } from '../../electron/main/updater.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const URL_ = 'https://updates.example.in/counterfoil/';
const T0 = Date.parse('2026-11-26T06:00:00.000Z');
const HOUR = 3_600_000;

type CheckResult = Awaited<ReturnType<UpdaterLike['checkForUpdates']>>;

/** Behaves like electron-updater where it matters: errors are emitted on 'error' and then rejected with. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: UpdaterLike['logger'] = null;
  feeds: unknown[] = [];
  checks = 0;
  downloads = 0;
  quitAndInstalls: [boolean | undefined, boolean | undefined][] = [];
  installs: [boolean | undefined, boolean | undefined][] = [];
  /** What the next check answers: a version on the server, an error (offline), or null (not packaged). */
  latest: string | Error | null = '0.1.0';
  downloadFails: Error | null = null;

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  checkForUpdates(): Promise<CheckResult> {
    this.checks++;
    const latest = this.latest;
    if (latest instanceof Error) {
      this.emit('error', latest, `Cannot check for updates: ${latest.stack ?? latest.message}`);
      return Promise.reject(latest);
    }
    if (latest === null) return Promise.resolve(null);
    return Promise.resolve({ isUpdateAvailable: latest !== '0.1.0', updateInfo: { version: latest } });
  }
  async downloadUpdate(): Promise<string[]> {
    this.downloads++;
    await Promise.resolve();
    if (this.downloadFails) {
      this.emit('error', this.downloadFails);
      throw this.downloadFails;
    }
    this.emit('update-downloaded', { version: this.latest, downloadedFile: '/tmp/update.bin' });
    return ['/tmp/update.bin'];
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.quitAndInstalls.push([isSilent, isForceRunAfter]);
  }
  install(isSilent?: boolean, isForceRunAfter?: boolean): boolean {
    this.installs.push([isSilent, isForceRunAfter]);
    return true;
  }
  get anyInstall(): number {
    return this.quitAndInstalls.length + this.installs.length;
  }
}

/** Lets the driver's promise chains (check → download → downloaded → tick) run out. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

function rig(opts: { url?: string | null; shifts?: number; updater?: FakeUpdater } = {}) {
  const r = {
    url: opts.url === undefined ? URL_ : opts.url,
    shifts: opts.shifts ?? 0 as number | (() => number),
    now: T0,
    updater: opts.updater ?? new FakeUpdater(),
    lines: [] as string[],
    statuses: [] as UpdateStatus[],
    log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    load: vi.fn(),
    driver: undefined as unknown as UpdateDriver,
    async tick(advanceMs = 0) {
      r.now += advanceMs;
      await r.driver.tick();
      await settle();
    },
  };
  r.load.mockImplementation(async () => r.updater);
  r.driver = new UpdateDriver({
    url: () => r.url,
    openShifts: () => (typeof r.shifts === 'function' ? r.shifts() : r.shifts),
    load: r.load,
    say: (line) => r.lines.push(line),
    log: r.log,
    onStatus: (s) => r.statuses.push(s),
    now: () => r.now,
  });
  return r;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('updatePlan (pure)', () => {
  const base = (over: Partial<PlanInput> & { phase?: UpdatePhase; lastCheckAt?: number | null; quietSince?: number | null } = {}): PlanInput => ({
    url: over.url === undefined ? URL_ : over.url,
    openShifts: over.openShifts === undefined ? 0 : over.openShifts,
    state: { phase: over.phase ?? 'idle', lastCheckAt: over.lastCheckAt ?? null, quietSince: over.quietSince ?? null },
    now: over.now ?? T0,
    ...(over.quitting === undefined ? {} : { quitting: over.quitting }),
    ...(over.graceMs === undefined ? {} : { graceMs: over.graceMs }),
  });

  it('with no address: off, whatever else is true', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<UpdatePhase>('idle', 'checking', 'downloading', 'downloaded', 'installing'),
        fc.option(fc.nat(5)),
        fc.option(fc.integer({ min: 0, max: T0 })),
        fc.option(fc.integer({ min: 0, max: T0 })),
        fc.boolean(),
        (phase, openShifts, lastCheckAt, quietSince, quitting) => {
          expect(updatePlan({ url: null, openShifts, state: { phase, lastCheckAt, quietSince }, now: T0, quitting })).toEqual({ action: 'off', nextCheckAt: null });
        },
      ),
    );
  });

  it('never installs while a shift is open, or when the open shifts are not known', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<UpdatePhase>('idle', 'checking', 'downloading', 'downloaded', 'installing'),
        fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: T0 })),
        fc.option(fc.integer({ min: 0, max: T0 })),
        fc.boolean(),
        (phase, openShifts, lastCheckAt, quietSince, quitting) => {
          const plan = updatePlan({ url: URL_, openShifts, state: { phase, lastCheckAt, quietSince }, now: T0, quitting });
          expect(plan.action).not.toBe('install');
          if (phase === 'downloaded') expect(plan.action).toBe('hold');
        },
      ),
    );
  });

  it('checks at start and every 6 hours, never while one runs, never at quit', () => {
    expect(updatePlan(base())).toEqual({ action: 'check', nextCheckAt: T0 });
    expect(updatePlan(base({ lastCheckAt: T0, now: T0 + HOUR }))).toEqual({ action: 'none', nextCheckAt: T0 + CHECK_EVERY_MS });
    expect(updatePlan(base({ lastCheckAt: T0, now: T0 + CHECK_EVERY_MS })).action).toBe('check');
    expect(updatePlan(base({ lastCheckAt: T0, now: T0 + CHECK_EVERY_MS, openShifts: 3 })).action).toBe('check'); // a check (and download) is fine mid-shift
    expect(updatePlan(base({ phase: 'checking', lastCheckAt: T0, now: T0 + CHECK_EVERY_MS })).action).toBe('none');
    expect(updatePlan(base({ phase: 'downloading', lastCheckAt: T0, now: T0 + CHECK_EVERY_MS })).action).toBe('none');
    expect(updatePlan(base({ quitting: true })).action).toBe('none');
  });

  it('installs a downloaded update once no shift has been open for the grace period; at quit with no shift open, at once', () => {
    const downloaded = { phase: 'downloaded' as const, lastCheckAt: T0 };
    expect(updatePlan(base({ ...downloaded, openShifts: 1, quietSince: null })).action).toBe('hold');
    expect(updatePlan(base({ ...downloaded, quietSince: T0, now: T0 + INSTALL_GRACE_MS - 1 })).action).toBe('none');
    expect(updatePlan(base({ ...downloaded, quietSince: T0, now: T0 + INSTALL_GRACE_MS })).action).toBe('install');
    expect(updatePlan(base({ ...downloaded, quietSince: null })).action).toBe('none');
    expect(updatePlan(base({ ...downloaded, quietSince: null, quitting: true })).action).toBe('install');
    expect(updatePlan(base({ ...downloaded, openShifts: 2, quitting: true })).action).toBe('hold');
    expect(updatePlan(base({ ...downloaded, openShifts: null, quitting: true })).action).toBe('hold');
    expect(updatePlan(base({ phase: 'installing', quietSince: T0, now: T0 + HOUR })).action).toBe('none');
  });

  it('with an endless grace (a terminal run with --data, which a restart would lose) it installs only at quit', () => {
    const downloaded = { phase: 'downloaded' as const, lastCheckAt: T0, quietSince: T0, graceMs: Number.POSITIVE_INFINITY };
    expect(updatePlan(base({ ...downloaded, now: T0 + 48 * HOUR })).action).toBe('none');
    expect(updatePlan(base({ ...downloaded, now: T0 + 48 * HOUR, quitting: true })).action).toBe('install');
  });
});

describe('UpdateDriver with a stand-in updater', () => {
  it('off by default: with no address it never loads electron-updater, never checks, never installs', async () => {
    const r = rig({ url: null });
    for (let i = 0; i < 5; i++) await r.tick(CHECK_EVERY_MS);
    expect(r.load).not.toHaveBeenCalled();
    expect(r.updater.checks).toBe(0);
    expect(r.driver.status).toMatchObject({ state: 'off', nextCheckAt: null });
    expect(r.lines).toEqual([]); // off is the default: nothing said on stderr, one log line
    expect(r.log.info.mock.calls.filter(([e]) => e === 'update.off')).toHaveLength(1);
    expect(r.driver.atQuit()).toBeNull();
  });

  it('with an address: electron-updater set up (generic feed, no auto-install at quit), a check at start and every 6 hours', async () => {
    const r = rig();
    await r.tick();
    expect(r.load).toHaveBeenCalledTimes(1);
    expect(r.updater.feeds).toEqual([{ provider: 'generic', url: URL_ }]);
    expect(r.updater.autoInstallOnAppQuit).toBe(false);
    expect(r.updater.autoDownload).toBe(false);
    expect(r.updater.logger).not.toBeNull();
    expect(r.updater.checks).toBe(1);
    expect(r.lines).toEqual([expect.stringContaining(`updates from ${URL_}`)]);
    await r.tick(HOUR);
    await r.tick(HOUR);
    expect(r.updater.checks).toBe(1);
    await r.tick(CHECK_EVERY_MS);
    expect(r.updater.checks).toBe(2);
    expect(r.load).toHaveBeenCalledTimes(1);
    expect(r.updater.downloads).toBe(0); // 0.1.0 is what runs: nothing to fetch
    expect(r.driver.status).toMatchObject({ state: 'idle', lastCheckAt: new Date(r.now).toISOString(), lastError: null });
  });

  it('a downloaded update waits while a shift is open, says so once, and installs after the shift closes', async () => {
    const r = rig({ shifts: 1 });
    r.updater.latest = '0.2.0';
    await r.tick();
    expect(r.updater.downloads).toBe(1); // downloads in the background, mid-shift
    expect(r.driver.status).toMatchObject({ state: 'waiting-for-shift', version: '0.2.0', openShifts: 1 });
    for (let i = 0; i < 5; i++) await r.tick(INSTALL_GRACE_MS);
    expect(r.updater.anyInstall).toBe(0);
    expect(r.lines.filter((l) => /0\.2\.0 is downloaded and waits: 1 shift open/.test(l))).toHaveLength(1);
    expect(r.statuses.some((s) => s.state === 'waiting-for-shift')).toBe(true);

    r.shifts = 0; // the cashier closes the shift
    await r.tick(INSTALL_GRACE_MS);
    expect(r.updater.anyInstall).toBe(0); // not the moment it closes: the grace period first
    await r.tick(INSTALL_GRACE_MS / 2);
    r.shifts = 1; // another shift opens within it: still waiting
    await r.tick(INSTALL_GRACE_MS);
    expect(r.updater.anyInstall).toBe(0);
    r.shifts = 0;
    await r.tick(1_000);
    await r.tick(INSTALL_GRACE_MS);
    expect(r.updater.quitAndInstalls).toEqual([[true, true]]);
    expect(r.updater.installs).toEqual([]);
    expect(r.updater.autoInstallOnAppQuit).toBe(false);
    expect(r.driver.status.state).toBe('installing');
    expect(r.lines.at(-1)).toMatch(/installing update 0\.2\.0 \(no shift open\)/);
    await r.tick(INSTALL_GRACE_MS);
    expect(r.updater.quitAndInstalls).toHaveLength(1);
    // The quit quitAndInstall starts does not install a second time.
    expect(r.driver.atQuit()).toBeNull();
  });

  it('the shift count is read when the install starts: a shift opened during the grace period holds it', async () => {
    const r = rig({ shifts: 0 });
    r.updater.latest = '0.2.0';
    await r.tick();
    expect(r.driver.status.state).toBe('ready');
    r.shifts = 1;
    await r.tick(INSTALL_GRACE_MS * 3);
    expect(r.updater.anyInstall).toBe(0);
    expect(r.driver.status.state).toBe('waiting-for-shift');
  });

  it('at quit: not installed with a shift open (and said), installed with none', async () => {
    const held = rig({ shifts: 2 });
    held.updater.latest = '0.2.0';
    await held.tick();
    expect(held.driver.atQuit()).toBeNull();
    expect(held.updater.anyInstall).toBe(0);
    expect(held.lines.at(-1)).toMatch(/0\.2\.0 is not installed at quit: 2 shifts open/);

    const free = rig({ shifts: 1 });
    free.updater.latest = '0.2.0';
    await free.tick();
    free.shifts = 0; // closed, and the app quits before the grace period is over
    await free.tick(1_000);
    expect(free.updater.anyInstall).toBe(0);
    const install = free.driver.atQuit();
    expect(install).toBeTypeOf('function');
    expect(free.updater.anyInstall).toBe(0); // only once the host has stopped and closed the terminal
    install!();
    expect(free.updater.installs).toEqual([[true, false]]); // silent, and no restart: the user quit
    expect(free.updater.quitAndInstalls).toEqual([]);
    expect(free.updater.autoInstallOnAppQuit).toBe(false);
    // Stopped: later ticks do nothing.
    await free.tick(CHECK_EVERY_MS);
    expect(free.updater.checks).toBe(1);
  });

  it('open shifts that cannot be counted are taken as open', async () => {
    const r = rig();
    r.updater.latest = '0.2.0';
    r.shifts = () => {
      throw new Error('the database is closed');
    };
    await r.tick();
    await r.tick(INSTALL_GRACE_MS * 2);
    expect(r.updater.anyInstall).toBe(0);
    expect(r.driver.status).toMatchObject({ state: 'waiting-for-shift', openShifts: null });
    expect(r.driver.atQuit()).toBeNull();
    expect(r.lines.at(-1)).toMatch(/could not be counted/);
  });

  it('a failed check (offline) is one line and a log entry, never a throw; the next check tries again', async () => {
    const r = rig();
    r.updater.latest = new Error('net::ERR_INTERNET_DISCONNECTED\n    at SimpleURLLoaderWrapper.<anonymous>');
    await expect(r.driver.tick()).resolves.toBeUndefined();
    await settle();
    const failed = r.lines.filter((l) => /update check failed/.test(l));
    expect(failed).toEqual(['update check failed; next check in 6 h: net::ERR_INTERNET_DISCONNECTED']);
    expect(r.log.warn).toHaveBeenCalledWith('update.failed', expect.objectContaining({ stage: 'check' }));
    expect(r.driver.status).toMatchObject({ state: 'idle', lastError: 'net::ERR_INTERNET_DISCONNECTED' });
    await r.tick(HOUR);
    expect(r.updater.checks).toBe(1);

    r.updater.latest = '0.1.0';
    await r.tick(CHECK_EVERY_MS);
    expect(r.updater.checks).toBe(2);
    expect(r.driver.status.lastError).toBeNull();
  });

  it('a check that throws at once, a failed download and an updater that does not load are lines, not throws', async () => {
    const r = rig();
    r.updater.checkForUpdates = () => {
      throw new Error('boom');
    };
    await r.tick();
    expect(r.lines.at(-1)).toMatch(/update check failed.*boom/);

    const d = rig({ shifts: 0 });
    d.updater.latest = '0.2.0';
    d.updater.downloadFails = new Error('sha512 checksum mismatch');
    await d.tick();
    expect(d.lines.filter((l) => /download failed/.test(l))).toEqual([expect.stringMatching(/sha512 checksum mismatch$/)]);
    await d.tick(INSTALL_GRACE_MS * 2);
    expect(d.updater.anyInstall).toBe(0);
    d.updater.downloadFails = null;
    await d.tick(CHECK_EVERY_MS);
    // Fetched at the next check; no shift has been open all along, so it installs at once.
    expect(d.updater.downloads).toBe(2);
    expect(d.updater.quitAndInstalls).toEqual([[true, true]]);

    const n = rig();
    n.load.mockImplementation(async () => {
      throw new Error("Cannot find module 'electron'");
    });
    await n.tick();
    await n.tick(CHECK_EVERY_MS);
    expect(n.load).toHaveBeenCalledTimes(1);
    expect(n.lines).toEqual([expect.stringMatching(/^updates cannot run: electron-updater did not load: Cannot find module/)]);
  });

  it('an unpackaged app (checkForUpdates answers null) is said once', async () => {
    const r = rig();
    r.updater.latest = null;
    await r.tick();
    await r.tick(CHECK_EVERY_MS);
    expect(r.updater.checks).toBe(2);
    expect(r.lines.filter((l) => /not a packaged app/.test(l))).toHaveLength(1);
    expect(r.driver.status.state).toBe('not-packaged');
  });

  it('the address is read at every tick: a change moves the feed, clearing it turns updates off (no install, even at quit)', async () => {
    const r = rig({ shifts: 1 });
    r.updater.latest = '0.2.0';
    await r.tick();
    r.url = 'https://mirror.example.in/cf/';
    await r.tick(1_000);
    expect(r.updater.feeds).toEqual([{ provider: 'generic', url: URL_ }, { provider: 'generic', url: 'https://mirror.example.in/cf/' }]);
    r.url = null;
    r.shifts = 0;
    await r.tick(INSTALL_GRACE_MS * 3);
    expect(r.lines.at(-1)).toMatch(/updates are off now/);
    expect(r.driver.status.state).toBe('off');
    expect(r.updater.anyInstall).toBe(0);
    expect(r.driver.atQuit()).toBeNull();
    expect(r.updater.anyInstall).toBe(0);
  });

  it('ticks on its own timer after start, and not after stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const r = rig();
    const driver = new UpdateDriver({
      url: () => URL_, openShifts: () => 0, load: r.load, say: () => {}, now: () => r.now, firstTickMs: 5_000, tickMs: 60_000,
    });
    driver.start();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(r.load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await settle();
    expect(r.load).toHaveBeenCalledTimes(1);
    expect(r.updater.checks).toBe(1);
    driver.stop();
    r.now += CHECK_EVERY_MS;
    await driver.tick();
    expect(r.updater.checks).toBe(1);
  });
});

describe('electron-updater stays out of everything but the updater', () => {
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx|mjs|js)$/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));

  it('is imported only by electron/main/updater.ts, and only dynamically', () => {
    const importers: string[] = [];
    for (const file of ['shared', 'core', 'electron', 'web-shell', 'renderer/features', 'upstream'].flatMap(sources)) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (/['"]electron-updater['"]/.test(text)) importers.push(file);
    }
    expect(importers).toEqual(['electron/main/updater.ts']);
    const updater = readFileSync(join(ROOT, 'electron/main/updater.ts'), 'utf8');
    expect(updater).not.toMatch(/^\s*import\s[^(]*from\s+['"]electron-updater['"]/m);
    expect(updater).toMatch(/await import\('electron-updater'\)/);
  });

  it('electron-builder.yml publishes to a generic placeholder, only so latest.yml and app-update.yml are written', () => {
    const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { publish?: { provider: string; url: string } };
    expect(config.publish?.provider).toBe('generic');
    expect(new URL(config.publish!.url).hostname).toMatch(/\.invalid$/);
    expect(readFileSync(join(ROOT, 'tools/build/dist.mjs'), 'utf8')).toContain("'--publish', 'never'");
  });
});
