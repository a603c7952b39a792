// --demo: a terminal with the demo users and consumers, made as the web shell's --demo makes it.
// It is made under plain init (a 0600 key file); the host then moves the key into its vault.
import { createUser } from '../../core/auth/users.js';
import { upsertConsumers } from '../../core/consumers/store.js';
import { initTerminal } from '../../core/terminal/terminal.js';
import { DEMO_USERS, demoConsumers } from '../../shared/demo-data.js';

export const DEMO_CONSUMERS = 5_000;

/** Makes the demo terminal in dataDir and closes it; returns a line saying what was made. */
export async function makeDemoTerminal(dataDir: string, migrationsDir: string): Promise<string> {
  const t = initTerminal(dataDir, { substation: 'SS042', counter: 'C1', migrationsDir });
  try {
    const now = t.clock();
    for (const u of DEMO_USERS) await createUser(t.db, u.name, u.role, u.pin, now);
    upsertConsumers(t.db, demoConsumers(DEMO_CONSUMERS), now);
    return `demo terminal ${t.id} made with ${DEMO_CONSUMERS} consumers; users: ${DEMO_USERS.map((u) => `${u.name} (${u.role}) PIN ${u.pin}`).join(', ')}`;
  } finally {
    t.close();
  }
}
