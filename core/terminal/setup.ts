// Setting up a terminal with its first users: `counterfoil init`, the web shell's --demo and its
// first-run set-up screen all come here, so a terminal always starts the same way.
import { checkNewPin, DEFAULT_AUTH_SETTINGS } from '../auth/policy.js';
import { createUser, type Role } from '../auth/users.js';
import { upsertConsumers } from '../consumers/store.js';
import { DEMO_USERS, demoConsumers } from '../../shared/demo-data.js';
import { initTerminal, type InitOptions, type Terminal } from './terminal.js';

export interface SetUpOptions extends InitOptions {
  /** The first supervisor, who then adds the cashiers. */
  supervisor?: { name: string; pin: string };
  /** A demo terminal: the demo users (their PINs are returned) and this many demo consumers. */
  demoConsumers?: number;
}

export interface SetUp {
  terminal: Terminal;
  users: { name: string; role: Role; pin?: string }[];
}

export async function setUpTerminal(dataDir: string, opts: SetUpOptions): Promise<SetUp> {
  const { supervisor, demoConsumers: demo, ...init } = opts;
  // Before anything is made: a refused PIN must leave the folder free for another try.
  if (supervisor) checkNewPin(DEFAULT_AUTH_SETTINGS, 'supervisor', supervisor.pin);
  const terminal = initTerminal(dataDir, init);
  try {
    const now = terminal.clock();
    const users: SetUp['users'] = [];
    if (supervisor) {
      await createUser(terminal.db, supervisor.name, 'supervisor', supervisor.pin, now);
      users.push({ name: supervisor.name, role: 'supervisor' });
    }
    if (demo !== undefined) {
      for (const u of DEMO_USERS) {
        if (u.name === supervisor?.name) continue;
        await createUser(terminal.db, u.name, u.role, u.pin, now);
        users.push({ name: u.name, role: u.role, pin: u.pin });
      }
      upsertConsumers(terminal.db, demoConsumers(demo), now);
    }
    return { terminal, users };
  } catch (e) {
    terminal.close();
    throw e;
  }
}
