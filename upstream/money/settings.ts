// The reconciliation's settings: the defaults until a finance user saves their own (admin-logged).
import { DEFAULT_MONEY_SETTINGS, MoneySettings } from '../../shared/money-monitor.js';
import { appendAdminLog } from '../admin-log.js';
import type { ServerKey } from '../crypto.js';
import type { Sql } from '../store.js';

export async function moneySettings(sql: Sql): Promise<MoneySettings> {
  const [row] = await sql.query<{ settings: unknown }>('SELECT settings FROM money_settings WHERE id = 1');
  return row ? MoneySettings.parse(typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings) : DEFAULT_MONEY_SETTINGS;
}

export async function saveMoneySettings(sql: Sql, key: ServerKey, next: MoneySettings, by: string, now: Date, note: string | null = null): Promise<MoneySettings> {
  const settings = MoneySettings.parse(next);
  return sql.transaction(async (tx) => {
    const before = await moneySettings(tx);
    await tx.query(
      `INSERT INTO money_settings (id, settings, changed_by, changed_at) VALUES (1, $1::jsonb, $2, $3)
       ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at`,
      [JSON.stringify(settings), by, now.toISOString()],
    );
    await appendAdminLog(tx, key, { actor: by, action: 'money.settings-changed', subject: 'reconciliation', before, after: settings, note }, now);
    return settings;
  });
}
