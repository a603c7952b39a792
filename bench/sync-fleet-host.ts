// A child process of bench/sync.ts holding a share of the simulated fleet: real terminals, each in
// its own data folder with a cashier, enrolled with the upstream over HTTP. On 'pay' each records
// 1–5 cash payments; on 'upload' all of them call `uploadJournal` at once, and the time of each
// call (and of each POST inside it) goes back to the parent. Run only by bench/sync.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, type User } from '../core/auth/users.js';
import { recordPayment } from '../core/ledger/payments.js';
import { enroll, uploadJournal } from '../core/sync/agent.js';
import { initTerminal, type Terminal } from '../core/terminal/terminal.js';
import { demoAccountNo, seededRandom } from '../shared/demo-data.js';
import type { HostUploaded } from './sync.js';

interface Member {
  t: Terminal;
  cashier: User;
  payments: number;
  sentSeq: number;
}

const members: Member[] = [];
let dataDir = '';
let rand: () => number = Math.random;

// Each POST to …/journal, from the request to the answer's headers. The agent reads the body
// afterwards; Fastify writes this small answer at once.
const postMs: number[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const start = performance.now();
  const res = await realFetch(input, init);
  if (init?.method === 'POST' && String(input).endsWith('/journal')) postMs.push(performance.now() - start);
  return res;
};

interface InitMessage {
  type: 'init';
  dir: string;
  url: string;
  seed: number;
  terminals: { counter: string; code: string }[];
}
type Message = InitMessage | { type: 'pay' | 'upload' | 'close' };

async function init(m: InitMessage): Promise<object> {
  dataDir = m.dir;
  rand = seededRandom(m.seed);
  for (const { counter } of m.terminals) {
    members.push({ t: initTerminal(join(m.dir, counter), { substation: 'SS042', counter }), cashier: undefined as unknown as User, payments: 0, sentSeq: 0 });
  }
  // scrypt runs on libuv's threads: all the PIN hashes at once take what the cores allow.
  await Promise.all(members.map(async (mb) => (mb.cashier = await createUser(mb.t.db, 'asha', 'cashier', '1234', mb.t.clock()))));
  for (const [i, mb] of members.entries()) await enroll(mb.t, m.url, m.terminals[i]!.code);
  return { type: 'ready', ids: members.map((mb) => mb.t.id) };
}

/** 1–5 cash payments on every terminal, through the ledger as the payment handler records them. */
function pay(): object {
  let payments = 0;
  let events = 0;
  for (const mb of members) {
    const n = 1 + Math.floor(rand() * 5);
    for (let i = 0; i < n; i++) {
      mb.payments++;
      recordPayment(mb.t, mb.cashier, {
        session: '0'.repeat(32),
        idempotencyKey: `fleet-${mb.t.id}-${mb.payments}`,
        accountNo: demoAccountNo(Math.floor(rand() * 50_000)),
        amountPaise: (100 + Math.floor(rand() * 801)) * 100,
        autoOpenShift: true,
        mode: 'cash',
        instrument: {},
      });
    }
    const after = mb.t.db.prepare('SELECT MAX(seq) AS seq FROM journal').get() as { seq: number };
    payments += n;
    // Genesis and the shift opening ride with the first round's payments.
    events += after.seq - mb.sentSeq;
    mb.sentSeq = after.seq;
  }
  return { type: 'paid', payments, events };
}

async function upload(): Promise<HostUploaded> {
  postMs.length = 0;
  const cpu = process.cpuUsage();
  const uploadMs: number[] = [];
  const errors: string[] = [];
  await Promise.all(
    members.map(async ({ t }) => {
      const start = performance.now();
      try {
        const s = await uploadJournal(t);
        uploadMs.push(performance.now() - start);
        if (s.connection !== 'online' || s.queueDepth !== 0 || s.stopped || s.lastError) {
          errors.push(`${t.id}: ${s.connection}, ${s.queueDepth} unsent, ${s.lastErrorCode ?? ''} ${s.lastError ?? s.stopped ?? ''}`.trim());
        }
      } catch (e) {
        uploadMs.push(performance.now() - start);
        errors.push(`${t.id}: threw ${(e as Error).message}`);
      }
    }),
  );
  const heads = members.map(({ t }) => {
    const { head } = t.db.prepare('SELECT MAX(seq) AS head FROM journal').get() as { head: number };
    const { acked } = t.db.prepare('SELECT acked_seq AS acked FROM sync_state WHERE id = 1').get() as { acked: number };
    return { id: t.id, headSeq: head, ackedSeq: acked };
  });
  const used = process.cpuUsage(cpu);
  return { type: 'uploaded', cpuSeconds: (used.user + used.system) / 1e6, uploadMs, postMs: [...postMs], errors, heads };
}

function close(): void {
  for (const { t } of members) t.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

process.on('message', (m: Message) => {
  void (async () => {
    try {
      if (m.type === 'init') process.send!(await init(m));
      else if (m.type === 'pay') process.send!(pay());
      else if (m.type === 'upload') process.send!(await upload());
      else if (m.type === 'close') close();
    } catch (e) {
      process.send!({ type: 'error', message: (e as Error).stack ?? String(e) });
    }
  })();
});
// The parent went away (Ctrl-C): leave nothing behind.
process.on('disconnect', close);
