// GET /v1/verify?c=<code>: is a receipt genuine, does the centre hold its event, was it voided?
// Anyone may ask (a consumer's phone, a bank clerk); the answer is JSON or a bilingual page.
import { businessDate, istTime } from '../shared/dates.js';
import { parseReceiptCode } from '../shared/receipt-code.js';
import { publicKeyFromRaw, signatureValid } from './crypto.js';
import type { Sql } from './store.js';

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
      /** The centre holds this very event (same seq and hash); false while the terminal has not synced it. */
      heldCentrally: boolean;
      voided: boolean;
    };

export async function verifyReceipt(sql: Sql, input: string): Promise<Verdict> {
  const parsed = parseReceiptCode(input);
  if (!parsed.ok) return { verdict: 'forged', reason: parsed.reason };
  const c = parsed.code;
  // The key that signed at the code's seq: a receipt printed before a key rotation carries the old key.
  const [t] = await sql.query<{ public_key: Uint8Array; substation: string; counter: string; head_seq: string | number }>(
    `SELECT k.public_key, t.substation, t.counter, t.head_seq FROM terminals t
     JOIN terminal_keys k ON k.terminal_id = t.id AND k.from_seq <= $2
     WHERE t.id = $1 ORDER BY k.from_seq DESC LIMIT 1`, [c.terminalId, c.seq],
  );
  if (!t) {
    const [known] = await sql.query('SELECT 1 FROM terminals WHERE id = $1', [c.terminalId]);
    return known ? { verdict: 'forged', reason: `seq ${c.seq} is not a seq of this terminal` } : { verdict: 'unknown_terminal', terminalId: c.terminalId };
  }
  const sig = Buffer.from(c.sig, 'base64url');
  if (sig.toString('base64url') !== c.sig || !signatureValid(publicKeyFromRaw(t.public_key), c.signedText, sig)) {
    // Beyond what the centre holds, a key rotation the terminal has not sent yet would look the same.
    const unsent = c.seq > Number(t.head_seq) ? `; the centre holds this terminal's journal up to seq ${t.head_seq} only: if the terminal changed its key since, ask again after it syncs` : '';
    return { verdict: 'forged', reason: `the signature does not match this terminal key${unsent}` };
  }
  const [held] = await sql.query<{ hash: Uint8Array }>('SELECT hash FROM events WHERE terminal_id = $1 AND seq = $2', [c.terminalId, c.seq]);
  const heldCentrally = held !== undefined && Buffer.from(held.hash).toString('hex').startsWith(c.hash16);
  const [voids] = await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM voids WHERE terminal_id = $1 AND payment_seq = $2', [c.terminalId, c.seq]);
  return {
    verdict: 'genuine', receiptNo: c.receiptNo, terminalId: c.terminalId, substation: t.substation, counter: t.counter,
    accountNo: c.accountNo, amountPaise: c.amountPaise, mode: c.mode, printedAt: new Date(c.epochSeconds * 1000).toISOString(),
    heldCentrally, voided: Number(voids!.n) > 0,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const rupees = (p: number) => `₹${(p / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

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
            `समय / Time: ${businessDate(new Date(v.printedAt))} ${istTime(new Date(v.printedAt))} IST`,
            v.heldCentrally
              ? 'केंद्र में दर्ज — Held by the central server'
              : `केंद्र से पुष्टि बाकी — Not yet received centrally: printed ${businessDate(new Date(v.printedAt))} ${istTime(new Date(v.printedAt))} IST while the counter was offline; the signature is genuine`,
          ],
        ]
      : v.verdict === 'unknown_terminal'
        ? ['अज्ञात टर्मिनल — Unknown terminal', '#b91c1c', [`Terminal ${v.terminalId} is not registered with this utility.`]]
        : ['जाली रसीद — Forged receipt', '#b91c1c', [`This receipt code is not genuine: ${v.reason}`]];
  return `<!doctype html><html lang="hi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
<h1 style="color:${colour}">${esc(title)}</h1><ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></body></html>`;
}
