// What the web shell checks in a call before it parses it: JSON.parse of 10 MB of [[[…]]] holds the
// one event loop for seconds (every other window and the print and sync loops wait), so the size,
// nesting and number of values are read in one pass over the bytes first, and a call over any of
// them is refused without being parsed. Structural characters are ASCII, so bytes will do (a UTF-8
// continuation byte is never one of them).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

export interface ShapeLimits {
  /** Deepest nesting of [ and {, the call's own object counted. */
  maxDepth: number;
  /** Most values: arrays and objects opened plus commas, outside strings. */
  maxValues: number;
}

/**
 * Why this text is refused before parsing, or null. Stops at the first limit passed, so 10 MB of
 * `[` costs a few dozen bytes of reading. Not a validator: malformed JSON is JSON.parse's to refuse.
 */
export function jsonShapeProblem(bytes: Uint8Array, limits: ShapeLimits): string | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > limits.maxDepth) return `the call is nested more than ${limits.maxDepth} deep`;
      if (++values > limits.maxValues) return `the call holds more than ${limits.maxValues} values`;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
    else if (b === COMMA && ++values > limits.maxValues) return `the call holds more than ${limits.maxValues} values`;
  }
  return null;
}

/** The start of a call as the page writes it (JSON.stringify of {id, channel, input}). */
const HEAD = /^\{"id":(\d{1,15}),"channel":"([A-Za-z0-9_.-]{1,64})",/;

/**
 * The id and channel a call names in its first bytes, or null when it does not start that way: what
 * a refusal before parsing answers to, and which channel's size limit applies.
 */
export function callHead(bytes: Uint8Array): { id: number; channel: string } | null {
  const m = HEAD.exec(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 100)).toString('latin1'));
  return m ? { id: Number(m[1]), channel: m[2]! } : null;
}
