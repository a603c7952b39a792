// The supervisor's settings: print settings and the test print, payment limits, the UPI payee of
// the counter's QR, enrollment with the centre, the backup at shift close and its last outcome, and
// the diagnostics bundle for support (downloaded like the day view's exports), and the terminal key
// with its history and the change of key (asked, confirmed, then sent). Each section keeps its own form, its own problem and its own "done" line, so a
// refused limit never hides that the print settings were saved.
import { create } from 'zustand';
import type { BackupOutcome, Output } from '../../../shared/contract.js';
import type { PaymentLimits } from '../../../shared/payment-rules.js';
import { call } from '../../api/client.js';
import { currentSession } from '../session/store.js';
import { fromBase64, saveFile } from '../../app/download.js';
import { useTerminal } from '../../app/terminal-store.js';
import type { StringKey } from '../../i18n/strings.js';
import { useStatus } from '../status/store.js';
import {
  backupFormOf, backupSettingsOf, enrollmentOf, keyReasonOf, limitsFormOf, limitsOf, printFormOf, printSettingsOf, upiFormOf, upiPayeeOf, type BackupForm,
  type LimitField, type LimitsForm, type PrintForm, type Problem, type UpiForm,
} from './settings-form.js';

export type Section = 'load' | 'print' | 'test' | 'limits' | 'upi' | 'enroll' | 'backup' | 'diagnostics' | 'key';

interface SettingsState {
  loaded: boolean;
  print: PrintForm | null;
  limits: LimitsForm | null;
  enrollment: { upstreamUrl: string; code: string };
  upi: UpiForm;
  /** Whether the terminal has a UPI payee now (what "remove" would remove). */
  upiSet: boolean;
  /** The UPI field a problem is about, to mark it invalid. */
  badUpi: keyof UpiForm | null;
  /** The backup folder and copies to keep; null when they could not be read. */
  backup: BackupForm | null;
  badBackup: keyof BackupForm | null;
  /** The last backup taken at a shift close (null: none yet). */
  backupLast: BackupOutcome | null;
  /** The last diagnostics bundle handed to the browser. */
  diagnostics: { fileName: string; sha256: string } | null;
  /** The KEYID signing now (terminal.info); null when it could not be read. */
  keyInForce: string | null;
  /** Every key, genesis first, with the seqs it signs; null when they could not be read. */
  keys: Output<'terminal.keys'> | null;
  keyReason: string;
  badKeyReason: boolean;
  /** The checked reason while the confirmation is open. */
  keyConfirming: string | null;
  /** The answer to the last change of key made here. */
  keyRotated: Output<'terminal.key.rotate'> | null;
  problems: Partial<Record<Section, Problem>>;
  /** The limit field a problem is about, to mark it invalid. */
  badLimit: LimitField | null;
  done: Partial<Record<Section, StringKey>>;
  busy: Section | null;
  /** The printer's answer to the last test print. */
  test: Output<'printer.test'> | null;
  load(): Promise<void>;
  editPrint(patch: Partial<PrintForm>): void;
  editLimits(patch: Partial<LimitsForm>): void;
  editEnrollment(patch: Partial<SettingsState['enrollment']>): void;
  editUpi(patch: Partial<UpiForm>): void;
  editBackup(patch: Partial<BackupForm>): void;
  savePrint(session: string): Promise<boolean>;
  testPrint(session: string): Promise<void>;
  saveLimits(session: string): Promise<boolean>;
  saveUpi(session: string): Promise<boolean>;
  clearUpi(session: string): Promise<boolean>;
  enroll(session: string): Promise<boolean>;
  saveBackup(session: string): Promise<boolean>;
  saveDiagnostics(session: string): Promise<boolean>;
  editKeyReason(reason: string): void;
  /** Checks the reason and opens the confirmation; nothing is sent yet. */
  askKeyChange(): void;
  cancelKeyChange(): void;
  /** Sends the confirmed change, then reads the key in force and the list again. */
  changeKey(session: string): Promise<boolean>;
}

const without = <T extends object>(o: T, key: keyof T): T => {
  const copy = { ...o };
  delete copy[key];
  return copy;
};

export const useSettings = create<SettingsState>((set, get) => {
  const refused = (section: Section, problem: Problem, extra: Partial<SettingsState> = {}) =>
    set({ problems: { ...get().problems, [section]: problem }, done: without(get().done, section), busy: null, ...extra });
  const succeeded = (section: Section, done: StringKey | null, extra: Partial<SettingsState> = {}) =>
    set({ problems: without(get().problems, section), done: done ? { ...get().done, [section]: done } : without(get().done, section), busy: null, ...extra });
  const readKeys = () => Promise.all([call('terminal.info', {}), call('terminal.keys', { session: currentSession() })]);

  return {
    loaded: false,
    print: null,
    limits: null,
    enrollment: { upstreamUrl: '', code: '' },
    upi: upiFormOf(null),
    upiSet: false,
    badUpi: null,
    backup: null,
    badBackup: null,
    backupLast: null,
    diagnostics: null,
    keyInForce: null,
    keys: null,
    keyReason: '',
    badKeyReason: false,
    keyConfirming: null,
    keyRotated: null,
    problems: {},
    badLimit: null,
    done: {},
    busy: null,
    test: null,
    async load() {
      const session = currentSession();
      const [print, limits, sync, upi, backup, backupLast, [info, keys]] = await Promise.all([
        call('settings.print.get', { session }), call('settings.limits.get', { session }), call('sync.status', {}), call('settings.upi.get', { session }),
        call('backup.settings.get', { session }), call('backup.status', { session }), readKeys(),
      ]);
      set({
        loaded: true,
        print: print.ok ? printFormOf(print.value) : null,
        limits: limits.ok ? limitsFormOf(limits.value as PaymentLimits) : null,
        enrollment: { upstreamUrl: sync.ok ? (sync.value.upstreamUrl ?? '') : '', code: '' },
        upi: upiFormOf(upi.ok ? upi.value : null),
        upiSet: upi.ok && upi.value !== null,
        badUpi: null,
        backup: backup.ok ? backupFormOf(backup.value) : null,
        badBackup: null,
        backupLast: backupLast.ok ? backupLast.value : null,
        diagnostics: null,
        keyInForce: info.ok ? info.value.keyId : null,
        keys: keys.ok ? keys.value : null,
        keyReason: '',
        badKeyReason: false,
        keyConfirming: null,
        keyRotated: null,
        problems: {
          ...(!print.ok ? { load: { error: print.error } } : !limits.ok ? { load: { error: limits.error } } : {}),
          ...(!upi.ok ? { upi: { error: upi.error } } : {}),
          ...(!backup.ok ? { backup: { error: backup.error } } : !backupLast.ok ? { backup: { error: backupLast.error } } : {}),
          ...(!info.ok ? { key: { error: info.error } } : !keys.ok ? { key: { error: keys.error } } : {}),
        },
        done: {},
        badLimit: null,
        test: null,
      });
    },
    editPrint(patch) {
      const print = get().print;
      if (print) set({ print: { ...print, ...patch }, done: without(get().done, 'print') });
    },
    editLimits(patch) {
      const limits = get().limits;
      if (limits) set({ limits: { ...limits, ...patch }, done: without(get().done, 'limits'), badLimit: null });
    },
    editUpi(patch) {
      set({ upi: { ...get().upi, ...patch }, done: without(get().done, 'upi'), badUpi: null });
    },
    editBackup(patch) {
      const backup = get().backup;
      if (backup) set({ backup: { ...backup, ...patch }, done: without(get().done, 'backup'), badBackup: null });
    },
    editEnrollment(patch) {
      set({ enrollment: { ...get().enrollment, ...patch }, done: without(get().done, 'enroll') });
    },
    async savePrint(session) {
      const form = get().print;
      if (!form) return false;
      const checked = printSettingsOf(form);
      if (!checked.ok) {
        refused('print', checked.problem);
        return false;
      }
      set({ busy: 'print' });
      const r = await call('settings.print.set', { session, settings: checked.settings });
      if (!r.ok) {
        refused('print', { error: r.error });
        return false;
      }
      succeeded('print', 'saved', { print: printFormOf(r.value) });
      void useStatus.getState().refresh();
      return true;
    },
    async testPrint(session) {
      set({ busy: 'test', test: null });
      const r = await call('printer.test', { session });
      if (!r.ok) return refused('test', { error: r.error });
      succeeded('test', null, { test: r.value });
      void useStatus.getState().refresh();
    },
    async saveLimits(session) {
      const form = get().limits;
      if (!form) return false;
      const checked = limitsOf(form);
      if (!checked.ok) {
        refused('limits', checked.problem, { badLimit: checked.field ?? null });
        return false;
      }
      set({ busy: 'limits' });
      const r = await call('settings.limits.set', { session, limits: checked.limits });
      if (!r.ok) {
        refused('limits', { error: r.error });
        return false;
      }
      const saved = r.value as PaymentLimits;
      // The counter's inline check uses the new limits from the next payment on, as the core does.
      useTerminal.setState({ limits: saved });
      succeeded('limits', 'limitsSaved', { limits: limitsFormOf(saved), badLimit: null });
      return true;
    },
    async saveUpi(session) {
      const checked = upiPayeeOf(get().upi);
      if (!checked.ok) {
        refused('upi', checked.problem, { badUpi: checked.field });
        return false;
      }
      set({ busy: 'upi' });
      const r = await call('settings.upi.set', { session, payee: checked.payee });
      if (!r.ok) {
        refused('upi', { error: r.error });
        return false;
      }
      succeeded('upi', 'upiQrSaved', { upi: upiFormOf(r.value), upiSet: r.value !== null, badUpi: null });
      return true;
    },
    async clearUpi(session) {
      set({ busy: 'upi' });
      const r = await call('settings.upi.set', { session, payee: null });
      if (!r.ok) {
        refused('upi', { error: r.error });
        return false;
      }
      succeeded('upi', 'upiQrCleared', { upi: upiFormOf(r.value), upiSet: r.value !== null, badUpi: null });
      return true;
    },
    async enroll(session) {
      const { upstreamUrl, code } = get().enrollment;
      const checked = enrollmentOf(upstreamUrl, code);
      if (!checked.ok) {
        refused('enroll', checked.problem);
        return false;
      }
      set({ busy: 'enroll' });
      const r = await call('sync.enroll', { session, upstreamUrl: checked.upstreamUrl, code: checked.code });
      if (!r.ok) {
        refused('enroll', { error: r.error });
        return false;
      }
      useStatus.setState({ sync: r.value });
      succeeded('enroll', 'enrolledDone', { enrollment: { upstreamUrl: r.value.upstreamUrl ?? checked.upstreamUrl, code: '' } });
      return true;
    },
    async saveBackup(session) {
      const form = get().backup;
      if (!form) return false;
      const checked = backupSettingsOf(form);
      if (!checked.ok) {
        refused('backup', checked.problem, { badBackup: checked.field });
        return false;
      }
      set({ busy: 'backup' });
      const r = await call('backup.settings.set', { session, settings: checked.settings });
      if (!r.ok) {
        refused('backup', { error: r.error });
        return false;
      }
      succeeded('backup', r.value.dir ? 'backupSaved' : 'backupTurnedOff', { backup: backupFormOf(r.value), badBackup: null });
      return true;
    },
    async saveDiagnostics(session) {
      set({ busy: 'diagnostics', diagnostics: null });
      const r = await call('diagnostics.save', { session });
      if (!r.ok) {
        refused('diagnostics', { error: r.error });
        return false;
      }
      saveFile(r.value.fileName, fromBase64(r.value.base64), r.value.contentType);
      succeeded('diagnostics', null, { diagnostics: { fileName: r.value.fileName, sha256: r.value.sha256 } });
      return true;
    },
    editKeyReason(keyReason) {
      set({ keyReason, badKeyReason: false, keyConfirming: null, problems: without(get().problems, 'key') });
    },
    askKeyChange() {
      if (get().busy === 'key') return;
      const checked = keyReasonOf(get().keyReason);
      if (!checked.ok) return refused('key', checked.problem, { badKeyReason: true, keyConfirming: null, keyRotated: null });
      set({ keyConfirming: checked.reason, badKeyReason: false, keyRotated: null, problems: without(get().problems, 'key') });
    },
    cancelKeyChange() {
      set({ keyConfirming: null });
    },
    async changeKey(session) {
      const reason = get().keyConfirming;
      if (reason === null || get().busy === 'key') return false;
      set({ busy: 'key', keyConfirming: null, keyRotated: null });
      const r = await call('terminal.key.rotate', { session, reason });
      if (!r.ok) {
        refused('key', { error: r.error });
        return false;
      }
      // The change is made: a list that cannot be read now is said as a problem beside the new key.
      const [info, keys] = await readKeys();
      if (info.ok) useTerminal.setState({ info: info.value });
      const extra = { keyRotated: r.value, keyReason: '', keyInForce: info.ok ? info.value.keyId : r.value.newKeyId, keys: keys.ok ? keys.value : get().keys };
      const unread = !info.ok ? info.error : !keys.ok ? keys.error : null;
      if (unread) refused('key', { error: unread }, extra);
      else succeeded('key', null, extra);
      void useStatus.getState().refresh(); // the queue to send has grown by the key.rotated event
      return true;
    },
  };
});
