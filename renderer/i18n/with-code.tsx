// A sentence that names a command, a file or a key: the parts in `backticks` are shown as code,
// in any language (they are typed as they are), the rest as words.
import { Fragment, type ReactNode } from 'react';

export function withCode(text: string): ReactNode {
  const parts = text.split('`');
  if (parts.length === 1) return text;
  return parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>));
}
