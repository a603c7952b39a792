// Small pieces every money view uses: rupees from paise (and as a table cell), a colour said in words as well as colour,
// a day's reasons in the user's language, a bank entry in one line, a refusal in words, and a date
// field typed day first.
import type { MoneyColour, CounterDayRow, StatementEntryRow } from '../../../shared/money-monitor.js';
import { formatDmy } from '../../../shared/dates.js';
import { formatINR, type Paise } from '../../../shared/money.js';
import type { ApiError } from '../../api/client.js';
import { errorIn } from '../../i18n/errors.js';
import { ruleIn } from '../../i18n/labels.js';
import { useLang, useT } from '../../i18n/lang.js';
import { moneyReasonIn } from '../../i18n/reasons.js';
import type { StringKey } from '../../i18n/strings.js';

export const inr = (paise: number): string => formatINR(paise as Paise);

/** An amount in a table: rupees, right-aligned. */
export const Amount = ({ paise }: { paise: number }) => <td className="num">{inr(paise)}</td>;

/** A colour as a word in a coloured pill: never colour alone. */
export function Colour({ colour }: { colour: MoneyColour }) {
  const t = useT();
  return <span className={`light light-${colour}`} data-testid="money-colour">{t(`moneyColour_${colour}`)}</span>;
}

/** Why a counter-day is not green, each reason with its amount; what finance accepted, if anything. */
export function Reasons({ row }: { row: CounterDayRow }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  if (row.reasons.length === 0 && !row.accepted) return <>{t('none')}</>;
  return (
    <ul className="reasons" data-testid="money-reasons">
      {row.reasons.map((r) => <li key={r.reason}>{moneyReasonIn(r.reason, inr(r.paise), lang)}</li>)}
      {row.accepted && <li>{t('acceptedLine', { amount: inr(row.accepted.differencePaise), by: row.accepted.by, note: row.accepted.note })}</li>}
    </ul>
  );
}

/** A bank entry in one line: when booked, how much, which way, what the bank wrote, and what matched it. */
export function EntryLine({ entry }: { entry: StatementEntryRow }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const m = entry.match;
  return (
    <span data-testid={`entry-${entry.lineId}`}>
      {t(entry.direction === 'credit' ? 'entryCredit' : 'entryDebit', { date: formatDmy(entry.bookedOn), amount: inr(entry.amountPaise) })}
      {' · '}<span lang="en" className="mono">{entry.narration}{entry.reference ? ` (${entry.reference})` : ''}</span>
      {m && <> · <strong>{t('matchedBy', { rule: ruleIn(m.rule, lang) })}</strong>{m.by ? ` ${t('matchedByWhom', { by: m.by, note: m.note ?? '' })}` : ''}</>}
    </span>
  );
}

/** The problem with a form: a key of the console's words, or the server's refusal. */
export function Problem({ problem, testId }: { problem: StringKey | ApiError | null; testId: string }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  return <p className="error" role="alert" data-testid={testId}>{problem === null ? '' : typeof problem === 'string' ? t(problem) : errorIn(problem, lang)}</p>;
}

/** A date typed day first (dd-mm-yyyy). */
export function DateField({ label, name, value, onChange }: { label: StringKey; name: string; value: string; onChange: (v: string) => void }) {
  const t = useT();
  return (
    <label>
      {t(label)}
      <input name={name} value={value} onChange={(e) => onChange(e.target.value)} inputMode="numeric" autoComplete="off" size={11} />
    </label>
  );
}
