// The contract's door in the core: validates a call's input with its schema, runs the handler,
// and turns every outcome into a Result. Nothing is thrown across the boundary.
import { contract, isChannel, type Channel, type Output, type ParsedInput, type Result } from '../shared/contract.js';
import { appError, CounterfoilError, type AppError } from '../shared/errors.js';

export type Handlers = { [K in Channel]: (input: ParsedInput<K>) => Promise<Output<K>> | Output<K> };

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Maps anything thrown by a handler to an error a cashier can read. */
export function toAppError(e: unknown): AppError {
  if (e instanceof CounterfoilError) return e.toAppError();
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_FULL') return appError('STORAGE_FULL');
  if (code === 'SQLITE_BUSY') return appError('STORAGE_BUSY');
  return appError('INTERNAL', { detail: e instanceof Error ? e.message : String(e) });
}

export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, input) => {
    if (!isChannel(channel)) return { ok: false, error: appError('INVALID_INPUT', { detail: `unknown channel ${String(channel)}` }) };
    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: appError('INVALID_INPUT', { detail: describeIssues(parsed.error.issues) }) };
    try {
      const handler = handlers[channel] as (i: unknown) => Promise<unknown> | unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    }
  };
}
