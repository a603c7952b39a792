// The web shell's checks before parsing a call (web-shell/call-shape.ts); the server's refusals
// end to end are in test/integration/web-shell.test.ts.
import { describe, expect, it } from 'vitest';
import { callHead, jsonShapeProblem } from '../../web-shell/call-shape.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const LIMITS = { maxDepth: 32, maxValues: 10_000 };

describe('issue 15 low: a call\'s shape is read before it is parsed', () => {
  it('counts nesting and values outside strings only: brackets, commas, escaped quotes and backslashes in text do not count', () => {
    const text = JSON.stringify({ id: 1, channel: 'void.request', input: { reason: '[[[{{{,,,"\\"]]]}}}'.repeat(2_000), note: 'रसीद [1], "x"\\' } });
    expect(jsonShapeProblem(bytes(text), LIMITS)).toBeNull();
    // The call and its input: depth 2; 2 objects and 3 commas.
    expect(jsonShapeProblem(bytes(text), { maxDepth: 2, maxValues: 5 })).toBeNull();
    expect(jsonShapeProblem(bytes(text), { maxDepth: 2, maxValues: 4 })).toMatch(/more than 4 values/);
    expect(jsonShapeProblem(bytes(text), { maxDepth: 1, maxValues: 5 })).toMatch(/nested more than 1 deep/);
  });

  it('refuses one level past the depth and one value past the count, at the first byte past them', () => {
    const nested = (depth: number) => `{"id":1,"channel":"x","input":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(jsonShapeProblem(bytes(nested(32)), LIMITS)).toBeNull();
    expect(jsonShapeProblem(bytes(nested(33)), LIMITS)).toBe('the call is nested more than 32 deep');
    // Unbalanced and enormous: refused all the same after a few bytes (nothing after them is read).
    expect(jsonShapeProblem(bytes(`{"input":${'['.repeat(1_000_000)}`), LIMITS)).toBe('the call is nested more than 32 deep');
    // The object and the array, the 2 commas around the input and k - 1 between its k numbers: k + 3.
    const values = (n: number) => `{"id":1,"channel":"x","input":[${Array(n - 3).fill(0).join(',')}]}`;
    expect(jsonShapeProblem(bytes(values(10_000)), LIMITS)).toBeNull();
    expect(jsonShapeProblem(bytes(values(10_001)), LIMITS)).toBe('the call holds more than 10000 values');
  });

  it('reads the id and channel from the first bytes of a call as the page writes it, and nothing else', () => {
    expect(callHead(bytes(JSON.stringify({ id: 42, channel: 'settlement.import', input: { csv: 'a' } })))).toEqual({ id: 42, channel: 'settlement.import' });
    expect(callHead(bytes(JSON.stringify({ channel: 'settlement.import', id: 42, input: {} })))).toBeNull();
    expect(callHead(bytes('{ "id": 42, "channel": "settlement.import", "input": {} }'))).toBeNull();
    expect(callHead(bytes('{"id":42,"channel":"settlement.import"'))).toBeNull();
    expect(callHead(bytes(''))).toBeNull();
  });
});
