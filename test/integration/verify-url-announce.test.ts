// Issue 16 #12: the centre announces its verify page (enrollment and head answers), and a terminal
// prints it in its receipts' QR, so a phone that scans a receipt opens the centre's verdict — unless
// a supervisor chose her own verify URL (or none), which no announcement changes.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPreviewPng } from '../../core/print/preview.js';
import { announcedVerifyUrl, printSettings, receiptLayoutOf, verifyUrlSource } from '../../core/print/settings.js';
import { enroll, uploadJournal } from '../../core/sync/agent.js';
import { syncOnce } from '../../core/sync/pass.js';
import { demoAccountNo } from '../../shared/demo-data.js';
import type { PrintSettings } from '../../shared/contract.js';
import { makeEnrollCode } from '../../upstream/enroll.js';
import { buildServer } from '../../upstream/server.js';
import type { Sql } from '../../upstream/store.js';
import { readQr } from '../support/png.js';
import { makeTerminal, type TestTerminal } from '../support/terminal.js';
import { upstreamBackends } from '../support/upstream-db.js';

const OWN = 'https://receipts.utility.example/check';

describe('the verify page the centre announces', () => {
  let sql: Sql;
  let app: FastifyInstance;
  let url: string;
  /** The centre's public base URL; undefined: it announces none (a centre from before it did). */
  let publicUrl: string | undefined;
  const terminals: TestTerminal[] = [];

  const enrolled = async (before?: (tt: TestTerminal) => Promise<void>) => {
    const tt = await makeTerminal({ consumers: 10 });
    terminals.push(tt);
    await before?.(tt);
    await enroll(tt.t, url, await makeEnrollCode(sql, 'SS042', 'C1'));
    return tt;
  };
  let n = 0;
  const pay = async (tt: TestTerminal) =>
    tt.call('payment.record', { session: await tt.sessionOf('asha'), idempotencyKey: `announce-${++n}-xxxx`, accountNo: demoAccountNo(1), amountPaise: 250_00, mode: 'cash', autoOpenShift: true });
  const setVerifyUrl = async (tt: TestTerminal, verifyUrl: string | null) => {
    const settings: PrintSettings = { ...printSettings(tt.t), verifyUrl };
    await tt.call('settings.print.set', { session: await tt.sessionOf('meena'), settings });
  };
  const qrOf = (tt: TestTerminal, receiptNo: string) => receiptLayoutOf(tt.t, receiptNo).lines.find((l) => l.kind === 'qr')!;
  const byCentre = (tt: TestTerminal) =>
    (tt.t.db.prepare("SELECT body FROM journal WHERE type = 'settings.changed' ORDER BY seq").all() as { body: string }[])
      .map((r) => JSON.parse(r.body).data as { by: string; before: { verifyUrl: string | null }; after: { verifyUrl: string | null } })
      .filter((d) => d.by === 'centre');

  beforeAll(async () => {
    sql = await upstreamBackends()[0]!.open();
    app = await buildServer(sql, { publicUrl: () => publicUrl });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    publicUrl = url;
  });
  afterAll(async () => {
    await app?.close();
    await sql?.close();
    for (const tt of terminals) tt.close();
  });

  it('is taken at enrollment: the receipt QR holds <centre>/v1/verify?c=<code>, and the page it opens says genuine', async () => {
    const tt = await enrolled();
    const verifyUrl = `${url}/v1/verify`;
    expect(printSettings(tt.t).verifyUrl).toBe(verifyUrl);
    expect(verifyUrlSource(tt.t)).toBe('centre');
    expect(byCentre(tt)).toEqual([expect.objectContaining({ before: expect.objectContaining({ verifyUrl: null }), after: expect.objectContaining({ verifyUrl }) })]);

    const paid = await pay(tt);
    const qr = qrOf(tt, paid.receiptNo);
    expect(qr.data.startsWith(`${verifyUrl}?c=`)).toBe(true);
    // What a phone's camera reads off the printed picture, and what it opens there.
    const scanned = await readQr(renderPreviewPng(receiptLayoutOf(tt.t, paid.receiptNo)));
    expect(scanned).toBe(`${verifyUrl}?c=${encodeURIComponent(paid.code)}`);
    await uploadJournal(tt.t);
    const page = await fetch(scanned!, { headers: { accept: 'application/json' } });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ verdict: 'genuine', heldCentrally: true, voided: false });
    const html = await (await fetch(scanned!)).text();
    expect(html).toContain(paid.receiptNo);
  });

  it('follows the centre when it moves, at the next sync pass; a terminal enrolled before centres announced it takes it then too', async () => {
    publicUrl = undefined;
    const tt = await enrolled();
    expect(printSettings(tt.t).verifyUrl).toBeNull();
    expect(verifyUrlSource(tt.t)).toBeNull();
    publicUrl = url;
    await syncOnce(tt.t);
    expect(printSettings(tt.t).verifyUrl).toBe(`${url}/v1/verify`);

    publicUrl = 'https://centre.utility.example/counterfoil';
    try {
      await syncOnce(tt.t);
      expect(printSettings(tt.t).verifyUrl).toBe('https://centre.utility.example/counterfoil/v1/verify');
      expect(qrOf(tt, (await pay(tt)).receiptNo).data.startsWith('https://centre.utility.example/counterfoil/v1/verify?c=CF1%7C')).toBe(true);
      // A centre that stops announcing leaves the last address in place.
      publicUrl = undefined;
      await syncOnce(tt.t);
      expect(printSettings(tt.t).verifyUrl).toBe('https://centre.utility.example/counterfoil/v1/verify');
    } finally {
      publicUrl = url;
    }
  });

  it('never replaces a verify URL a supervisor chose, nor one she cleared; setting the centre’s own hands it back', async () => {
    // Set before enrollment: enrollment keeps it.
    const tt = await enrolled((t) => setVerifyUrl(t, OWN));
    expect(announcedVerifyUrl(tt.t)).toBe(`${url}/v1/verify`);
    expect(printSettings(tt.t).verifyUrl).toBe(OWN);
    expect(verifyUrlSource(tt.t)).toBe('supervisor');
    await syncOnce(tt.t);
    expect(printSettings(tt.t).verifyUrl).toBe(OWN);
    expect(qrOf(tt, (await pay(tt)).receiptNo).data.startsWith(`${OWN}?c=`)).toBe(true);

    // Cleared after the centre set it: the bare code stays through later passes.
    const other = await enrolled();
    expect(verifyUrlSource(other.t)).toBe('centre');
    await setVerifyUrl(other, null);
    await syncOnce(other.t);
    expect(printSettings(other.t).verifyUrl).toBeNull();
    expect(qrOf(other, (await pay(other)).receiptNo).data.startsWith('CF1|')).toBe(true);

    // Typing the centre's own address hands it back: the next move is followed.
    await setVerifyUrl(other, `${url}/v1/verify`);
    expect(verifyUrlSource(other.t)).toBe('centre');
    publicUrl = 'https://centre.utility.example';
    try {
      await syncOnce(other.t);
      expect(printSettings(other.t).verifyUrl).toBe('https://centre.utility.example/v1/verify');
    } finally {
      publicUrl = url;
    }
    // A supervisor's own address that existed before sources were kept is hers too.
    tt.t.db.prepare("DELETE FROM meta WHERE key = 'print_verify_url_source'").run();
    expect(verifyUrlSource(tt.t)).toBe('supervisor');
    await syncOnce(tt.t);
    expect(printSettings(tt.t).verifyUrl).toBe(OWN);
  });
});
