// The web shell's wire: the contract (shared/contract.ts) over one loopback WebSocket. A call is
// {id, channel, input}; its answer is {id, result} with the same Result the Electron IPC returns,
// so the renderer cannot tell the two hosts apart. Only a browser logged in through a one-time
// link (LOGIN_PATH) holds the session cookie the WebSocket needs (Origin checked too): see
// web-shell/server.ts.
import { z } from 'zod';

export const WS_PATH = '/ws';
/** GET /login?once=CODE: a one-time code buys the session cookie, then a 303 to /. */
export const LOGIN_PATH = '/login';
/** GET /session: 204 when the request carries the session cookie, 401 when it does not. */
export const SESSION_PATH = '/session';

/** The largest call for any channel not in WS_LARGE_CALLS: every other input is a few fields. */
export const WS_MAX_CALL_BYTES = 256 * 1024;
/**
 * Channels whose input carries a file, with their own limit. settlement.import takes up to 20 Mi
 * characters of CSV; JSON escaping can double ASCII text (a quote is \", CR LF is \r\n), so twice
 * that and room for the call around it.
 */
export const WS_LARGE_CALLS: Readonly<Record<string, number>> = {
  'settlement.import': 2 * 20 * 1024 * 1024 + 64 * 1024,
};
/** The largest frame the WebSocket takes at all: bigger closes the connection (1009) unread. */
export const WS_MAX_MESSAGE_BYTES = Math.max(WS_MAX_CALL_BYTES, ...Object.values(WS_LARGE_CALLS));
/** Nesting of [ and { in a call, its own object counted: no input comes near it. */
export const WS_MAX_DEPTH = 32;
/** Values (arrays and objects opened, plus commas) in a call: no input comes near it. */
export const WS_MAX_VALUES = 10_000;

export const WsCall = z.strictObject({
  id: z.number().int().nonnegative().safe(),
  channel: z.string().min(1).max(64),
  input: z.unknown(),
});
export type WsCall = z.infer<typeof WsCall>;

export const WsAnswer = z.strictObject({
  id: z.number().int().nonnegative().safe(),
  result: z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }) }),
  ]),
});
export type WsAnswer = z.infer<typeof WsAnswer>;
