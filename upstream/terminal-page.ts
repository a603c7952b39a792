// The console's terminal page (issue 17): one terminal's census row, its keys and the seqs each
// signs, its days (payments by mode, voids, late entries, returned cheques, shift closes with
// variances, the day close), its alerts and out-of-service declarations — and the drill-down to the signed events
// each figure comes from, each signature checked again with the key in force at its seq.
import type { HeldPayment, KeySpan, ModeTotal, SignedEventView, TerminalDay, TerminalPage } from '../shared/console-api.js';
import { addDays, businessDate, type IsoDate } from '../shared/dates.js';
import { listAlerts } from './alerts.js';
import { fleetCensus, type CensusThresholds } from './census.js';
import { publicKeyFromRaw, signatureValid } from './crypto.js';
import { outOfServiceOf } from './out-of-service.js';
import type { Sql } from './store.js';

/** How far back the page lists days. */
export const TERMINAL_PAGE_DAYS = 31;

const day = (v: Date | string): IsoDate => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));
const iso = (v: Date | string) => new Date(v).toISOString();

export async function terminalPage(sql: Sql, terminalId: string, now: Date, t?: CensusThresholds): Promise<TerminalPage | null> {
  const [terminal] = await fleetCensus(sql, now, t, terminalId);
  if (!terminal) return null;
  const since = addDays(businessDate(now), -(TERMINAL_PAGE_DAYS - 1));
  const [keys, totals, shifts, closes, alerts, outOfService, returned] = await Promise.all([
    sql.query<{ key_id: string; from_seq: string | number }>('SELECT key_id, from_seq FROM terminal_keys WHERE terminal_id = $1 ORDER BY from_seq', [terminalId]),
    sql.query<{ business_date: Date | string; mode: string; n: string; amount: string; voids: string; voided: string; late: string }>(
      `SELECT business_date, mode, SUM(payments) AS n, SUM(amount_paise) AS amount, SUM(voids) AS voids, SUM(voided_paise) AS voided, SUM(late) AS late
         FROM collections_daily WHERE terminal_id = $1 AND business_date >= $2 GROUP BY business_date, mode ORDER BY business_date, mode`,
      [terminalId, since],
    ),
    sql.query<{ seq: string; shift_id: number; closed_by: string; expected_paise: string; counted_paise: string; variance_paise: string; closed_at: Date | string; business_date: Date | string }>(
      `SELECT s.seq, s.shift_id, s.closed_by, s.expected_paise, s.counted_paise, s.variance_paise, s.closed_at,
              (s.closed_at AT TIME ZONE 'Asia/Kolkata')::date AS business_date
         FROM shift_closes s WHERE s.terminal_id = $1 AND s.closed_at >= $2::date - 1 ORDER BY s.seq`,
      [terminalId, since],
    ),
    sql.query<{ seq: string; business_date: Date | string; closed_at: Date | string }>(
      'SELECT seq, business_date, closed_at FROM day_closes WHERE terminal_id = $1 AND business_date >= $2 ORDER BY seq', [terminalId, since],
    ),
    listAlerts(sql, { limit: 50, state: 'all', terminalId }),
    outOfServiceOf(sql, terminalId),
    sql.query<{ seq: string; payment_seq: string; receipt_no: string; returned_on: Date | string; reason: string; recorded_by: string; amount_paise: string | null }>(
      `SELECT r.seq, r.payment_seq, r.receipt_no, r.returned_on, r.reason, r.recorded_by, p.amount_paise
         FROM cheque_returns r LEFT JOIN payments p ON p.terminal_id = r.terminal_id AND p.seq = r.payment_seq
        WHERE r.terminal_id = $1 AND r.returned_on >= $2 ORDER BY r.seq`,
      [terminalId, since],
    ),
  ]);

  const spans: KeySpan[] = keys.map((k, i) => ({ keyId: k.key_id, fromSeq: Number(k.from_seq), toSeq: keys[i + 1] ? Number(keys[i + 1]!.from_seq) - 1 : null }));
  const days = new Map<IsoDate, TerminalDay>();
  const dayOf = (d: IsoDate) => {
    let v = days.get(d);
    if (!v) {
      v = { businessDate: d, payments: 0, amountPaise: 0, byMode: [], voids: 0, voidedPaise: 0, late: 0, shiftCloses: [], returnedCheques: [], closed: null, outOfService: outOfService.some((o) => o.from <= d && d <= o.to) };
      days.set(d, v);
    }
    return v;
  };
  for (const r of totals) {
    const d = dayOf(day(r.business_date));
    const m: ModeTotal = { mode: r.mode, payments: Number(r.n), amountPaise: Number(r.amount) };
    d.byMode.push(m);
    d.payments += m.payments;
    d.amountPaise += m.amountPaise;
    d.voids += Number(r.voids);
    d.voidedPaise += Number(r.voided);
    d.late += Number(r.late);
  }
  for (const s of shifts) {
    const d = day(s.business_date);
    if (d < since) continue;
    dayOf(d).shiftCloses.push({
      seq: Number(s.seq), shiftId: s.shift_id, closedBy: s.closed_by, expectedPaise: Number(s.expected_paise), countedPaise: Number(s.counted_paise),
      variancePaise: Number(s.variance_paise), closedAt: iso(s.closed_at),
    });
  }
  for (const r of returned) {
    dayOf(day(r.returned_on)).returnedCheques.push({
      seq: Number(r.seq), paymentSeq: Number(r.payment_seq), receiptNo: r.receipt_no, amountPaise: r.amount_paise === null ? null : Number(r.amount_paise),
      reason: r.reason, recordedBy: r.recorded_by,
    });
  }
  for (const c of closes) dayOf(day(c.business_date)).closed = { seq: Number(c.seq), closedAt: iso(c.closed_at) };
  for (const d of terminal.unclosedDays) if (d >= since) dayOf(d);
  return {
    terminal, keys: spans, days: [...days.values()].sort((a, b) => b.businessDate.localeCompare(a.businessDate)), alerts, outOfService,
  };
}

interface EventRow { seq: string; type: string; body: string; hash: Uint8Array; sig: Uint8Array; received_at: Date | string; key_id: string; public_key: Uint8Array }

const EVENT_WITH_KEY = `SELECT e.seq, e.type, e.body, e.hash, e.sig, e.received_at, k.key_id, k.public_key
   FROM events e
   JOIN LATERAL (SELECT key_id, public_key FROM terminal_keys k WHERE k.terminal_id = e.terminal_id AND k.from_seq <= e.seq ORDER BY k.from_seq DESC LIMIT 1) k ON true`;

const verdict = (r: EventRow): 'valid' | 'invalid' => (signatureValid(publicKeyFromRaw(r.public_key), r.body, r.sig) ? 'valid' : 'invalid');

/** The payments held for one terminal and business day, each signature checked again. */
export async function heldPayments(sql: Sql, terminalId: string, date: IsoDate): Promise<HeldPayment[]> {
  const rows = await sql.query<EventRow & { receipt_no: string; account_no: string; amount_paise: string; mode: string; cashier: string; recorded_at: Date | string; voided_seq: string | null; late: boolean }>(
    `SELECT p.receipt_no, p.account_no, p.amount_paise, p.mode, p.cashier, p.recorded_at, p.voided_seq, p.late, x.*
       FROM payments p JOIN (${EVENT_WITH_KEY} WHERE e.terminal_id = $1) x ON x.seq = p.seq
      WHERE p.terminal_id = $1 AND p.business_date = $2 ORDER BY p.seq`,
    [terminalId, date],
  );
  return rows.map((r) => ({
    seq: Number(r.seq), receiptNo: r.receipt_no, accountNo: r.account_no, amountPaise: Number(r.amount_paise), mode: r.mode, cashier: r.cashier,
    recordedAt: iso(r.recorded_at), voided: r.voided_seq !== null, late: r.late, signature: verdict(r),
  }));
}

/** One signed event exactly as held, its signature checked again; null when not held. */
export async function signedEvent(sql: Sql, terminalId: string, seq: number): Promise<SignedEventView | null> {
  const [r] = await sql.query<EventRow>(`${EVENT_WITH_KEY} WHERE e.terminal_id = $1 AND e.seq = $2`, [terminalId, seq]);
  if (!r) return null;
  return {
    terminalId, seq: Number(r.seq), type: r.type, body: r.body, hash: Buffer.from(r.hash).toString('hex'), sig: Buffer.from(r.sig).toString('base64url'),
    keyId: r.key_id, receivedAt: iso(r.received_at), signature: verdict(r),
  };
}
