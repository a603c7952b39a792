// Which bank entry carries what (docs/reconciliation.md § Matching): a pure function over the entries
// not yet explained and the deposit slips, provider batches and returned cheques held, giving each
// match with the rule that made it. Rules, in this order, each taking only entries still free:
//   slip           a credit naming the slip number, booked within the deposit window: every such
//                  credit belongs to the slip (so a duplicate credit shows as an excess);
//   batch-ref      a credit naming a provider's settlement batch, within the batch window;
//   cheque-number  a debit naming a returned cheque's number, of its amount;
//   amount-date    for a slip no credit names: one credit of the slip's total (or its cash and its
//                  cheques apart) within the window, the earliest first;
//   net-amount-date for a batch no credit names: one credit of its net within the window.
import { addDays } from '../../shared/dates.js';

export interface BankEntry {
  id: number;
  bookedOn: string;
  amountPaise: number;
  direction: 'credit' | 'debit';
  narration: string;
  reference: string;
}

export interface SlipHeld {
  terminalId: string;
  seq: number;
  depositedOn: string;
  slipNo: string;
  cashPaise: number;
  chequePaise: number;
  /** True when an entry already carries it (a later duplicate may still name it). */
  matched: boolean;
}

export interface BatchHeld {
  provider: string;
  batch: string;
  settledOn: string;
  netPaise: number;
  matched: boolean;
}

export interface ReturnHeld {
  terminalId: string;
  seq: number;
  returnedOn: string;
  number: string;
  amountPaise: number;
}

export type StatementRule = 'slip' | 'batch-ref' | 'cheque-number' | 'amount-date' | 'net-amount-date';

export type StatementMatch =
  | { lineId: number; kind: 'deposit' | 'cheque-return'; terminalId: string; seq: number; rule: StatementRule }
  | { lineId: number; kind: 'batch'; provider: string; batch: string; rule: StatementRule };

export interface MatchWindows {
  depositWindowDays: number;
  batchWindowDays: number;
}

/** A number as entries write it: upper-case letters and digits only ("ds-00451" and "DS 00451" are one). */
export const compactKey = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Every key an entry's text names: each word, and each word's letters-and-digits pieces. */
function keysOf(e: BankEntry): Set<string> {
  const keys = new Set<string>();
  for (const word of `${e.narration} ${e.reference}`.toUpperCase().split(/[\s,;:()[\]{}'"|]+/)) {
    if (!word) continue;
    keys.add(compactKey(word));
    for (const piece of word.split(/[^A-Z0-9]+/)) if (piece) keys.add(piece);
  }
  keys.delete('');
  return keys;
}

const within = (date: string, from: string, days: number) => date >= from && date <= addDays(from, days);

export function matchStatement(entries: BankEntry[], slips: SlipHeld[], batches: BatchHeld[], returns: ReturnHeld[], w: MatchWindows): StatementMatch[] {
  const taken = new Set<number>();
  const out: StatementMatch[] = [];
  const byKey = new Map<string, BankEntry[]>();
  for (const e of [...entries].sort((a, b) => (a.bookedOn < b.bookedOn ? -1 : a.bookedOn > b.bookedOn ? 1 : a.id - b.id))) {
    for (const k of keysOf(e)) {
      const list = byKey.get(k);
      if (list) list.push(e);
      else byKey.set(k, [e]);
    }
  }
  const named = (key: string, direction: BankEntry['direction'], from: string, days: number) =>
    (byKey.get(compactKey(key)) ?? []).filter((e) => !taken.has(e.id) && e.direction === direction && within(e.bookedOn, from, days));
  const take = (m: StatementMatch) => {
    taken.add(m.lineId);
    out.push(m);
  };
  const credited = new Set<SlipHeld | BatchHeld>();

  for (const s of slips) {
    if (!compactKey(s.slipNo)) continue;
    for (const e of named(s.slipNo, 'credit', s.depositedOn, w.depositWindowDays)) {
      take({ lineId: e.id, kind: 'deposit', terminalId: s.terminalId, seq: s.seq, rule: 'slip' });
      credited.add(s);
    }
  }
  for (const b of batches) {
    for (const e of named(b.batch, 'credit', b.settledOn, w.batchWindowDays)) {
      take({ lineId: e.id, kind: 'batch', provider: b.provider, batch: b.batch, rule: 'batch-ref' });
      credited.add(b);
    }
  }
  for (const r of returns) {
    const e = named(r.number, 'debit', addDays(r.returnedOn, -w.depositWindowDays), 2 * w.depositWindowDays).find((x) => x.amountPaise === r.amountPaise);
    if (e) take({ lineId: e.id, kind: 'cheque-return', terminalId: r.terminalId, seq: r.seq, rule: 'cheque-number' });
  }

  // By amount and date: only entries no rule above took, earliest first.
  const free = entries.filter((e) => !taken.has(e.id) && e.direction === 'credit').sort((a, b) => (a.bookedOn < b.bookedOn ? -1 : a.bookedOn > b.bookedOn ? 1 : a.id - b.id));
  const byAmount = new Map<number, BankEntry[]>();
  for (const e of free) {
    const list = byAmount.get(e.amountPaise);
    if (list) list.push(e);
    else byAmount.set(e.amountPaise, [e]);
  }
  const firstOf = (amount: number, from: string, days: number, besides: BankEntry[] = []) =>
    (byAmount.get(amount) ?? []).find((e) => !taken.has(e.id) && !besides.includes(e) && within(e.bookedOn, from, days));
  for (const s of slips) {
    if (s.matched || credited.has(s)) continue;
    const whole = firstOf(s.cashPaise + s.chequePaise, s.depositedOn, w.depositWindowDays);
    let parts: BankEntry[] = whole ? [whole] : [];
    if (!whole && s.cashPaise > 0 && s.chequePaise > 0) {
      const cash = firstOf(s.cashPaise, s.depositedOn, w.depositWindowDays);
      const cheques = cash && firstOf(s.chequePaise, s.depositedOn, w.depositWindowDays, [cash]);
      parts = cash && cheques ? [cash, cheques] : [];
    }
    for (const e of parts) take({ lineId: e.id, kind: 'deposit', terminalId: s.terminalId, seq: s.seq, rule: 'amount-date' });
  }
  for (const b of batches) {
    if (b.matched || credited.has(b)) continue;
    const e = firstOf(b.netPaise, b.settledOn, w.batchWindowDays);
    if (e) take({ lineId: e.id, kind: 'batch', provider: b.provider, batch: b.batch, rule: 'net-amount-date' });
  }
  return out;
}
