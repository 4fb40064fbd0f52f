/**
 * The only bridge between the sandboxed page and main: two task-sized functions, never raw
 * ipcRenderer. Bundled to CommonJS on its own (sandboxed preloads cannot load modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_INTENT_CHANNEL, IPC_STATE_CHANNEL } from '../contract/channels';

type Listener = (state: unknown) => void;
const listeners = new Set<Listener>();
let last: unknown;

ipcRenderer.on(IPC_STATE_CHANNEL, (_event: IpcRendererEvent, state: unknown) => {
  last = state;
  for (const listener of listeners) listener(state);
});

contextBridge.exposeInMainWorld('kiosk', {
  send: (intent: unknown) => ipcRenderer.invoke(IPC_INTENT_CHANNEL, intent),
  onState: (listener: Listener) => {
    if (typeof listener !== 'function') throw new TypeError('onState needs a function');
    listeners.add(listener);
    if (last !== undefined) listener(last);
    return () => {
      listeners.delete(listener);
    };
  },
});
