// Crash consistency: a child process records payments in a loop and prints each acknowledged
// receipt; the parent SIGKILLs it at a random moment, then checks the ledger it left: verify
// passes, integrity_check is ok, receipt numbers have no gap, every acknowledged payment is there
// exactly once, and retrying a key returns the original receipt. CRASH_TRIALS raises the count;
// CRASH_SEED replays a failure (the seed is printed).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../core/auth/users.js';
import { DEMO_USERS, seededRandom } from '../../shared/demo-data.js';
import { TERMINAL_MIGRATIONS_DIR } from '../../core/db/migrate.js';
import { createTerminalDispatch } from '../../core/handlers.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { DATA_FILES, initTerminal, openTerminal } from '../../core/terminal/terminal.js';
import { crashPayment } from '../support/crash-payments.js';
import { tempDir } from '../support/terminal.js';

const TRIALS = Number(process.env.CRASH_TRIALS ?? 300);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
// A fresh ledger every few trials keeps each verify short; within one, restarts pile up.
const TRIALS_PER_LEDGER = 15;

const root = fileURLToPath(new URL('../..', import.meta.url));
// The child is bundled once, so each of the hundreds of starts costs ~0.15 s rather than ~0.5 s.
const childScript = join(root, 'node_modules/.cache/counterfoil-test/crash-child.mjs');

beforeAll(() => {
  buildSync({
    entryPoints: [join(root, 'test/support/crash-child.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: childScript, logLevel: 'error',
  });
  console.log(`crash test: ${TRIALS} trials, seed ${SEED} (replay with CRASH_SEED=${SEED})`);
});

interface TrialRun {
  acked: Map<number, string>; // payment index → receipt number
  lastIndex: number | null;
}

/** Starts the child, lets it record for `runMs` after it is ready, then SIGKILLs it. */
function runChild(dataDir: string, start: number, runMs: number): Promise<TrialRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dataDir, String(start), TERMINAL_MIGRATIONS_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killTimer && out.includes('READY\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), runMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (code ${code}): ${err}`));
      const acked = new Map<number, string>();
      let lastIndex: number | null = null;
      // Only whole lines count: a line cut by the kill was never fully acknowledged.
      for (const line of out.split('\n').slice(0, -1)) {
        const m = /^ACK (\d+) (\S+) (\d+)$/.exec(line);
        if (m) {
          acked.set(Number(m[1]), m[2]!);
          lastIndex = Number(m[1]);
        }
      }
      resolve({ acked, lastIndex });
    });
  });
}

const ledgerDirs: string[] = [];
afterAll(() => ledgerDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function newLedger(): Promise<string> {
  const dir = tempDir('counterfoil-crash-');
  ledgerDirs.push(dir);
  const dataDir = join(dir, 'terminal');
  const t = initTerminal(dataDir, { substation: 'SS042', counter: 'C1' });
  for (const u of DEMO_USERS) await createUser(t.db, u.name, u.role, u.pin, new Date());
  t.close();
  return dataDir;
}

let totals = { trials: 0, acked: 0, inFlightCommitted: 0, inFlightLost: 0 };
afterAll(() => console.log('crash test totals:', JSON.stringify(totals)));

describe('crash consistency under SIGKILL', () => {
  it(`keeps every acknowledged payment exactly once over ${TRIALS} kills`, async () => {
    const rand = seededRandom(SEED);
    let dataDir = '';
    let next = 0;
    const ackedAll = new Map<number, string>();
    for (let trial = 0; trial < TRIALS; trial++) {
      if (trial % TRIALS_PER_LEDGER === 0) {
        dataDir = await newLedger();
        next = 0;
        ackedAll.clear();
      }
      const run = await runChild(dataDir, next, Math.floor(rand() * 40));
      for (const [i, r] of run.acked) ackedAll.set(i, r);

      const t = openTerminal(dataDir);
      try {
        const where = `trial ${trial} (seed ${SEED})`;
        const report = verifyLedger(t.db, { headMarkFile: join(dataDir, DATA_FILES.headMark) });
        expect(report.faults, where).toEqual([]);
        expect(t.db.pragma('integrity_check', { simple: true }), where).toBe('ok');
        const { n, max } = t.db.prepare("SELECT COUNT(*) AS n, COALESCE(MAX(receipt_n), 0) AS max FROM payments WHERE fy = '2627'").get() as { n: number; max: number };
        expect(max, `${where}: receipt numbers have a gap`).toBe(n);
        for (const [i, receiptNo] of run.acked) {
          const rows = t.db.prepare('SELECT receipt_no FROM payments WHERE idempotency_key = ?').all(crashPayment(i).idempotencyKey) as { receipt_no: string }[];
          expect(rows.map((r) => r.receipt_no), `${where}: acknowledged payment ${i}`).toEqual([receiptNo]);
        }

        // Retry the last acknowledged payment and the one that was in flight when the child died.
        const dispatch = createTerminalDispatch(t);
        const login = await dispatch('auth.login', { user: 'asha', pin: '1111' });
        if (!login.ok) throw new Error(login.error.message);
        const session = (login.value as { session: string }).session;
        const inFlight = (run.lastIndex ?? next - 1) + 1;
        if (run.lastIndex !== null) {
          const again = await dispatch('payment.record', { session, ...crashPayment(run.lastIndex) });
          expect(again, where).toMatchObject({ ok: true, value: { receiptNo: run.acked.get(run.lastIndex), replayed: true } });
        }
        const retry = await dispatch('payment.record', { session, ...crashPayment(inFlight) });
        expect(retry.ok, where).toBe(true);
        if (retry.ok && (retry.value as { replayed: boolean }).replayed) totals.inFlightCommitted++;
        else totals.inFlightLost++;
        const count = t.db.prepare('SELECT COUNT(*) AS n FROM payments WHERE idempotency_key = ?').get(crashPayment(inFlight).idempotencyKey) as { n: number };
        expect(count.n, where).toBe(1);
        next = inFlight + 1;
        totals = { ...totals, trials: totals.trials + 1, acked: totals.acked + run.acked.size };
      } finally {
        t.close();
      }
    }
    // Every payment acknowledged in the last ledger is still there, once, after all its restarts.
    const t = openTerminal(dataDir);
    for (const [i, receiptNo] of ackedAll) {
      const row = t.db.prepare('SELECT receipt_no FROM payments WHERE idempotency_key = ?').get(crashPayment(i).idempotencyKey) as { receipt_no: string };
      expect(row.receipt_no).toBe(receiptNo);
    }
    t.close();
    expect(totals.trials).toBe(TRIALS);
    expect(totals.acked).toBeGreaterThan(0);
  }, 1_800_000);
});
