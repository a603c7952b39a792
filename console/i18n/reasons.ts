// Why a terminal's light is not green, said from the reason's code and fields (shared/console-api.ts
// CensusReason): dates as dd-mm-yyyy, instants on the IST wall clock.
import type { CensusReason } from '../../shared/console-api.js';
import { formatDmy, istDateTime } from '../../shared/dates.js';
import type { Lang } from '../../shared/errors.js';

export function reasonIn(r: CensusReason, lang: Lang): string {
  const hi = lang === 'hi';
  switch (r.code) {
    case 'revoked':
      return hi ? `निरस्त: ${r.reason}` : `Revoked: ${r.reason}`;
    case 'frozen':
      return hi ? `रोका गया: ${r.reason}` : `Frozen: ${r.reason}`;
    case 'high_alerts':
      return hi ? `${r.count} गंभीर चेतावनी` : `${r.count} high-severity alert${r.count === 1 ? '' : 's'}`;
    case 'silent':
      return hi ? `${istDateTime(new Date(r.since))} से कोई संपर्क नहीं` : `Silent since ${istDateTime(new Date(r.since))}`;
    case 'unclosed_overdue':
      return hi
        ? `${r.days} दिन D+${r.afterDays} के बाद भी बंद नहीं, पहला ${formatDmy(r.first)}`
        : `${r.days} day${r.days === 1 ? '' : 's'} not closed past D+${r.afterDays}, the first ${formatDmy(r.first)}`;
    case 'yesterday_unclosed':
      return hi ? `कल (${formatDmy(r.day)}) का दिन अभी बंद नहीं हुआ` : `Yesterday (${formatDmy(r.day)}) not closed yet`;
  }
}
