// The one date entry of every screen (issue 16 #4): a text field typed day first, dd-mm-yyyy (also
// 5-12-2026, 05/12/2026, 05.12.2026 or 05122026), whatever the browser's locale; a calendar on
// Alt+↓ or its button, which is no Tab stop; and the app's own checks in the screen's language,
// said beside the field. The stores get and give ISO YYYY-MM-DD as before ('' until the text reads
// as a date), so nothing behind the screens changed. A plain text field: the arrow keys never
// change its date.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { businessDate, formatDmy, parseDmy, type IsoDate } from '../../../shared/dates.js';
import { useLang, useT } from '../../i18n/lang.js';
import { Calendar } from './Calendar.js';
import { dateProblem, dateProblemText } from './date-rules.js';
import './date-field.css';

export interface DateFieldProps {
  name: string;
  /** The field's label, in the screen's language. */
  label: string;
  /** ISO YYYY-MM-DD, or '' for none. */
  value: string;
  onChange: (iso: string) => void;
  min?: IsoDate | undefined;
  max?: IsoDate | undefined;
  required?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** The screen's own name for the field (its problem focuses `[data-field=…]`). */
  dataField?: string;
  /** Marked wrong by the screen's own rule (a range the wrong way round, a slip the core refused). */
  invalid?: boolean;
  /** The screen's own message element(s) about this field. */
  describedBy?: string;
}

export function DateField({ name, label, value, onChange, min, max, required = false, inputRef, dataField, invalid = false, describedBy }: DateFieldProps) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const id = useId();
  const [typed, setTyped] = useState(() => formatDmy(value));
  /** Said once the field was left with something typed, or a submit found it wrong; then live. */
  const [checking, setChecking] = useState(false);
  const [open, setOpen] = useState(false);
  const own = useRef<HTMLInputElement | null>(null);
  const given = useRef(value);
  const latest = useRef({ typed, limits: { min, max, required } });
  latest.current = { typed, limits: { min, max, required } };

  // A new value from the store (today set on opening, a form emptied after recording) replaces
  // the text; the value this field itself gave does not.
  useEffect(() => {
    if (value === given.current) return;
    given.current = value;
    setTyped(formatDmy(value));
    setChecking(false);
  }, [value]);

  // A form holding a date that is wrong by these rules does not submit: the capture listener on
  // the form runs before React's handlers (they listen higher up) and stops the event there. The
  // first wrong field takes the focus; each says why.
  useEffect(() => {
    const form = own.current?.form;
    if (!form) return;
    const guard = (e: Event) => {
      if (!dateProblem(latest.current.typed, latest.current.limits)) return;
      if (!e.defaultPrevented) own.current?.focus();
      e.preventDefault();
      e.stopPropagation();
      setChecking(true);
    };
    form.addEventListener('submit', guard, true);
    return () => form.removeEventListener('submit', guard, true);
  }, []);

  const give = (iso: string) => {
    if (iso === given.current) return;
    given.current = iso;
    onChange(iso);
  };
  const edit = (text: string) => {
    setTyped(text);
    give(parseDmy(text) ?? '');
  };
  const pick = (iso: IsoDate) => {
    setTyped(formatDmy(iso));
    give(iso);
    setOpen(false);
    setChecking(true);
    own.current?.focus();
  };
  const close = () => {
    setOpen(false);
    own.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey && e.key === 'ArrowDown') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(true);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault(); // the caret stays put; the date never changes by arrow
    }
  };
  const onBlur = () => {
    const iso = parseDmy(typed);
    if (iso) setTyped(formatDmy(iso));
    if (typed.trim() !== '') setChecking(true);
  };

  const problem = checking ? dateProblem(typed, { min, max, required }) : null;
  const messageId = `${id}-problem`;
  const today = businessDate(new Date());
  const start = parseDmy(typed) ?? (max && max < today ? max : min && min > today ? min : today);
  return (
    <div className="date-field">
      <label htmlFor={id}>{label}</label>
      <div className="date-box">
        <input
          id={id} ref={(el) => { own.current = el; if (inputRef) inputRef.current = el; }}
          name={name} data-field={dataField} type="text" inputMode="numeric" autoComplete="off" spellCheck={false} maxLength={14}
          placeholder={t('datePlaceholder')} value={typed} onChange={(e) => edit(e.target.value)} onKeyDown={onKey} onBlur={onBlur}
          aria-invalid={invalid || problem !== null} aria-describedby={[problem ? messageId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined}
        />
        {/* Not a Tab stop: the keyboard opens the calendar with Alt+↓ from the field, as aria-keyshortcuts says. */}
        <button type="button" className="date-calendar-button" tabIndex={-1} aria-label={`${t('calendar')} (Alt+↓)`} title={`${t('calendar')} (Alt+↓)`}
          aria-keyshortcuts="Alt+ArrowDown" aria-expanded={open}
          onMouseDown={(e) => e.preventDefault() /* the focus stays put, so a second click closes */} onClick={() => (open ? close() : setOpen(true))}>
          <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true" focusable="false">
            <rect x="1.5" y="3" width="13" height="11.5" rx="1" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </button>
      </div>
      {open && <Calendar start={start} min={min} max={max} onPick={pick} onClose={close} />}
      {problem && <p id={messageId} className="error date-problem" role="alert">{dateProblemText(problem, label, lang, max && max < today ? max : today)}</p>}
    </div>
  );
}
