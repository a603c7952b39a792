// Issue 15, Low: settings changes are journaled — who, what, when. A printer pointed elsewhere, a
// cash limit raised, the UPI payee or the update address changed, the backup folder moved: each is
// a `settings.changed` event {section, by, before, after}, in the same transaction as the change,
// signed and chained like a payment and accepted by the centre.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUser } from '../../core/auth/users.js';
import { journalHead } from '../../core/ledger/journal.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { setPrintFileFolder } from '../../core/print/settings.js';
import { enroll } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { parseEventBody } from '../../shared/journal-event.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { makeTerminal, tempDir, type TestTerminal } from '../support/terminal.js';
import { listeningUpstream } from '../support/upstream-db.js';

/** The journal's last event, parsed. */
function lastEvent(tt: TestTerminal) {
  const row = tt.t.db.prepare('SELECT body FROM journal ORDER BY seq DESC LIMIT 1').get() as { body: string };
  const parsed = parseEventBody(row.body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}
const journalLength = (tt: TestTerminal) => journalHead(tt.t.db).seq;

describe('issue 15 Low: settings changes are journaled (who, what, when)', () => {
  const up = listeningUpstream('counterfoil-settings-journal-');

  it('Low: each settings channel appends settings.changed {section, by, before, after} with the change; a refused change appends nothing', async () => {
    const tt = await makeTerminal({ consumers: 0 });
    const meena = await tt.login('meena');
    const at = tt.clock.now.toISOString();
    const expectChanged = (section: string, before: unknown, after: unknown) =>
      expect(lastEvent(tt)).toMatchObject({ type: 'settings.changed', at, data: { section, by: 'meena', before, after } });

    const print = await tt.call('settings.print.get', { session: await tt.sessionOf('meena') });
    await tt.call('settings.print.set', { session: meena, settings: { ...print, headerLines: ['KESCO Zone 4'], printer: 'tcp://10.0.0.7:9100' } });
    expectChanged('print', print, { ...print, headerLines: ['KESCO Zone 4'], printer: 'tcp://10.0.0.7:9100' });

    const limits = await tt.call('settings.limits.get', { session: await tt.sessionOf('meena') });
    await tt.call('settings.limits.set', { session: meena, limits: { ...limits, cashPerReceiptMaxPaise: 50_000_00 } });
    expectChanged('limits', limits, { ...limits, cashPerReceiptMaxPaise: 50_000_00 });

    await tt.call('settings.upi.set', { session: meena, payee: { vpa: 'kesco.collect@sbi', name: 'KESCO' } });
    expectChanged('upi', null, { vpa: 'kesco.collect@sbi', name: 'KESCO' });
    await tt.call('settings.upi.set', { session: meena, payee: null });
    expectChanged('upi', { vpa: 'kesco.collect@sbi', name: 'KESCO' }, null);

    await tt.call('settings.update.set', { session: meena, settings: { url: 'https://updates.example.in/counterfoil/' } });
    expectChanged('update', { url: null }, { url: 'https://updates.example.in/counterfoil/' });

    const usb = join(tt.dir, 'usb');
    await tt.call('backup.settings.set', { session: meena, settings: { dir: usb, keep: 7 } });
    expectChanged('backup', { dir: null, keep: 14 }, { dir: usb, keep: 7 });

    const folder = tempDir('counterfoil-print-folder-');
    setPrintFileFolder(tt.t, folder, findUser(tt.t.db, 'meena')!);
    expectChanged('print-folder', null, folder);

    // Refused (a cashier; a limit above the law): nothing journaled, nothing changed.
    const before = journalLength(tt);
    const cashier = await tt.api['settings.limits.set']({ session: await tt.login('asha'), limits: { ...limits, minPartialPaise: 1 } });
    expect(!cashier.ok && cashier.error.code).toBe('SUPERVISOR_REQUIRED');
    const unlawful = await tt.api['settings.limits.set']({ session: meena, limits: { ...limits, cashPerReceiptMaxPaise: 5_00_000_00 } });
    expect(!unlawful.ok && unlawful.error.code).toBe('CASH_LIMIT_ABOVE_LAW');
    // Saved again unchanged: no event, nothing changed.
    await tt.call('backup.settings.set', { session: meena, settings: { dir: usb, keep: 7 } });
    expect(journalLength(tt)).toBe(before);

    expect(verifyLedger(tt.t.db)).toMatchObject({ ok: true, faults: [] });
    tt.close();
  });

  it('Low: the change and its event are one transaction: when the event cannot be recorded, the setting stays as it was', async () => {
    const tt = await makeTerminal({ consumers: 0 });
    const meena = await tt.login('meena');
    const limits = await tt.call('settings.limits.get', { session: await tt.sessionOf('meena') });
    tt.clock.now = new Date(tt.clock.now.getTime() - 24 * 3_600_000); // the clock set back: no event can be recorded
    const r = await tt.api['settings.limits.set']({ session: meena, limits: { ...limits, cashPerReceiptMaxPaise: 1_000_00 } });
    expect(!r.ok && r.error.code).toBe('CLOCK_BEHIND_JOURNAL');
    expect(await tt.call('settings.limits.get', { session: await tt.sessionOf('meena') })).toEqual(limits);
    tt.reopen();
    expect(tt.t.limits).toEqual(limits);
    tt.close();
  });

  it('Low: the centre accepts settings.changed and holds it', async () => {
    const tt = await makeTerminal({ consumers: 0 });
    await enroll(tt.t, up.url, await makeEnrollCode(up.sql, 'SS042', 'C1'));
    const meena = await tt.login('meena');
    const limits = await tt.call('settings.limits.get', { session: await tt.sessionOf('meena') });
    await tt.call('settings.limits.set', { session: meena, limits: { ...limits, minPartialPaise: 500_00 } });
    const seq = journalHead(tt.t.db).seq;
    expect(await syncOnce(tt.t)).toMatchObject({ queueDepth: 0, lastError: null });
    const held = await up.sql.query<{ seq: string; type: string }>('SELECT seq, type FROM events WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1', [tt.t.id]);
    expect(held.map((r) => [Number(r.seq), r.type])).toEqual([[seq, 'settings.changed']]);
    tt.close();
  });
});
