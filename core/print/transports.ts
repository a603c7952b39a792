// Where print bytes go. tcp://HOST:9100 is the raw port of network printers; file:PATH keeps the
// bytes (tests, and printers shared as device files). USB, serial and the OS spooler come with
// the print queue.
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { CounterfoilError } from '../../shared/errors.js';

export type PrinterTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'file'; path: string };

export function parsePrinterTarget(s: string): PrinterTarget {
  const tcp = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(s);
  if (tcp && Number(tcp[2]) > 0 && Number(tcp[2]) < 65536) return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (s.startsWith('file:') && s.length > 5) return { kind: 'file', path: s.slice(5) };
  throw new CounterfoilError('INVALID_INPUT', { detail: `printer must be tcp://HOST:PORT or file:PATH, not "${s}"` });
}

export function sendToPrinter(target: PrinterTarget, bytes: Buffer, timeoutMs = 10_000): Promise<void> {
  if (target.kind === 'file') {
    writeFileSync(target.path, bytes);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new CounterfoilError('PRINTER_UNREACHABLE', { printer: `${target.host}:${target.port}`, detail: why }));
    };
    socket.setTimeout(timeoutMs, () => fail('no answer'));
    socket.once('error', (e) => fail(e.message));
    socket.once('connect', () => socket.end(bytes));
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}
