// A set-up link, shown once (the server keeps only its hash): the link as text to select, and a
// copy button.
import { useState } from 'react';
import type { SetupLinkWithUrl } from '../../api/client.js';
import { when } from '../../app/format.js';
import { useT } from '../../i18n/lang.js';

export function SetupLinkBox({ link }: { link: SetupLinkWithUrl }) {
  const t = useT();
  const [copy, setCopy] = useState<'copied' | 'copyFailed' | null>(null);
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopy('copied');
    } catch {
      setCopy('copyFailed');
    }
  };
  return (
    <div className="card stack" data-testid="setup-link">
      <p>{t('setupLinkFor', { name: link.name, until: when(link.expiresAt) })}</p>
      <label>
        {t('setupLink')}
        <input name="setup-link" readOnly value={link.url} onFocus={(e) => e.target.select()} className="mono" />
      </label>
      <div className="actions">
        <span role="status">{copy ? t(copy) : ''}</span>
        <button type="button" onClick={() => void copyLink()}>{t('copy')}</button>
      </div>
    </div>
  );
}
