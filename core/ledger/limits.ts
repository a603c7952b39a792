// The payment limits a supervisor sets: checked against the law, kept in the meta row the
// terminal opens with, and put on the running terminal so the next payment is held to them.
// Journaled as settings.changed (issue 15), in the same transaction as the meta row.
import { checkLimits, type PaymentLimits } from '../../shared/payment-rules.js';
import { stmt } from '../db/statements.js';
import type { Terminal } from '../terminal/terminal.js';
import { asSettingValue, changeSettings, type Actor } from './settings-changes.js';

/** A limit left out (an older caller's three) keeps its current value. */
export function saveLimits(t: Terminal, limits: Partial<PaymentLimits>, by: Actor): PaymentLimits {
  const saved: PaymentLimits = { ...t.limits, ...limits };
  checkLimits(saved);
  changeSettings(t, 'limits', by, () => {
    stmt(t.db, "INSERT INTO meta (key, value) VALUES ('limits', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(saved));
    return { before: asSettingValue(t.limits), after: asSettingValue(saved), result: saved };
  });
  // Only once the change and its event have committed.
  t.limits = saved;
  return saved;
}
