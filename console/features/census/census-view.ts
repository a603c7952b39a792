// Which census rows to show, in which order: a substation, a search over terminal / substation /
// counter, and an order. "Riskiest first" keeps the server's order (red, yellow, green; longest
// silent first within each: upstream/census.ts), so the console and the CLI agree.
import type { CensusRow } from '../../../shared/console-api.js';

export const SORTS = ['risk', 'place', 'silent'] as const;
export type CensusSort = (typeof SORTS)[number];

export interface CensusFilter {
  /** '' for every substation. */
  substation: string;
  search: string;
  sort: CensusSort;
}

export const substationsOf = (rows: readonly CensusRow[]): string[] => [...new Set(rows.map((r) => r.substation))].sort();

const contact = (r: CensusRow) => r.lastContactAt ?? r.enrolledAt;

export function censusView(rows: readonly CensusRow[], f: CensusFilter): CensusRow[] {
  const needle = f.search.trim().toUpperCase();
  const shown = rows.filter((r) => (f.substation === '' || r.substation === f.substation)
    && (needle === '' || [r.terminalId, r.substation, r.counter, `${r.substation}/${r.counter}`].some((v) => v.toUpperCase().includes(needle))));
  if (f.sort === 'place') return shown.sort((a, b) => a.substation.localeCompare(b.substation) || a.counter.localeCompare(b.counter, 'en', { numeric: true }));
  if (f.sort === 'silent') return shown.sort((a, b) => contact(a).localeCompare(contact(b)));
  return shown;
}
