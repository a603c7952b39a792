// Registers every contract channel on ipcMain. Before a handler runs, the sender must be the
// app's own top-level frame (VS Code's validatedIpcMain does the same): a navigated, framed or
// foreign page gets UNTRUSTED_CALLER. Input validation happens next, in the core's dispatch.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, ipcChannel, type Result } from '../../shared/contract.js';
import { appError } from '../../shared/errors.js';
import type { Dispatch } from '../../core/dispatch.js';

/** True when the frame is the window's main frame and its URL is on the app's origin. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    // Not URL.origin: it is "null" for custom schemes such as app://.
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === appOrigin;
  } catch {
    return false;
  }
}

export function registerContract(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, appOrigin: string): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannel(channel), (event, input: unknown): Promise<Result<unknown>> | Result<unknown> =>
      isTrustedSender(event, appOrigin) ? dispatch(channel, input) : { ok: false, error: appError('UNTRUSTED_CALLER') },
    );
  }
}

/** Before the core closes: no call may reach it afterwards. */
export function unregisterContract(ipcMain: Pick<IpcMain, 'removeHandler'>): void {
  for (const channel of CHANNELS) ipcMain.removeHandler(ipcChannel(channel));
}
