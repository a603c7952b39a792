// The console's "Paid but still due" routes under /console/api/billing (issue 19,
// docs/paid-still-due.md): the checks run on each master import, one check's two lists, and its
// signed export. Finance and auditors read them (money.read); nothing here changes anything.
import type { FastifyInstance } from 'fastify';
import { PaidDueExportQueryString, PaidDueQueryString } from '../../shared/paid-still-due.js';
import { exportPaidDue } from '../billing/paid-due-export.js';
import { paidDueChecks, paidDueReport } from '../billing/paid-due-store.js';
import { parse } from '../body.js';
import type { ServerKey } from '../crypto.js';
import type { Sql } from '../store.js';
import { CONSOLE_API, userOf } from './access.js';

export const PAID_DUE_API = `${CONSOLE_API}/billing/paid-due`;

export function registerPaidDueRoutes(app: FastifyInstance, sql: Sql, key: ServerKey, now: () => Date): void {
  const read = { config: { access: 'money.read' as const } };
  const none = (check: string | undefined) => ({ error: 'no_check', message: check ? `there is no check ${check}` : 'no master has been imported yet' });

  app.get(`${PAID_DUE_API}/checks`, read, async () => paidDueChecks(sql));
  app.get(PAID_DUE_API, read, async (req, reply) => {
    const q = parse(PaidDueQueryString, req.query);
    if (!q.ok) return reply.status(400).send({ error: 'invalid_query', message: q.message });
    const r = await paidDueReport(sql, q.value.check === undefined ? undefined : Number(q.value.check));
    return r ?? reply.status(404).send(none(q.value.check));
  });
  app.get(`${PAID_DUE_API}/export`, read, async (req, reply) => {
    const q = parse(PaidDueExportQueryString, req.query);
    if (!q.ok) return reply.status(400).send({ error: 'invalid_query', message: q.message });
    const r = await paidDueReport(sql, q.value.check === undefined ? undefined : Number(q.value.check));
    if (!r) return reply.status(404).send(none(q.value.check));
    const e = await exportPaidDue(r, key, q.value.format, userOf(req).name, now());
    return { fileName: e.fileName, file: e.bytes.toString('base64'), manifest: e.manifest };
  });
}
