// The reconciliation's settings: the tolerance (rupees, read into paise exactly), how many days a
// slip's or a batch's credit may take, the deadlines in working days per mode, the days the bank is
// shut (weekdays, which Saturdays, holidays) and when a cashier's shortages stand out. Everyone who
// reads money sees them; finance (money.act) saves them (admin-logged on the server).
import { useEffect, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { errorIn } from '../../i18n/errors.js';
import { useLang, useT } from '../../i18n/lang.js';
import type { StringKey } from '../../i18n/strings.js';
import { useMoney } from './money-store.js';
import { settingsForm, settingsOf, type SettingsForm, type SettingsProblem } from './money-view.js';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const SATURDAYS = [1, 2, 3, 4, 5] as const;

export function SettingsView() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const mayAct = useSession((s) => s.me?.capabilities.includes('money.act') ?? false);
  const setMonitor = useMoney((s) => s.setMonitor);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [problem, setProblem] = useState<SettingsProblem | ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.money.settings().then((r) => (r.ok ? setForm(settingsForm(r.value)) : setProblem(r.error)));
  }, []);

  const set = (patch: Partial<SettingsForm>) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, ...patch } : f));
  };
  const toggle = (key: 'closedWeekdays' | 'closedSaturdays', n: number, on: boolean) =>
    form && set({ [key]: on ? [...form[key].filter((x) => x !== n), n] : form[key].filter((x) => x !== n) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const read = settingsOf(form);
    if (!read.ok) return setProblem(read.problem);
    setBusy(true);
    const r = await api.money.saveSettings(read.settings);
    setBusy(false);
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    setForm(settingsForm(r.value));
    setSaved(true);
    setMonitor(null); // the monitor is asked again, by the new rules
  };

  const said = problem === null ? ''
    : typeof problem === 'string' ? t(problem)
      : 'badHoliday' in problem ? t('badHoliday', { typed: problem.badHoliday })
        : errorIn(problem, lang);
  const num = (key: keyof SettingsForm, label: StringKey) => (
    <label>
      {t(label)}
      <input name={`settings-${key}`} value={form?.[key] as string} onChange={(e) => set({ [key]: e.target.value })} inputMode="numeric" size={6} />
    </label>
  );

  return (
    <div className="stack">
      <h2 id="settings-title">{t('moneySettingsTitle')}</h2>
      <p className="muted">{t(mayAct ? 'moneySettingsIntro' : 'moneySettingsReadOnly')}</p>
      {!form && !problem && <p>{t('loading')}</p>}
      {form && (
        <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="settings-title" noValidate data-testid="money-settings">
          <fieldset className="plain-fieldset stack" disabled={!mayAct}>
            <legend className="sr-only">{t('moneySettingsTitle')}</legend>
            <div className="row align-end">
              {num('toleranceRupees', 'setTolerance')}
              {num('depositWindowDays', 'setDepositWindow')}
              {num('batchWindowDays', 'setBatchWindow')}
            </div>
            <div className="row align-end">
              {num('cashDueWorkingDays', 'setCashDue')}
              {num('settleUpi', 'setSettleUpi')}
              {num('settleCard', 'setSettleCard')}
            </div>
            <fieldset className="dims">
              <legend>{t('setClosedWeekdays')}</legend>
              {WEEKDAYS.map((d) => (
                <label key={d} className="check">
                  <input type="checkbox" name={`weekday-${d}`} checked={form.closedWeekdays.includes(d)} onChange={(e) => toggle('closedWeekdays', d, e.target.checked)} />
                  {t(`weekday_${d}`)}
                </label>
              ))}
            </fieldset>
            <fieldset className="dims">
              <legend>{t('setClosedSaturdays')}</legend>
              {SATURDAYS.map((n) => (
                <label key={n} className="check">
                  <input type="checkbox" name={`saturday-${n}`} checked={form.closedSaturdays.includes(n)} onChange={(e) => toggle('closedSaturdays', n, e.target.checked)} />
                  {t(`saturday_${n}`)}
                </label>
              ))}
            </fieldset>
            <label>
              {t('setHolidays')}
              <textarea name="settings-holidays" rows={4} value={form.holidays} onChange={(e) => set({ holidays: e.target.value })} />
            </label>
            <div className="row align-end">
              {num('shortageRepeat', 'setShortageRepeat')}
              {num('shortageDays', 'setShortageDays')}
            </div>
          </fieldset>
          {mayAct && (
            <div className="row">
              <button type="submit" className="primary" disabled={busy} data-testid="settings-save">{t('settingsSave')}</button>
            </div>
          )}
          <p className="error" role="alert" data-testid="settings-problem">{said}</p>
          {saved && <p className="notice" role="status" data-testid="settings-saved">{t('settingsSaved')}</p>}
        </form>
      )}
      {!form && problem && <p className="error" role="alert">{said}</p>}
    </div>
  );
}
