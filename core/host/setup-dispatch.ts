// A host started on a folder with no terminal yet answers the contract with this: `setup.init`
// makes the terminal and its first supervisor, then the host switches to the terminal's own
// dispatch (onReady). Every other call says the terminal is not set up, in the cashier's words.
import { contract, type Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import { toAppError, type Dispatch } from '../dispatch.js';
import { setUpTerminal } from '../terminal/setup.js';
import type { Terminal } from '../terminal/terminal.js';

export function createSetupDispatch(dataDir: string, onReady: (t: Terminal) => void): Dispatch {
  let busy = false;
  return async (channel, input): Promise<Result<unknown>> => {
    if (channel !== 'setup.init') return { ok: false, error: appError('NOT_INITIALISED') };
    const parsed = contract['setup.init'].input.safeParse(input);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return { ok: false, error: appError('INVALID_INPUT', { detail: i ? `${i.path.join('.')}: ${i.message}` : 'invalid' }) };
    }
    if (busy) return { ok: false, error: appError('STORAGE_BUSY') };
    busy = true;
    try {
      const { substation, counter, supervisor, pin } = parsed.data;
      const { terminal } = await setUpTerminal(dataDir, { substation, counter, supervisor: { name: supervisor, pin } });
      onReady(terminal);
      return { ok: true, value: { terminalId: terminal.id } };
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    } finally {
      busy = false;
    }
  };
}
