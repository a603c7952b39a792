// A fault-injecting HTTP proxy for sync tests: it sits on 127.0.0.1:0 in front of one target and,
// for each request, draws a fault from a seeded random source, so a run is replayed by its seed.
// `refuse`        close the connection at once, before reading the request
// `delay`         forward after a random wait (≤ maxDelayMs)
// `reset-before`  read the request, then reset the connection without forwarding it
// `reset-after`   forward, wait for the server's whole reply (it has committed), then reset
// `cut`           forward, send the status, headers and only part of the body, then close
// `http-500`/`http-503`  answer without forwarding
// `duplicate`     deliver the request to the server twice (at once) and return one of the replies
// `pass`          forward untouched
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAULT_KINDS = ['refuse', 'delay', 'reset-before', 'reset-after', 'cut', 'http-500', 'http-503', 'duplicate'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number] | 'pass';

export interface FaultProxyOptions {
  /** Where requests go, e.g. http://127.0.0.1:4000 */
  target: string;
  /** A random source in [0, 1); replace `proxy.random` to reseed between trials. */
  random: () => number;
  /** The share of requests that get a fault; the rest pass. */
  faultRate?: number;
  kinds?: readonly FaultKind[];
  maxDelayMs?: number;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// Per-connection headers are the proxy's own business on each side; the body is re-sent whole.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade']);
const endToEnd = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k)));

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Sends RST rather than FIN where the platform allows, as a dropped link or a crashed peer would. */
function reset(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

export class FaultProxy {
  random: () => number;
  faultRate: number;
  kinds: readonly FaultKind[];
  maxDelayMs: number;
  readonly tally = Object.fromEntries([...FAULT_KINDS, 'pass'].map((k) => [k, 0])) as Record<FaultKind, number>;
  /** Requests the server was sent (a duplicate counts twice). */
  forwarded = 0;
  readonly url: string;
  private readonly target: URL;
  private readonly agent = new Agent({ keepAlive: true });

  private constructor(private readonly server: Server, opts: FaultProxyOptions) {
    this.target = new URL(opts.target);
    this.random = opts.random;
    this.faultRate = opts.faultRate ?? 0.5;
    this.kinds = opts.kinds ?? FAULT_KINDS;
    this.maxDelayMs = opts.maxDelayMs ?? 50;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(opts: FaultProxyOptions): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const proxy = new FaultProxy(server, opts);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      proxy.handle(req, res).catch(() => reset(req.socket));
    });
    return proxy;
  }

  /** Draws the next request's fault. */
  private choose(): FaultKind {
    if (this.kinds.length === 0 || this.random() >= this.faultRate) return 'pass';
    return this.kinds[Math.floor(this.random() * this.kinds.length)]!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const kind = this.choose();
    this.tally[kind]++;
    if (kind === 'refuse') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    switch (kind) {
      case 'reset-before':
        reset(req.socket);
        return;
      case 'http-500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      case 'http-503':
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
          .end(JSON.stringify({ error: 'unavailable', message: 'the centre is busy (fault proxy)' }));
        return;
      case 'delay':
        await new Promise((r) => setTimeout(r, Math.floor(this.random() * (this.maxDelayMs + 1))));
        break;
    }
    let reply: Reply;
    if (kind === 'duplicate') {
      const both = await Promise.all([this.forward(req, body), this.forward(req, body)]);
      reply = both[this.random() < 0.5 ? 0 : 1];
    } else {
      reply = await this.forward(req, body);
    }
    if (kind === 'reset-after') {
      reset(req.socket);
      return;
    }
    if (kind === 'cut' && reply.body.length > 1) {
      // The headers promise the whole length; the connection closes after part of it.
      const keep = 1 + Math.floor(this.random() * (reply.body.length - 1));
      res.writeHead(reply.status, { ...endToEnd(reply.headers), 'content-length': reply.body.length });
      res.write(reply.body.subarray(0, keep), () => req.socket.destroy());
      return;
    }
    res.writeHead(reply.status, { ...endToEnd(reply.headers), 'content-length': reply.body.length }).end(reply.body);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Reply> {
    this.forwarded++;
    return new Promise((resolve, reject) => {
      const up = request(
        {
          host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, agent: this.agent,
          headers: { ...endToEnd(req.headers), host: this.target.host, 'content-length': body.length },
        },
        (res) => {
          readBody(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.agent.destroy();
    await closed;
  }
}
