// @vitest-environment jsdom
// The counter's UPI QR and returned-cheque warning, and the UPI section of settings, against a
// fake terminal: the QR asks for the form's amount with the payment's own idempotency key as its
// reference (the key the recorded payment carries), follows the amount as it is typed, and is
// replaced by a line when no payee is set; a consumer whose cheque came back shows it on the form
// without holding the form up; a supervisor sets and removes the payee, checked by its schema.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Consumer, Output, PrintSettings, Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { UpiPayee, upiPayUri, UPI_REF } from '../../shared/upi.js';
import { setTransport } from '../../renderer/api/client.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { CounterScreen } from '../../renderer/features/counter/CounterScreen.js';
import { useCounter } from '../../renderer/features/counter/store.js';
import { useSession } from '../../renderer/features/session/store.js';
import { SettingsScreen } from '../../renderer/features/settings/SettingsScreen.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { armedRecordButton } from './armed-confirm.js';

// The real link, watched: the test sees what the screen asked the QR to say.
vi.mock('../../shared/upi.js', async (original) => {
  const real = await original<typeof import('../../shared/upi.js')>();
  return { ...real, upiPayUri: vi.fn(real.upiPayUri) };
});

const SUNITA: Consumer = {
  accountNo: '2100000007', meterNo: 'KE1234', name: 'Sunita Sharma', nameHi: 'सुनीता शर्मा', mobileLast4: '4321',
  locality: 'Kidwai Nagar', localityHi: 'किदवई नगर', billNo: 'B1', dueDate: '2026-11-30', amountDuePaise: 1_234_50,
};
const PAYEE: UpiPayee = { vpa: 'kesco.collect@sbi', name: 'KESCO Kanpur' };
const RETURNED: NonNullable<Output<'consumer.get'>>['returnedCheques'] = [
  { receiptNo: 'SS042-C1-2627-000007', mode: 'cheque', number: '004711', bank: 'State Bank of India', amountPaise: 2_150_00, returnedOn: '2026-11-20', reason: 'Funds insufficient' },
];
const PRINT: PrintSettings = {
  paper: 80, utilityEn: 'KESCO', utilityHi: 'केस्को', headerLines: [], verifyUrl: null, printer: null, qrAsRaster: false, languages: 'hi+en', logoFile: null,
};

type Call = { channel: string; input: Record<string, unknown> };
let calls: Call[];
let payee: UpiPayee | null;
let answer: (c: Call) => Result<unknown> | Promise<Result<unknown>> | undefined;
const sent = (channel: string) => calls.filter((c) => c.channel === channel);

beforeEach(() => {
  calls = [];
  payee = PAYEE;
  answer = () => undefined;
  vi.mocked(upiPayUri).mockClear();
  setTransport(async (channel, input) => {
    const c = { channel, input: input as Record<string, unknown> };
    calls.push(c);
    const own = answer(c);
    if (own) return own;
    switch (channel) {
      case 'settings.upi.get':
        return { ok: true, value: payee };
      case 'settings.upi.set':
        return { ok: true, value: (c.input as { payee: UpiPayee | null }).payee };
      case 'consumer.get':
        return { ok: true, value: { ...SUNITA, returnedCheques: [] } };
      case 'payment.record':
        return { ok: true, value: { receiptNo: 'SS042-C1-2627-000008', seq: 9, code: 'CF1|x', consumerKnown: true, shiftOpened: false, replayed: false } };
      case 'receipt.preview':
        return { ok: true, value: { receiptNo: 'SS042-C1-2627-000008', pngBase64: 'iVBORw0KGgo=' } };
      case 'settings.print.get':
        return { ok: true, value: PRINT };
      case 'settings.limits.get':
        return { ok: true, value: DEFAULT_LIMITS };
      case 'sync.status':
        return { ok: false, error: appError('INTERNAL', { detail: 'not in this test' }) };
      default:
        return { ok: false, error: appError('INTERNAL', { detail: `unexpected ${channel}` }) };
    }
  });
  useLang.setState({ lang: 'hi' });
  useSession.setState({ session: 'a'.repeat(32), user: 'meena', role: 'supervisor' });
  useTerminal.setState({
    limits: DEFAULT_LIMITS,
    info: { terminalId: 'T000000000001', substation: 'SS042', counter: 'C1', keyId: 'k', publicKeyPem: '', businessDate: '2026-11-26', financialYear: '2627', headSeq: 2 },
  });
  useCounter.getState().next();
  useCounter.setState({ upiPayee: undefined });
});
afterEach(cleanup);

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

/** The counter open on the payment form for Sunita, with UPI chosen (Alt+4). */
async function upiForm() {
  render(<CounterScreen />);
  await settle();
  act(() => useCounter.getState().choose(SUNITA));
  await settle();
  fireEvent.keyDown(window, { key: '4', altKey: true });
  await settle();
}

const amountInput = () => screen.getByLabelText(/राशि \(₹\)/) as HTMLInputElement;
const qrImage = () => screen.queryByRole('img', { name: /यूपीआई QR कोड/ }) as HTMLImageElement | null;

describe('UPI QR on the counter', () => {
  it('shows a QR of the amount with the payment key as its reference, and follows the amount', async () => {
    await upiForm();
    const key = useCounter.getState().idempotencyKey;
    expect(key).toMatch(/^ui[0-9a-f]{32}$/);
    expect(key).toMatch(UPI_REF);
    expect(sent('settings.upi.get')).toHaveLength(1);

    const first = qrImage()!;
    expect(first.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(first.getAttribute('alt')).toBe('₹1,234.50 के भुगतान के लिए यूपीआई QR कोड');
    expect(upiPayUri).toHaveBeenLastCalledWith(PAYEE, 1_234_50, key, 'A/c 2100000007');
    const panel = screen.getByTestId('upi-qr');
    expect(within(panel).getByTestId('upi-qr-amount').textContent).toBe('₹1,234.50');
    expect(panel.textContent).toContain('स्कैन करके भुगतान करें, फिर यूटीआर लिखें');
    const src1 = first.getAttribute('src');

    fireEvent.change(amountInput(), { target: { value: '2,000' } });
    expect(amountInput().value).toBe('2,000'); // typing is never held up by the picture
    await settle();
    expect(upiPayUri).toHaveBeenLastCalledWith(PAYEE, 2_000_00, key, 'A/c 2100000007');
    expect(qrImage()!.getAttribute('src')).not.toBe(src1);
    expect(screen.getByTestId('upi-qr-amount').textContent).toBe('₹2,000.00');

    // An amount the payment would be refused for (a part payment under ₹100) gets no QR.
    fireEvent.change(amountInput(), { target: { value: '50' } });
    await settle();
    expect(qrImage()).toBeNull();
    expect(screen.getByTestId('upi-qr').textContent).toContain('राशि सही होने पर QR दिखेगा');

    // The payment recorded after the scan carries the very reference the QR asked with.
    fireEvent.change(amountInput(), { target: { value: '2,000' } });
    fireEvent.change(screen.getByLabelText(/यूटीआर/), { target: { value: '612345678901' } });
    fireEvent.submit(amountInput().form!);
    await settle();
    fireEvent.click(await armedRecordButton());
    await settle();
    expect(sent('payment.record').map((c) => c.input)).toMatchObject([{ idempotencyKey: key, amountPaise: 2_000_00, mode: 'upi', instrument: { utr: '612345678901' } }]);
  });

  it('shows no QR for other modes', async () => {
    await upiForm();
    expect(qrImage()).not.toBeNull();
    fireEvent.keyDown(window, { key: '1', altKey: true });
    await settle();
    expect(screen.queryByTestId('upi-qr')).toBeNull();
  });

  it('says a supervisor sets the UPI ID when there is no payee, in either language', async () => {
    payee = null;
    await upiForm();
    expect(qrImage()).toBeNull();
    expect(screen.getByTestId('upi-qr-unset').textContent).toBe('यूपीआई QR: यूपीआई आईडी पर्यवेक्षक सेटिंग्स (F8) में डालते हैं');
    act(() => useLang.setState({ lang: 'en' }));
    expect(screen.getByTestId('upi-qr-unset').textContent).toBe('UPI QR: a supervisor sets the UPI ID in Settings (F8)');
  });
});

describe('returned cheques on the payment form', () => {
  it('warns with the cheque’s details, after the form has opened', async () => {
    let release: (r: Result<unknown>) => void = () => undefined;
    answer = (c) => (c.channel === 'consumer.get' ? new Promise((r) => (release = r)) : undefined);
    render(<CounterScreen />);
    await settle();
    act(() => useCounter.getState().choose(SUNITA));
    // The form is there before consumer.get answers.
    expect(amountInput().value).toBe('1234.5');
    expect(screen.queryByTestId('returned-cheques')).toBeNull();
    expect(sent('consumer.get').map((c) => c.input)).toEqual([{ session: 'a'.repeat(32), accountNo: '2100000007' }]);

    await act(async () => release({ ok: true, value: { ...SUNITA, returnedCheques: RETURNED } }));
    const box = screen.getByTestId('returned-cheques');
    expect(box.getAttribute('role')).toBeNull(); // seen, not shouted
    expect(within(box).getByRole('heading').textContent).toBe('चेक बिना भुगतान लौटा');
    const row = within(box).getAllByRole('row')[1]!.textContent!;
    for (const part of ['चेक 004711', 'State Bank of India', '₹2,150.00', '20-11-2026', 'Funds insufficient', 'SS042-C1-2627-000007']) expect(row).toContain(part);
    expect(box.textContent).toContain('₹2,150.00 फिर से वसूल करें, और पर्यवेक्षक के बिना इस उपभोक्ता से चेक या डीडी न लें।');
    // The only alert on the form is still the form's own message line.
    expect(screen.getAllByRole('alert').map((e) => e.id)).toEqual(['form-error']);

    act(() => useLang.setState({ lang: 'en' }));
    expect(within(box).getByRole('heading').textContent).toBe('Cheque returned unpaid');
    expect(box.textContent).toContain('Collect ₹2,150.00 again, and do not take a cheque or DD from this consumer without the supervisor.');

    // Still shown when the cashier confirms.
    fireEvent.submit(screen.getByLabelText(/Amount \(₹\)/).closest('form')!);
    await settle();
    expect(screen.getByTestId('returned-cheques').textContent).toContain('004711');
  });

  it('an answer for an earlier consumer never lands on the next one', async () => {
    let release: (r: Result<unknown>) => void = () => undefined;
    answer = (c) => (c.channel === 'consumer.get' && sent('consumer.get').length === 1 ? new Promise((r) => (release = r)) : undefined);
    render(<CounterScreen />);
    await settle();
    act(() => useCounter.getState().choose(SUNITA));
    act(() => useCounter.getState().next());
    act(() => useCounter.getState().choose({ ...SUNITA, accountNo: '2100000008' }));
    await settle();
    await act(async () => release({ ok: true, value: { ...SUNITA, returnedCheques: RETURNED } }));
    expect(screen.queryByTestId('returned-cheques')).toBeNull();
    expect(useCounter.getState().returnedCheques).toEqual([]);
  });
});

describe('UPI section of settings', () => {
  const input = (name: string) => document.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;

  it('shows the payee, refuses a bad UPI ID by its schema, saves and removes it', async () => {
    render(<SettingsScreen />);
    await settle();
    expect(input('upi-vpa').value).toBe('kesco.collect@sbi');
    expect(input('upi-name').value).toBe('KESCO Kanpur');

    fireEvent.change(input('upi-vpa'), { target: { value: 'kesco collect' } });
    fireEvent.submit(input('upi-vpa').form!);
    await settle();
    expect(screen.getByTestId('upi-error').textContent).toBe('कृपया प्रविष्टि जाँचें: यूपीआई आईडी name@bank जैसी होती है');
    expect(input('upi-vpa').getAttribute('aria-invalid')).toBe('true');
    act(() => useLang.setState({ lang: 'en' }));
    const schemaSays = UpiPayee.safeParse({ vpa: 'kesco collect', name: 'x' }).error!.issues[0]!.message;
    expect(screen.getByTestId('upi-error').textContent).toBe(`Please check the entry: ${schemaSays}`);
    fireEvent.change(input('upi-name'), { target: { value: '   ' } });
    fireEvent.change(input('upi-vpa'), { target: { value: 'kesco.collect@sbi' } });
    fireEvent.submit(input('upi-vpa').form!);
    await settle();
    expect(screen.getByTestId('upi-error').textContent).toBe('Please check the entry: write the payee name (at most 50 characters)');
    expect(sent('settings.upi.set')).toHaveLength(0);

    fireEvent.change(input('upi-vpa'), { target: { value: ' kanpur.bills@hdfcbank ' } });
    fireEvent.change(input('upi-name'), { target: { value: 'Kanpur Electricity Supply' } });
    fireEvent.submit(input('upi-vpa').form!);
    await settle();
    expect(sent('settings.upi.set').map((c) => c.input)).toEqual([
      { session: 'a'.repeat(32), payee: { vpa: 'kanpur.bills@hdfcbank', name: 'Kanpur Electricity Supply' } },
    ]);
    expect(screen.getByTestId('upi-done').textContent).toBe('UPI ID saved; the counter shows its QR');
    expect(input('upi-vpa').value).toBe('kanpur.bills@hdfcbank');

    fireEvent.click(screen.getByRole('button', { name: 'Remove UPI ID' }));
    await settle();
    expect(sent('settings.upi.set').at(-1)!.input).toEqual({ session: 'a'.repeat(32), payee: null });
    expect(screen.getByTestId('upi-done').textContent).toBe('UPI ID removed; the counter shows no QR');
    expect(input('upi-vpa').value).toBe('');
    expect((screen.getByRole('button', { name: 'Remove UPI ID' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
