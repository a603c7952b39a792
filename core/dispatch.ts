// The contract's door in the core: checks who calls (the channel's declared role, shared/contract.ts),
// validates the input with its schema, runs the handler with the caller, and turns every outcome
// into a Result. Nothing is thrown across the boundary.
//
// The caller is settled before the input is read: a channel that is not role none takes a live
// session (else SESSION_INVALID) of a user of its role (else SUPERVISOR_REQUIRED), so a caller
// without one learns nothing from the input checks either. Handlers never look sessions up.
import { contract, isChannel, Session, type Channel, type ChannelRole, type Output, type ParsedInput, type Result, type RoleOf } from '../shared/contract.js';
import { appError, CounterfoilError, type AppError } from '../shared/errors.js';
import type { Sessions } from './auth/sessions.js';
import type { User } from './auth/users.js';

/** Who a handler runs for: the session's user, or null on a channel anyone may call. */
export type Caller<K extends Channel> = RoleOf<K> extends 'none' ? null : User;

export type Handlers = { [K in Channel]: (input: ParsedInput<K>, caller: Caller<K>) => Promise<Output<K>> | Output<K> };

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

/** The user a call runs for, by the session in its (not yet validated) input; throws when none may. */
export function callerOf(sessions: Sessions, role: Exclude<ChannelRole, 'none'>, input: unknown): User {
  const raw = typeof input === 'object' && input !== null && Object.hasOwn(input, 'session') ? (input as { session: unknown }).session : undefined;
  const session = Session.safeParse(raw);
  if (!session.success) throw new CounterfoilError('SESSION_INVALID');
  const user = sessions.user(session.data);
  if (role === 'supervisor' && user.role !== 'supervisor') throw new CounterfoilError('SUPERVISOR_REQUIRED');
  return user;
}

export function createDispatch(handlers: Handlers, sessions: Sessions): Dispatch {
  return async (channel, input) => {
    if (!isChannel(channel)) return { ok: false, error: appError('INVALID_INPUT', { detail: `unknown channel ${String(channel)}` }) };
    const role: ChannelRole = contract[channel].role;
    try {
      const caller = role === 'none' ? null : callerOf(sessions, role, input);
      const parsed = contract[channel].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: appError('INVALID_INPUT', { detail: describeIssues(parsed.error.issues) }) };
      const handler = handlers[channel] as (i: unknown, c: User | null) => Promise<unknown> | unknown;
      const value = await handler(parsed.data, caller);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    }
  };
}
