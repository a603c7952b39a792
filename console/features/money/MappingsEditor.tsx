// The column mappings the centre reads CSV files through, saved per bank (StatementCsvMapping) and
// per provider (ProviderInput): listed for everyone who reads money; finance fills a form — from
// scratch or from a saved one — and saves it, replacing any saved under the same name.
import { useState, type FormEvent } from 'react';
import { ProviderInput, STATEMENT_DATE_FORMATS, type StatementCsvMapping } from '../../../shared/bank-statement.js';
import { api, type ApiError, type SavedMappings } from '../../api/client.js';
import { useT } from '../../i18n/lang.js';
import type { StringKey } from '../../i18n/strings.js';
import { Problem } from './money-parts.js';
import { AMOUNT_LAYOUTS, bankForm, bankMappingOf, EMPTY_BANK_FORM, type BankMappingForm } from './money-view.js';

type ProviderForm = { provider: string; mode: 'upi' | 'card' } & { [K in keyof ProviderInput['mapping']]-?: string };
const EMPTY_PROVIDER: ProviderForm = { provider: '', mode: 'upi', reference: '', amount: '', fee: '', transactedOn: '', settledOn: '', batch: '', dateFormat: 'YYYY-MM-DD', amountUnit: 'rupees' };
const providerForm = (p: ProviderInput): ProviderForm => ({ provider: p.provider, mode: p.mode, ...p.mapping, fee: p.mapping.fee ?? '' });

/** A text field of a mapping form: a column's header as the file writes it. */
function Column({ label, name, value, onChange, optional }: { label: StringKey; name: string; value: string; onChange: (v: string) => void; optional?: boolean }) {
  const t = useT();
  return (
    <label>
      {t(label)}{optional ? ` ${t('optionalMark')}` : ''}
      <input name={name} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" />
    </label>
  );
}

function Formats({ name, dateFormat, amountUnit, onChange }: {
  name: string; dateFormat: string; amountUnit: string; onChange: (patch: { dateFormat?: StatementCsvMapping['dateFormat']; amountUnit?: 'rupees' | 'paise' }) => void;
}) {
  const t = useT();
  return (
    <>
      <label>
        {t('mapDateFormat')}
        <select name={`${name}-date-format`} value={dateFormat} onChange={(e) => onChange({ dateFormat: e.target.value as StatementCsvMapping['dateFormat'] })}>
          {STATEMENT_DATE_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
      </label>
      <label>
        {t('mapAmountUnit')}
        <select name={`${name}-amount-unit`} value={amountUnit} onChange={(e) => onChange({ amountUnit: e.target.value as 'rupees' | 'paise' })}>
          <option value="rupees">{t('unitRupees')}</option>
          <option value="paise">{t('unitPaise')}</option>
        </select>
      </label>
    </>
  );
}

function BankForm({ start, onSaved }: { start: BankMappingForm; onSaved: (bank: string) => void }) {
  const t = useT();
  const [f, setF] = useState(start);
  const [problem, setProblem] = useState<StringKey | ApiError | null>(null);
  const set = (patch: Partial<BankMappingForm>) => setF((now) => ({ ...now, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!f.bank.trim()) return setProblem('mapNoBank');
    const mapping = bankMappingOf(f);
    if (!mapping) return setProblem('mapIncomplete');
    const r = await api.money.saveBankMapping(f.bank.trim(), mapping);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    onSaved(r.value.saved);
  };
  const col = (key: keyof BankMappingForm, label: StringKey, optional = false) => (
    <Column label={label} name={`bank-${key}`} value={f[key] as string} onChange={(v) => set({ [key]: v })} optional={optional} />
  );
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="bank-map-title" noValidate data-testid="bank-mapping-form">
      <h3 id="bank-map-title">{t('bankMappingTitle')}</h3>
      <p className="muted">{t('bankMappingIntro')}</p>
      <div className="row align-end">
        {col('bank', 'mapBank')}
        {col('date', 'mapDate')}
        {col('valueDate', 'mapValueDate', true)}
        {col('narration', 'mapNarration')}
        {col('reference', 'mapReference', true)}
        {col('balance', 'mapBalance')}
      </div>
      <fieldset className="dims">
        <legend>{t('mapLayout')}</legend>
        {AMOUNT_LAYOUTS.map((l) => (
          <label key={l} className="check">
            <input type="radio" name="bank-layout" value={l} checked={f.layout === l} onChange={() => set({ layout: l })} />
            {t(`layout_${l}`)}
          </label>
        ))}
      </fieldset>
      <div className="row align-end">
        {f.layout !== 'split' && col('amount', 'mapAmount')}
        {f.layout === 'marked' && col('direction', 'mapDirection')}
        {f.layout === 'marked' && col('creditValues', 'mapCreditValues')}
        {f.layout === 'split' && col('credit', 'mapCredit')}
        {f.layout === 'split' && col('debit', 'mapDebit')}
        <Formats name="bank" dateFormat={f.dateFormat} amountUnit={f.amountUnit} onChange={set} />
      </div>
      <div className="row">
        <button type="submit" className="primary" data-testid="bank-mapping-save">{t('mapSave')}</button>
      </div>
      <Problem problem={problem} testId="bank-mapping-problem" />
    </form>
  );
}

function ProviderMappingForm({ start, onSaved }: { start: ProviderForm; onSaved: (provider: string) => void }) {
  const t = useT();
  const [f, setF] = useState(start);
  const [problem, setProblem] = useState<StringKey | ApiError | null>(null);
  const set = (patch: Partial<ProviderForm>) => setF((now) => ({ ...now, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { provider, mode, fee, ...columns } = f;
    const trimmed = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.trim()]));
    const parsed = ProviderInput.safeParse({ provider: provider.trim(), mode, mapping: { ...trimmed, ...(fee.trim() ? { fee: fee.trim() } : {}) } });
    if (!parsed.success) return setProblem(provider.trim() ? 'mapIncomplete' : 'mapNoProvider');
    const r = await api.money.saveProviderMapping(parsed.data);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    onSaved(r.value.saved);
  };
  const col = (key: keyof ProviderForm, label: StringKey, optional = false) => (
    <Column label={label} name={`provider-${key}`} value={f[key]} onChange={(v) => set({ [key]: v })} optional={optional} />
  );
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="provider-map-title" noValidate data-testid="provider-mapping-form">
      <h3 id="provider-map-title">{t('providerMappingTitle')}</h3>
      <div className="row align-end">
        {col('provider', 'mapProvider')}
        <label>
          {t('col_mode')}
          <select name="provider-mode" value={f.mode} onChange={(e) => set({ mode: e.target.value as 'upi' | 'card' })}>
            <option value="upi">{t('money_mode_upi')}</option>
            <option value="card">{t('money_mode_card')}</option>
          </select>
        </label>
        {col('reference', 'mapProviderReference')}
        {col('amount', 'mapGross')}
        {col('fee', 'mapFee', true)}
        {col('transactedOn', 'mapTransactedOn')}
        {col('settledOn', 'mapSettledOn')}
        {col('batch', 'mapBatch')}
        <Formats name="provider" dateFormat={f.dateFormat} amountUnit={f.amountUnit} onChange={set} />
      </div>
      <div className="row">
        <button type="submit" className="primary" data-testid="provider-mapping-save">{t('mapSave')}</button>
      </div>
      <Problem problem={problem} testId="provider-mapping-problem" />
    </form>
  );
}

export function MappingsEditor({ mappings, mayAct, onSaved }: { mappings: SavedMappings; mayAct: boolean; onSaved: () => void }) {
  const t = useT();
  // Which saved mapping each form starts from (a key remounts the form with it).
  const [bankStart, setBankStart] = useState<{ key: string; form: BankMappingForm }>({ key: 'new-bank', form: EMPTY_BANK_FORM });
  const [providerStart, setProviderStart] = useState<{ key: string; form: ProviderForm }>({ key: 'new-provider', form: EMPTY_PROVIDER });
  const [saved, setSaved] = useState<string | null>(null);
  const done = (name: string) => {
    setSaved(name);
    onSaved();
  };
  return (
    <section className="stack" aria-labelledby="mappings-title">
      <h2 id="mappings-title">{t('mappingsTitle')}</h2>
      <div className="row">
        <div className="card stack">
          <h3 id="saved-banks-title">{t('savedBanks')}</h3>
          {mappings.banks.length === 0 ? <p>{t('none')}</p> : (
            <ul className="plain" aria-labelledby="saved-banks-title" data-testid="saved-banks">
              {mappings.banks.map((b) => (
                <li key={b.bank} className="row-actions">
                  <span>{b.bank}</span>
                  {mayAct && (
                    <button type="button" className="small" onClick={() => setBankStart({ key: `${b.bank}-${Date.now()}`, form: bankForm(b.bank, b.mapping) })}>
                      {t('mapEdit')}<span className="sr-only"> — {b.bank}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card stack">
          <h3 id="saved-providers-title">{t('savedProviders')}</h3>
          {mappings.providers.length === 0 ? <p>{t('none')}</p> : (
            <ul className="plain" aria-labelledby="saved-providers-title" data-testid="saved-providers">
              {mappings.providers.map((p) => (
                <li key={p.provider} className="row-actions">
                  <span>{`${p.provider} (${t(`money_mode_${p.mode}`)})`}</span>
                  {mayAct && (
                    <button type="button" className="small" onClick={() => setProviderStart({ key: `${p.provider}-${Date.now()}`, form: providerForm(p) })}>
                      {t('mapEdit')}<span className="sr-only"> — {p.provider}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {saved && <p className="notice" role="status" data-testid="mapping-saved">{t('mapSaved', { name: saved })}</p>}
      {mayAct && (
        <>
          <BankForm key={bankStart.key} start={bankStart.form} onSaved={done} />
          <ProviderMappingForm key={providerStart.key} start={providerStart.form} onSaved={done} />
        </>
      )}
    </section>
  );
}
