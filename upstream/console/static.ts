// The console's pages (console/dist, built by `npm run build:console`) served under /console/. The
// upstream serves the built files only, never imports console/ source. These answers carry their
// own CSP: the global one (limits.ts) allows no script at all, which suits the API and the verify
// page but not a React app; this one allows the console's own scripts and styles and nothing else.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_API } from './access.js';

/** Where `npm run build:console` writes the console (the default for buildServer's consoleDir). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // data: for the QR codes the console draws (an enrollment code, an authenticator secret).
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Console not built</title><p>The console is not built here: run <code>npm run build:console</code>, then reload.</p>\n';

export async function registerConsoleStatic(app: FastifyInstance, consoleDir: string = DEFAULT_CONSOLE_DIR): Promise<void> {
  app.get('/console', (_req, reply) => reply.redirect('/console/', 301));
  await app.register(async (scope) => {
    // onSend runs after helmet's onRequest header: this scope's answers get the console's CSP instead.
    scope.addHook('onSend', async (_req, reply, payload) => {
      void reply.header('content-security-policy', CONSOLE_CSP);
      return payload;
    });
    if (!existsSync(join(consoleDir, 'index.html'))) {
      scope.get('/console/*', (req, reply) => {
        if (req.url.startsWith(`${CONSOLE_API}/`)) return reply.callNotFound();
        return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      });
      return;
    }
    await scope.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/console/',
      decorateReply: false,
      index: ['index.html'],
      // Hashed file names under assets/ never change; index.html names the current ones, so it is
      // asked for again each time.
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.startsWith(join(consoleDir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
}
