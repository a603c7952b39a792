// The demo's living centre (`npm start`, issue 17): before the upstream serves, this puts into its
// data folder a console admin (its password and authenticator secret in a 0600 file beside it),
// and two more counters' history as the centre would hold it — real terminals that took payments
// and closed their days on a moved clock, their signed journals taken in through the same ingest
// as an upload: SS042/C2 in touch and closed up to yesterday (green), SS017/C1 silent for two days
// with days not closed (red), and one alert (a gap: a batch that skipped seqs). Run once; a
// second run only prints the admin's name and where the rest is.
//   npx tsx tools/dev/demo-centre.ts --data .demo/upstream --credentials .demo/console-admin.json
// `npx tsx tools/dev/demo-centre.ts --code --credentials FILE` prints the admin's current TOTP code.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, businessDate } from '../../shared/dates.js';
import { beginSetup, createUser, finishSetup, totpCodeFor } from '../../upstream/console/users.js';
import { serverKey, type ServerKey } from '../../upstream/crypto.js';
import { enrollTerminal, makeEnrollCode } from '../../upstream/enroll.js';
import { ingestJournal } from '../../upstream/ingest.js';
import { openStore, type Sql } from '../../upstream/store.js';
import { makeTerminal, PINS } from '../../test/support/terminal.js';

interface Credentials {
  name: string;
  password: string;
  totpSecret: string;
}

const IST_HOURS = (date: string, hours: number) => new Date(Date.parse(`${date}T00:00:00Z`) + (hours - 5.5) * 3_600_000);

/** One counter's days of work on a real terminal, its journal taken in by the centre as each day's evening sync. */
async function counterHistory(sql: Sql, key: ServerKey, substation: string, counter: string, days: string[], syncedDays: number): Promise<string> {
  const tt = await makeTerminal({ now: IST_HOURS(days[0]!, 8).toISOString(), substation, counter });
  try {
    const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
    const code = await makeEnrollCode(sql, substation, counter, 'demo');
    const enrolled = await enrollTerminal(sql, { code, terminalId: tt.t.id, publicKey, substation, counter }, IST_HOURS(days[0]!, 8));
    if (!enrolled.ok) throw new Error(`demo enrollment of ${substation}/${counter}: ${enrolled.message}`);
    let sent = 0;
    for (const [d, date] of days.entries()) {
      tt.clock.now = IST_HOURS(date, 10);
      const session = await tt.login('asha');
      for (let i = 0; i < 12; i++) {
        tt.clock.now = IST_HOURS(date, 10 + i / 6);
        const base = { session, idempotencyKey: `demo-centre-${counter}-${date}-${i}`, accountNo: `21000000${String(10 + i).padStart(2, '0')}`, amountPaise: 25_000 + i * 7_500, autoOpenShift: true };
        if (i % 4 === 3) await tt.call('payment.record', { ...base, mode: 'upi', instrument: { utr: `5${date.replace(/-/g, '')}${String(i).padStart(3, '0')}` } });
        else await tt.call('payment.record', { ...base, mode: 'cash' });
      }
      tt.clock.now = IST_HOURS(date, 12);
      await tt.call('shift.close', { session, count: { notes: {}, coinsPaise: 0 } });
      const supervisor = await tt.call('auth.login', { user: 'meena', pin: PINS.meena });
      await tt.call('day.close', { session: supervisor.session, date });
      if (d < syncedDays) {
        const events = (tt.t.db.prepare('SELECT seq, body, sig FROM journal WHERE seq > ? ORDER BY seq').all(sent) as { seq: number; body: string; sig: Buffer }[])
          .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
        const r = await ingestJournal(sql, key, tt.t.id, events, IST_HOURS(date, 18), '127.0.0.1');
        if (!r.ok) throw new Error(`demo sync of ${substation}/${counter}: ${r.message}`);
        sent = r.ackedThrough;
      }
    }
    if (syncedDays < days.length) {
      // The silent counter's last attempt skipped a batch: the centre refuses it and raises a gap alert.
      const events = (tt.t.db.prepare('SELECT seq, body, sig FROM journal WHERE seq > ? ORDER BY seq LIMIT 5').all(sent + 3) as { seq: number; body: string; sig: Buffer }[])
        .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
      await ingestJournal(sql, key, tt.t.id, events, IST_HOURS(days[syncedDays - 1]!, 18.5), '10.42.7.19');
    }
    return tt.t.id;
  } finally {
    tt.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, credentials: { type: 'string' }, code: { type: 'boolean' } } });
  const credentialsFile = resolve(values.credentials ?? '.demo/console-admin.json');
  if (values.code) {
    const c = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
    process.stdout.write(`${totpCodeFor(c.totpSecret, c.name)}\n`);
    return;
  }
  if (existsSync(credentialsFile)) return;
  const sql = await openStore({ dataDir: resolve(values.data ?? '.demo/upstream') });
  try {
    const key = await serverKey(sql);
    const now = new Date();
    const today = businessDate(now);
    const days = [4, 3, 2, 1].map((n) => addDays(today, -n));
    process.stderr.write('Setting up the demo centre: a console admin, two more counters’ history, one alert\n');
    await counterHistory(sql, key, 'SS042', 'C2', days, days.length);
    await counterHistory(sql, key, 'SS017', 'C1', days, 2);
    const credentials: Credentials = { name: 'admin', password: randomBytes(9).toString('base64url'), totpSecret: '' };
    const link = await createUser(sql, key, { name: credentials.name, role: 'admin' }, 'demo', now);
    credentials.totpSecret = (await beginSetup(sql, link.token, now)).totp!.secret;
    // The set-up's code is for the previous 30 s step, so the code the admin reads first is still new.
    await finishSetup(sql, key, { token: link.token, password: credentials.password, totp: totpCodeFor(credentials.totpSecret, credentials.name, new Date(now.getTime() - 30_000)) }, now);
    writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  } finally {
    await sql.close();
  }
}

await main();
