// Admin commands while `serve` runs on PGlite (issue 17). PGlite is one process's database, so a
// second process cannot open the folder; instead `serve` listens on a Unix socket in the data
// folder (0600, in a folder only its owner may enter) and runs the command itself, on its own
// connection, in the same code path as a standalone command. The CLI, finding the folder locked
// by a live server, sends its command there. One JSON line each way per message:
//   client → {argv, user}      server → {out: line} | {err: line} … then {exit: status} or {error: message}
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';

export const ADMIN_SOCKET = 'admin.sock';
/** The longest command line a client may send. */
const MAX_REQUEST_BYTES = 64 * 1024;

export type AdminRunner = (argv: string[], user: string, o: { out(line: string): void; err(line: string): void }) => Promise<number>;

export const adminSocketPath = (dataDir: string) => join(dataDir, ADMIN_SOCKET);

/** Listens on the data folder's admin socket; close() removes it. */
export async function listenAdminSocket(dataDir: string, run: AdminRunner): Promise<{ close(): Promise<void> }> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true }); // a socket left by a server that died; the folder's lock says none runs now
  // One command at a time: admin commands are rare, and a turn each keeps the log's order plain.
  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((socket) => {
    let buffered = '';
    const send = (msg: object) => socket.write(`${JSON.stringify(msg)}\n`);
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_REQUEST_BYTES) {
        send({ error: 'the command is too long' });
        socket.end();
        return;
      }
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      const line = buffered.slice(0, newline);
      buffered = '';
      socket.removeAllListeners('data');
      let request: { argv?: unknown; user?: unknown };
      try {
        request = JSON.parse(line) as typeof request;
      } catch {
        send({ error: 'not a command' });
        socket.end();
        return;
      }
      const { argv, user } = request;
      if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string') || typeof user !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(user)) {
        send({ error: 'not a command' });
        socket.end();
        return;
      }
      queue = queue.then(async () => {
        try {
          const status = await run(argv as string[], user, { out: (out) => send({ out }), err: (err) => send({ err }) });
          send({ exit: status });
        } catch (e) {
          send({ error: (e as Error).message });
        }
        socket.end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

/** Sends a command to the server holding `dataDir`; its output lines go to `out`, its errors to `err`. */
export function sendAdminCommand(dataDir: string, argv: string[], user: string, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(adminSocketPath(dataDir));
    let buffered = '';
    let settled = false;
    const settle = (status: number) => {
      if (!settled) {
        settled = true;
        resolve(status);
      }
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ argv, user })}\n`));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buffered.slice(0, newline)) as { out?: string; err?: string; exit?: number; error?: string };
        buffered = buffered.slice(newline + 1);
        if (msg.out !== undefined) out(msg.out);
        if (msg.err !== undefined) err(msg.err);
        if (msg.error !== undefined) {
          err(msg.error);
          settle(2);
        }
        if (msg.exit !== undefined) settle(msg.exit);
      }
    });
    socket.on('error', (e) => {
      err(`cannot reach the running server's admin socket ${adminSocketPath(dataDir)}: ${e.message}`);
      settle(2);
    });
    socket.on('close', () => {
      if (!settled) err('the running server closed the admin socket before the command finished');
      settle(2);
    });
  });
}
