// How the web shell hands Chromium a login link without putting it on Chromium's command line
// (any OS user reads /proc/<pid>/cmdline): a small HTML file, readable by this user only, that
// Chromium opens by path and that sends it on to the link. Chromium's argv then holds only the
// file's name; the shell deletes the file once the link is used or has expired.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A login link as the shell mints it: nothing in it needs escaping in an HTML attribute. */
const LINK = /^http:\/\/(127\.0\.0\.1|\[::1\]):\d{1,5}\/login\?once=[A-Za-z0-9_-]{43}$/;

/**
 * Writes the opener for `link` into `dir` (made 0700 if missing) as a new 0600 file and returns
 * its path. `wx`: never writes through a file or link already there.
 */
export function writeOpener(dir: string, link: string): string {
  if (!LINK.test(link)) throw new Error('not a web shell login link');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `.open-web-shell-${randomBytes(8).toString('hex')}.html`);
  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0; url=${link}">`,
    '<title>Counterfoil</title></head><body>Opening Counterfoil…</body></html>',
    '',
  ].join('\n');
  writeFileSync(file, html, { mode: 0o600, flag: 'wx' });
  return file;
}
