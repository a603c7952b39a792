// Printer faults: paper out, cover open, and the connection dropped at sampled byte offsets of a
// job. No job may be marked printed without the printer's confirmation, and after recovery every
// pending job prints exactly once. PRINT_DROP_SAMPLES raises the number of offsets.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/demo-data.js';
import { recordReprint } from '../../core/ledger/payments.js';
import { runPrintQueue } from '../../core/print/queue.js';
import { configuredPrinter } from '../../core/print/settings.js';
import { VirtualPrinter } from '../../tools/virtual-printer/printer.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';

const DROP_SAMPLES = Number(process.env.PRINT_DROP_SAMPLES ?? 200);

let tt: TestTerminal;
let printer: VirtualPrinter;
let outDir: string;
let receiptNo: string;
const saved: number[] = [];
beforeAll(async () => {
  tt = await makeTerminal();
  outDir = tempDir('counterfoil-faults-');
  printer = await VirtualPrinter.start({ port: 0, outDir });
  printer.on('job', (j) => saved.push(j.n));
  const settings = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
  await tt.call('settings.print.set', { session: await tt.login('meena'), settings: { ...settings, printer: `tcp://127.0.0.1:${printer.port}` } });
  const paid = await tt.call('payment.record', {
    session: await tt.login('asha'), idempotencyKey: 'faults-0001', accountNo: '2100000007', amountPaise: 50000, mode: 'upi',
    instrument: { utr: '123456789012' }, autoOpenShift: true,
  });
  receiptNo = paid.receiptNo;
});
afterAll(async () => {
  await printer.close();
  tt.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** A queue run, then the printer given time to save what it received. */
const run = async () => {
  const r = await runPrintQueue(tt.t, configuredPrinter(tt.t)!);
  await printer.settled();
  return r;
};
const jobs = () => tt.t.db.prepare('SELECT state, attempts FROM print_jobs ORDER BY id').all() as { state: string; attempts: number }[];
/** Moves the test clock past any backoff, as time passing would. */
const later = () => (tt.clock.now = new Date(tt.clock.now.getTime() + 10 * 60_000));

describe('printer faults', () => {
  for (const fault of ['paper-out', 'cover-open', 'offline'] as const) {
    it(`${fault}: nothing is marked printed; after recovery the job prints once`, async () => {
      if (jobs().every((j) => j.state === 'printed')) recordReprint(tt.t, 'asha', receiptNo);
      const before = saved.length;
      printer.setState(fault);
      const r = await run();
      expect(r).toMatchObject({ printed: [], state: fault, pending: 1 });
      expect(await run()).toMatchObject({ printed: [], pending: 1 }); // still backing off: not even tried
      expect(saved.length).toBe(before);
      printer.setState('ready');
      later();
      expect(await run()).toMatchObject({ printed: [expect.any(String)], state: 'ready', pending: 0 });
      expect(saved.length).toBe(before + 1);
    });
  }

  it(`connection dropped at ${DROP_SAMPLES} sampled byte offsets: never marked printed, then printed once`, async () => {
    const jobLength = (await (async () => {
      recordReprint(tt.t, 'asha', receiptNo);
      const next = printer.next('job');
      later();
      await run();
      return (await next).bytes.length;
    })());
    const rand = seededRandom(9100);
    const offsets = new Set<number>([1, 2, jobLength - 1]);
    while (offsets.size < Math.min(DROP_SAMPLES, jobLength - 1)) offsets.add(1 + Math.floor(rand() * (jobLength - 1)));
    let neverMarked = 0;
    let printedOnce = 0;
    for (const n of offsets) {
      recordReprint(tt.t, 'asha', receiptNo);
      const before = saved.length;
      printer.setState(`drop-at-byte ${n}`);
      later();
      const cut = await run();
      if (cut.printed.length === 0 && cut.pending === 1 && saved.length === before) neverMarked++;
      else expect.fail(`dropped at byte ${n} of ${jobLength}, yet ${JSON.stringify(cut)}, saved ${saved.length - before}`);
      later();
      const recovered = await run();
      if (recovered.printed.length === 1 && recovered.pending === 0 && saved.length === before + 1) printedOnce++;
      else expect.fail(`after a drop at byte ${n}: ${JSON.stringify(recovered)}, saved ${saved.length - before}`);
    }
    console.log(`printer faults: ${offsets.size} drop offsets over a ${jobLength}-byte job; never marked printed ${neverMarked}, printed once after recovery ${printedOnce}`);
    expect(neverMarked).toBe(offsets.size);
    expect(printedOnce).toBe(offsets.size);
    expect(offsets.size).toBeGreaterThanOrEqual(Math.min(200, DROP_SAMPLES));
    expect(jobs().every((j) => j.state === 'printed')).toBe(true);
  }, 300_000);
});
