// @vitest-environment jsdom
// The supervisor's settings screen against a fake terminal: saving sends exactly the settings on
// screen (the logo kept, blank header lines dropped), a refusal or a bad entry reads in Hindi,
// limits typed in rupees go out in paise and the 269ST ceiling is said before anything is sent,
// the test print shows the printer's answer, and enrollment sends the URL and code.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintSettings, SyncStatus } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { SettingsScreen } from '../../renderer/features/settings/SettingsScreen.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useStatus } from '../../renderer/features/status/store.js';
import { installFakeTerminal, settingsDefaults, settle, type Answer, type FakeTerminal } from './fake-terminal.js';

const SAVED: PrintSettings = {
  paper: 80, utilityEn: 'Kanpur Electricity Supply Co.', utilityHi: 'कानपुर विद्युत आपूर्ति कंपनी', headerLines: ['Kidwai Nagar substation'],
  verifyUrl: null, printer: 'tcp://127.0.0.1:9100', qrAsRaster: false, languages: 'hi+en', logoFile: '/srv/counterfoil/logo.png',
};

const SYNC: SyncStatus = {
  enrolled: true, upstreamUrl: 'http://127.0.0.1:8080', connection: 'online', ackedSeq: 4, headSeq: 5, queueDepth: 1,
  oldestUnsyncedAt: null, oldestUnsyncedAgeSeconds: null, lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastErrorCode: null,
  stopped: null, clockSkewMs: 0, clockSkewWarning: false, consumerCursor: '0', consumersSyncedAt: null, centralSeq: 4, writeBlock: null,
};

let answer: Answer;
let fake: FakeTerminal;
const sent = (channel: string) => fake.sent(channel);

beforeEach(() => {
  answer = () => undefined;
  fake = installFakeTerminal((c) => answer(c), (c) => {
    switch (c.channel) {
      case 'settings.print.get':
        return { ok: true, value: SAVED };
      case 'sync.status':
        return { ok: true, value: SYNC };
      case 'printer.status':
        return { ok: true, value: { configured: true, state: 'ready', text: { en: 'Printer ready', hi: 'प्रिंटर तैयार है' }, pending: 0 } };
      case 'settings.print.set':
        return { ok: true, value: (c.input as { settings: unknown }).settings };
      case 'settings.limits.set':
        return { ok: true, value: (c.input as { limits: unknown }).limits };
      default:
        return undefined;
    }
  }, settingsDefaults);
  useSession.setState({ session: 'b'.repeat(32), user: 'meena', role: 'supervisor' });
  useTerminal.setState({ limits: DEFAULT_LIMITS });
  useStatus.setState({ sync: SYNC });
});
afterEach(cleanup);

async function open() {
  render(<SettingsScreen />);
  await settle();
}

const input = (name: string) => document.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;

describe('settings screen', () => {
  it('shows the saved settings and saves exactly what is on screen', async () => {
    await open();
    expect(input('printer').value).toBe('tcp://127.0.0.1:9100');
    expect(input('header-1').value).toBe('Kidwai Nagar substation');
    expect((screen.getByLabelText('80 मिमी') as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByLabelText('58 मिमी'));
    fireEvent.click(screen.getByLabelText('केवल अंग्रेज़ी'));
    fireEvent.click(screen.getByLabelText(/QR कोड चित्र/));
    fireEvent.change(input('header-3'), { target: { value: '  Helpline 1912 ' } });
    fireEvent.change(input('verify-url'), { target: { value: 'https://verify.kesco.example/v1/verify' } });
    fireEvent.change(input('printer'), { target: { value: 'cups:counter-1' } });
    fireEvent.submit(input('printer').form!);
    await settle();

    expect(sent('settings.print.set')).toHaveLength(1);
    expect(sent('settings.print.set')[0]).toEqual({
      session: 'b'.repeat(32),
      settings: {
        ...SAVED, paper: 58, languages: 'en', qrAsRaster: true, printer: 'cups:counter-1',
        headerLines: ['Kidwai Nagar substation', 'Helpline 1912'], verifyUrl: 'https://verify.kesco.example/v1/verify',
      },
    });
    expect(screen.getByTestId('print-done').textContent).toBe('सेटिंग्स सहेजी गईं');
  });

  it('says a refused save and a bad entry in Hindi, and sends nothing for the bad entry', async () => {
    answer = (c) => (c.channel === 'settings.print.set' ? { ok: false, error: appError('SUPERVISOR_REQUIRED') } : undefined);
    await open();
    fireEvent.submit(input('printer').form!);
    await settle();
    expect(screen.getByTestId('print-error').textContent).toBe('इसके लिए पर्यवेक्षक की स्वीकृति आवश्यक है।');
    expect(screen.getByTestId('print-error').getAttribute('role')).toBe('alert');

    fireEvent.change(input('printer'), { target: { value: 'lpt1' } });
    fireEvent.submit(input('printer').form!);
    await settle();
    expect(screen.getByTestId('print-error').textContent).toBe('कृपया प्रविष्टि जाँचें: प्रिंटर का पता tcp://HOST:PORT, file:PATH या cups:QUEUE की तरह लिखें');
    expect(sent('settings.print.set')).toHaveLength(1);
  });

  it('takes limits in rupees and sends paise; the law’s ceiling and a bad amount are said before sending', async () => {
    await open();
    expect(input('minPartialPaise').value).toBe('100.00');
    expect(input('cashPerReceiptMaxPaise').value).toBe('1,99,999.99');

    fireEvent.change(input('cashPerReceiptMaxPaise'), { target: { value: '2,00,000' } });
    fireEvent.submit(input('minPartialPaise').form!);
    await settle();
    expect(screen.getByTestId('limits-error').textContent).toMatch(/नकद सीमा ₹1,99,999\.99 से अधिक नहीं हो सकती: आयकर धारा 269ST/);

    fireEvent.change(input('cashPerReceiptMaxPaise'), { target: { value: '12,34' } });
    fireEvent.submit(input('minPartialPaise').form!);
    await settle();
    expect(screen.getByTestId('limits-error').textContent).toBe('कृपया प्रविष्टि जाँचें: एक रसीद पर अधिकतम नकद (₹): राशि सही लिखें, जैसे 1,99,999.99');
    expect(input('cashPerReceiptMaxPaise').getAttribute('aria-invalid')).toBe('true');
    expect(sent('settings.limits.set')).toHaveLength(0);

    fireEvent.change(input('minPartialPaise'), { target: { value: '50' } });
    fireEvent.change(input('cashPerReceiptMaxPaise'), { target: { value: '50,000' } });
    fireEvent.change(input('cashPerConsumerDayMaxPaise'), { target: { value: '1,00,000.50' } });
    // Issue 16 #5: the shift variance tolerance, ₹100 by default; 0 is allowed (every variance approved).
    expect(input('shiftVarianceTolerancePaise').value).toBe('100.00');
    fireEvent.change(input('shiftVarianceTolerancePaise'), { target: { value: '0' } });
    fireEvent.submit(input('minPartialPaise').form!);
    await settle();
    const limits = { minPartialPaise: 50_00, cashPerReceiptMaxPaise: 50_000_00, cashPerConsumerDayMaxPaise: 1_00_000_50, shiftVarianceTolerancePaise: 0 };
    expect(sent('settings.limits.set')).toEqual([{ session: 'b'.repeat(32), limits }]);
    expect(screen.getByTestId('limits-done').textContent).toBe('सीमाएँ सहेजी गईं; अगले भुगतान से लागू');
    expect(input('cashPerReceiptMaxPaise').value).toBe('50,000.00');
    expect(useTerminal.getState().limits).toEqual(limits); // the counter checks the next payment against them
  });

  it('shows the printer’s answer to a test print (Alt+T)', async () => {
    answer = (c) => (c.channel === 'printer.test' ? { ok: true, value: { printed: false, state: 'paper-out', detail: 'status 0x6c' } } : undefined);
    await open();
    fireEvent.keyDown(window, { key: 't', altKey: true });
    await settle();
    expect(sent('printer.test')).toEqual([{ session: 'b'.repeat(32) }]);
    expect(screen.getByTestId('test-answer').textContent).toBe('परीक्षण पृष्ठ नहीं छपा — प्रिंटर में कागज़ खत्म — नया रोल लगाएँ (status 0x6c)');
  });

  it('shows the link to the centre and enrolls with the URL and a one-time code', async () => {
    answer = (c) => (c.channel === 'sync.enroll' ? { ok: true, value: { ...SYNC, upstreamUrl: 'https://central.example' } } : undefined);
    await open();
    const facts = screen.getByTestId('central-facts').textContent!;
    expect(facts).toContain('हाँ');
    expect(facts).toContain('http://127.0.0.1:8080');
    expect(facts).toContain('ऑनलाइन');
    fireEvent.change(input('upstream-url'), { target: { value: 'https://central.example/' } });
    fireEvent.change(input('enroll-code'), { target: { value: 'abcd' } });
    fireEvent.submit(input('enroll-code').form!);
    await settle();
    expect(screen.getByTestId('enroll-error').textContent).toBe('कृपया प्रविष्टि जाँचें: कोड ABCD-EFGH-JKLM जैसा होता है');
    fireEvent.change(input('enroll-code'), { target: { value: 'abcd-efgh-jk23' } });
    fireEvent.submit(input('enroll-code').form!);
    await settle();
    expect(sent('sync.enroll')).toEqual([{ session: 'b'.repeat(32), upstreamUrl: 'https://central.example', code: 'ABCD-EFGH-JK23' }]);
    expect(screen.getByTestId('enroll-done').textContent).toBe('टर्मिनल केंद्र से जुड़ गया');
    expect(input('enroll-code').value).toBe('');
  });
});
