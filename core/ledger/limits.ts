// The payment limits a supervisor sets: checked against the law, kept in the meta row the
// terminal opens with, and put on the running terminal so the next payment is held to them.
// Not journaled: no event type carries settings (print settings are not journaled either).
import { checkLimits, type PaymentLimits } from '../../shared/payment-rules.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';

export function saveLimits(t: Terminal, limits: PaymentLimits): PaymentLimits {
  checkLimits(limits);
  const saved = { ...limits };
  stmt(t.db, "INSERT INTO meta (key, value) VALUES ('limits', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(saved));
  t.limits = saved;
  return saved;
}
