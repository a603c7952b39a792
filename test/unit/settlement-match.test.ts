// Reconciliation on a generated month: 60,000 UPI and card payments, a settlement file made from
// them, and planted discrepancies — settlements missing, duplicated, with a wrong amount, with a
// UTR the ledger never saw, and for a cancelled receipt. Every planted one must be found, and
// nothing else reported. Card approval codes repeat on purpose (different amounts), as they do.
import { describe, expect, it } from 'vitest';
import { matchSettlement, type LedgerPayment, type SettlementLine } from '../../core/reports/settlement-match.js';
import { seededRandom } from '../../shared/demo-data.js';

const SEED = Number(process.env.RECON_SEED ?? 20261126);

function month(n: number, random: () => number): LedgerPayment[] {
  const ledger: LedgerPayment[] = [];
  for (let i = 0; i < n; i++) {
    const day = `2026-11-${String(1 + (i % 30)).padStart(2, '0')}`;
    const upi = random() < 0.7;
    const amountPaise = 10_000 + Math.floor(random() * 5_000_000);
    const receiptNo = `SS042-C1-2627-${String(i + 1).padStart(6, '0')}`;
    // Every 300th card payment reuses the approval code of the card payment before it.
    const approval = `A${String(upi || i % 300 !== 1 ? i : i - 1).padStart(5, '0')}`;
    ledger.push({
      receiptNo, mode: upi ? 'upi' : 'card', amountPaise, businessDate: day, voided: random() < 0.002, inRange: true,
      references: upi ? [String(600_000_000_000 + i * 7), receiptNo] : [approval, receiptNo],
    });
  }
  return ledger;
}

describe('matching a settlement file with the ledger', () => {
  it(`finds every planted discrepancy in a month of 60,000 payments and reports nothing else (seed ${SEED}; RECON_SEED replays)`, () => {
    const random = seededRandom(SEED);
    const ledger = month(60_000, random);
    const live = ledger.filter((p) => !p.voided);
    const pick = (from: LedgerPayment[], k: number, not: Set<LedgerPayment>) => {
      const out = new Set<LedgerPayment>();
      while (out.size < k) {
        const p = from[Math.floor(random() * from.length)]!;
        if (!not.has(p)) out.add(p);
      }
      for (const p of out) not.add(p);
      return out;
    };
    const used = new Set<LedgerPayment>();
    const missing = pick(live, 120, used);
    const duplicated = pick(live, 80, used);
    const wrongAmount = pick(live, 60, used);
    const voidedSettled = new Set(ledger.filter((p) => p.voided).slice(0, 15));

    const lines: SettlementLine[] = [];
    const add = (reference: string, amountPaise: number, settledOn: string) => lines.push({ line: lines.length + 1, reference, amountPaise, settledOn });
    for (const p of live) {
      if (missing.has(p)) continue;
      // Lower-case or padded references must still match.
      const ref = random() < 0.1 ? ` ${p.references[0]!.toLowerCase()} ` : p.references[0]!;
      add(ref, wrongAmount.has(p) ? p.amountPaise + 100 : p.amountPaise, p.businessDate);
      if (duplicated.has(p)) add(p.references[0]!, p.amountPaise, p.businessDate);
    }
    for (const p of voidedSettled) add(p.references[0]!, p.amountPaise, p.businessDate);
    const unknown = Array.from({ length: 40 }, (_, i) => `9${String(i).padStart(11, '0')}`);
    for (const u of unknown) add(u, 12_345, '2026-11-15');
    // Settlement files are not in receipt order.
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }

    const started = performance.now();
    const rows = matchSettlement(ledger, lines);
    const ms = performance.now() - started;
    const of = (state: string) => rows.filter((r) => r.state === state);
    const receipts = (state: string) => new Set(of(state).map((r) => r.receiptNo));
    const numbers = (s: Set<LedgerPayment>) => new Set([...s].map((p) => p.receiptNo));

    expect(receipts('not-settled')).toEqual(numbers(missing));
    expect(receipts('duplicate')).toEqual(numbers(duplicated));
    expect(receipts('amount-mismatch')).toEqual(numbers(wrongAmount));
    expect(receipts('settled-voided')).toEqual(numbers(voidedSettled));
    expect(new Set(of('unknown').map((r) => r.reference))).toEqual(new Set(unknown));
    expect(of('matched')).toHaveLength(live.length - missing.size - wrongAmount.size);
    expect(rows).toHaveLength(lines.length + missing.size);
    expect(of('amount-mismatch').every((r) => r.settledPaise === r.ledgerPaise! + 100)).toBe(true);
    console.log(`settlement match: ${ledger.length} payments, ${lines.length} settlement lines in ${ms.toFixed(0)} ms`);
  });

  it('a repeated approval code settles each payment by its amount', () => {
    const p = (receiptNo: string, amountPaise: number): LedgerPayment => ({ receiptNo, mode: 'card', references: ['ABC123'], amountPaise, businessDate: '2026-11-26', voided: false, inRange: true });
    const ledger = [p('R1', 500_00), p('R2', 700_00)];
    const rows = matchSettlement(ledger, [
      { line: 1, reference: 'abc123', amountPaise: 700_00, settledOn: '2026-11-27' },
      { line: 2, reference: 'ABC123', amountPaise: 500_00, settledOn: '2026-11-27' },
      { line: 3, reference: 'ABC123', amountPaise: 500_00, settledOn: '2026-11-27' },
    ]);
    expect(rows.map((r) => [r.line, r.state, r.receiptNo])).toEqual([[1, 'matched', 'R2'], [2, 'matched', 'R1'], [3, 'duplicate', 'R1']]);
  });

  it('a payment just outside the range may be settled but is never reported unsettled', () => {
    const ledger: LedgerPayment[] = [{ receiptNo: 'R0', mode: 'upi', references: ['111122223333'], amountPaise: 100, businessDate: '2026-10-31', voided: false, inRange: false }];
    expect(matchSettlement(ledger, [])).toEqual([]);
    expect(matchSettlement(ledger, [{ line: 1, reference: '111122223333', amountPaise: 100, settledOn: '2026-11-01' }])[0]!.state).toBe('matched');
  });
});
