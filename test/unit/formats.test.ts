// The contracts other programs verify against: journal event v1 bytes and the CF1 receipt code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReceiptCode, signReceiptCode } from '../../core/ledger/receipt-codes.js';
import { newKeyPair, signerFrom } from '../../core/ledger/signer.js';
import { eventBody, parseEventBody } from '../../shared/journal-event.js';
import { parseReceiptCode, receiptCodeSignedText, receiptVerifyUrl, type ReceiptCodeFields } from '../../shared/receipt-code.js';
import { formatReceiptNo, parseReceiptNo } from '../../shared/receipt-number.js';

const envelope = {
  v: 1 as const,
  terminal: 'T0A1B2C3D4E5F',
  key: '0123456789abcdef',
  seq: 7,
  prev: 'ab'.repeat(32),
  at: '2026-11-26T06:00:00.000Z',
  type: 'payment.voided' as const,
  data: { receiptNo: 'SS042-C1-2627-000001', paymentSeq: 3, reason: 'गलत खाता "x"', approvedBy: 'meena', requestedBy: 'asha' },
};

describe('journal event v1', () => {
  it('is RFC 8785 canonical JSON: sorted keys, no spaces, UTF-8 text as is', () => {
    expect(eventBody(envelope)).toBe(
      '{"at":"2026-11-26T06:00:00.000Z","data":{"approvedBy":"meena","paymentSeq":3,"reason":"गलत खाता \\"x\\"",' +
        '"receiptNo":"SS042-C1-2627-000001","requestedBy":"asha"},"key":"0123456789abcdef",' +
        `"prev":"${'ab'.repeat(32)}","seq":7,"terminal":"T0A1B2C3D4E5F","type":"payment.voided","v":1}`,
    );
    expect(parseEventBody(eventBody(envelope))).toEqual({ ok: true, event: envelope });
  });

  it('refuses a body that is not canonical, not v1, or carries unknown data', () => {
    const body = eventBody(envelope);
    expect(parseEventBody(body.replace('{"at"', '{ "at"'))).toMatchObject({ ok: false, reason: /canonical/ });
    expect(parseEventBody(eventBody({ ...envelope, v: 2 } as never))).toMatchObject({ ok: false });
    expect(parseEventBody(eventBody({ ...envelope, data: { ...envelope.data, extra: 1 } }))).toMatchObject({ ok: false, reason: /data/ });
    expect(parseEventBody(eventBody({ ...envelope, type: 'payment.deleted' } as never))).toMatchObject({ ok: false });
    expect(parseEventBody('not json')).toMatchObject({ ok: false });
  });
});

describe('receipt numbers', () => {
  it('are <substation>-<counter>-<FY>-<n>, six digits and more', () => {
    expect(formatReceiptNo('SS042', 'C1', '2627', 123)).toBe('SS042-C1-2627-000123');
    expect(formatReceiptNo('SS042', 'C1', '2627', 1234567)).toBe('SS042-C1-2627-1234567');
    expect(parseReceiptNo('SS042-C1-2627-000123')).toEqual({ substation: 'SS042', counter: 'C1', fy: '2627', n: 123 });
    expect(parseReceiptNo('SS042-C1-2627-123')).toBeNull();
  });
});

describe('receipt code CF1', () => {
  const signer = signerFrom(newKeyPair().privateKey);
  const fields: ReceiptCodeFields = {
    terminalId: 'T0A1B2C3D4E5F', seq: 42, receiptNo: 'SS042-C1-2627-000123', accountNo: '2100000007',
    amountPaise: 123450, mode: 'cash', epochSeconds: 1795680000, hash16: '24fa73e2426a7da9',
  };

  it('has the ten fields of DESIGN §5, the signature over everything before the last "|"', () => {
    const code = signReceiptCode(fields, signer);
    const parts = code.split('|');
    expect(parts.slice(0, 9)).toEqual(['CF1', 'T0A1B2C3D4E5F', '42', 'SS042-C1-2627-000123', '2100000007', '123450', 'cash', '1795680000', '24fa73e2426a7da9']);
    expect(parts[9]).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(checkReceiptCode(code, signer.publicKey)).toMatchObject({ genuine: true, code: fields });
  });

  it('reads the code out of a verify URL', () => {
    const code = signReceiptCode(fields, signer);
    const url = receiptVerifyUrl('https://verify.example/v1/verify', code);
    expect(url).toMatch(/\?c=CF1%7C/);
    expect(checkReceiptCode(url, signer.publicKey).genuine).toBe(true);
  });

  it('is forged when any character changes, or under another key', () => {
    const code = signReceiptCode(fields, signer);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: code.length - 1 }), fc.constantFrom(...'0123456789abcdefXYZ|-_'), (at, ch) => {
        fc.pre(code[at] !== ch);
        const altered = code.slice(0, at) + ch + code.slice(at + 1);
        expect(checkReceiptCode(altered, signer.publicKey).genuine).toBe(false);
      }),
    );
    expect(checkReceiptCode(code, signerFrom(newKeyPair().privateKey).publicKey)).toMatchObject({ genuine: false, reason: /signature/ });
    // Every other spelling of the last signature character (same bytes, spare bits set) is refused too.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const ch of alphabet) {
      if (ch === code.at(-1)) continue;
      expect(checkReceiptCode(code.slice(0, -1) + ch, signer.publicKey).genuine).toBe(false);
    }
  });

  it('refuses fields that would break the format', () => {
    expect(() => receiptCodeSignedText({ ...fields, accountNo: 'A|B' })).toThrow();
    expect(() => receiptCodeSignedText({ ...fields, accountNo: '' })).toThrow();
    expect(parseReceiptCode('CF2|x')).toMatchObject({ ok: false });
    expect(parseReceiptCode('CF1|a|b|c|d|e|f|g|h')).toMatchObject({ ok: false, reason: /10 fields/ });
    expect(parseReceiptCode('https://x/?q=1')).toMatchObject({ ok: false });
  });
});
