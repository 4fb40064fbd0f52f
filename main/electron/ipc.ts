import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { IPC_INTENT_CHANNEL, IPC_STATE_CHANNEL, rejected, type IntentResult } from '../contract';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import { isTrustedFrame } from './security';

/**
 * One invoke channel carries intents into the core; one send channel pushes state out. The
 * sender frame is checked on every message: a subframe or a foreign page gets nothing.
 */
export function handleIntent(core: KioskCore, log: Logger) {
  return async (event: IpcMainInvokeEvent, raw: unknown): Promise<IntentResult> => {
    if (!isTrustedFrame(event.senderFrame)) {
      log.warn('ipc-foreign-sender', { channel: IPC_INTENT_CHANNEL });
      return rejected('unauthorized', 'sender is not the kiosk page');
    }
    return core.dispatch(raw);
  };
}

export function connectWindow(core: KioskCore, window: BrowserWindow, log: Logger): () => void {
  ipcMain.handle(IPC_INTENT_CHANNEL, handleIntent(core, log));
  const push = () => {
    if (!window.isDestroyed()) window.webContents.send(IPC_STATE_CHANNEL, core.state);
  };
  const unsubscribe = core.onState(push);
  // The page may (re)load after the last change: give it the current state at once.
  window.webContents.on('did-finish-load', push);
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INTENT_CHANNEL);
  };
}
