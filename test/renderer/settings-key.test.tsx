// @vitest-environment jsdom
// The terminal key section of the supervisor's settings against a fake terminal: the key in force
// and every key with the seqs it signs, who changed it and why, in Hindi and English; a change of
// key asks for a reason (checked before anything is sent), then a confirmation that says what the
// change does — Escape goes back with nothing sent, Enter sends the supervisor's session and the
// reason — and the new key and the list read back after it; a refusal is said in the screen's
// language and changes nothing on screen.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { SettingsScreen } from '../../renderer/features/settings/SettingsScreen.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useStatus } from '../../renderer/features/status/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { installFakeTerminal, settingsDefaults, settle, SYNC_NOT_ENROLLED, type Answer, type FakeTerminal } from './fake-terminal.js';

const SESSION = 'd'.repeat(32);
const GENESIS = '9c1f0e2d3b4a5968';
const SECOND = '0a1b2c3d4e5f6071';
const THIRD = 'f00dfacecafe1234';
const INFO = {
  terminalId: 'T3FA9C01B22E4', substation: 'SS042', counter: 'C1', publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…', businessDate: '2026-11-26',
  financialYear: '2627', headSeq: 20,
};

type Keys = Output<'terminal.keys'>;
let keys: Keys;
let answer: Answer;
let fake: FakeTerminal;
const sent = (channel: string) => fake.sent(channel);
const inForce = () => keys[keys.length - 1]!.keyId;

beforeEach(() => {
  keys = [
    { keyId: GENESIS, publicKey: 'A'.repeat(43), fromSeq: 1, toSeq: 12 },
    { keyId: SECOND, publicKey: 'B'.repeat(43), fromSeq: 13, toSeq: null, rotatedBy: 'meena', reason: 'yearly change' },
  ];
  answer = () => undefined;
  fake = installFakeTerminal((c) => answer(c), (c) => {
    switch (c.channel) {
      case 'terminal.info':
        return { ok: true, value: { ...INFO, keyId: inForce() } };
      case 'terminal.keys':
        return { ok: true, value: keys };
      case 'terminal.key.rotate': {
        // The core's answer: the rotation is seq 21, signed by the old key; the new one signs from 22.
        const oldKeyId = inForce();
        keys = [...keys.slice(0, -1), { ...keys[keys.length - 1]!, toSeq: 21 },
          { keyId: THIRD, publicKey: 'C'.repeat(43), fromSeq: 22, toSeq: null, rotatedBy: 'meena', reason: c.input.reason as string }];
        return { ok: true, value: { seq: 21, oldKeyId, newKeyId: THIRD } };
      }
      default:
        return undefined;
    }
  }, settingsDefaults);
  useSession.setState({ session: SESSION, user: 'meena', role: 'supervisor' });
  useTerminal.setState({ limits: DEFAULT_LIMITS, info: { ...INFO, keyId: SECOND } });
  useStatus.setState({ sync: { ...SYNC_NOT_ENROLLED, headSeq: 20, queueDepth: 20 } });
  useLang.setState({ lang: 'hi' });
});
afterEach(cleanup);

async function open() {
  render(<SettingsScreen />);
  await settle();
}

const reason = () => document.querySelector<HTMLInputElement>('input[name="key-reason"]')!;
const changeButton = () => screen.getByRole('button', { name: /^टर्मिनल कुंजी बदलें/ });
/** Each row of the key list as its cells' text. */
const rows = () => [...screen.getByTestId('key-list').querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
const text = (id: string) => screen.getByTestId(id).textContent;

describe('settings: terminal key', () => {
  it('shows the key in force and every key with the seqs it signs, who changed it and why, in Hindi and English', async () => {
    await open();
    const section = screen.getByRole('region', { name: 'टर्मिनल कुंजी' });
    expect(within(section).getByRole('table', { name: 'इस टर्मिनल की कुंजियाँ' })).toBeTruthy();
    expect(text('key-in-force')).toBe(SECOND);
    expect(rows()).toEqual([
      [GENESIS, 'क्रमांक 1 से 12 तक', 'टर्मिनल सेट-अप पर बनी'],
      [`${SECOND} लागू`, 'क्रमांक 13 से आगे', 'meena', 'yearly change'],
    ]);
    expect(screen.queryByTestId('key-error')).toBeNull();

    act(() => useLang.setState({ lang: 'en' }));
    expect(screen.getByRole('region', { name: 'Terminal key' })).toBeTruthy();
    expect([...section.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Key', 'Entries it signs', 'Changed by', 'Reason']);
    expect(rows()).toEqual([
      [GENESIS, 'from seq 1 to 12', 'Made at the terminal’s set-up'],
      [`${SECOND} in force`, 'from seq 13 on', 'meena', 'yearly change'],
    ]);
    expect(screen.getByRole('button', { name: /^Change terminal key/ })).toBeTruthy();
  });

  it('asks for a reason before anything else, and sends nothing without one', async () => {
    await open();
    fireEvent.change(reason(), { target: { value: '   ' } });
    fireEvent.click(changeButton());
    await settle();
    expect(text('key-error')).toBe('कृपया प्रविष्टि जाँचें: कारण लिखें');
    expect(screen.getByTestId('key-error').getAttribute('role')).toBe('alert');
    expect(reason().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(reason());
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(reason().maxLength).toBe(200);

    fireEvent.change(reason(), { target: { value: 'x' } });
    expect(screen.queryByTestId('key-error')).toBeNull();
    expect(reason().getAttribute('aria-invalid')).toBe('false');
    expect(sent('terminal.key.rotate')).toEqual([]);
  });

  it('says what a change does before it is made; Escape goes back with nothing sent', async () => {
    await open();
    fireEvent.change(reason(), { target: { value: 'counter PC replaced' } });
    fireEvent.submit(reason().form!);
    const dialog = screen.getByRole('alertdialog', { name: 'टर्मिनल कुंजी बदलें?' });
    expect(dialog.textContent).toContain('कारण: counter PC replaced।');
    expect(dialog.textContent).toContain('पुरानी कुंजी उस पर हस्ताक्षर करके उसे जर्नल में दर्ज करेगी');
    expect(dialog.textContent).toContain('पहले छपी रसीदें मान्य रहेंगी');
    expect(dialog.textContent).toContain('केंद्रीय सर्वर तक पहुँचेगा');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: /हाँ, कुंजी बदलें/ }));

    act(() => useLang.setState({ lang: 'en' }));
    const en = screen.getByRole('alertdialog', { name: 'Change the terminal key?' }).textContent!;
    expect(en).toContain('Reason: counter PC replaced.');
    expect(en).toContain('The old key signs it into the journal');
    expect(en).toContain('Receipts already printed stay valid.');
    expect(en).toContain('The change reaches the central server at the next sync.');
    act(() => useLang.setState({ lang: 'hi' }));

    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(changeButton());
    expect(reason().value).toBe('counter PC replaced');
    expect(sent('terminal.key.rotate')).toEqual([]);
  });

  it('Enter on the confirmation changes the key with the supervisor’s session; the new key and the list read back', async () => {
    await open();
    fireEvent.change(reason(), { target: { value: '  counter PC replaced ' } });
    fireEvent.submit(reason().form!);
    const confirm = within(screen.getByRole('alertdialog')).getByRole('button', { name: /हाँ, कुंजी बदलें/ });
    fireEvent.keyDown(confirm, { key: 'Enter' });
    await settle();

    expect(sent('terminal.key.rotate')).toEqual([{ session: SESSION, reason: 'counter PC replaced' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(text('key-done')).toBe(`टर्मिनल कुंजी बदली गई: नई कुंजी ${THIRD}`);
    expect(text('key-in-force')).toBe(THIRD);
    expect(rows()).toEqual([
      [GENESIS, 'क्रमांक 1 से 12 तक', 'टर्मिनल सेट-अप पर बनी'],
      [SECOND, 'क्रमांक 13 से 21 तक', 'meena', 'yearly change'],
      [`${THIRD} लागू`, 'क्रमांक 22 से आगे', 'meena', 'counter PC replaced'],
    ]);
    expect(useTerminal.getState().info?.keyId).toBe(THIRD);
    expect(reason().value).toBe('');
    expect(document.activeElement).toBe(reason());
    expect(screen.queryByTestId('key-error')).toBeNull();
    act(() => useLang.setState({ lang: 'en' }));
    expect(text('key-done')).toBe(`Terminal key changed: the new key is ${THIRD}`);
  });

  it('a refusal is said in the screen’s language and the key on screen stays as it was', async () => {
    answer = (c) => (c.channel === 'terminal.key.rotate' ? { ok: false, error: appError('KEY_ROTATION_FAILED', { detail: 'disk full' }) } : undefined);
    await open();
    fireEvent.change(reason(), { target: { value: 'yearly change' } });
    fireEvent.submit(reason().form!);
    fireEvent.keyDown(window, { key: 'Enter' });
    await settle();
    expect(sent('terminal.key.rotate')).toHaveLength(1);
    expect(text('key-error')).toBe('टर्मिनल की कुंजी नहीं बदली: disk full। पुरानी कुंजी ही लागू है; कुछ दर्ज नहीं हुआ।');
    expect(screen.queryByTestId('key-done')).toBeNull();
    expect(text('key-in-force')).toBe(SECOND);
    expect(rows()).toHaveLength(2);
    expect((changeButton() as HTMLButtonElement).disabled).toBe(false);

    act(() => useLang.setState({ lang: 'en' }));
    expect(text('key-error')).toBe('The terminal key was not changed: disk full. The old key stays in force; nothing was recorded.');
  });

  it('a cashier’s session is refused by the core and said so', async () => {
    answer = (c) => (c.channel === 'terminal.key.rotate' ? { ok: false, error: appError('SUPERVISOR_REQUIRED') } : undefined);
    await open();
    fireEvent.change(reason(), { target: { value: 'yearly change' } });
    fireEvent.click(changeButton());
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: /हाँ, कुंजी बदलें/ }));
    await settle();
    expect(text('key-error')).toBe('इसके लिए पर्यवेक्षक की स्वीकृति आवश्यक है।');
  });

  it('when the keys cannot be read the section says so and the change is still offered', async () => {
    answer = (c) => (c.channel === 'terminal.keys' ? { ok: false, error: appError('INTERNAL', { detail: 'database busy' }) } : undefined);
    await open();
    expect(text('key-error')).toBe('टर्मिनल में आंतरिक त्रुटि: database busy। कुछ दर्ज नहीं हुआ।');
    expect(screen.queryByTestId('key-list')).toBeNull();
    expect(text('key-in-force')).toBe(SECOND);
    expect(changeButton()).toBeTruthy();
  });
});
