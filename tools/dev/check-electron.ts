// `npm run lint` step: Electronegativity 1.10.3 over electron/, SARIF parsed here, exit 1 on any
// HIGH or MEDIUM finding not in the allow-list below (and on any file it could not parse: an
// unparsed file is an unchecked one). Prints one line when clean.
//
// Run through its runner, not its CLI: the CLI needs commander's pre-v7 API but does not declare
// commander, so it crashes on the commander 14 hoisted here (and would exit 0 on findings anyway).
// Its SARIF gives every finding level "warning" (or "note" when it wants a manual review) and no
// severity, so the severity comes from the runner's own issue list, matched by rule, file and line.
// It misses the IPC sender check and fuses: test/unit/electron-ipc.test.ts and the packaging
// issue cover those.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Another folder may be given (the tests feed it known-bad code); the allow-list is for electron/.
const INPUT = resolve(process.argv[2] ?? join(ROOT, 'electron'));
const SHOWN = relative(process.cwd(), INPUT) || '.';
const checkingOurs = INPUT === join(ROOT, 'electron');
const require = createRequire(import.meta.url);

/**
 * Findings reviewed and accepted: rule id and file (relative to electron/), with the reason.
 * Keep each entry to one rule in one file, so a new finding elsewhere still fails.
 */
const ALLOWED: { rule: string; file: string; why: string }[] = [
  {
    rule: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    why: 'It finds a CSP only in <meta> tags or webRequest.onHeadersReceived literals; ours is a header on every app:// answer '
      + '(main/app-protocol.ts, SECURITY_HEADERS), asserted by test/unit/electron-window.test.ts.',
  },
  {
    rule: 'PRELOAD_JS_CHECK',
    file: 'main/window.ts',
    why: 'A manual-review prompt for having a preload at all. Ours (preload/) exposes only the bridge derived from the contract, '
      + 'checked by test/unit/electron-ipc.test.ts; the build fails if it requires anything but electron.',
  },
];

// Its global checks that fetch from the network on every run (GitHub release lists): the
// Electron version is pinned in package.json and its upgrades are tracked in STACK.md instead.
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
  description: string;
}
interface RunResult {
  issues: Issue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
interface Sarif {
  runs: { results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

const pkgDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;

// Its i18n module downloads translations from S3 on every run: give it the bundled en-US instead.
const i18nFile = join(pkgDir, 'dist', 'locales', 'i18n.js');
const i18n = createRequire(i18nFile)('i18n') as { configure(o: object): void; setLocale(l: string): void };
require.cache[i18nFile] = {
  id: i18nFile,
  filename: i18nFile,
  loaded: true,
  exports: async () => {
    i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nFile), updateFiles: false, objectNotation: true, register: globalThis });
    i18n.setLocale('en-US');
  },
} as unknown as NodeJS.Module;
const run = require(join(pkgDir, 'dist', 'runner.js')) as (options: object, forCli: boolean) => Promise<RunResult>;

/** Its SARIF file is written by a callback after run() resolves: wait for it to be whole. */
async function readSarif(file: string): Promise<Sarif> {
  for (let i = 0; i < 100; i++) {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Sarif;
      } catch {
        // still being written
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`electronegativity wrote no SARIF to ${file}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const sarifFile = join(tmp, 'electron.sarif');
try {
  const result = await run(
    {
      input: INPUT, output: sarifFile, isSarif: true, customScan: [], excludeFromScan: EXCLUDED_CHECKS, isRelative: true,
      isVerbose: false, electronVersionOverride: electronVersion, parserPlugins: [],
    },
    false,
  );
  const sarif = await readSarif(sarifFile);
  const severityOf = new Map(result.issues.map((i) => [`${i.id}|${i.file}|${i.location.line}`, i]));
  const problems: string[] = [];
  for (const e of result.errors.filter((x) => !x.tolerable)) problems.push(`${join(SHOWN, relative(INPUT, e.file))}: not parsed, so not checked: ${e.message}`);
  let low = 0;
  const allowedSeen = new Set<(typeof ALLOWED)[number]>();
  for (const r of sarif.runs.flatMap((run) => run.results)) {
    const loc = r.locations[0]!.physicalLocation;
    // A finding about the whole app (no file) is "N/A" in its issues and "file:///" in its SARIF.
    const file = loc.artifactLocation.uri === 'file:///' ? 'N/A' : loc.artifactLocation.uri;
    const line = loc.region.startLine;
    const issue = severityOf.get(`${r.ruleId}|${file}|${line}`) ?? severityOf.get(`${r.ruleId}|${file}|0`);
    const severity = issue?.severity.name ?? 'UNKNOWN';
    if (r.level !== 'error' && (severity === 'LOW' || severity === 'INFORMATIONAL')) {
      low++;
      continue;
    }
    const allowed = checkingOurs ? ALLOWED.find((a) => a.rule === r.ruleId && a.file === file) : undefined;
    if (allowed) {
      allowedSeen.add(allowed);
      continue;
    }
    const review = r.level === 'note' ? ', manual review' : '';
    const where = file === 'N/A' ? SHOWN : `${join(SHOWN, file)}:${line}`;
    problems.push(`${where} ${r.ruleId} (${severity}${review}): ${r.message.text}`);
  }
  // An allowance that matches nothing any more is removed, not kept "just in case".
  if (checkingOurs) for (const a of ALLOWED.filter((x) => !allowedSeen.has(x))) problems.push(`tools/dev/check-electron.ts: allow-list entry ${a.rule} in electron/${a.file} matches no finding: remove it`);
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(`electronegativity: ${problems.length} problem(s) in ${SHOWN} (HIGH/MEDIUM findings fail the lint: fix the code, or allow-list a reviewed one in tools/dev/check-electron.ts with the reason)`);
    process.exitCode = 1;
  } else {
    const allowedNote = checkingOurs ? `${allowedSeen.size} reviewed and allowed, ` : '';
    console.log(`electronegativity (Electron ${electronVersion}): ${SHOWN} has no HIGH or MEDIUM findings (${allowedNote}${low} low/informational)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
