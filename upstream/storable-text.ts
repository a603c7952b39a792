// Free text from signed events (a void reason, a cashier's name) on its way into PostgreSQL
// columns and jsonb. PostgreSQL cannot hold U+0000 in text or jsonb (jsonb refuses the escape
// "\u0000" outright) nor a lone UTF-16 surrogate, and one such character used to roll back the
// whole ingest: the terminal retried a 500 for ever. The signed bytes stay exact in events.body
// (canonical JSON writes these characters as escapes, plain ASCII); what is *projected* for
// reading shows each of them as U+FFFD. Every other character, control or not, is kept as signed.
// Every projected row and every alert's detail passes through storableJson; nothing else
// writes event text into a column.

/** U+0000, and a surrogate without its pair: the characters a PostgreSQL text cannot hold. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REPLACEMENT_CHARACTER = '\uFFFD';

export function storableText(s: string): string {
  return s.replace(UNSTORABLE, REPLACEMENT_CHARACTER);
}

/** JSON text for a jsonb parameter (jsonb_to_recordset, alert detail) with every string storable. */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storableText(v) : v));
}
