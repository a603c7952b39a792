// Issue 15 #2(a) and Low (b): free text in the contract refuses control characters, bidi overrides
// and isolates, and the invisible ones, with a message naming the field; nothing is journaled. A
// reason must hold something a person can read. Four eyes: a supervisor cannot approve the void
// of her own payment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS, demoAccountNo } from '../../shared/demo-data.js';
import { contract, type Channel } from '../../shared/contract.js';
import { BackupSettings } from '../../shared/backup.js';
import { SettlementMapping } from '../../shared/reconciliation.js';
import { UpiPayee } from '../../shared/upi.js';
import { ledgerCounts, makeTerminal, type TestTerminal } from '../support/terminal.js';

const supervisor = DEMO_USERS.find((u) => u.role === 'supervisor')!;

let tt: TestTerminal;
let asha: string;
let meena: string;
let key = 0;
beforeEach(async () => {
  tt = await makeTerminal();
  asha = await tt.login('asha');
  meena = await tt.login('meena');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
});
afterEach(() => tt.close());

async function payCash(session: string) {
  return tt.call('payment.record', { session, idempotencyKey: `free-text-${String(++key).padStart(4, '0')}`, accountNo: demoAccountNo(1), amountPaise: 500_00, mode: 'cash', autoOpenShift: true });
}

async function voidWith(receiptNo: string, reason: string, session = asha, approver = supervisor) {
  return tt.api['payment.void']({ session, receiptNo, supervisor: { user: approver.name, pin: approver.pin }, reason });
}

describe('issue 15 #2(a): control and direction characters are refused in free text', () => {
  it('#2a a void reason holding U+0000 is refused with INVALID_INPUT naming the field, and nothing is journaled', async () => {
    const { receiptNo } = await payCash(asha);
    const before = ledgerCounts(tt.t);
    const r = await voidWith(receiptNo, 'wrong\u0000account');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toMatch(/^Please check the entry: reason: .*U\+0000/);
    expect(ledgerCounts(tt.t)).toEqual(before);
  });

  const BAD = {
    'U+0000 (NUL)': '\u0000',
    'U+0007 (bell, C0)': '\u0007',
    'U+000A (line feed)': '\n',
    'U+007F (DEL)': '\u007f',
    'U+0085 (next line, C1)': '\u0085',
    'U+009B (CSI, C1)': '\u009b',
    'U+202E (right-to-left override)': '\u202e',
    'U+202A (left-to-right embedding)': '\u202a',
    'U+2066 (left-to-right isolate)': '\u2066',
    'U+2069 (pop directional isolate)': '\u2069',
    'U+200B (zero-width space)': '\u200b',
    'U+FEFF (zero-width no-break space)': '\ufeff',
    'U+2028 (line separator)': '\u2028',
    'a lone surrogate': '\ud800',
  };
  for (const [what, ch] of Object.entries(BAD)) {
    it(`#2a ${what} inside a bank name is refused, and nothing is journaled`, async () => {
      const before = ledgerCounts(tt.t);
      const r = await tt.api['deposit.record']({
        session: meena,
        slip: { businessDate: '2026-11-26', depositedOn: '2026-11-26', bank: `State${ch}Bank`, slipNo: 'DS-1', cashPaise: 100_00, chequePaise: 0 },
      });
      expect(r.ok || r.error.code).toBe('INVALID_INPUT');
      expect(r.ok || r.error.message).toMatch(/slip\.bank: /);
      expect(ledgerCounts(tt.t)).toEqual(before);
    });
  }

  it('#2a Devanagari with its joiners (ZWJ, ZWNJ) is still accepted', async () => {
    const r = await tt.api['cheque.return']({ session: meena, receiptNo: 'SS042-C1-2627-000009', returnedOn: '2026-11-26', reason: 'क्\u200dष हस्ताक्षर अलग' });
    // Not found (no such receipt) — but past the input check.
    expect(r.ok || r.error.code).toBe('RECEIPT_NOT_FOUND');
  });

  // Every free-text field of the contract and the schemas it imports, by where it sits in a valid input.
  const NUL = 'x\u0000y';
  const FIELDS: [string, () => unknown][] = [
    ['Instrument.cheque.bank', () => contract['payment.record'].input.safeParse({ session: 'a'.repeat(32), idempotencyKey: 'k'.repeat(8), accountNo: '1234', amountPaise: 1, mode: 'cheque', instrument: { number: '123456', bank: NUL, date: '2026-11-01' } })],
    ['Instrument.cheque.number', () => contract['payment.record'].input.safeParse({ session: 'a'.repeat(32), idempotencyKey: 'k'.repeat(8), accountNo: '1234', amountPaise: 1, mode: 'cheque', instrument: { number: NUL, bank: 'SBI', date: '2026-11-01' } })],
    ['Instrument.upi.utr', () => contract['payment.record'].input.safeParse({ session: 'a'.repeat(32), idempotencyKey: 'k'.repeat(8), accountNo: '1234', amountPaise: 1, mode: 'upi', instrument: { utr: NUL } })],
    ['Instrument.card.approval', () => contract['payment.record'].input.safeParse({ session: 'a'.repeat(32), idempotencyKey: 'k'.repeat(8), accountNo: '1234', amountPaise: 1, mode: 'card', instrument: { last4: '1234', approval: NUL } })],
    ['consumer.search query', () => contract['consumer.search'].input.safeParse({ session: 'a'.repeat(32), query: NUL })],
    ['receipt.find query', () => contract['receipt.find'].input.safeParse({ session: 'a'.repeat(32), query: NUL })],
    ['PrintSettings.utilityHi', () => contract['settings.print.set'].input.safeParse({ session: 'a'.repeat(32), settings: { paper: 80, utilityEn: 'KESCO', utilityHi: NUL, headerLines: [], verifyUrl: null, printer: null, qrAsRaster: false, languages: 'en', logoFile: null } })],
    ['PrintSettings.headerLines', () => contract['settings.print.set'].input.safeParse({ session: 'a'.repeat(32), settings: { paper: 80, utilityEn: 'KESCO', utilityHi: 'के', headerLines: ['ok', NUL], verifyUrl: null, printer: null, qrAsRaster: false, languages: 'en', logoFile: null } })],
    ['PrintSettings.printer', () => contract['settings.print.set'].input.safeParse({ session: 'a'.repeat(32), settings: { paper: 80, utilityEn: 'KESCO', utilityHi: 'के', headerLines: [], verifyUrl: null, printer: `file:/tmp/${NUL}`, qrAsRaster: false, languages: 'en', logoFile: null } })],
    ['PrintSettings.logoFile', () => contract['settings.print.set'].input.safeParse({ session: 'a'.repeat(32), settings: { paper: 80, utilityEn: 'KESCO', utilityHi: 'के', headerLines: [], verifyUrl: null, printer: null, qrAsRaster: false, languages: 'en', logoFile: `/tmp/${NUL}.png` } })],
    ['cheque.return reason', () => contract['cheque.return'].input.safeParse({ session: 'a'.repeat(32), receiptNo: 'SS042-C1-2627-000001', returnedOn: '2026-11-26', reason: NUL })],
    ['settlement.import source', () => contract['settlement.import'].input.safeParse({ session: 'a'.repeat(32), source: NUL, csv: 'a,b', date: '2026-11-26' })],
    ['terminal.key.rotate reason', () => contract['terminal.key.rotate'].input.safeParse({ session: 'a'.repeat(32), reason: NUL })],
    ['sync.enroll upstreamUrl', () => contract['sync.enroll'].input.safeParse({ session: 'a'.repeat(32), upstreamUrl: `http://a/${NUL}`, code: 'ABCD-EFGH-JKLM' })],
    ['UpdateSettings.url', () => contract['settings.update.set'].input.safeParse({ session: 'a'.repeat(32), settings: { url: `https://a/${NUL}` } })],
    ['SettlementMapping.reference', () => SettlementMapping.safeParse({ reference: NUL, amount: 'a', date: 'd', dateFormat: 'YYYY-MM-DD', amountUnit: 'rupees' })],
    ['UpiPayee.name', () => UpiPayee.safeParse({ vpa: 'kesco@sbi', name: NUL })],
    ['BackupSettings.dir', () => BackupSettings.safeParse({ dir: `/media/${NUL}`, keep: 3 })],
  ];
  for (const [field, parse] of FIELDS) {
    it(`#2a ${field} refuses U+0000 with the same message`, () => {
      const r = parse() as { success: boolean; error?: { issues: { message: string }[] } };
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.message).join(' ')).toMatch(/control or invisible character U\+0000/);
    });
  }

  it('#2a every channel is covered: no contract input accepts U+0000 in any string it takes', () => {
    // A walk over each input schema's JSON Schema: every string is free text (shared/free-text.ts
    // marks it), an enum, or a pattern over a closed alphabet (no "[^…]" or "." that lets U+0000 in).
    const closed = (pattern: unknown) =>
      typeof pattern === 'string' && !pattern.includes('[^') && !/(?<!\\)\./.test(pattern.replace(/\[(?:\\.|[^\]])*\]/g, ''));
    const open: string[] = [];
    const walk = (s: unknown, path: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'string' && !o.freeText && !o.enum && o.const === undefined && !closed(o.pattern)) open.push(path);
      for (const [k, v] of Object.entries(o)) {
        if (k === 'properties') for (const [p, ps] of Object.entries(v as Record<string, unknown>)) walk(ps, `${path}.${p}`);
        else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}${k === 'anyOf' || k === 'oneOf' || k === 'allOf' ? '' : `.${k}`}[${i}]`));
        else if (k === 'items' || k === 'additionalProperties') walk(v, `${path}[]`);
      }
    };
    for (const channel of Object.keys(contract) as Channel[]) {
      walk(contract[channel].input.toJSONSchema({ unrepresentable: 'any', io: 'input' }), channel);
    }
    // The settlement file is a file's bytes (parsed line by line), not a field a person types.
    expect(open.filter((p) => !p.endsWith('.csv'))).toEqual([]);
  });
});

describe('issue 15 low (b): a reason must be a reason, and four eyes on a void', () => {
  it('(b) a reason of only zero-width and blank characters is not a reason', async () => {
    const { receiptNo } = await payCash(asha);
    const before = ledgerCounts(tt.t);
    for (const reason of ['\u200d\u200d\u200d\u200d', ' \u200c \u200c ', '\u3164\u3164\u3164', '\u2800\u2800\u2800', 'a\u200d\u200d']) {
      const r = await voidWith(receiptNo, reason);
      expect(r.ok || r.error.code).toBe('INVALID_INPUT');
      expect(r.ok || r.error.message).toMatch(/reason: give a reason of at least 3 characters/);
    }
    const key = await tt.api['terminal.key.rotate']({ session: meena, reason: '\u200d\u200c' });
    expect(key.ok || key.error.message).toMatch(/reason: /);
    expect(ledgerCounts(tt.t)).toEqual(before);
  });

  it('(b) a supervisor cannot approve the void of her own payment; another supervisor can', async () => {
    const { receiptNo } = await payCash(meena);
    const before = ledgerCounts(tt.t);
    for (const requester of [meena, asha]) {
      const r = await voidWith(receiptNo, 'wrong account', requester);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VOID_OWN_PAYMENT');
      expect(r.error.message).toBe(`Receipt ${receiptNo} was taken by ${supervisor.name}: another supervisor must approve its cancellation.`);
    }
    expect(ledgerCounts(tt.t)).toEqual(before);

    const { createUser } = await import('../../core/auth/users.js');
    await createUser(tt.t.db, 'kiran', 'supervisor', '274615', tt.clock.now);
    const ok = await voidWith(receiptNo, 'wrong account', asha, { name: 'kiran', role: 'supervisor', pin: '274615' } as unknown as typeof supervisor);
    expect(ok.ok).toBe(true);
  });
});
