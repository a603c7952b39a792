// The fleet census: every terminal with its light (in words and colour, never colour alone), where
// it is, its last contact, head, today's payments, closed days and why it is not green. An
// administrator can revoke a terminal from its row, with a reason and a confirmation.
import { useCallback, useEffect, useState } from 'react';
import type { CensusRow } from '../../../shared/console-api.js';
import { formatDmy } from '../../../shared/dates.js';
import { api, type ApiError } from '../../api/client.js';
import { when } from '../../app/format.js';
import { useSession } from '../../app/session.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';
import { reasonIn } from '../../i18n/reasons.js';
import { censusView, SORTS, substationsOf, type CensusFilter } from './census-view.js';
import { RevokeForm } from './RevokeForm.js';

export function CensusScreen() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const isAdmin = useSession((s) => s.me?.capabilities.includes('fleet.admin') ?? false);
  const openTerminal = useSession((s) => s.openTerminal);
  const [census, setCensus] = useState<{ at: string; terminals: CensusRow[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [filter, setFilter] = useState<CensusFilter>({ substation: '', search: '', sort: 'risk' });
  const [revoking, setRevoking] = useState<CensusRow | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.census();
    if (r.ok) {
      setCensus(r.value);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const rows = census ? censusView(census.terminals, filter) : [];
  return (
    <section className="stack" aria-labelledby="census-title">
      <div className="title-row">
        <h1 id="census-title">{t('censusTitle')}</h1>
        <button type="button" onClick={() => void load()} data-testid="census-reload">{t('reload')}</button>
      </div>
      {error && <p className="error" role="alert">{errorIn(error, lang)}</p>}
      {done && <p className="notice" role="status" data-testid="revoke-done">{t('revokeDone', { terminal: done })}</p>}
      {revoking && (
        <RevokeForm
          row={revoking}
          onCancel={() => setRevoking(null)}
          onDone={(id) => {
            setRevoking(null);
            setDone(id);
            void load();
          }}
        />
      )}
      <div className="row filters">
        <label>
          {t('filterSubstation')}
          <select name="substation" value={filter.substation} onChange={(e) => setFilter({ ...filter, substation: e.target.value })}>
            <option value="">{t('allSubstations')}</option>
            {census && substationsOf(census.terminals).map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          {t('censusSearch')}
          <input name="census-search" type="search" value={filter.search} onChange={(e) => setFilter({ ...filter, search: e.target.value })} />
        </label>
        <label>
          {t('sortBy')}
          <select name="census-sort" value={filter.sort} onChange={(e) => setFilter({ ...filter, sort: e.target.value as CensusFilter['sort'] })}>
            {SORTS.map((s) => <option key={s} value={s}>{t(`sort_${s}`)}</option>)}
          </select>
        </label>
      </div>
      {!census && !error && <p>{t('loading')}</p>}
      {census && (
        <>
          <p className="muted" data-testid="census-at">{t('censusAt', { at: when(census.at), shown: rows.length, total: census.terminals.length })}</p>
          {census.terminals.length === 0 ? <p>{t('censusEmpty')}</p> : rows.length === 0 ? <p>{t('censusNoMatch')}</p> : (
            <div className="table-wrap">
              <table className="census" aria-labelledby="census-title">
                <thead>
                  <tr>
                    <th scope="col">{t('col_light')}</th>
                    <th scope="col">{t('col_substation')}</th>
                    <th scope="col">{t('col_counter')}</th>
                    <th scope="col">{t('col_terminal')}</th>
                    <th scope="col">{t('col_lastContact')}</th>
                    <th scope="col" className="num">{t('col_headSeq')}</th>
                    <th scope="col" className="num">{t('col_paymentsToday')}</th>
                    <th scope="col">{t('col_lastClosed')}</th>
                    <th scope="col" className="num">{t('col_unclosed')}</th>
                    <th scope="col">{t('col_reasons')}</th>
                    <th scope="col">{t('col_actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.terminalId} data-testid={`census-${r.terminalId}`} data-light={r.light}>
                      <td><span className={`light light-${r.light}`} data-testid="light">{t(`light_${r.light}`)}</span></td>
                      <td>{r.substation}</td>
                      <td>{r.counter}</td>
                      <th scope="row" className="mono">{r.terminalId}</th>
                      <td>
                        {when(r.lastContactAt, t('never'))}
                        {r.clockSkewSeconds !== null && Math.abs(r.clockSkewSeconds) >= 60 && (
                          <div className="muted" data-testid="skew">{t(r.clockSkewSeconds > 0 ? 'clockAhead' : 'clockBehind', { minutes: Math.round(Math.abs(r.clockSkewSeconds) / 60) })}</div>
                        )}
                      </td>
                      <td className="num">{r.headSeq}</td>
                      <td className="num">{r.paymentsToday}</td>
                      <td>{r.lastClosedDay ? formatDmy(r.lastClosedDay) : t('none')}</td>
                      <td className="num" title={r.unclosedDays.map(formatDmy).join(', ')}>{r.unclosedDays.length}</td>
                      <td>
                        {r.replacedBy && <p data-testid="replaced">{t('replacedBy', { terminal: r.replacedBy, at: when(r.replacedAt) })}</p>}
                        {r.reasons.length === 0 ? (r.replacedBy ? null : t('none')) : (
                          <ul className="reasons" data-testid="reasons">{r.reasons.map((reason, i) => <li key={i}>{reasonIn(reason, lang)}</li>)}</ul>
                        )}
                      </td>
                      <td>
                        <div className="row-actions">
                          <button type="button" className="small" onClick={() => openTerminal(r.terminalId)} aria-label={t('openTerminalLabel', { terminal: r.terminalId })} data-testid="open-terminal">
                            {t('openTerminal')}
                          </button>
                          {isAdmin && !r.revoked && (
                            <button type="button" className="small" onClick={() => { setDone(null); setRevoking(r); }} aria-label={t('revokeButton', { terminal: r.terminalId })} data-testid="revoke">
                              {t('revoke')}
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
