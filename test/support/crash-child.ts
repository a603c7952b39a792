// The crash test's child: records payments in a loop through the contract, and prints one line
// per payment the ledger acknowledged, until its parent kills it with SIGKILL.
//   crash-child DATA_DIR START_INDEX MIGRATIONS_DIR
import { writeSync } from 'node:fs';
import { createTerminalDispatch } from '../../core/handlers.js';
import { openTerminal } from '../../core/terminal/terminal.js';
import { crashPayment } from './crash-payments.js';

const [dataDir, start, migrationsDir] = process.argv.slice(2);
const t = openTerminal(dataDir!, { migrationsDir: migrationsDir! });
const dispatch = createTerminalDispatch(t);
const login = await dispatch('auth.login', { user: 'asha', pin: '1111' });
if (!login.ok) throw new Error(login.error.message);
const session = (login.value as { session: string }).session;
writeSync(1, 'READY\n');
for (let i = Number(start); ; i++) {
  const r = await dispatch('payment.record', { session, ...crashPayment(i) });
  if (!r.ok) {
    writeSync(2, `payment ${i} refused: ${r.error.message}\n`);
    process.exit(3);
  }
  const v = r.value as { receiptNo: string; seq: number };
  writeSync(1, `ACK ${i} ${v.receiptNo} ${v.seq}\n`);
}
