// A table's column heads in the user's language, the same way in every view: each a `scope="col"`
// header for screen readers, columns of amounts right-aligned.
import { useT } from '../i18n/lang.js';
import type { StringKey } from '../i18n/strings.js';

/** A column head: a key of the console's words, or `num(key)` for a column of numbers. */
export type Head = StringKey | { key: StringKey; num: true };
export const num = (key: StringKey): Head => ({ key, num: true });

export function Heads({ cols }: { cols: readonly Head[] }) {
  const t = useT();
  return (
    <thead>
      <tr>
        {cols.map((c) => (typeof c === 'string'
          ? <th key={c} scope="col">{t(c)}</th>
          : <th key={c.key} scope="col" className="num">{t(c.key)}</th>))}
      </tr>
    </thead>
  );
}
