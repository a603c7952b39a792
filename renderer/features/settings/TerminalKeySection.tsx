// The terminal key on settings (F8): the key signing now, every key with the seqs it signs and who
// changed it and why, and the change of key — a reason, then a confirmation saying what the change
// does, then terminal.key.rotate (docs/journal.md, Key rotation).
import { useEffect, useRef, type FormEvent } from 'react';
import type { Output } from '../../../shared/contract.js';
import { useConfirmDialog } from '../../app/confirm-dialog.js';
import { useT } from '../../i18n/lang.js';
import { useSession } from '../session/store.js';
import { Outcome } from './Outcome.js';
import { KEY_REASON_MAX } from './settings-form.js';
import { useSettings } from './store.js';

/**
 * The confirmation before the key is changed: Enter changes it (on the confirm button, anywhere in
 * the confirmation but its Back button, or with the focus lost), Escape goes back.
 */
function KeyConfirm({ reason, onConfirm, onCancel }: { reason: string; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  const { form, back, confirm, submit } = useConfirmDialog(onConfirm, onCancel);
  return (
    <form ref={form} className="stack dialog inset" role="alertdialog" aria-labelledby="key-confirm-title" aria-describedby="key-confirm-warning" onSubmit={submit} data-testid="key-confirm">
      <h3 id="key-confirm-title">{t('keyConfirmTitle')}</h3>
      <p id="key-confirm-warning">{t('keyConfirmReason', { reason })} {t('keyConfirmWarning')}</p>
      <div className="actions">
        <button ref={back} type="button" onClick={onCancel}>{t('back')} <kbd>Esc</kbd></button>
        <button ref={confirm} type="submit" className="primary danger">{t('keyConfirm')} <kbd>Enter</kbd></button>
      </div>
    </form>
  );
}

function KeyList({ keys, inForce }: { keys: Output<'terminal.keys'>; inForce: string | null }) {
  const t = useT();
  return (
    <table className="key-list" data-testid="key-list">
      <caption>{t('keyList')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('keyColumn')}</th>
          <th scope="col">{t('keySigned')}</th>
          <th scope="col">{t('keyChangedBy')}</th>
          <th scope="col">{t('reason')}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.keyId}>
            <th scope="row">
              <span className="acct">{k.keyId}</span>
              {k.keyId === inForce && <> <span className="badge good">{t('keyNowMark')}</span></>}
            </th>
            <td>{k.toSeq === null ? t('keySeqOn', { from: k.fromSeq }) : t('keySeqRange', { from: k.fromSeq, to: k.toSeq })}</td>
            {k.rotatedBy === undefined
              ? <td colSpan={2} className="muted">{t('keyAtSetUp')}</td>
              : <><td>{k.rotatedBy}</td><td>{k.reason}</td></>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TerminalKeySection() {
  const t = useT();
  const session = useSession((s) => s.session)!;
  const { keyInForce, keys, keyReason, badKeyReason, keyConfirming, keyRotated, busy, editKeyReason, askKeyChange, cancelKeyChange, changeKey } = useSettings();
  const reasonInput = useRef<HTMLInputElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (badKeyReason) reasonInput.current?.focus();
  }, [badKeyReason]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    askKeyChange();
  };
  const cancel = () => {
    cancelKeyChange();
    changeButton.current?.focus();
  };
  // The confirmation goes as the call starts; the focus comes back to the form, not to the page.
  const confirm = () => void changeKey(session).then(() => reasonInput.current?.focus());
  return (
    <section className="card stack" aria-labelledby="key-title" data-testid="key-section">
      <h2 id="key-title">{t('keySection')}</h2>
      <dl className="facts">
        <dt>{t('keyInForce')}</dt>
        <dd className="acct" data-testid="key-in-force">{keyInForce ?? '—'}</dd>
      </dl>
      {keys && <KeyList keys={keys} inForce={keyInForce} />}
      <form className="stack" onSubmit={submit} aria-label={t('keyChange')} noValidate>
        <label>
          {t('keyReason')}
          <input ref={reasonInput} name="key-reason" value={keyReason} onChange={(e) => editKeyReason(e.target.value)} maxLength={KEY_REASON_MAX}
            autoComplete="off" placeholder={t('keyReasonExample')} aria-invalid={badKeyReason} aria-describedby="key-hint" />
        </label>
        <p id="key-hint" className="muted hint">{t('keyHint')}</p>
        <Outcome section="key" />
        <div role="status" className="settings-status">
          {busy === 'key' ? <p>{t('keyChanging')}</p>
            : keyRotated && <p className="notice" data-testid="key-done">{t('keyChanged', { keyId: keyRotated.newKeyId })}</p>}
        </div>
        <div className="actions">
          <button ref={changeButton} type="submit" className="danger" disabled={busy === 'key'}>{t('keyChange')} <kbd>Enter</kbd></button>
        </div>
      </form>
      {keyConfirming !== null && <KeyConfirm reason={keyConfirming} onConfirm={confirm} onCancel={cancel} />}
    </section>
  );
}
