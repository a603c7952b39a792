// Auto-update of the desktop app through electron-updater's generic provider, at the address a
// supervisor sets (core/terminal/update-settings.ts; off until one is set). The decisions are a
// pure function, `updatePlan`; `UpdateDriver` runs them on a timer around anything shaped like
// electron-updater's AppUpdater, so both are tested under plain Node with a stand-in
// (test/unit/updater.test.ts). electron-updater itself requires electron when it loads: only
// `loadElectronUpdater` imports it, and the host calls that only once an address is set.
//
// The rules: no address, nothing at all (no import, no check, no install). With one: a check at
// start and every few hours; a found update downloads in the background, shift or not. It installs
// only when no shift is open on the terminal: while one is, the downloaded update waits and the
// app says so once. With no shift open for a couple of minutes it installs and the app restarts;
// at quit it installs if no shift is open then. electron-updater's own install-on-quit is always
// off (it would not look at shifts). A failed check (offline) is one line, never a throw.

export type UpdatePhase = 'idle' | 'checking' | 'downloading' | 'downloaded' | 'installing';

export interface PlanInput {
  /** The update address; null: updates are off. */
  url: string | null;
  /** Shifts open on the terminal now; null when they could not be counted (taken as open). */
  openShifts: number | null;
  state: {
    phase: UpdatePhase;
    /** When the last check started (ms since the epoch); null: never. */
    lastCheckAt: number | null;
    /** Since when no shift has been open (ms); null while one is, or not yet seen. */
    quietSince: number | null;
  };
  now: number;
  /** The app is quitting: install now or never (for this run), and start no check. */
  quitting?: boolean;
  checkEveryMs?: number;
  /** How long no shift must have been open before a running app restarts to install. */
  graceMs?: number;
}

export type UpdateAction =
  /** No address: do nothing at all. */
  | 'off'
  /** Ask the server for latest.yml now. */
  | 'check'
  /** Install the downloaded update now. */
  | 'install'
  /** A downloaded update waits: a shift is open (or the count failed). */
  | 'hold'
  /** Nothing to do now. */
  | 'none';

export interface UpdatePlan {
  action: UpdateAction;
  /** When the next check is due (ms); null when updates are off. */
  nextCheckAt: number | null;
}

export const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;
export const INSTALL_GRACE_MS = 2 * 60 * 1000;
export const TICK_MS = 60 * 1000;

/** What to do about updates now. Pure: the same input, the same plan. */
export function updatePlan(input: PlanInput): UpdatePlan {
  const { url, openShifts, state, now } = input;
  if (url === null) return { action: 'off', nextCheckAt: null };
  const every = input.checkEveryMs ?? CHECK_EVERY_MS;
  const nextCheckAt = state.lastCheckAt === null ? now : state.lastCheckAt + every;
  const plan = (action: UpdateAction): UpdatePlan => ({ action, nextCheckAt });
  switch (state.phase) {
    case 'installing':
    case 'checking':
    case 'downloading':
      return plan('none');
    case 'downloaded': {
      // Never in the middle of a shift: open, or not known to be closed.
      if (openShifts === null || openShifts > 0) return plan('hold');
      if (input.quitting) return plan('install');
      const grace = input.graceMs ?? INSTALL_GRACE_MS;
      return plan(state.quietSince !== null && now - state.quietSince >= grace ? 'install' : 'none');
    }
    case 'idle':
      return plan(!input.quitting && now >= nextCheckAt ? 'check' : 'none');
  }
}

/** The part of electron-updater's AppUpdater the driver uses; its `autoUpdater` fits it. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  /** Windows and Linux updaters (BaseUpdater): install without quitting, for use while quitting. */
  install?(isSilent?: boolean, isForceRunAfter?: boolean): boolean;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
  debug?(message: string): void;
}

/** core/log.ts's Logger, as far as the driver uses it. */
export interface UpdateLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Where updates stand, for a status line (the host keeps it; a screen may show it). */
export interface UpdateStatus {
  state: 'off' | 'idle' | 'not-packaged' | 'checking' | 'downloading' | 'waiting-for-shift' | 'ready' | 'installing';
  /** The update found, once one is. */
  version: string | null;
  openShifts: number | null;
  lastCheckAt: string | null;
  nextCheckAt: string | null;
  /** The last failure in words (a check offline, a download cut off), or null. */
  lastError: string | null;
}

export interface UpdateDriverOptions {
  /** The update address, read at every tick (the terminal's setting); null: off. */
  url(): string | null;
  /** Shifts open on the terminal now. A throw counts as "open". */
  openShifts(): number;
  /** electron-updater's autoUpdater: loaded once, the first time an address is set. */
  load(): Promise<UpdaterLike>;
  /** One line for the operator (the host's stderr). */
  say(line: string): void;
  log?: UpdateLog;
  onStatus?(status: UpdateStatus): void;
  now?(): number;
  checkEveryMs?: number;
  graceMs?: number;
  tickMs?: number;
  /** Delay of the first tick after start, so the window comes up first. */
  firstTickMs?: number;
}

const noLog: UpdateLog = { info() {}, warn() {}, error() {} };

function messageOf(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const first = m.split('\n', 1)[0]!.trim();
  return first.length > 300 ? `${first.slice(0, 300)}…` : first;
}

export class UpdateDriver {
  private readonly log: UpdateLog;
  private readonly now: () => number;
  private updater: UpdaterLike | null = null;
  private loading: Promise<UpdaterLike | null> | null = null;
  private feedUrl: string | null = null;
  private phase: UpdatePhase = 'idle';
  private lastCheckAt: number | null = null;
  private quietSince: number | null = null;
  private openShifts: number | null = null;
  private version: string | null = null;
  private lastError: string | null = null;
  private lastErrorSeen: unknown = undefined;
  private notPackaged = false;
  /** No address at the last tick (or none yet): updates are off. */
  private off = true;
  private offLogged = false;
  private heldFor: string | null = null;
  private stopped = false;
  private firstTimer: ReturnType<typeof setTimeout> | null = null;
  private everyTimer: ReturnType<typeof setInterval> | null = null;
  private current: UpdateStatus;

  constructor(private readonly opts: UpdateDriverOptions) {
    this.log = opts.log ?? noLog;
    this.now = opts.now ?? Date.now;
    this.current = this.makeStatus();
  }

  get status(): UpdateStatus {
    return { ...this.current };
  }

  /** Ticks on a timer (unref'd: it never keeps the app alive) until stop. */
  start(): void {
    if (this.stopped) return;
    if (this.everyTimer) return;
    const run = () => void this.tick();
    this.firstTimer = setTimeout(run, this.opts.firstTickMs ?? 5_000);
    this.everyTimer = setInterval(run, this.opts.tickMs ?? TICK_MS);
    this.firstTimer.unref();
    this.everyTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.firstTimer) clearTimeout(this.firstTimer);
    if (this.everyTimer) clearInterval(this.everyTimer);
    this.firstTimer = this.everyTimer = null;
  }

  /** Reads the setting and the shifts, and does what the plan says. Never throws. */
  async tick(): Promise<void> {
    try {
      if (this.stopped) return;
      const url = this.readUrl();
      if (url === null) return this.turnOff();
      const u = await this.loadUpdater();
      if (!u || this.stopped) return;
      // From here to the end of act() nothing awaits: the shifts counted are the shifts there are
      // when an install starts (a call to open one cannot run in between).
      if (url !== this.feedUrl || this.off) this.setFeed(u, url);
      this.countShifts();
      this.act(u, updatePlan(this.planInput(url)));
    } catch (e) {
      this.log.error('update.crashed', { error: e });
    }
  }

  /**
   * At quit, before the terminal closes: stops the timer and decides with the shifts open now.
   * Returns the install to run once the host has stopped, or null: none (no update, or a shift is
   * open, which the app says).
   */
  atQuit(): (() => void) | null {
    this.stop();
    const u = this.updater;
    if (!u) return null;
    try {
      const url = this.readUrl();
      this.countShifts();
      const plan = updatePlan({ ...this.planInput(url), quitting: true });
      if (plan.action === 'hold') {
        this.tell('warn', 'update.held-at-quit', `update ${this.version ?? '?'} is not installed at quit: ${this.shiftsText()}; it installs when the app quits or runs with no shift open`);
        return null;
      }
      if (plan.action !== 'install') return null;
      this.phase = 'installing';
      // Said now, while the log is open: the install itself runs once the host has closed it.
      this.tell('info', 'update.install-at-quit', `installing update ${this.version ?? '?'} as the app quits (no shift open)`);
      return () => {
        try {
          if (typeof u.install === 'function') {
            if (!u.install(true, false)) this.tell('warn', 'update.install-failed', `update ${this.version ?? '?'} could not be installed; the next start tries again`);
          } else {
            u.quitAndInstall(true, false);
          }
        } catch (e) {
          this.report('install', e);
        }
      };
    } catch (e) {
      this.log.error('update.crashed', { error: e });
      return null;
    }
  }

  private planInput(url: string | null): PlanInput {
    return {
      url,
      openShifts: this.openShifts,
      state: { phase: this.phase, lastCheckAt: this.lastCheckAt, quietSince: this.quietSince },
      now: this.now(),
      ...(this.opts.checkEveryMs === undefined ? {} : { checkEveryMs: this.opts.checkEveryMs }),
      ...(this.opts.graceMs === undefined ? {} : { graceMs: this.opts.graceMs }),
    };
  }

  private readUrl(): string | null {
    try {
      return this.opts.url();
    } catch (e) {
      this.log.error('update.setting-unreadable', { error: e });
      return null;
    }
  }

  private countShifts(): void {
    let n: number | null;
    try {
      n = this.opts.openShifts();
    } catch (e) {
      this.log.error('update.shifts-unreadable', { error: e });
      n = null;
    }
    this.openShifts = n;
    if (n === 0) this.quietSince ??= this.now();
    else this.quietSince = null;
  }

  private turnOff(): void {
    if (!this.off) {
      this.off = true;
      this.tell('info', 'update.off', 'updates are off now (no update address): nothing is checked or installed');
    } else if (!this.offLogged) {
      this.offLogged = true;
      this.log.info('update.off', { line: 'updates are off (no update address set)' });
    }
    this.publish();
  }

  private async loadUpdater(): Promise<UpdaterLike | null> {
    if (this.updater) return this.updater;
    this.loading ??= Promise.resolve()
      .then(() => this.opts.load())
      .then((u) => {
        this.configure(u);
        this.updater = u;
        return u;
      })
      .catch((e: unknown) => {
        // Not retried: a broken install of electron-updater stays broken until the next start.
        this.tell('error', 'update.unavailable', `updates cannot run: electron-updater did not load: ${messageOf(e)}`);
        return null;
      });
    return this.loading;
  }

  private configure(u: UpdaterLike): void {
    // The download is the driver's call (so its failure is caught here); installing at quit is
    // decided here too, by the shifts.
    u.autoDownload = false;
    u.autoInstallOnAppQuit = false;
    u.logger = {
      info: (m) => this.log.info('update.updater', { message: String(m) }),
      warn: (m) => this.log.warn('update.updater', { message: String(m) }),
      error: (m) => this.log.error('update.updater', { message: String(m) }),
    };
    u.on('error', (e: unknown) => {
      if (this.phase === 'installing') {
        // quitAndInstall found nothing to install and the app did not quit: the next check fetches it again.
        this.phase = 'idle';
        this.heldFor = null;
        return this.report('install', e);
      }
      this.report(this.phase === 'downloading' ? 'download' : this.phase === 'checking' ? 'check' : 'update', e);
    });
    u.on('update-downloaded', (info: { version?: unknown } | undefined) => this.downloaded(typeof info?.version === 'string' ? info.version : null));
  }

  private setFeed(u: UpdaterLike, url: string): void {
    u.setFeedURL({ provider: 'generic', url });
    this.feedUrl = url;
    this.off = false;
    this.tell('info', 'update.feed', `updates from ${url}: checked now and every ${this.hours()} h; installed only when no shift is open`);
  }

  private act(u: UpdaterLike, plan: UpdatePlan): void {
    switch (plan.action) {
      case 'off':
        return this.turnOff();
      case 'check':
        return this.check(u);
      case 'install':
        return this.installNow(u);
      case 'hold':
        if (this.heldFor !== this.version) {
          this.heldFor = this.version;
          this.tell('info', 'update.waiting', `update ${this.version ?? '?'} is downloaded and waits: ${this.shiftsText()}; it installs once no shift is open`);
        }
        return this.publish();
      case 'none':
        return this.publish();
    }
  }

  private check(u: UpdaterLike): void {
    this.phase = 'checking';
    this.lastCheckAt = this.now();
    this.publish();
    let p: Promise<Awaited<ReturnType<UpdaterLike['checkForUpdates']>>>;
    try {
      p = Promise.resolve(u.checkForUpdates());
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (r) => {
        if (this.phase !== 'checking') return;
        this.phase = 'idle';
        if (r === null) {
          // electron-updater checks only in a packaged app.
          if (!this.notPackaged) this.tell('info', 'update.not-packaged', 'updates are set but not checked: this is not a packaged app');
          this.notPackaged = true;
        } else if (!r.isUpdateAvailable) {
          this.lastError = null;
          this.log.info('update.none', { latest: r.updateInfo.version });
        } else {
          this.lastError = null;
          this.download(u, r.updateInfo.version);
          return;
        }
        this.publish();
      },
      (e: unknown) => {
        if (this.phase === 'checking') this.phase = 'idle';
        this.report('check', e);
      },
    );
  }

  private download(u: UpdaterLike, version: string): void {
    this.version = version;
    this.phase = 'downloading';
    this.tell('info', 'update.found', `update ${version} found: downloading in the background`);
    let p: Promise<unknown>;
    try {
      p = Promise.resolve(u.downloadUpdate());
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      () => this.downloaded(version),
      (e: unknown) => {
        if (this.phase === 'downloading') this.phase = 'idle';
        this.report('download', e);
      },
    );
  }

  private downloaded(version: string | null): void {
    if (this.phase === 'downloaded' || this.phase === 'installing') return;
    this.phase = 'downloaded';
    if (version) this.version = version;
    this.log.info('update.downloaded', { version: this.version });
    void this.tick();
  }

  private installNow(u: UpdaterLike): void {
    this.phase = 'installing';
    this.tell('info', 'update.install', `installing update ${this.version ?? '?'} (no shift open); the app restarts`);
    try {
      // Silent, and start again after: the counter comes back by itself.
      u.quitAndInstall(true, true);
    } catch (e) {
      this.phase = 'downloaded';
      this.report('install', e);
    }
  }

  /** One line per failure (electron-updater emits the error it then rejects with: said once). */
  private report(stage: string, e: unknown): void {
    if (e === this.lastErrorSeen && e !== undefined) return this.publish();
    this.lastErrorSeen = e;
    this.lastError = messageOf(e);
    const next = this.lastCheckAt === null ? '' : `; next check in ${this.hours()} h`;
    this.tell('warn', 'update.failed', `update ${stage} failed${next}: ${this.lastError}`, { stage, error: e });
  }

  private hours(): number {
    return Math.round(((this.opts.checkEveryMs ?? CHECK_EVERY_MS) / 3_600_000) * 10) / 10;
  }

  private shiftsText(): string {
    const n = this.openShifts;
    return n === null ? 'the open shifts could not be counted' : `${n} shift${n === 1 ? '' : 's'} open`;
  }

  private tell(level: keyof UpdateLog, event: string, line: string, fields: Record<string, unknown> = {}): void {
    this.opts.say(line);
    this.log[level](event, { line, ...fields });
    this.publish();
  }

  private makeStatus(): UpdateStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const nextCheckAt = this.off || this.lastCheckAt === null ? null : this.lastCheckAt + (this.opts.checkEveryMs ?? CHECK_EVERY_MS);
    let state: UpdateStatus['state'];
    if (this.off) state = 'off';
    else if (this.phase === 'downloaded') state = this.openShifts === 0 ? 'ready' : 'waiting-for-shift';
    else if (this.phase === 'idle') state = this.notPackaged ? 'not-packaged' : 'idle';
    else state = this.phase;
    return { state, version: this.version, openShifts: this.openShifts, lastCheckAt: iso(this.lastCheckAt), nextCheckAt: iso(nextCheckAt), lastError: this.lastError };
  }

  private publish(): void {
    const s = this.makeStatus();
    const before = this.current;
    this.current = s;
    if (this.opts.onStatus && JSON.stringify(before) !== JSON.stringify(s)) this.opts.onStatus({ ...s });
  }
}

/**
 * electron-updater's autoUpdater (NSIS on Windows, AppImage or deb on Linux). Imported here only:
 * the module requires electron as it loads.
 */
export async function loadElectronUpdater(): Promise<UpdaterLike> {
  const mod = await import('electron-updater');
  // CommonJS: `autoUpdater` is a getter on module.exports that Node's named-export detection may
  // not see, so it is read from the default export first.
  const updater: UpdaterLike = (mod.default as { autoUpdater?: UpdaterLike } | undefined)?.autoUpdater ?? mod.autoUpdater;
  return updater;
}
