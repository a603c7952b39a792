// The date field's calendar: a month of days, Sunday first, driven by keys with the focus on the
// grid itself (arrows a day or a week, Page Up/Down a month, Enter picks, Esc or Tab closes) or
// by the mouse. It is no Tab stop of its own, and the keys it handles go no further: Esc here
// closes the calendar, not the screen's step; arrows here move the day, not a list on the screen.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, monthsBefore, type IsoDate } from '../../../shared/dates.js';
import { useT } from '../../i18n/lang.js';

const weekday = (d: IsoDate) => new Date(`${d}T00:00:00Z`).getUTCDay();
const monthStart = (d: IsoDate) => `${d.slice(0, 8)}01`;

/** The 42 cells (6 weeks) showing `d`'s month; null for the days of the months around it. */
function monthCells(d: IsoDate): (IsoDate | null)[] {
  const first = monthStart(d);
  const cells: (IsoDate | null)[] = Array.from({ length: weekday(first) }, () => null);
  for (let day = first; day.slice(0, 7) === first.slice(0, 7); day = addDays(day, 1)) cells.push(day);
  while (cells.length < 42) cells.push(null);
  return cells;
}

const STEP: Record<string, (d: IsoDate) => IsoDate> = {
  ArrowLeft: (d) => addDays(d, -1),
  ArrowRight: (d) => addDays(d, 1),
  ArrowUp: (d) => addDays(d, -7),
  ArrowDown: (d) => addDays(d, 7),
  PageUp: (d) => monthsBefore(d, 1),
  PageDown: (d) => monthsBefore(d, -1),
  Home: (d) => monthStart(d),
  End: (d) => addDays(monthsBefore(monthStart(d), -1), -1),
};

export function Calendar({ start, min, max, onPick, onClose }: {
  start: IsoDate; min?: IsoDate | undefined; max?: IsoDate | undefined; onPick: (d: IsoDate) => void; onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const [active, setActive] = useState(start);
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => grid.current?.focus(), []);
  const allowed = (d: IsoDate) => (!min || d >= min) && (!max || d <= max);
  const months = t('calendarMonths').split(',');
  const weekdays = t('calendarWeekdays').split(',');
  const cells = monthCells(active);
  const cellId = (d: IsoDate) => `${id}-${d}`;
  /** "3 नवंबर 2026": the day's number as shown, first (the name holds the visible text). */
  const dayName = (d: IsoDate) => `${Number(d.slice(8))} ${months[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
  const onKey = (e: KeyboardEvent) => {
    const step = STEP[e.key];
    if (step && !e.altKey && !e.ctrlKey) setActive(step(active));
    else if (e.key === 'Enter' || e.key === ' ') {
      if (allowed(active)) onPick(active);
    } else if (e.key === 'Escape' || e.key === 'Tab' || (e.altKey && e.key === 'ArrowUp')) onClose();
    else return; // F-keys, Alt+L and the like stay the app's
    e.preventDefault();
    e.stopPropagation();
  };
  const month = (by: number) => setActive(monthsBefore(active, -by));
  return (
    <div className="calendar" role="dialog" aria-label={t('calendar')} onKeyDown={onKey}
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && onClose()}>
      <div className="calendar-head">
        {/* Clicked, these keep the focus on the grid (mousedown prevented), so keys go on working. */}
        <button type="button" tabIndex={-1} aria-keyshortcuts="PageUp" aria-label={t('calendarPrevMonth')} onMouseDown={(e) => e.preventDefault()} onClick={() => month(-1)}>‹</button>
        <span className="calendar-month" aria-live="polite">{months[Number(active.slice(5, 7)) - 1]} {active.slice(0, 4)}</span>
        <button type="button" tabIndex={-1} aria-keyshortcuts="PageDown" aria-label={t('calendarNextMonth')} onMouseDown={(e) => e.preventDefault()} onClick={() => month(1)}>›</button>
      </div>
      <div ref={grid} role="grid" tabIndex={-1} aria-activedescendant={cellId(active)} aria-label={`${months[Number(active.slice(5, 7)) - 1]} ${active.slice(0, 4)}`} className="calendar-grid">
        <div role="row" className="calendar-row">
          {weekdays.map((w) => <span key={w} role="columnheader" className="calendar-weekday">{w}</span>)}
        </div>
        {Array.from({ length: 6 }, (_, week) => (
          <div role="row" className="calendar-row" key={week}>
            {cells.slice(week * 7, week * 7 + 7).map((d, i) => d === null ? <span key={i} role="gridcell" className="calendar-day none" /> : (
              <span key={d} id={cellId(d)} role="gridcell" aria-selected={d === active} aria-disabled={!allowed(d)} aria-label={dayName(d)}
                className={`calendar-day${d === active ? ' active' : ''}${allowed(d) ? '' : ' disabled'}`}
                onClick={() => allowed(d) && onPick(d)}>
                {Number(d.slice(8))}
              </span>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
