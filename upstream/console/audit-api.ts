// The console's audit pack route (docs/audit.md): POST /console/api/terminals/{id}/audit-pack with
// {from, to} answers the pack (base64) for a user holding `audit.pack` — admins, finance, auditors —
// and admin-logs who made it, of which terminal and range, with its SHA-256. POST, not GET: making
// one is an act the log records, so it takes the same-origin check every change takes.
import type { FastifyInstance } from 'fastify';
import { AuditPackAsk, type AuditPackAnswer } from '../../shared/console-api.js';
import { AuditPackError, makeLoggedAuditPack } from '../audit-pack.js';
import { parse } from '../body.js';
import type { ServerKey } from '../crypto.js';
import type { Sql } from '../store.js';
import { CONSOLE_API, userOf } from './access.js';

const STATUS: Record<AuditPackError['code'], number> = { invalid_range: 400, no_terminal: 404, empty_range: 422 };

export function registerAuditRoutes(app: FastifyInstance, sql: Sql, key: ServerKey, now: () => Date): void {
  app.post<{ Params: { id: string } }>(`${CONSOLE_API}/terminals/:id/audit-pack`, { config: { access: 'audit.pack' } }, async (req, reply) => {
    const body = parse(AuditPackAsk, req.body);
    if (!body.ok) return reply.status(400).send({ error: 'invalid_body', message: body.message });
    try {
      const pack = await makeLoggedAuditPack(sql, key, { terminal: req.params.id, ...body.value }, userOf(req).name, now());
      const answer: AuditPackAnswer = {
        fileName: pack.fileName, file: pack.bytes.toString('base64'), sha256: pack.sha256,
        firstSeq: pack.manifest.span.firstSeq, lastSeq: pack.manifest.span.lastSeq, fingerprint: pack.manifest.centre.fingerprint,
      };
      return answer;
    } catch (e) {
      if (!(e instanceof AuditPackError)) throw e;
      return reply.status(STATUS[e.code]).send({ error: e.code, message: e.message });
    }
  });
}
