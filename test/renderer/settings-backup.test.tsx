// @vitest-environment jsdom
// The backup, diagnostics and restore sections of the supervisor's settings against a fake
// terminal: the folder and copies to keep are checked before anything is sent and saved as the
// contract takes them (an empty folder turns the backup off); the last backup reads in words with
// its IST time and whether its check passed, in Hindi and English; "Save diagnostics" hands the
// bundle to the browser as a download; the restore steps name the command, and the last good copy
// when there is one.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupOutcome, BackupSettings } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { DEFAULT_LIMITS } from '../../shared/payment-rules.js';
import { useTerminal } from '../../renderer/app/terminal-store.js';
import { SettingsScreen } from '../../renderer/features/settings/SettingsScreen.js';
import { useSession } from '../../renderer/features/session/store.js';
import { useStatus } from '../../renderer/features/status/store.js';
import { useLang } from '../../renderer/i18n/lang.js';
import { installFakeTerminal, settingsDefaults, settle, SYNC_NOT_ENROLLED, type Answer, type FakeTerminal } from './fake-terminal.js';
import { catchDownloads, restoreDownloads } from './catch-downloads.js';

const SESSION = 'c'.repeat(32);
const USB = '/media/usb/counterfoil';
const GOOD: BackupOutcome = {
  at: '2026-11-26T06:30:00.000Z', ok: true, file: `${USB}/counterfoil-T1-20261126T063000Z-seq12.db`, headSeq: 12, error: null, removed: 1,
};
// Gzip bytes stand-in: what matters is that the download holds exactly the bytes the core sent.
const BUNDLE = { fileName: 'counterfoil-diagnostics-T1-20261126T063000Z.json.gz', contentType: 'application/gzip', base64: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 250]).toString('base64'), sha256: 'abcdef0123456789'.repeat(4) };

let settings: BackupSettings;
let last: BackupOutcome | null;
let answer: Answer;
let fake: FakeTerminal;
const sent = (channel: string) => fake.sent(channel);

beforeEach(() => {
  settings = { dir: USB, keep: 14 };
  last = GOOD;
  answer = () => undefined;
  fake = installFakeTerminal((c) => answer(c), (c) => {
    switch (c.channel) {
      case 'backup.settings.get':
        return { ok: true, value: settings };
      case 'backup.status':
        return { ok: true, value: last };
      case 'backup.settings.set':
        settings = (c.input as { settings: BackupSettings }).settings;
        return { ok: true, value: settings };
      case 'diagnostics.save':
        return { ok: true, value: BUNDLE };
      default:
        return undefined;
    }
  }, settingsDefaults);
  useSession.setState({ session: SESSION, user: 'meena', role: 'supervisor' });
  useTerminal.setState({ limits: DEFAULT_LIMITS });
  useStatus.setState({ sync: SYNC_NOT_ENROLLED });
  useLang.setState({ lang: 'hi' });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function open() {
  render(<SettingsScreen />);
  await settle();
}

const input = (name: string) => document.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
const text = (id: string) => screen.getByTestId(id).textContent;

afterEach(restoreDownloads);

describe('settings: backup', () => {
  it('shows the folder, the copies kept and the last backup in words — its IST time and that its check passed', async () => {
    await open();
    expect(input('backup-dir').value).toBe(USB);
    expect(input('backup-keep').value).toBe('14');
    expect(text('backup-when')).toBe('26-11-2026 12:00 बजे (IST)');
    expect(text('backup-check')).toBe('सही — कॉपी खुलती है और उसका जर्नल सत्यापित हुआ (प्रविष्टि 12 तक; हटाई गई पुरानी कॉपियाँ: 1)');
    expect(screen.getByTestId('backup-check').className).toBe('good-text');
    expect(text('backup-file')).toBe(GOOD.file);
    expect(screen.queryByTestId('backup-error')).toBeNull();

    act(() => useLang.setState({ lang: 'en' }));
    expect(text('backup-when')).toBe('26-11-2026 12:00 IST');
    expect(text('backup-check')).toBe('Passed — the copy opens and its journal verifies (up to entry 12; older copies removed: 1)');
  });

  it('says a failed backup as failed, with the reason the core gave', async () => {
    last = { at: '2026-11-26T13:45:00.000Z', ok: false, file: null, headSeq: null, error: `could not write to ${USB}: EACCES`, removed: 0 };
    await open();
    expect(text('backup-when')).toBe('26-11-2026 19:15 बजे (IST)');
    expect(text('backup-check')).toBe('विफल — कॉपी नहीं बन सकी');
    expect(screen.getByTestId('backup-check').className).toBe('bad-text');
    expect(screen.getByTestId('backup-last').textContent).toContain(`कारणcould not write to ${USB}: EACCES`);
    expect(screen.queryByTestId('backup-file')).toBeNull();

    cleanup();
    last = { ...GOOD, ok: false, error: 'the copy failed its check: not ok; 2 journal faults' };
    await open();
    expect(text('backup-check')).toBe('विफल — कॉपी जाँच में सही नहीं निकली; इस पर भरोसा न करें');
    // A copy that failed its check is not offered for a restore.
    expect(text('restore-command')).toBe('counterfoil --data <डेटा फ़ोल्डर> restore --from <बैकअप फ़ाइल>');
  });

  it('says when there has been no backup yet', async () => {
    settings = { dir: null, keep: 14 };
    last = null;
    await open();
    expect(input('backup-dir').value).toBe('');
    expect(text('backup-when')).toBe('अभी तक नहीं — फ़ोल्डर चुनने के बाद पहली पाली बंद होने पर बनेगा');
    expect(screen.queryByTestId('backup-check')).toBeNull();
  });

  it('checks the folder and the copies to keep before sending, then saves them; an empty folder turns the backup off', async () => {
    await open();
    fireEvent.change(input('backup-dir'), { target: { value: 'usb/counterfoil' } });
    fireEvent.submit(input('backup-dir').form!);
    await settle();
    expect(text('backup-error')).toBe('कृपया प्रविष्टि जाँचें: बैकअप फ़ोल्डर का पूरा पता लिखें, जैसे /media/usb/counterfoil या E:\\counterfoil');
    expect(screen.getByTestId('backup-error').getAttribute('role')).toBe('alert');
    expect(input('backup-dir').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(input('backup-dir'), { target: { value: ' /mnt/stick ' } });
    fireEvent.change(input('backup-keep'), { target: { value: '0' } });
    fireEvent.submit(input('backup-dir').form!);
    await settle();
    expect(text('backup-error')).toBe('कृपया प्रविष्टि जाँचें: रखी जाने वाली कॉपियाँ 1 से 365 तक लिखें');
    expect(input('backup-keep').getAttribute('aria-invalid')).toBe('true');
    expect(input('backup-dir').getAttribute('aria-invalid')).toBe('false');
    fireEvent.change(input('backup-keep'), { target: { value: '3.5' } });
    fireEvent.submit(input('backup-dir').form!);
    await settle();
    expect(text('backup-error')).toBe('कृपया प्रविष्टि जाँचें: रखी जाने वाली कॉपियाँ 1 से 365 तक लिखें');
    expect(sent('backup.settings.set')).toEqual([]);

    fireEvent.change(input('backup-keep'), { target: { value: '7' } });
    fireEvent.submit(input('backup-dir').form!);
    await settle();
    expect(sent('backup.settings.set')).toEqual([{ session: SESSION, settings: { dir: '/mnt/stick', keep: 7 } }]);
    expect(text('backup-done')).toBe('बैकअप सेटिंग सहेजी गई; अगली पाली बंद होने पर कॉपी बनेगी');
    expect(screen.queryByTestId('backup-error')).toBeNull();
    expect(input('backup-dir').value).toBe('/mnt/stick');

    fireEvent.change(input('backup-dir'), { target: { value: '   ' } });
    fireEvent.submit(input('backup-dir').form!);
    await settle();
    expect(sent('backup.settings.set')[1]).toEqual({ session: SESSION, settings: { dir: null, keep: 7 } });
    expect(text('backup-done')).toBe('बैकअप बंद किया गया: पाली बंद होने पर कॉपी नहीं बनेगी');
  });

  it('says the core’s refusal in Hindi', async () => {
    answer = (c) => (c.channel === 'backup.settings.set' ? { ok: false, error: appError('SUPERVISOR_REQUIRED') } : undefined);
    await open();
    fireEvent.click(screen.getByRole('button', { name: /बैकअप सेटिंग सहेजें/ }));
    await settle();
    expect(text('backup-error')).toBe('इसके लिए पर्यवेक्षक की स्वीकृति आवश्यक है।');
    expect(screen.queryByTestId('backup-done')).toBeNull();
  });
});

describe('settings: diagnostics', () => {
  it('Save diagnostics downloads the bundle the core made, byte for byte', async () => {
    const { blobs, saved } = catchDownloads();
    await open();
    const button = screen.getByRole('button', { name: 'डायग्नॉस्टिक्स सहेजें' }) as HTMLButtonElement;
    expect(button.getAttribute('tabindex')).toBeNull();
    fireEvent.click(button);
    await settle();
    expect(sent('diagnostics.save')).toEqual([{ session: SESSION }]);
    expect(saved).toEqual([{ name: BUNDLE.fileName, href: 'blob:counterfoil/1' }]);
    expect(blobs[0]!.type).toBe('application/gzip');
    expect(Buffer.from(await blobs[0]!.arrayBuffer()).equals(Buffer.from(BUNDLE.base64, 'base64'))).toBe(true);
    expect(text('diagnostics-done')).toBe(`${BUNDLE.fileName} डाउनलोड में सहेजी गई (SHA-256 abcdef0123456789…)`);
    act(() => useLang.setState({ lang: 'en' }));
    expect(text('diagnostics-done')).toBe(`Saved ${BUNDLE.fileName} to the downloads (SHA-256 abcdef0123456789…)`);
    expect(button.disabled).toBe(false);
  });

  it('a refusal is said in the screen’s language and nothing is downloaded', async () => {
    const { saved } = catchDownloads();
    answer = (c) => (c.channel === 'diagnostics.save' ? { ok: false, error: appError('SUPERVISOR_REQUIRED') } : undefined);
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'डायग्नॉस्टिक्स सहेजें' }));
    await settle();
    expect(text('diagnostics-error')).toBe('इसके लिए पर्यवेक्षक की स्वीकृति आवश्यक है।');
    expect(saved).toEqual([]);
    expect(screen.queryByTestId('diagnostics-done')).toBeNull();
  });
});

describe('settings: restore from a backup', () => {
  it('gives the steps in both languages, naming the last good copy and where the data folder is', async () => {
    await open();
    const guide = screen.getByTestId('restore-guide');
    expect(screen.getByRole('heading', { name: 'बैकअप से बहाल करें' })).toBeTruthy();
    const steps = [...guide.querySelectorAll('ol > li')].map((li) => li.textContent!);
    expect(steps).toHaveLength(4);
    expect(steps[0]).toMatch(/^ऐप बंद करें/);
    expect(text('restore-command')).toBe(`counterfoil --data <डेटा फ़ोल्डर> restore --from ${GOOD.file}`);
    expect(steps[1]).toContain('<डेटा फ़ोल्डर> वह फ़ोल्डर है जिसमें counterfoil.db है');
    expect(steps[2]).toMatch(/मना कर देती है.*दूसरे टर्मिनल.*केंद्रीय सर्वर/);
    expect(steps[3]).toMatch(/^ऐप फिर से शुरू करें/);

    act(() => useLang.setState({ lang: 'en' }));
    expect(screen.getByRole('heading', { name: 'Restore from a backup' })).toBeTruthy();
    expect(text('restore-command')).toBe(`counterfoil --data <data folder> restore --from ${GOOD.file}`);
    const en = [...guide.querySelectorAll('ol > li')].map((li) => li.textContent!);
    expect(en[0]).toMatch(/^Stop the app/);
    expect(en[1]).toContain('the --data the app was started with');
    expect(en[2]).toMatch(/^It refuses, changing nothing, when the copy is damaged.*another terminal.*central server/);
    expect(en[3]).toMatch(/^Start the app again/);
  });

  it('quotes a backup path with a space so the command runs as shown', async () => {
    last = { ...GOOD, file: 'C:\\Counter Backups\\counterfoil-T1-20261126T063000Z-seq12.db' };
    await open();
    expect(text('restore-command')).toBe('counterfoil --data <डेटा फ़ोल्डर> restore --from "C:\\Counter Backups\\counterfoil-T1-20261126T063000Z-seq12.db"');
  });
});
