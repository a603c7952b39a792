// Matching a UPI/card settlement file against the ledger: a pure function over two lists, so a
// month of 60,000 payments is matched in one pass with a map. A settlement line names a receipt
// by its UTR (UPI), its approval code (card), its receipt number or the payment's reference
// (the `tr` of the counter's dynamic UPI QR, the payment's idempotency key).
import type { MatchRow, MatchState } from '../../shared/reconciliation.js';

export interface LedgerPayment {
  receiptNo: string;
  mode: 'upi' | 'card';
  /** UTR for UPI, approval code for card; references are compared upper-cased and trimmed. */
  references: string[];
  amountPaise: number;
  businessDate: string;
  voided: boolean;
  /** False for a payment just outside the asked range: it may be settled, but is not reported unsettled. */
  inRange: boolean;
}

export interface SettlementLine {
  line: number;
  reference: string;
  amountPaise: number;
  settledOn: string;
}

const norm = (ref: string) => ref.trim().toUpperCase();

export function matchSettlement(ledger: LedgerPayment[], lines: SettlementLine[]): MatchRow[] {
  // A reference may name more than one payment (card approval codes repeat): keep them all.
  const byRef = new Map<string, LedgerPayment[]>();
  for (const p of ledger) {
    for (const r of new Set(p.references.map(norm))) {
      if (!r) continue;
      const list = byRef.get(r);
      if (list) list.push(p);
      else byRef.set(r, [p]);
    }
  }
  const settled = new Set<LedgerPayment>();
  const rows: MatchRow[] = [];
  const row = (state: MatchState, l: SettlementLine | null, p: LedgerPayment | null): MatchRow => ({
    state,
    line: l?.line ?? null,
    reference: l?.reference ?? p?.references[0] ?? '',
    settledPaise: l?.amountPaise ?? null,
    settledOn: l?.settledOn ?? null,
    receiptNo: p?.receiptNo ?? null,
    ledgerPaise: p?.amountPaise ?? null,
    mode: p?.mode ?? null,
    businessDate: p?.businessDate ?? null,
  });
  for (const l of lines) {
    const candidates = byRef.get(norm(l.reference)) ?? [];
    if (candidates.length === 0) {
      rows.push(row('unknown', l, null));
      continue;
    }
    // The first not yet settled with the same amount; else the first not yet settled; else a repeat.
    const open = candidates.filter((p) => !settled.has(p));
    const p = open.find((c) => c.amountPaise === l.amountPaise) ?? open[0];
    if (!p) {
      rows.push(row('duplicate', l, candidates.find((c) => c.amountPaise === l.amountPaise) ?? candidates[0]!));
      continue;
    }
    settled.add(p);
    rows.push(row(p.voided ? 'settled-voided' : p.amountPaise === l.amountPaise ? 'matched' : 'amount-mismatch', l, p));
  }
  for (const p of ledger) if (p.inRange && !p.voided && !settled.has(p)) rows.push(row('not-settled', null, p));
  return rows;
}
