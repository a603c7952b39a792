// Issue 18's scenario: 10 real terminals trade for 5 business days (cash, cheques, UPI, card, a
// void), close their shifts and days and record their deposit slips through the real ledger; the
// utility's bank statement (as camt.053, MT940 and CSV, one after the other) and the UPI and card
// providers' settlement reports are generated from what they did — with the Kanpur failures
// planted: a day's cash never deposited, a slip declared but never credited, UPI payments whose
// settlement never came, a credit smaller than the slip, a returned cheque, a duplicate credit.
// `PLANTED` says which counter-days the monitor must show red, and by how much; no other may be.
import type { FastifyInstance } from 'fastify';
import type { CsvStatementInput, ParsedStatement, ProviderInput, SettlementReportLine, StatementLine, StatementFormat } from '../../shared/bank-statement.js';
import { addDays } from '../../shared/dates.js';
import { seededRandom } from '../../shared/demo-data.js';
import type { MoneyReason } from '../../shared/money-monitor.js';
import { camt053Of, csvOf, mt940Of, settlementCsvOf } from './statement-files.js';
import { makeTerminal, PINS, type TestTerminal } from './terminal.js';

export const SCENARIO_DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
/** The morning the monitor is read: every deadline of those days has passed. */
export const SCENARIO_AS_OF = '2026-12-09';
export const SCENARIO_ACCOUNT = '30991234567';
export const SCENARIO_BANK = 'SBI Kanpur Main';
export const UPI_PROVIDER = 'upi-acquirer';
export const CARD_PROVIDER = 'card-acquirer';
const TERMINALS = 10;
const ACCOUNT_NO = '2100000007';

export interface PlantedRed {
  what: string;
  terminal: number;
  day: string;
  reason: MoneyReason;
  differencePaise: number;
}

interface Paid {
  terminal: number;
  day: string;
  mode: 'cash' | 'cheque' | 'upi' | 'card';
  amountPaise: number;
  receiptNo: string;
  reference: string | null;
  voided: boolean;
}

interface Slip {
  terminal: number;
  day: string;
  slipNo: string;
  totalPaise: number;
}

export interface MoneyScenario {
  terminals: TestTerminal[];
  planted: PlantedRed[];
  statements: { name: string; format: StatementFormat; bytes: Buffer; csv?: CsvStatementInput }[];
  settlements: { name: string; bytes: Buffer; input: ProviderInput }[];
  /** What the terminals collected in all (voids apart), for totals. */
  collectedPaise: number;
  close(): void;
}

const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00.000Z`);

export async function buildMoneyScenario(seed = 18): Promise<MoneyScenario> {
  const random = seededRandom(seed);
  const amount = (min: number, max: number) => (min + Math.floor(random() * (max - min))) * 100;
  const paid: Paid[] = [];
  const slips: Slip[] = [];
  const terminals: TestTerminal[] = [];
  const planted: PlantedRed[] = [];
  const returned: { terminal: number; day: string; number: string; amountPaise: number; returnedOn: string }[] = [];

  for (let ti = 0; ti < TERMINALS; ti++) {
    const tt = await makeTerminal({ now: at(SCENARIO_DAYS[0]!, '04:00').toISOString(), counter: `C${ti + 1}`, substation: 'SS042' });
    terminals.push(tt);
    for (const [di, day] of SCENARIO_DAYS.entries()) {
      tt.clock.now = at(day, '04:30');
      const cashier = await tt.login(di % 2 ? 'ravi' : 'asha');
      const plan: Paid['mode'][] = ['cash', 'cash', 'cheque', 'upi', 'cash', 'card', 'upi'];
      const today: Paid[] = [];
      for (const [n, mode] of plan.entries()) {
        const amountPaise = amount(150, 9_000);
        const key = `money-${ti}-${di}-${n}-xxxx`;
        const base = { session: cashier, idempotencyKey: key, accountNo: ACCOUNT_NO, amountPaise, autoOpenShift: true };
        let reference: string | null = null;
        let r;
        if (mode === 'upi') {
          reference = String(600_000_000_000 + ti * 10_000 + di * 100 + n);
          r = await tt.call('payment.record', { ...base, mode: 'upi', instrument: { utr: reference } });
        } else if (mode === 'card') {
          reference = `AP${ti}${di}${n}Z`;
          r = await tt.call('payment.record', { ...base, mode: 'card', instrument: { last4: '4242', approval: reference } });
        } else if (mode === 'cheque') {
          reference = String(100_000 + ti * 100 + di * 10 + n);
          r = await tt.call('payment.record', { ...base, mode: 'cheque', instrument: { number: reference, bank: 'PNB', date: day } });
        } else r = await tt.call('payment.record', { ...base, mode: 'cash' });
        today.push({ terminal: ti, day, mode, amountPaise, receiptNo: r.receiptNo, reference, voided: false });
      }
      // Terminal 7 voids a cash payment on the first day: what it deposits is the rest.
      if (ti === 6 && di === 0) {
        await tt.call('payment.void', { session: cashier, receiptNo: today[0]!.receiptNo, supervisor: { user: 'meena', pin: PINS.meena }, reason: 'wrong account' });
        today[0]!.voided = true;
      }
      paid.push(...today);
      const cash = today.filter((p) => p.mode === 'cash' && !p.voided).reduce((s, p) => s + p.amountPaise, 0);
      const cheque = today.filter((p) => p.mode === 'cheque').reduce((s, p) => s + p.amountPaise, 0);
      tt.clock.now = at(day, '04:40');
      await tt.call('shift.close', { session: cashier, count: { notes: {}, coinsPaise: cash } });
      const supervisor = await tt.login('meena');
      await tt.call('day.close', { session: supervisor, date: day });
      // Planted: terminal 1 never deposits the second day's cash and cheques.
      if (ti === 0 && di === 1) {
        planted.push({ what: 'a day’s cash never deposited', terminal: ti, day, reason: 'not-deposited', differencePaise: -(cash + cheque) });
        continue;
      }
      tt.clock.now = at(day, '04:50');
      const slipNo = `DS${ti + 1}${String(di + 1).padStart(2, '0')}7`;
      await tt.call('deposit.record', { session: supervisor, slip: { businessDate: day, depositedOn: day, bank: SCENARIO_BANK, slipNo, cashPaise: cash, chequePaise: cheque } });
      slips.push({ terminal: ti, day, slipNo, totalPaise: cash + cheque });
      // Planted: terminal 5's cheque of the second day comes back unpaid three days later.
      if (ti === 4 && di === 1) {
        const chq = today.find((p) => p.mode === 'cheque')!;
        returned.push({ terminal: ti, day, number: chq.reference!, amountPaise: chq.amountPaise, returnedOn: addDays(day, 3) });
        planted.push({ what: 'a returned cheque', terminal: ti, day, reason: 'cheque-returned', differencePaise: -chq.amountPaise });
      }
    }
    for (const r of returned.filter((x) => x.terminal === ti)) {
      tt.clock.now = at(r.returnedOn, '06:00');
      const supervisor = await tt.login('meena');
      const receiptNo = paid.find((p) => p.terminal === ti && p.reference === r.number)!.receiptNo;
      await tt.call('cheque.return', { session: supervisor, receiptNo, returnedOn: r.returnedOn, reason: 'funds insufficient' });
    }
  }

  // ---- the bank's side, from what the counters did ----
  const entries: Omit<StatementLine, 'line'>[] = [];
  const credit = (bookedOn: string, amountPaise: number, narration: string, reference = '') => entries.push({ bookedOn, valueOn: bookedOn, amountPaise, direction: 'credit', narration, reference });
  const debit = (bookedOn: string, amountPaise: number, narration: string, reference = '') => entries.push({ bookedOn, valueOn: bookedOn, amountPaise, direction: 'debit', narration, reference });
  for (const s of slips) {
    const narration = `BY CASH/CLG DEP SLIP ${s.slipNo} SS042 C${s.terminal + 1}`;
    if (s.terminal === 1 && s.day === SCENARIO_DAYS[2]) {
      planted.push({ what: 'a deposit declared but never credited', terminal: s.terminal, day: s.day, reason: 'not-credited', differencePaise: -s.totalPaise });
      continue;
    }
    if (s.terminal === 3 && s.day === SCENARIO_DAYS[3]) {
      credit(s.day, s.totalPaise - 500_00, narration, s.slipNo);
      planted.push({ what: 'a credit smaller than declared', terminal: s.terminal, day: s.day, reason: 'credit-short', differencePaise: -500_00 });
      continue;
    }
    credit(s.day, s.totalPaise, narration, s.slipNo);
    if (s.terminal === 5 && s.day === SCENARIO_DAYS[4]) {
      credit(addDays(s.day, 1), s.totalPaise, `${narration} REPEAT`, s.slipNo);
      planted.push({ what: 'a duplicate credit', terminal: s.terminal, day: s.day, reason: 'credit-excess', differencePaise: s.totalPaise });
    }
  }
  for (const r of returned) debit(r.returnedOn, r.amountPaise, `CHQ RTN ${r.number} FUNDS INSUFFICIENT`);

  // The providers: UPI settles T+1 with no fee, card T+2 less 1.8 %; each day one batch, credited net.
  const settlementLines: Record<'upi' | 'card', SettlementReportLine[]> = { upi: [], card: [] };
  for (const mode of ['upi', 'card'] as const) {
    const provider = mode === 'upi' ? UPI_PROVIDER : CARD_PROVIDER;
    for (const day of SCENARIO_DAYS) {
      const settledOn = addDays(day, mode === 'upi' ? 1 : 2);
      const batch = `${mode.toUpperCase()}SETL${settledOn.replaceAll('-', '')}`;
      let ps = paid.filter((p) => p.mode === mode && p.day === day);
      // Planted: the UPI acquirer never settles terminal 3's UPI payments of the second day.
      if (mode === 'upi' && day === SCENARIO_DAYS[1]) {
        const missing = ps.filter((p) => p.terminal === 2);
        planted.push({ what: 'UPI payments whose settlement never arrived', terminal: 2, day, reason: 'not-settled', differencePaise: -missing.reduce((s, p) => s + p.amountPaise, 0) });
        ps = ps.filter((p) => p.terminal !== 2);
      }
      const lines = ps.map((p): SettlementReportLine => ({
        line: 0, reference: p.reference!, amountPaise: p.amountPaise, feePaise: mode === 'card' ? Math.round(p.amountPaise * 0.018) : 0, transactedOn: day, settledOn, batch,
      }));
      settlementLines[mode].push(...lines);
      const net = lines.reduce((s, l) => s + l.amountPaise - l.feePaise, 0);
      credit(settledOn, net, `NEFT ${provider.toUpperCase()} SETTLEMENT ${batch}`, `N${settledOn.replaceAll('-', '')}${mode === 'upi' ? 1 : 2}`);
    }
  }
  // What no rule explains: interest, and the bank's charges.
  credit('2026-12-05', 1_234_56, 'INTEREST CREDIT');
  debit('2026-12-07', 590_00, 'SMS AND SERVICE CHARGES');

  entries.sort((a, b) => (a.bookedOn < b.bookedOn ? -1 : a.bookedOn > b.bookedOn ? 1 : 0));
  // Three statements one after another: camt.053 for 30 Nov–1 Dec, MT940 for 2–3 Dec, CSV for 4–8 Dec.
  let balance = 10_00_000_00;
  const statement = (from: string, to: string, format: StatementFormat): ParsedStatement => {
    const lines = entries.filter((e) => e.bookedOn >= from && e.bookedOn <= to).map((e, i) => ({ ...e, line: i + 1 }));
    const openingPaise = balance;
    for (const l of lines) balance += l.direction === 'credit' ? l.amountPaise : -l.amountPaise;
    return { format, account: SCENARIO_ACCOUNT, statementId: `STMT-${from}`, from, to, openingPaise, closingPaise: balance, lines };
  };
  const camt = statement('2026-11-30', '2026-12-01', 'camt053');
  const mt = statement('2026-12-02', '2026-12-03', 'mt940');
  const csvStatement = statement('2026-12-04', '2026-12-08', 'csv');
  const csv = csvOf(csvStatement, 'marked');
  const upi = settlementCsvOf(settlementLines.upi.map((l, i) => ({ ...l, line: i + 1 })), UPI_PROVIDER, 'upi');
  const card = settlementCsvOf(settlementLines.card.map((l, i) => ({ ...l, line: i + 1 })), CARD_PROVIDER, 'card');
  return {
    terminals,
    planted,
    statements: [
      { name: 'statement-2026-11-30.xml', format: 'camt053', bytes: Buffer.from(camt053Of(camt), 'utf8') },
      { name: 'statement-2026-12-02.sta', format: 'mt940', bytes: Buffer.from(mt940Of(mt), 'utf8') },
      { name: 'statement-2026-12-04.csv', format: 'csv', bytes: Buffer.from(csv.text, 'utf8'), csv: { ...csv.input, bank: SCENARIO_BANK, account: SCENARIO_ACCOUNT } },
    ],
    settlements: [
      { name: 'upi-settlement.csv', bytes: Buffer.from(upi.text, 'utf8'), input: upi.input },
      { name: 'card-settlement.csv', bytes: Buffer.from(card.text, 'utf8'), input: card.input },
    ],
    collectedPaise: paid.filter((p) => !p.voided).reduce((s, p) => s + p.amountPaise, 0),
    close: () => {
      for (const tt of terminals) tt.close();
    },
  };
}

/** Enrolls every terminal with the centre (unless `enroll` is false) and sends its whole journal, as a sync would: the centre acknowledges what it holds already. */
export async function syncScenario(
  app: FastifyInstance, s: Pick<MoneyScenario, 'terminals'>, enrollCode: (substation: string, counter: string) => Promise<string>,
  counters = s.terminals.map((_, i) => `C${i + 1}`), enroll = true,
): Promise<void> {
  for (const [i, tt] of s.terminals.entries()) {
    const counter = counters[i]!;
    if (enroll) {
      const code = await enrollCode('SS042', counter);
      const publicKey = (tt.t.db.prepare("SELECT value FROM meta WHERE key = 'public_key'").get() as { value: string }).value;
      const enrolled = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, terminalId: tt.t.id, publicKey, substation: 'SS042', counter } });
      if (enrolled.statusCode !== 200) throw new Error(`enroll ${counter}: ${enrolled.body}`);
    }
    const events = (tt.t.db.prepare('SELECT seq, body, sig FROM journal ORDER BY seq').all() as { seq: number; body: string; sig: Buffer }[])
      .map((r) => ({ seq: r.seq, body: r.body, sig: r.sig.toString('base64url') }));
    const sent = await app.inject({ method: 'POST', url: `/v1/terminals/${tt.t.id}/journal`, payload: { events } });
    if (sent.statusCode !== 200) throw new Error(`journal ${counter}: ${sent.body}`);
  }
}

/** A multipart/form-data body carrying one file, as a browser's upload sends it. */
export function multipartFile(name: string, content: Buffer | string, type = 'application/octet-stream'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----counterfoil-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
