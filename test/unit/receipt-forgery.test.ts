// Every field of a CF1 code changed, one at a time and in many ways, and codes signed by another
// terminal: all refused. verify-receipt runs exactly this check.
import { describe, expect, it } from 'vitest';
import { checkReceiptCode, signReceiptCode } from '../../core/ledger/receipt-codes.js';
import { newKeyPair, signerFrom } from '../../core/ledger/signer.js';
import type { ReceiptCodeFields } from '../../shared/receipt-code.js';

const ours = signerFrom(newKeyPair().privateKey);
const theirs = signerFrom(newKeyPair().privateKey);
const fields: ReceiptCodeFields = {
  terminalId: 'T0A1B2C3D4E5F', seq: 42, receiptNo: 'SS042-C1-2627-000123', accountNo: '2100000007',
  amountPaise: 123450, mode: 'cash', epochSeconds: 1795680000, hash16: '24fa73e2426a7da9',
};
const genuine = signReceiptCode(fields, ours);

// For each field position, several other values a forger might write.
const ALTERNATIVES: string[][] = [
  ['CF2', 'CF0', 'cf1'],
  ['T0A1B2C3D4E5E', 'T0A1B2C3D4E5F0', 'TFFFFFFFFFFFF'],
  ['43', '41', '420', '0'],
  ['SS042-C1-2627-000124', 'SS042-C2-2627-000123', 'SS043-C1-2627-000123', 'SS042-C1-2728-000123'],
  ['2100000008', '2100000070', '3100000007'],
  ['123451', '12345', '1234500', '923450', '0'],
  ['cheque', 'dd', 'upi', 'card'],
  ['1795680001', '1795679999', '0'],
  ['24fa73e2426a7da8', '34fa73e2426a7da9', '0000000000000000'],
];

describe('forged and altered receipt codes', () => {
  it('are refused whichever field is changed', () => {
    const parts = genuine.split('|');
    let tried = 0;
    for (const [i, alternatives] of ALTERNATIVES.entries()) {
      for (const alt of alternatives) {
        const forged = [...parts.slice(0, i), alt, ...parts.slice(i + 1)].join('|');
        expect(checkReceiptCode(forged, ours.publicKey).genuine, `field ${i} = ${alt}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(32);
    expect(checkReceiptCode(genuine, ours.publicKey).genuine).toBe(true);
  });

  it('are refused when the signature is changed, cut, or made by another terminal', () => {
    const sig = genuine.slice(genuine.lastIndexOf('|') + 1);
    const body = genuine.slice(0, genuine.lastIndexOf('|'));
    const otherSig = signReceiptCode(fields, theirs).split('|')[9]!;
    for (const s of [otherSig, sig.slice(1), `${sig}A`, sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), '']) {
      expect(checkReceiptCode(`${body}|${s}`, ours.publicKey).genuine).toBe(false);
    }
    // A code genuinely signed by another terminal, checked against ours.
    expect(checkReceiptCode(signReceiptCode(fields, theirs), ours.publicKey)).toMatchObject({ genuine: false, reason: /signature/ });
  });
});
