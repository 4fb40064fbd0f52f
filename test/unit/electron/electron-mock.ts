import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module, shaped like the real API surface the shell uses. The
 * binary cannot run on these machines, so the shell's options and handlers are checked here.
 */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  closeDevTools = vi.fn();
}

export class FakeSession extends EventEmitter {
  permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
  permissionCheck: (() => boolean) | undefined;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: () => boolean) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler = vi.fn();
  setDisplayMediaRequestHandler = vi.fn();
}

export function makeElectronMock() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => new Promise<void>(() => {})),
    getPath: vi.fn(() => '/tmp/kiosk-test'),
  });
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    handlers,
  };
  const exposed = new Map<string, unknown>();
  const ipcRendererEmitter = new EventEmitter();
  const ipcRenderer = Object.assign(ipcRendererEmitter, { invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true })) });
  return {
    app,
    ipcMain,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)), exposed },
    Menu: { setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    powerSaveBlocker: { start: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      encryptString: vi.fn((s: string) => Buffer.from(s)),
      decryptString: vi.fn((b: Buffer) => b.toString()),
      // Linux only in Electron: which OS keystore seals the strings (basic_text: a fixed password).
      getSelectedStorageBackend: vi.fn((): string => 'gnome_libsecret'),
    },
    session: { defaultSession: new FakeSession() },
    BrowserWindow: vi.fn(),
  };
}
