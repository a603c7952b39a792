// What finance does to one counter-day by hand, each with a note that goes in the admin log:
// accept its difference (exactly the one shown: the server refuses, 409, if it has changed since),
// or match one of the bank's unexplained credits to a slip the bank did not credit.
import { useEffect, useState, type FormEvent } from 'react';
import { formatDmy } from '../../../shared/dates.js';
import type { CounterDayDetail, CounterDayRow, StatementEntryRow } from '../../../shared/money-monitor.js';
import { api, type ApiError } from '../../api/client.js';
import { useT } from '../../i18n/lang.js';
import { inr, Problem } from './money-parts.js';
import { creditCandidates, creditSearchRange, noteOk } from './money-view.js';

/** The most candidate credits offered for one slip (the nearest amounts). */
const MAX_CANDIDATES = 20;

export function AcceptForm({ row, onDone, onStale }: { row: CounterDayRow; onDone: () => void; onStale: () => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<'noteShort' | ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!noteOk(note)) return setProblem('noteShort');
    setBusy(true);
    const r = await api.money.accept({ terminalId: row.terminalId, businessDate: row.businessDate, differencePaise: row.differencePaise, note: note.trim() });
    setBusy(false);
    if (!r.ok) {
      setProblem(r.error);
      if (r.error.status === 409) onStale();
      return;
    }
    setProblem(null);
    onDone();
  };
  return (
    <form className="card stack narrow-wide" onSubmit={(e) => void submit(e)} aria-labelledby="accept-title" noValidate data-testid="accept-form">
      <h3 id="accept-title">{t('acceptTitle')}</h3>
      <p>{t('acceptIntro', { amount: inr(row.differencePaise) })}</p>
      <label>
        {t('acceptNote')}
        <textarea name="accept-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={problem === 'noteShort'} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="accept-submit">{t('acceptButton', { amount: inr(row.differencePaise) })}</button>
      </div>
      <Problem problem={problem} testId="accept-problem" />
    </form>
  );
}

type Slip = CounterDayDetail['slips'][number];

export function MatchForm({ terminalId, businessDate, slip, onCancel, onDone }: {
  terminalId: string; businessDate: string; slip: Slip; onCancel: () => void; onDone: () => void;
}) {
  const t = useT();
  const range = creditSearchRange(businessDate);
  const total = slip.cashPaise + slip.chequePaise;
  const [entries, setEntries] = useState<StatementEntryRow[] | null>(null);
  const [lineId, setLineId] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<'noteShort' | 'chooseEntry' | ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.money.unexplained(range.from, range.to).then((r) => {
      if (r.ok) setEntries(creditCandidates(r.value.entries, total).slice(0, MAX_CANDIDATES));
      else setProblem(r.error);
    });
  }, [range.from, range.to, total]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (lineId === null) return setProblem('chooseEntry');
    if (!noteOk(note)) return setProblem('noteShort');
    setBusy(true);
    const r = await api.money.match({ lineId, terminalId, depositSeq: slip.seq, note: note.trim() });
    setBusy(false);
    if (!r.ok) return setProblem(r.error);
    onDone();
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="match-title" noValidate data-testid="match-form">
      <h3 id="match-title">{t('matchTitle', { slip: slip.slipNo, amount: inr(total) })}</h3>
      <p className="muted">{t('matchIntro', { from: formatDmy(range.from), to: formatDmy(range.to) })}</p>
      {entries === null && !problem && <p>{t('loading')}</p>}
      {entries && entries.length === 0 && <p data-testid="match-none">{t('matchNone')}</p>}
      {entries && entries.length > 0 && (
        <fieldset className="dims column">
          <legend>{t('matchEntry')}</legend>
          {entries.map((e) => (
            <label key={e.lineId} className="check">
              <input type="radio" name="match-entry" value={e.lineId} checked={lineId === e.lineId} onChange={() => setLineId(e.lineId)} />
              <span>
                {t('entryCredit', { date: formatDmy(e.bookedOn), amount: inr(e.amountPaise) })} · <span lang="en" className="mono">{e.narration}{e.reference ? ` (${e.reference})` : ''}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('matchNote')}
        <textarea name="match-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={problem === 'noteShort'} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !entries?.length} data-testid="match-submit">{t('matchButton', { slip: slip.slipNo })}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
      <Problem problem={problem} testId="match-problem" />
    </form>
  );
}
