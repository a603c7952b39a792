// Rows 1–2: a payment through the contract against the least any durable, signed write can cost.
// The two run in the same loop, one of each per iteration, so a slow patch of disk lands on both.
import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { demoAccountNo, DEMO_USERS, seededRandom } from '../shared/demo-data.js';
import { type Dispatch } from '../core/dispatch.js';
import { openDatabase } from '../core/db/open.js';
import { createTerminalDispatch } from '../core/handlers.js';
import { benchTerminal, progress } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface PaymentResult {
  payment: Summary;
  floor: Summary;
}

// Enough known consumers that the accounts vary, few enough that setup takes a second.
const PAYMENT_CONSUMERS = 5_000;

async function call(dispatch: Dispatch, channel: string, input: unknown): Promise<unknown> {
  const r = await dispatch(channel, input);
  // A refused call means the benchmark set itself up wrong; its timings would mean nothing.
  if (!r.ok) throw new Error(`${channel} refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** The floor: one autocommit INSERT (WAL, synchronous=FULL, so one fsync) and one Ed25519 signature. */
function makeFloor(file: string): { run(i: number): void; close(): void } {
  const db = openDatabase(file);
  db.exec('CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, body TEXT NOT NULL, sig BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO floor (body, sig) VALUES (?, ?)');
  const { privateKey } = generateKeyPairSync('ed25519');
  // About the size of a payment.recorded journal body.
  const filler = 'x'.repeat(360);
  return {
    run(i) {
      const body = `{"seq":${i},"type":"payment.recorded","data":"${filler}"}`;
      insert.run(body, sign(null, Buffer.from(body, 'utf8'), privateKey));
    },
    close: () => db.close(),
  };
}

export async function benchPayments(dir: string, iterations: number, warmup: number): Promise<PaymentResult> {
  const t = await benchTerminal(join(dir, 'payments'), PAYMENT_CONSUMERS);
  const floor = makeFloor(join(dir, 'floor.db'));
  try {
    const dispatch = createTerminalDispatch(t);
    const cashier = DEMO_USERS.find((u) => u.role === 'cashier')!;
    const { session } = (await call(dispatch, 'auth.login', { user: cashier.name, pin: cashier.pin })) as { session: string };
    await call(dispatch, 'shift.open', { session, openingFloatPaise: 0 });

    const rand = seededRandom(2026);
    const run = `${Date.now().toString(36)}`;
    const payment: number[] = [];
    const floorMs: number[] = [];
    const total = warmup + iterations;
    for (let i = 0; i < total; i++) {
      const input = {
        session,
        idempotencyKey: `bench-${run}-${i}`,
        accountNo: demoAccountNo(i % PAYMENT_CONSUMERS),
        // ₹100–₹900: above the minimum part-payment, far below every cash limit.
        amountPaise: (100 + Math.floor(rand() * 801)) * 100,
        mode: 'cash',
      };
      const timePayment = async () => {
        const start = performance.now();
        await call(dispatch, 'payment.record', input);
        return performance.now() - start;
      };
      const timeFloor = () => {
        const start = performance.now();
        floor.run(i);
        return performance.now() - start;
      };
      // Alternate which goes first, so neither always follows the other's fsync.
      let p: number;
      let f: number;
      if (i % 2 === 0) {
        p = await timePayment();
        f = timeFloor();
      } else {
        f = timeFloor();
        p = await timePayment();
      }
      if (i >= warmup) {
        payment.push(p);
        floorMs.push(f);
      }
      if ((i + 1) % 500 === 0) progress(`payments ${i + 1}/${total}`);
    }
    return { payment: summarize(payment), floor: summarize(floorMs) };
  } finally {
    floor.close();
    t.close();
  }
}
