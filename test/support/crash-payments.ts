// The i-th payment of the crash test, the same in the child and in the parent's checks.
const MODES = ['cash', 'upi', 'card', 'cheque'] as const;

export function crashPayment(i: number) {
  const mode = MODES[i % MODES.length]!;
  const instrument = {
    cash: {},
    upi: { utr: String(100_000_000_000 + i) },
    card: { last4: '4321', approval: 'A1B2C3' },
    cheque: { number: '123456', bank: 'SBI', date: '2026-11-20' },
  }[mode];
  return {
    idempotencyKey: `crash-${String(i).padStart(8, '0')}`,
    // An account typed by hand per payment keeps the per-consumer cash limit out of the way.
    accountNo: `HAND${i}`,
    amountPaise: 10_000 + (i % 90_000),
    mode,
    instrument,
    autoOpenShift: true,
  };
}
