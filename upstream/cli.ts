// `counterfoil-upstream` — the reference central server and its admin commands. PGlite in
// --data DIR (default ./upstream-data) unless DATABASE_URL points at a PostgreSQL server.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeEnrollCode } from './enroll.js';
import { buildServer } from './server.js';
import { openStore } from './store.js';

const USAGE = `usage: counterfoil-upstream [--data DIR] <command>
  serve [--port 8080] [--host 127.0.0.1]
  enroll-code --substation SS042 --counter C1      # prints a one-time enrollment code
  alerts                                           # forks, gaps and forgeries, newest first`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, substation: { type: 'string' }, counter: { type: 'string' }, help: { type: 'boolean' } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const fail = (message: string) => {
    process.stderr.write(`counterfoil-upstream: ${message}\n`);
    return 2;
  };
  if (!['serve', 'enroll-code', 'alerts'].includes(command)) return fail(`unknown command "${command}"`);
  if (command === 'enroll-code' && (!/^[A-Z0-9]{2,12}$/.test(values.substation ?? '') || !/^[A-Z0-9]{1,6}$/.test(values.counter ?? ''))) {
    return fail('enroll-code needs --substation (e.g. SS042) and --counter (e.g. C1)');
  }
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('--port is 0..65535');
  const sql = await openStore(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: resolve(values.data ?? 'upstream-data') });
  if (command === 'enroll-code') {
    process.stdout.write(`${await makeEnrollCode(sql, values.substation!, values.counter!)}\n`);
    await sql.close();
    return 0;
  }
  if (command === 'alerts') {
    for (const a of await sql.query('SELECT id, terminal_id, kind, detail, created_at FROM alerts ORDER BY id DESC LIMIT 100')) process.stdout.write(`${JSON.stringify(a)}\n`);
    await sql.close();
    return 0;
  }
  const app = await buildServer(sql);
  const host = values.host ?? '127.0.0.1';
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`counterfoil upstream listening on http://${host}:${actualPort}/v1 (${process.env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${resolve(values.data ?? 'upstream-data')}`})\n`);
  const stop = async () => {
    await app.close();
    await sql.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return new Promise<number>(() => {});
}
