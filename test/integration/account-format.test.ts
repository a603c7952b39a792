// Issue 16 #3: names and mobile numbers are never posted as account numbers. A whole mobile number
// is searched as a mobile (by the last 4 digits the terminal keeps); an account the list does not
// know, taken by hand through the counter, is held to the terminal's account format (a journaled
// setting, with a check digit the utility can set) and its reason is journaled with the payment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_FORMAT, accountFormatProblem, mobileLast4Of } from '../../shared/account-format.js';
import type { Input } from '../../shared/contract.js';
import { demoConsumers } from '../../shared/demo-data.js';
import { DEFAULT_RECEIPT_SETTINGS, receiptLayout } from '../../core/print/receipt.js';
import { receiptDataFor } from '../../core/print/receipt-data.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { ledgerCounts, makeTerminal, type TestTerminal } from '../support/terminal.js';

let tt: TestTerminal;
let asha: string;
let meena: string;
let key = 0;
const pay = (accountNo: string, extra: Partial<Input<'payment.record'>> = {}) =>
  ({ session: asha, idempotencyKey: `acct-key-${String(++key).padStart(6, '0')}`, accountNo, amountPaise: 500_00, mode: 'cash', ...extra }) as Input<'payment.record'>;
const lastEvent = () => {
  const row = tt.t.db.prepare('SELECT type, body FROM journal ORDER BY seq DESC LIMIT 1').get() as { type: string; body: string };
  return { type: row.type, data: (JSON.parse(row.body) as { data: Record<string, unknown> }).data };
};

beforeAll(async () => {
  tt = await makeTerminal();
  asha = await tt.login('asha');
  meena = await tt.login('meena');
  await tt.call('shift.open', { session: asha, openingFloatPaise: 0 });
});
afterAll(() => tt?.close());

describe('issue 16 #3: a typed mobile number is searched as a mobile', () => {
  it('a whole mobile number (with +91, spaces or hyphens) finds the consumers whose kept last 4 digits match, and nothing else', async () => {
    const someone = [...demoConsumers(50)][7]!;
    const expected = [...demoConsumers(50)].filter((c) => c.mobile.endsWith(someone.mobile.slice(-4))).map((c) => c.accountNo).sort();
    for (const typed of [someone.mobile, `+91 ${someone.mobile.slice(0, 5)} ${someone.mobile.slice(5)}`, `0${someone.mobile}`]) {
      const found = await tt.call('consumer.search', { session: asha, query: typed, limit: 20 });
      expect(found.map((c) => c.accountNo).sort(), typed).toEqual(expected);
      expect(found.every((c) => c.mobileLast4 === someone.mobile.slice(-4))).toBe(true);
    }
    expect(mobileLast4Of('2100000007')).toBeNull(); // an account number is not a mobile
    expect(mobileLast4Of('98765 43210')).toBe('3210');
  });

  it('an account or meter number typed whole still wins over a mobile of the same shape', async () => {
    const c = [...demoConsumers(50)][3]!;
    expect((await tt.call('consumer.search', { session: asha, query: c.accountNo, limit: 20 })).map((x) => x.accountNo)).toEqual([c.accountNo]);
  });
});

describe('issue 16 #3: an account typed by hand follows the account format', () => {
  it('the default format is 10 digits without a check digit', async () => {
    expect(await tt.call('settings.accountFormat.get', { session: asha })).toEqual(DEFAULT_ACCOUNT_FORMAT);
    expect(accountFormatProblem('KALYANPUR', DEFAULT_ACCOUNT_FORMAT)).toBe('charset');
    expect(accountFormatProblem('123456', DEFAULT_ACCOUNT_FORMAT)).toBe('length');
    expect(accountFormatProblem('2100009999', DEFAULT_ACCOUNT_FORMAT)).toBeNull();
  });

  it('a hand-typed account outside the format is refused with the format in words, and nothing is written', async () => {
    const before = ledgerCounts(tt.t);
    for (const [account, format] of [['KALYANPUR', '10 digits'], ['12345678', '10 digits']] as const) {
      const r = await tt.api['payment.record'](pay(account, { handTyped: { reason: 'new connection' } }));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('ACCOUNT_FORMAT_INVALID');
        expect(r.error.message).toContain(format);
      }
    }
    expect(ledgerCounts(tt.t)).toEqual(before);
  });

  it('a hand-typed account without a reason is refused by the contract', async () => {
    const r = await tt.api['payment.record'](pay('2100009999', { handTyped: { reason: ' ' } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
  });

  it('a hand-typed account in the format is recorded with its reason in the signed event', async () => {
    const r = await tt.call('payment.record', pay('2100009999', { handTyped: { reason: 'New connection, not in the list yet' } }));
    expect(r.consumerKnown).toBe(false);
    expect(lastEvent()).toMatchObject({ type: 'payment.recorded', data: { account: '2100009999', consumerKnown: false, handTypedReason: 'New connection, not in the list yet' } });
    expect(verifyLedger(tt.t.db).ok).toBe(true); // the new optional member verifies within v1
    // Its receipt says so in both languages (issue 16 #10).
    const texts = receiptLayout(receiptDataFor(tt.t, r.receiptNo), DEFAULT_RECEIPT_SETTINGS).lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['Account typed by hand (not in consumer list)', 'खाता संख्या हाथ से लिखी गई (उपभोक्ता सूची में नहीं)']));
  });

  it('an account the list knows is taken as the list gives it: no format check and no reason kept', async () => {
    const known = [...demoConsumers(50)][5]!.accountNo;
    await tt.call('payment.record', pay(known, { handTyped: { reason: 'typed by mistake' } }));
    expect(lastEvent().data).not.toHaveProperty('handTypedReason');
  });

  it('a supervisor sets the format (journaled), a cashier cannot, and a check digit then holds', async () => {
    const refused = await tt.api['settings.accountFormat.set']({ session: asha, format: { ...DEFAULT_ACCOUNT_FORMAT, check: 'luhn' } });
    expect(refused.ok).toBe(false);
    const bad = await tt.api['settings.accountFormat.set']({ session: meena, format: { charset: 'alnum', minLength: 8, maxLength: 12, check: 'luhn' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('INVALID_INPUT');

    const luhn = { ...DEFAULT_ACCOUNT_FORMAT, check: 'luhn' as const };
    expect(await tt.call('settings.accountFormat.set', { session: meena, format: luhn })).toEqual(luhn);
    expect(lastEvent()).toMatchObject({ type: 'settings.changed', data: { section: 'account-format', by: 'meena', before: DEFAULT_ACCOUNT_FORMAT, after: luhn } });

    // 7992739875 passes Luhn; one digit changed (…76) or the last two swapped (…57) does not.
    const before = ledgerCounts(tt.t);
    for (const wrong of ['7992739876', '7992739857']) {
      const r = await tt.api['payment.record'](pay(wrong, { handTyped: { reason: 'new connection' } }));
      expect(r.ok ? 'recorded' : r.error.code, wrong).toBe('ACCOUNT_CHECK_DIGIT');
    }
    expect(ledgerCounts(tt.t)).toEqual(before);
    expect((await tt.api['payment.record'](pay('7992739875', { handTyped: { reason: 'new connection' } }))).ok).toBe(true);

    // mod11: 210000000 weighs 1·3 + 2·4 = 11 ≡ 0, so its check digit is 0.
    const mod11 = { ...DEFAULT_ACCOUNT_FORMAT, check: 'mod11' as const };
    await tt.call('settings.accountFormat.set', { session: meena, format: mod11 });
    const r = await tt.api['payment.record'](pay('2100000001', { handTyped: { reason: 'new connection' } }));
    expect(r.ok ? 'recorded' : r.error.code).toBe('ACCOUNT_CHECK_DIGIT');
    expect((await tt.api['payment.record'](pay('2100000000', { handTyped: { reason: 'new connection' } }))).ok).toBe(true);
  });
});
