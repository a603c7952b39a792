// The payment receipt, in Hindi and English, as a layout: what DESIGN §5 and §7 and the
// receipts issue ask a consumer to be handed. Pure: the data comes in, the layout goes out.
import { amountInWordsEn, amountInWordsHi } from '../../shared/amount-in-words.js';
import { formatINR, type Paise } from '../../shared/money.js';
import type { PaymentMode } from '../../shared/receipt-code.js';
import { receiptVerifyUrl } from '../../shared/receipt-code.js';
import type { LayoutLine, PaperWidth, ReceiptLayout } from './layout.js';
import { dmy, istDateTime, MODE_WORDS, rupeesText } from './printed-text.js';

export interface ReceiptSettings {
  paper: PaperWidth;
  utilityEn: string;
  utilityHi: string;
  /** Extra header lines (address, helpline), printed under the utility's name. */
  headerLines: string[];
  /** Where set, the QR holds <verifyUrl>?c=<code> so a phone camera opens the verify page. */
  verifyUrl: string | null;
  /** Hindi and English, or English alone. */
  languages: 'hi+en' | 'en';
}

export interface ReceiptAssets {
  /** The logo, already made 1-bit and sized to the paper (logo.ts). */
  logo: Buffer | null;
}

export const DEFAULT_RECEIPT_SETTINGS: ReceiptSettings = {
  paper: 80,
  utilityEn: 'Electricity Distribution Company',
  utilityHi: 'विद्युत वितरण कंपनी',
  headerLines: [],
  verifyUrl: null,
  languages: 'hi+en',
};

/** A cancellation as its `payment.voided` event records it. */
export interface VoidDetails {
  /** Null only where the event cannot be read (a damaged journal: `counterfoil verify` names it). */
  at: Date | null;
  approvedBy: string;
  reason: string;
}

export interface ReceiptData {
  receiptNo: string;
  substation: string;
  counter: string;
  recordedAt: Date;
  accountNo: string;
  consumer: { name: string; nameHi: string; billNo: string; dueDate: string; amountDuePaise: number } | null;
  amountPaise: number;
  /** Owed on the bill when paid (null: typed by hand, or not kept then): what is left is said. */
  owedBeforePaise: number | null;
  mode: PaymentMode;
  instrument: Record<string, string>;
  cashier: string;
  /** The signed CF1 code; its first 16 hex of the event hash are printed under the QR. */
  code: string;
  hash16: string;
  /** Set once the payment is cancelled: the CANCELLED slip says when, who approved it and why. */
  voided: VoidDetails | null;
  /** Set on a reprint: the DUPLICATE banner carries its number. */
  reprint: number | null;
  /** Not yet confirmed by the central server. */
  offline: boolean;
}


function instrumentLine(d: ReceiptData): string {
  const i = d.instrument;
  switch (d.mode) {
    case 'cheque':
    case 'dd':
      return `${MODE_WORDS[d.mode].en} No. ${i.number} ${i.bank} ${dmy(i.date ?? '')}`;
    case 'upi':
      return `UPI UTR ${i.utr}`;
    case 'card':
      return `Card **** ${i.last4} Appr. ${i.approval}`;
    case 'cash':
      return 'Cash';
  }
}

/** What the payment left on the bill: a balance still due, or an advance for the next bill. */
export function leftOnBill(d: Pick<ReceiptData, 'amountPaise' | 'owedBeforePaise'>): LayoutLine[] {
  if (d.owedBeforePaise === null || d.amountPaise === d.owedBeforePaise) return [];
  if (d.amountPaise < d.owedBeforePaise) {
    const rest = d.owedBeforePaise - d.amountPaise;
    return [
      { kind: 'pair', left: 'Balance still due', right: rupeesText(rest), bold: true },
      { kind: 'text', text: `शेष बकाया: ${formatINR(rest as Paise)}`, bold: true, lang: 'hi' },
    ];
  }
  const advance = d.amountPaise - d.owedBeforePaise;
  return [
    { kind: 'pair', left: 'Advance to next bill', right: rupeesText(advance), bold: true },
    { kind: 'text', text: `अग्रिम (अगले बिल में): ${formatINR(advance as Paise)}`, bold: true, lang: 'hi' },
  ];
}

/** The CANCELLED slip's when, who and why, in English and Hindi, under its banner. */
function cancellation(v: VoidDetails): LayoutLine[] {
  const at = v.at ? `${istDateTime(v.at)} IST` : '?';
  return [
    { kind: 'pair', left: 'Cancelled', right: at, bold: true },
    { kind: 'text', text: `रद्द करने का समय: ${at}`, lang: 'hi' },
    { kind: 'pair', left: 'Approved by', right: v.approvedBy },
    { kind: 'text', text: `स्वीकृति: ${v.approvedBy}`, lang: 'hi' },
    { kind: 'text', text: `Reason: ${v.reason}` },
    { kind: 'text', text: `कारण: ${v.reason}`, lang: 'hi' },
  ];
}

export function receiptLayout(d: ReceiptData, s: ReceiptSettings, assets: ReceiptAssets = { logo: null }): ReceiptLayout {
  const lines: LayoutLine[] = [
    ...(assets.logo ? [{ kind: 'image', png: assets.logo } as const] : []),
    { kind: 'text', text: s.utilityHi, align: 'center', bold: true, lang: 'hi' },
    { kind: 'text', text: s.utilityEn.toUpperCase(), align: 'center', bold: true },
    ...s.headerLines.map((text): LayoutLine => ({ kind: 'text', text, align: 'center' })),
    { kind: 'text', text: `सबस्टेशन ${d.substation} · काउंटर ${d.counter}`, align: 'center', lang: 'hi' },
    { kind: 'text', text: 'बिल भुगतान रसीद', align: 'center', bold: true, lang: 'hi' },
    { kind: 'text', text: 'BILL PAYMENT RECEIPT', align: 'center', bold: true },
  ];
  if (d.reprint !== null) lines.push({ kind: 'banner', text: `DUPLICATE ${d.reprint}` }, { kind: 'text', text: `प्रतिलिपि ${d.reprint}`, align: 'center', bold: true, lang: 'hi' });
  if (d.voided) lines.push({ kind: 'banner', text: 'CANCELLED' }, { kind: 'text', text: 'रद्द', align: 'center', bold: true, lang: 'hi' }, ...cancellation(d.voided));
  lines.push(
    { kind: 'rule' },
    { kind: 'pair', left: 'Receipt No.', right: d.receiptNo, bold: true },
    { kind: 'pair', left: 'Date', right: `${istDateTime(d.recordedAt)} IST` },
    { kind: 'pair', left: 'Substation / Counter', right: `${d.substation} / ${d.counter}` },
    { kind: 'pair', left: 'Account No.', right: d.accountNo, bold: true },
  );
  if (d.consumer) {
    lines.push(
      { kind: 'pair', left: 'Name', right: d.consumer.name },
      { kind: 'text', text: `नाम: ${d.consumer.nameHi}`, lang: 'hi' },
      { kind: 'pair', left: 'Bill No.', right: d.consumer.billNo },
      { kind: 'pair', left: `Due (${dmy(d.consumer.dueDate)})`, right: rupeesText(d.owedBeforePaise ?? d.consumer.amountDuePaise) },
    );
  } else {
    lines.push(
      { kind: 'text', text: 'Account typed by hand (not in consumer list)' },
      { kind: 'text', text: 'खाता संख्या हाथ से लिखी गई (उपभोक्ता सूची में नहीं)', lang: 'hi' },
    );
  }
  lines.push(
    { kind: 'rule' },
    { kind: 'pair', left: 'AMOUNT PAID', right: rupeesText(d.amountPaise), bold: true },
    { kind: 'text', text: `राशि: ${formatINR(d.amountPaise as Paise)}`, bold: true, large: true, lang: 'hi' },
    { kind: 'text', text: amountInWordsEn(d.amountPaise as Paise) },
    { kind: 'text', text: amountInWordsHi(d.amountPaise as Paise), lang: 'hi' },
    ...leftOnBill(d),
    { kind: 'pair', left: 'Mode', right: instrumentLine(d) },
    { kind: 'text', text: `भुगतान का तरीका: ${MODE_WORDS[d.mode].hi}`, lang: 'hi' },
    { kind: 'pair', left: 'Cashier', right: d.cashier },
    { kind: 'rule' },
    // Printers add no quiet zone round a QR: a blank line above and below keeps it readable.
    { kind: 'feed', lines: 1 },
    { kind: 'qr', data: s.verifyUrl ? receiptVerifyUrl(s.verifyUrl, d.code) : d.code },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: d.hash16, align: 'center' },
    { kind: 'text', text: 'Scan to verify this receipt', align: 'center' },
  );
  if (d.offline) {
    lines.push(
      { kind: 'text', text: 'Printed while offline - will be confirmed centrally', align: 'center' },
      { kind: 'text', text: 'ऑफ़लाइन — केंद्र से पुष्टि बाकी', align: 'center', lang: 'hi' },
    );
  }
  lines.push({ kind: 'feed', lines: 2 });
  return {
    paper: s.paper,
    lines: s.languages === 'en' ? lines.filter((l) => !(l.kind === 'text' && l.lang === 'hi')) : lines,
    cut: true,
    openDrawer: d.mode === 'cash' && d.reprint === null && !d.voided,
  };
}
