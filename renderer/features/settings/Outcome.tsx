// A settings section's last outcome: its problem said in the screen's language (an alert), or its
// "done" line (a status); nothing when it has neither.
import { useLang, useT } from '../../i18n/lang.js';
import { problemText } from './settings-form.js';
import { useSettings, type Section } from './store.js';

export function Outcome({ section }: { section: Section }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const problem = useSettings((s) => s.problems[section]);
  const done = useSettings((s) => s.done[section]);
  if (problem) return <p className="error" role="alert" data-testid={`${section}-error`}>{problemText(problem, lang)}</p>;
  if (done) return <p className="notice" role="status" data-testid={`${section}-done`}>{t(done)}</p>;
  return null;
}
