// The terminal's log: one JSON line per event in <dataDir>/logs/counterfoil.log, rotated by size
// (counterfoil.log.1 is the newest old file). Appends are synchronous — a few lines a minute — and
// never throw: a full disk must not stop a payment, so a failed write is dropped and counted.
// Every line is redacted before it is written: no PINs, keys, sessions, tokens or card numbers.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Lines that could not be written (a full disk, a missing folder). */
  readonly dropped: number;
  close(): void;
}

export interface LoggerOptions {
  /** Rotate when the current file would grow past this; default 1 MiB. */
  maxBytes?: number;
  /** How many rotated files to keep beside the current one (counterfoil.log.1 … .N); default 5. */
  keep?: number;
  now?: () => Date;
}

export const LOG_DIR = 'logs';
export const LOG_FILE = 'counterfoil.log';

/** The log files of a data folder, oldest first: counterfoil.log.N … .1, then counterfoil.log. */
export function logFiles(dataDir: string, keep = 5): string[] {
  const dir = join(dataDir, LOG_DIR);
  return [...Array.from({ length: keep }, (_, i) => join(dir, `${LOG_FILE}.${keep - i}`)), join(dir, LOG_FILE)];
}

const REDACTED = '[redacted]';
const SECRET_FIELD = /^(pins?|password|privatekey|key|session|token)$/i;
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
// 13–19 digits, alone or grouped by spaces or dashes, not inside a longer word (a hash, an id).
const PAN = /\b\d(?:[ -]?\d){12,18}\b/g;
const TOKEN_PARAM = /([?&;]token=)[^&#\s"']*/gi;

/** A string with PEM blocks, card numbers (all but the last 4 digits) and token= parameters masked. */
export function redactText(s: string): string {
  return s
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(TOKEN_PARAM, `$1${REDACTED}`)
    .replace(PAN, (m) => {
      const digits = m.replace(/\D/g, '');
      return `[PAN …${digits.slice(-4)}]`;
    });
}

/** A copy of a value safe to write down: secret fields replaced, strings masked, errors as their message. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (depth > 8) return '[deep]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message), ...('code' in value ? { code: redact(value.code, depth + 1) } : {}) };
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) ? REDACTED : redact(v, depth + 1);
  return out;
}

/** The line as written: at, level and event first; the caller's fields after, redacted. */
export function logLine(at: Date, level: LogLevel, event: string, fields: LogFields = {}): string {
  const rest = { ...fields };
  for (const k of ['at', 'level', 'event']) delete rest[k];
  return `${JSON.stringify({ at: at.toISOString(), level, event: redactText(event), ...(redact(rest) as LogFields) })}\n`;
}

export function createLogger(dataDir: string, opts: LoggerOptions = {}): Logger {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const keep = opts.keep ?? 5;
  const now = opts.now ?? (() => new Date());
  const dir = join(dataDir, LOG_DIR);
  const file = join(dir, LOG_FILE);
  let dropped = 0;
  let closed = false;
  let dirMade = false;

  const rotate = (): void => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    if (keep >= 1) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
  };

  const write = (level: LogLevel, event: string, fields?: LogFields): void => {
    if (closed) return;
    try {
      const line = logLine(now(), level, event, fields);
      if (!dirMade) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        dirMade = true;
      }
      // Stat each time: the CLI and a host may share the file.
      const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      dropped++;
      dirMade = false; // the folder may have gone: try making it again next time
    }
  };

  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    get dropped() {
      return dropped;
    },
    close() {
      closed = true;
    },
  };
}

/** A logger that writes nothing: for tests and tools. */
export const noopLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  dropped: 0,
  close() {},
};
