// What is wrong with a typed date, by the app's own rules (never the browser's): nothing typed
// when one is needed, not a date read day first, or outside the field's range.
import { formatDmy, parseDmy, type IsoDate } from '../../../shared/dates.js';
import type { Lang } from '../../../shared/errors.js';
import { text } from '../../i18n/strings.js';

export interface DateLimits {
  min?: IsoDate | undefined;
  max?: IsoDate | undefined;
  required?: boolean | undefined;
}

export type DateProblem = { kind: 'required' } | { kind: 'not-a-date'; typed: string } | { kind: 'after-max'; max: IsoDate } | { kind: 'before-min'; min: IsoDate };

export function dateProblem(typed: string, limits: DateLimits): DateProblem | null {
  if (typed.trim() === '') return limits.required ? { kind: 'required' } : null;
  const iso = parseDmy(typed);
  if (iso === null) return { kind: 'not-a-date', typed: typed.trim() };
  if (limits.max && iso > limits.max) return { kind: 'after-max', max: limits.max };
  if (limits.min && iso < limits.min) return { kind: 'before-min', min: limits.min };
  return null;
}

/** The problem in the screen's language, naming the field; the example is a date the field takes. */
export function dateProblemText(p: DateProblem, field: string, lang: Lang, example: IsoDate): string {
  switch (p.kind) {
    case 'required':
      return text('dateRequired', lang, { field });
    case 'not-a-date':
      return text('dateNotADate', lang, { field, typed: p.typed, example: formatDmy(example) });
    case 'after-max':
      return text('dateAfterMax', lang, { field, max: formatDmy(p.max) });
    case 'before-min':
      return text('dateBeforeMin', lang, { field, min: formatDmy(p.min) });
  }
}
