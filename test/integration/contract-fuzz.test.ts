// Random junk into every contract channel: it is refused with a coded error (never thrown, never
// an internal error), and the ledger is never half-written: a call either records whole or
// leaves every table as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../core/ledger/verify.js';
import { CHANNELS, contract, type Input } from '../../shared/contract.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { ledgerCounts, makeTerminal, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
let session: string;
beforeAll(async () => {
  tt = await makeTerminal();
  session = await tt.login('asha');
  await tt.call('shift.open', { session, openingFloatPaise: 0 });
});
afterAll(() => tt.close());

const WRITES = new Set(['payment.record', 'payment.void', 'shift.open', 'shift.close', 'receipt.reprint', 'day.close', 'deposit.record', 'cheque.return']);

describe('junk into every channel', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: refused or answered, never thrown, nothing half-written`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.anything({ withObjectString: true, withNullPrototype: true }), async (junk) => {
          const before = ledgerCounts(tt.t);
          const r = await tt.dispatch(channel, junk);
          if (r.ok) {
            expect(contract[channel].input.safeParse(junk).success).toBe(true);
          } else {
            expect(ERROR_CODES).toContain(r.error.code);
            expect(r.error.code).not.toBe('INTERNAL');
            expect(r.error.message.length).toBeGreaterThan(0);
          }
          // No junk carries a live session, so nothing that writes may have written.
          if (WRITES.has(channel)) expect(ledgerCounts(tt.t)).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('an unknown channel is refused', async () => {
    const r = await tt.dispatch('payment.delete', {});
    expect(r.ok || r.error.code).toBe('INVALID_INPUT');
  });
});

describe('a payment with one field replaced by anything', () => {
  it('records whole or not at all', async () => {
    let n = 0;
    const fields = ['accountNo', 'amountPaise', 'mode', 'instrument', 'idempotencyKey', 'autoOpenShift', 'extra'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.anything(), async (field, value) => {
        const input: Record<string, unknown> = {
          session, idempotencyKey: `fuzz-${++n}-${Date.now()}`, accountNo: 'HAND0001', amountPaise: 10000, mode: 'cash', instrument: {},
        };
        input[field] = value;
        const before = ledgerCounts(tt.t);
        const r = await tt.api['payment.record'](input as Input<'payment.record'>);
        const after = ledgerCounts(tt.t);
        if (r.ok) {
          expect(after.payments).toBe(before.payments + (r.value.replayed ? 0 : 1));
        } else {
          expect(r.error.code).not.toBe('INTERNAL');
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 300 },
    );
    expect(verifyLedger(tt.t.db).ok).toBe(true);
  });
});
