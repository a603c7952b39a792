// The bank's working days, as the deadlines of the money monitor count them (docs/reconciliation.md):
// shut on the weekdays and the Saturdays of a month the settings name (RBI: Sundays, the 2nd and 4th
// Saturdays) and on the listed holidays.
import { addDays } from '../../shared/dates.js';
import type { MoneySettings } from '../../shared/money-monitor.js';

type Calendar = Pick<MoneySettings, 'closedWeekdays' | 'closedSaturdays' | 'holidays'>;

export function isWorkingDay(date: string, c: Calendar): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay();
  if (c.closedWeekdays.includes(weekday)) return false;
  if (weekday === 6 && c.closedSaturdays.includes(Math.ceil(d.getUTCDate() / 7))) return false;
  return !c.holidays.includes(date);
}

/** The `n`th working day after `date` (n = 0: `date` itself if it is one, else the next). */
export function addWorkingDays(date: string, n: number, c: Calendar): string {
  let d = date;
  let left = n;
  if (n === 0) {
    while (!isWorkingDay(d, c)) d = addDays(d, 1);
    return d;
  }
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, c)) left -= 1;
  }
  return d;
}
