// Revoking a terminal from its census row: a reason (required), then a second, explicit "yes" —
// a revocation cannot be undone. Focus goes to the reason, and back out with Cancel or Escape.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { RevokeRequest, type CensusRow } from '../../../shared/console-api.js';
import { api, type ApiError } from '../../api/client.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

export function RevokeForm({ row, onCancel, onDone }: { row: CensusRow; onCancel: () => void; onDone: (terminalId: string) => void }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<ApiError | 'short' | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const yesRef = useRef<HTMLButtonElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);
  useEffect(() => {
    if (confirming) yesRef.current?.focus();
  }, [confirming]);

  const terminal = row.terminalId;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!RevokeRequest.safeParse({ reason }).success) return setProblem('short');
    setProblem(null);
    if (!confirming) return setConfirming(true);
    const r = await api.revoke(terminal, reason.trim());
    if (r.ok) onDone(terminal);
    else setProblem(r.error);
  };

  return (
    <form className="card stack danger" role="group" aria-labelledby="revoke-title" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} noValidate data-testid="revoke-form">
      <h2 id="revoke-title">{t('revokeTitle', { terminal, place: `${row.substation} / ${row.counter}` })}</h2>
      <p>{t('revokeWarning')}</p>
      <label>
        {t('revokeReason')}
        <input ref={reasonRef} name="revoke-reason" value={reason} onChange={(e) => { setReason(e.target.value); setConfirming(false); }} required aria-invalid={problem === 'short'} />
      </label>
      <p className="error" role="alert">{problem === 'short' ? t('revokeReasonShort') : problem ? errorIn(problem, lang) : ''}</p>
      <div className="actions">
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
        <button ref={yesRef} type="submit" className={confirming ? 'danger' : 'primary'} data-testid="revoke-submit">
          {confirming ? t('revokeConfirm', { terminal }) : t('revokeButton', { terminal })}
        </button>
      </div>
    </form>
  );
}
