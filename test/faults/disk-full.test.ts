// Disk full in the middle of a payment: max_page_count makes SQLite answer SQLITE_FULL when the
// transaction needs a new page. The cashier must get a clear error and the ledger stay unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyLedger } from '../../core/ledger/verify.js';
import { DATA_FILES } from '../../core/terminal/terminal.js';
import { ledgerCounts, makeTerminal, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
beforeEach(async () => {
  tt = await makeTerminal();
});
afterEach(() => tt.close());

it('refuses a payment that does not fit, says so, and leaves the ledger as it was', async () => {
  const session = await tt.login('asha');
  await tt.call('shift.open', { session, openingFloatPaise: 0 });
  const pay = (i: number) =>
    tt.api['payment.record']({
      session, idempotencyKey: `disk-full-${i}`, accountNo: `HAND${i}`, amountPaise: 10000 + i, mode: 'upi',
      instrument: { utr: String(200000000000 + i) },
    });
  for (let i = 0; i < 3; i++) expect((await pay(i)).ok).toBe(true);

  const pages = tt.t.db.pragma('page_count', { simple: true }) as number;
  tt.t.db.pragma(`max_page_count = ${pages}`);
  const markFile = join(tt.t.dataDir, DATA_FILES.headMark);
  let failed: Awaited<ReturnType<typeof pay>> | undefined;
  let i = 3;
  for (; i < 2000; i++) {
    const before = ledgerCounts(tt.t);
    const mark = readFileSync(markFile, 'utf8');
    const r = await pay(i);
    if (!r.ok) {
      failed = r;
      expect(ledgerCounts(tt.t)).toEqual(before);
      expect(readFileSync(markFile, 'utf8')).toBe(mark);
      break;
    }
  }
  expect(failed, 'the page limit was never reached').toBeDefined();
  expect(failed!.ok || failed!.error.code).toBe('STORAGE_FULL');
  expect(failed!.ok || failed!.error.message).toMatch(/disk is full: the payment was NOT recorded/);
  expect(verifyLedger(tt.t.db, { headMarkFile: markFile }).ok).toBe(true);
  expect(tt.t.db.pragma('integrity_check', { simple: true })).toBe('ok');

  // Space freed: the same request now records, with the next receipt number (none was used up).
  tt.t.db.pragma('max_page_count = 1073741823');
  const recorded = await pay(i);
  expect(recorded).toMatchObject({ ok: true, value: { replayed: false, receiptNo: `SS042-C1-2627-${String(i + 1).padStart(6, '0')}` } });
  expect(verifyLedger(tt.t.db, { headMarkFile: markFile }).ok).toBe(true);
});
