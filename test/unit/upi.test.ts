// The dynamic UPI QR's link: payee, exact amount in rupees, the payment's reference as tr.
import { describe, expect, it } from 'vitest';
import { upiPayUri, UpiPayee } from '../../shared/upi.js';

const payee = UpiPayee.parse({ vpa: 'kesco.collect@sbi', name: 'KESCo Kanpur' });

describe('the UPI pay link', () => {
  it('carries payee, amount, currency, reference and note, percent-encoded', () => {
    const uri = upiPayUri(payee, 123_450, 'ui0f3c9a7e21b44d6c9a1e5b7c8d9e0f12', 'A/c 2100000007');
    expect(uri).toBe('upi://pay?pa=kesco.collect%40sbi&pn=KESCo%20Kanpur&am=1234.50&cu=INR&tr=ui0f3c9a7e21b44d6c9a1e5b7c8d9e0f12&tn=A%2Fc%202100000007');
    expect(upiPayUri(payee, 5, 'R1', '')).toContain('am=0.05');
  });

  it('refuses a reference UPI apps would not take, and a bad amount or payee', () => {
    expect(() => upiPayUri(payee, 100, 'ui-0f3c9a7e-21b4', '')).toThrow(/1–35 letters and digits/);
    expect(() => upiPayUri(payee, 100, 'x'.repeat(36), '')).toThrow(/1–35/);
    expect(() => upiPayUri(payee, 0, 'R1', '')).toThrow(/positive/);
    expect(UpiPayee.safeParse({ vpa: 'not a vpa', name: 'x' }).success).toBe(false);
  });
});
