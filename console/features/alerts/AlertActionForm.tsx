// Acknowledging or resolving one alert: a note of 3–500 characters (AlertActionRequest, the
// server's own rule, checked here first so the words come in the user's language).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { AlertActionRequest } from '../../../shared/console-api.js';
import { api, type ApiError } from '../../api/client.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';

export type AlertAct = 'acknowledge' | 'resolve';

export function AlertActionForm(props: { id: string; act: AlertAct; onCancel: () => void; onDone: (act: AlertAct) => void; onStale: () => void }) {
  const { id, act, onCancel, onDone, onStale } = props;
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<ApiError | 'short' | 'long' | null>(null);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => noteRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!AlertActionRequest.safeParse({ note }).success) return setProblem(note.trim().length > 500 ? 'long' : 'short');
    setBusy(true);
    const r = await api.actOnAlert(id, act, note.trim());
    setBusy(false);
    if (r.ok) return onDone(act);
    setProblem(r.error);
    if (r.error.code === 'already_resolved') onStale();
  };

  const label = t(act === 'resolve' ? 'resolveAlert' : 'acknowledgeAlert', { id });
  const problemId = `alert-${id}-problem`;
  return (
    <form className="stack alert-action" aria-label={label} onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} noValidate data-testid="alert-action">
      <label>
        {t('alertNote')}
        <textarea ref={noteRef} name="alert-note" rows={3} maxLength={600} value={note} onChange={(e) => { setNote(e.target.value); setProblem(null); }} required aria-invalid={problem === 'short' || problem === 'long'} aria-describedby={problemId} />
      </label>
      <p className="error" id={problemId} role="alert" data-testid="alert-problem">
        {problem === 'short' ? t('alertNoteShort') : problem === 'long' ? t('alertNoteLong') : problem ? errorIn(problem, lang) : ''}
      </p>
      <div className="actions">
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
        <button type="submit" className="primary" disabled={busy} data-testid="alert-submit">{t(act)}</button>
      </div>
    </form>
  );
}
