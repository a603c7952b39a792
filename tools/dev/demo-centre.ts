// The demo's living centre (`npm start`, issue 17): before the upstream serves, this puts into its
// data folder a console admin (its password and authenticator secret in a 0600 file beside it),
// and two more counters' history as the centre would hold it — real terminals that took payments
// and closed their days on a moved clock, their signed journals taken in through the same ingest
// as an upload: SS042/C2 in touch and closed up to yesterday (green), SS017/C1 silent for two days
// with days not closed (red), and one alert (a gap: a batch that skipped seqs). The money side
// (issue 18): C2 deposits each day's cash with a slip, and the utility's bank statement (MT940) and
// its UPI acquirer's settlement report are imported — the bank never credits the last slip but one,
// so that counter-day is red in Money, with a finance user to see it. Run once; a second run only
// prints the admin's name and where the rest is.
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
import type { ParsedStatement, SettlementReportLine, StatementLine } from '../../shared/bank-statement.js';
import { saveProviderMapping } from '../../upstream/money/acts.js';
import { importSettlement, importStatement } from '../../upstream/money/imports.js';
import { reconcileAfterImport } from '../../upstream/money/reconcile.js';
import { mt940Of, settlementCsvOf } from '../../test/support/statement-files.js';
import { makeTerminal, PINS } from '../../test/support/terminal.js';

interface Credentials {
  name: string;
  password: string;
  totpSecret: string;
  /** The finance user (no second factor: only admins have one). */
  finance: { name: string; password: string };
}

/** What the demo's money side is made from: each slip a counter deposited, each UPI payment it took. */
interface Banked {
  slips: { date: string; slipNo: string; paise: number }[];
  upi: { date: string; utr: string; paise: number }[];
}

const IST_HOURS = (date: string, hours: number) => new Date(Date.parse(`${date}T00:00:00Z`) + (hours - 5.5) * 3_600_000);

/** One counter's days of work on a real terminal, its journal taken in by the centre as each day's evening sync. */
async function counterHistory(sql: Sql, key: ServerKey, substation: string, counter: string, days: string[], syncedDays: number, banked?: Banked): Promise<string> {
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
      let cash = 0;
      for (let i = 0; i < 12; i++) {
        tt.clock.now = IST_HOURS(date, 10 + i / 6);
        const base = { session, idempotencyKey: `demo-centre-${counter}-${date}-${i}`, accountNo: `21000000${String(10 + i).padStart(2, '0')}`, amountPaise: 25_000 + i * 7_500, autoOpenShift: true };
        if (i % 4 === 3) {
          const utr = `5${date.replace(/-/g, '')}${String(i).padStart(3, '0')}`;
          await tt.call('payment.record', { ...base, mode: 'upi', instrument: { utr } });
          banked?.upi.push({ date, utr, paise: base.amountPaise });
        } else {
          await tt.call('payment.record', { ...base, mode: 'cash' });
          cash += base.amountPaise;
        }
      }
      tt.clock.now = IST_HOURS(date, 12);
      await tt.call('shift.close', { session, count: { notes: {}, coinsPaise: 0 } });
      const supervisor = await tt.call('auth.login', { user: 'meena', pin: PINS.meena });
      await tt.call('day.close', { session: supervisor.session, date });
      if (banked) {
        const slipNo = `DS${counter}${date.slice(5).replace('-', '')}`;
        await tt.call('deposit.record', { session: supervisor.session, slip: { businessDate: date, depositedOn: date, bank: 'SBI Kanpur Main', slipNo, cashPaise: cash, chequePaise: 0 } });
        banked.slips.push({ date, slipNo, paise: cash });
      }
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

/**
 * The bank's statement of those days as MT940 — every slip credited the day it was deposited but the
 * last one but one, and the UPI acquirer's net the day after — and the acquirer's settlement report,
 * imported as a finance officer would, then reconciled.
 */
async function importMoney(sql: Sql, key: ServerKey, banked: Banked, now: Date): Promise<void> {
  const missing = banked.slips.at(-2)?.slipNo;
  const entries: Omit<StatementLine, 'line'>[] = [];
  for (const s of banked.slips) {
    if (s.slipNo !== missing) entries.push({ bookedOn: s.date, valueOn: s.date, amountPaise: s.paise, direction: 'credit', narration: `BY CASH DEP SLIP ${s.slipNo} SS042 C2`, reference: s.slipNo });
  }
  const lines: SettlementReportLine[] = banked.upi.map((u, i) => ({
    line: i + 1, reference: u.utr, amountPaise: u.paise, feePaise: 0, transactedOn: u.date, settledOn: addDays(u.date, 1), batch: `UPISETL${addDays(u.date, 1).replace(/-/g, '')}`,
  }));
  for (const batch of new Set(lines.map((l) => l.batch))) {
    const of = lines.filter((l) => l.batch === batch);
    entries.push({ bookedOn: of[0]!.settledOn, valueOn: of[0]!.settledOn, amountPaise: of.reduce((n, l) => n + l.amountPaise, 0), direction: 'credit', narration: `NEFT UPI ACQUIRER SETTLEMENT ${batch}`, reference: '' });
  }
  entries.sort((a, b) => (a.bookedOn < b.bookedOn ? -1 : a.bookedOn > b.bookedOn ? 1 : 0));
  const opening = 25_00_000_00;
  const statement: ParsedStatement = {
    format: 'mt940', account: '30991234567', statementId: 'DEMO-1', from: entries[0]!.bookedOn, to: entries.at(-1)!.bookedOn, openingPaise: opening,
    closingPaise: entries.reduce((b, e) => b + e.amountPaise, opening), lines: entries.map((e, i) => ({ ...e, line: i + 1 })),
  };
  const settlement = settlementCsvOf(lines, 'upi-acquirer', 'upi');
  await saveProviderMapping(sql, key, settlement.input, 'demo', now);
  await reconcileAfterImport(sql, await importSettlement(sql, key, { name: 'upi-settlement.csv', bytes: Buffer.from(settlement.text), input: settlement.input }, 'finance', now), now);
  await reconcileAfterImport(sql, await importStatement(sql, key, { name: 'sbi-statement.sta', bytes: Buffer.from(mt940Of(statement)), format: 'mt940' }, 'finance', now), now);
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
    process.stderr.write('Setting up the demo centre: a console admin and a finance user, two more counters’ history, one alert, a bank statement and a settlement report\n');
    const banked: Banked = { slips: [], upi: [] };
    await counterHistory(sql, key, 'SS042', 'C2', days, days.length, banked);
    await counterHistory(sql, key, 'SS017', 'C1', days, 2);
    const credentials: Credentials = { name: 'admin', password: randomBytes(9).toString('base64url'), totpSecret: '', finance: { name: 'finance', password: randomBytes(9).toString('base64url') } };
    const link = await createUser(sql, key, { name: credentials.name, role: 'admin' }, 'demo', now);
    credentials.totpSecret = (await beginSetup(sql, link.token, now)).totp!.secret;
    // The set-up's code is for the previous 30 s step, so the code the admin reads first is still new.
    await finishSetup(sql, key, { token: link.token, password: credentials.password, totp: totpCodeFor(credentials.totpSecret, credentials.name, new Date(now.getTime() - 30_000)) }, now);
    const financeLink = await createUser(sql, key, { name: credentials.finance.name, role: 'finance' }, 'demo', now);
    await finishSetup(sql, key, { token: financeLink.token, password: credentials.finance.password }, now);
    await importMoney(sql, key, banked, now);
    writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  } finally {
    await sql.close();
  }
}

await main();
