// GET /v1/verify?c=<code>: is a receipt genuine, does the centre hold its event, was it voided?
// Anyone may ask (a consumer's phone, a bank clerk); the answer is JSON or a bilingual page.
// A code signed with the terminal's key is still compared with the event the centre holds at its
// seq: a re-signed code with another amount, or a receipt whose seq a restored terminal reused,
// is a `conflict` with the centre's values (issue 15 #8, #4). A forged code learns nothing about
// how far the centre holds the terminal's journal.
import { businessDate, epochSeconds, istTime } from '../shared/dates.js';
import { parseEventBody, type EventDataOf } from '../shared/journal-event.js';
import { parseReceiptCode } from '../shared/receipt-code.js';
import { publicKeyFromRaw, signatureValid } from './crypto.js';
import type { Sql } from './store.js';

/** What a receipt says, and what the centre holds, field by field. */
export interface ReceiptFacts {
  receiptNo: string;
  accountNo: string;
  amountPaise: number;
  mode: string;
  printedAt: string;
  /** The first 16 hex characters of the event's hash. */
  hash16: string;
}
export const RECEIPT_FACTS = ['receiptNo', 'accountNo', 'amountPaise', 'mode', 'printedAt', 'hash16'] as const satisfies readonly (keyof ReceiptFacts)[];

export type Verdict =
  | { verdict: 'forged'; reason: string }
  | { verdict: 'unknown_terminal'; terminalId: string }
  | {
      verdict: 'genuine';
      receiptNo: string;
      terminalId: string;
      substation: string;
      counter: string;
      accountNo: string;
      amountPaise: number;
      mode: string;
      printedAt: string;
      /** The centre holds this very event (same seq, fields and hash); false while the terminal has not synced it. */
      heldCentrally: boolean;
      voided: boolean;
    }
  | {
      /** Signed with the terminal's key, but the centre holds something else at this seq. */
      verdict: 'conflict';
      terminalId: string;
      substation: string;
      counter: string;
      seq: number;
      /** What the code says. */
      receipt: ReceiptFacts;
      /** The payment the centre holds at that seq, or null when it holds another kind of event there. */
      centre: (ReceiptFacts & { voided: boolean }) | null;
      /** The type of the event the centre holds at that seq. */
      heldType: string;
      /** The fields in which the code and the centre's payment differ (every field when the centre holds no payment). */
      differs: (keyof ReceiptFacts)[];
    };

// One answer for every bad signature, whatever the seq: a forger must not learn the centre's head
// for this terminal, nor which seqs exist, by trying codes (issue 15, Low).
const BAD_SIGNATURE = "the signature does not match this terminal's key";

const instant = (epoch: number) => new Date(epoch * 1000).toISOString();

export async function verifyReceipt(sql: Sql, input: string): Promise<Verdict> {
  const parsed = parseReceiptCode(input);
  if (!parsed.ok) return { verdict: 'forged', reason: parsed.reason };
  const c = parsed.code;
  const [terminal] = await sql.query<{ substation: string; counter: string }>('SELECT substation, counter FROM terminals WHERE id = $1', [c.terminalId]);
  if (!terminal) return { verdict: 'unknown_terminal', terminalId: c.terminalId };
  // The key that signed at the code's seq: a receipt printed before a key rotation carries the old key.
  const [key] = await sql.query<{ public_key: Uint8Array }>(
    'SELECT public_key FROM terminal_keys WHERE terminal_id = $1 AND from_seq <= $2 ORDER BY from_seq DESC LIMIT 1', [c.terminalId, c.seq],
  );
  const sig = Buffer.from(c.sig, 'base64url');
  if (!key || sig.toString('base64url') !== c.sig || !signatureValid(publicKeyFromRaw(key.public_key), c.signedText, sig)) {
    return { verdict: 'forged', reason: BAD_SIGNATURE };
  }
  const receipt: ReceiptFacts = { receiptNo: c.receiptNo, accountNo: c.accountNo, amountPaise: c.amountPaise, mode: c.mode, printedAt: instant(c.epochSeconds), hash16: c.hash16 };
  const place = { terminalId: c.terminalId, substation: terminal.substation, counter: terminal.counter };
  const [held] = await sql.query<{ type: string; body: string; hash: Uint8Array }>('SELECT type, body, hash FROM events WHERE terminal_id = $1 AND seq = $2', [c.terminalId, c.seq]);
  if (!held) return { verdict: 'genuine', ...place, ...withoutHash(receipt), heldCentrally: false, voided: false };

  const centre = heldPayment(held);
  const voided = centre ? Number((await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM voids WHERE terminal_id = $1 AND payment_seq = $2', [c.terminalId, c.seq]))[0]!.n) > 0 : false;
  const differs = centre ? RECEIPT_FACTS.filter((f) => receipt[f] !== centre[f]) : [...RECEIPT_FACTS];
  if (differs.length === 0) return { verdict: 'genuine', ...place, ...withoutHash(receipt), heldCentrally: true, voided };
  return { verdict: 'conflict', ...place, seq: c.seq, receipt, centre: centre && { ...centre, voided }, heldType: held.type, differs };
}

function withoutHash({ hash16: _, ...facts }: ReceiptFacts): Omit<ReceiptFacts, 'hash16'> {
  return facts;
}

/** The receipt fields of the payment the centre holds, or null when the held event is not a payment. */
function heldPayment(held: { type: string; body: string; hash: Uint8Array }): ReceiptFacts | null {
  const parsed = parseEventBody(held.body);
  if (!parsed.ok || parsed.event.type !== 'payment.recorded') return null;
  const d = parsed.event.data as EventDataOf<'payment.recorded'>;
  return {
    receiptNo: d.receiptNo, accountNo: d.account, amountPaise: d.amountPaise, mode: d.mode,
    // The code carries whole seconds of the event's time.
    printedAt: instant(epochSeconds(new Date(parsed.event.at))), hash16: Buffer.from(held.hash).toString('hex').slice(0, 16),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const rupees = (p: number) => `₹${(p / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const when = (iso: string) => `${businessDate(new Date(iso))} ${istTime(new Date(iso))} IST`;

const FACT_LABELS: Record<keyof ReceiptFacts, string> = {
  receiptNo: 'रसीद संख्या / Receipt No.',
  accountNo: 'खाता संख्या / Account',
  amountPaise: 'राशि / Amount',
  mode: 'भुगतान का तरीका / Mode',
  printedAt: 'समय / Time',
  hash16: 'प्रविष्टि की पहचान / Entry fingerprint',
};
const factText = (f: keyof ReceiptFacts, v: ReceiptFacts) => (f === 'amountPaise' ? rupees(v.amountPaise) : f === 'printedAt' ? when(v.printedAt) : String(v[f]));

function conflictLines(v: Extract<Verdict, { verdict: 'conflict' }>): string[] {
  const lines = [
    `इस रसीद का हस्ताक्षर टर्मिनल का ही है, पर केंद्र में इस टर्मिनल की प्रविष्टि संख्या ${v.seq} पर कुछ और दर्ज है — ` +
      `The signature is the terminal's, but the central server holds something else at entry no. ${v.seq} of this terminal.`,
    `सबस्टेशन / काउंटर: ${v.substation} / ${v.counter}`,
  ];
  if (v.centre) {
    const centre = v.centre;
    for (const f of v.differs) {
      lines.push(`${FACT_LABELS[f]}: रसीद पर ${factText(f, v.receipt)}, केंद्र में ${factText(f, centre)} — the receipt says ${factText(f, v.receipt)}, the centre holds ${factText(f, centre)}`);
    }
    lines.push(
      `केंद्र में दर्ज / Held centrally: ${centre.receiptNo}, ${centre.accountNo}, ${rupees(centre.amountPaise)} (${centre.mode}), ${when(centre.printedAt)}` +
        (centre.voided ? ' — रद्द / cancelled' : ''),
    );
  } else {
    lines.push(`केंद्र में इस संख्या पर कोई भुगतान दर्ज नहीं — The centre holds no payment at this entry (it holds a ${v.heldType} event).`);
    lines.push(`रसीद पर / The receipt says: ${v.receipt.receiptNo}, ${v.receipt.accountNo}, ${rupees(v.receipt.amountPaise)} (${v.receipt.mode}), ${when(v.receipt.printedAt)}`);
  }
  lines.push('यह रसीद बिजली कार्यालय को दिखाएँ — Show this receipt at the electricity office.');
  return lines;
}

/** The page a phone opens from the QR: the verdict first, in Hindi and English. */
export function verdictPage(v: Verdict): string {
  const [title, colour, lines] =
    v.verdict === 'genuine'
      ? [
          v.voided ? 'रद्द रसीद — CANCELLED receipt' : 'असली रसीद — Genuine receipt',
          v.voided ? '#b45309' : '#15803d',
          [
            `रसीद संख्या / Receipt No.: ${v.receiptNo}`,
            `खाता संख्या / Account: ${v.accountNo}`,
            `राशि / Amount: ${rupees(v.amountPaise)} (${v.mode})`,
            `सबस्टेशन / काउंटर: ${v.substation} / ${v.counter}`,
            `समय / Time: ${when(v.printedAt)}`,
            v.heldCentrally
              ? 'केंद्र में दर्ज — Held by the central server'
              : `केंद्र से पुष्टि बाकी — Not yet received centrally: printed ${when(v.printedAt)} while the counter was offline; the signature is genuine`,
          ],
        ]
      : v.verdict === 'conflict'
        ? ['केंद्र के रिकॉर्ड से मेल नहीं — CONFLICT with the central record', '#b91c1c', conflictLines(v)]
        : v.verdict === 'unknown_terminal'
          ? ['अज्ञात टर्मिनल — Unknown terminal', '#b91c1c', [`Terminal ${v.terminalId} is not registered with this utility.`]]
          : ['जाली रसीद — Forged receipt', '#b91c1c', [`This receipt code is not genuine: ${v.reason}`]];
  return `<!doctype html><html lang="hi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1 style="color:${colour}">${esc(title)}</h1><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></body></html>`;
}
