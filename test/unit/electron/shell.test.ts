import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSession, FakeWebContents, makeElectronMock } from './electron-mock';

const electron = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof makeElectronMock> }));
vi.mock('electron', () => {
  // Getters, so each test's fresh mock is what the shell sees after vi.resetModules().
  const keys = ['app', 'ipcMain', 'ipcRenderer', 'contextBridge', 'Menu', 'protocol', 'powerSaveBlocker', 'safeStorage', 'session', 'BrowserWindow'];
  return new Proxy(Object.fromEntries(keys.map((k) => [k, true])), {
    get: (_t, key: string) => (electron.current as Record<string, unknown>)[key],
  });
});
const compose = vi.hoisted(() => ({ startKiosk: vi.fn() }));
vi.mock('../../../main/app/compose', async (original) => ({ ...(await original<object>()), startKiosk: compose.startKiosk }));

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

// Every test loads the shell afresh (vi.resetModules), and with it most of the kiosk's module
// graph: over 5 s on a loaded machine. What is checked is behaviour, not load time.
vi.setConfig({ testTimeout: 30_000 });

beforeEach(() => {
  electron.current = makeElectronMock();
  vi.resetModules();
});

const zoomLimits = vi.fn(async () => undefined);

describe('kiosk window', () => {
  async function optionsWhen(packaged: boolean) {
    const e = electron.current;
    e.app.isPackaged = packaged;
    const created: Record<string, unknown>[] = [];
    zoomLimits.mockClear();
    e.BrowserWindow.mockImplementation(function (this: unknown, options: Record<string, unknown>) {
      created.push(options);
      return { once: vi.fn(), loadURL: vi.fn(async () => undefined), webContents: { setVisualZoomLevelLimits: zoomLimits } };
    });
    const { createKioskWindow } = await import('../../../main/electron/window');
    await createKioskWindow();
    return created[0] as { kiosk: boolean; webPreferences: Record<string, unknown> };
  }

  it('isolates and sandboxes the renderer and removes devtools when packaged', async () => {
    const options = await optionsWhen(true);
    expect(options.kiosk).toBe(true);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(String(options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(zoomLimits).toHaveBeenCalledWith(1, 1);
  });

  it('keeps devtools for unpackaged development builds only', async () => {
    expect((await optionsWhen(false)).webPreferences.devTools).toBe(true);
  });
});

describe('IPC sender validation', () => {
  const core = { dispatch: vi.fn(async () => ({ ok: true as const })) };
  const frame = (url: string, parent: unknown = null) => ({ url, parent });

  it('dispatches intents from the kiosk page and refuses foreign or nested frames', async () => {
    const { handleIntent } = await import('../../../main/electron/ipc');
    const handler = handleIntent(core as never, log);
    const intent = { type: 'activity' };
    expect(await handler({ senderFrame: frame('app://kiosk/index.html') } as never, intent)).toEqual({ ok: true });
    expect(core.dispatch).toHaveBeenCalledWith(intent);
    core.dispatch.mockClear();
    for (const bad of [frame('https://evil.example/'), frame('file:///etc/passwd'), frame('app://kiosk/index.html', {}), null]) {
      const result = await handler({ senderFrame: bad } as never, intent);
      expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(core.dispatch).not.toHaveBeenCalled();
  });
});

describe('web contents guards', () => {
  it('denies new windows, foreign navigation, redirects and webviews', async () => {
    const { guardWebContents } = await import('../../../main/electron/security');
    const contents = new FakeWebContents();
    guardWebContents(contents as never, log);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
    const foreign = { preventDefault: vi.fn() };
    contents.emit('will-navigate', foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    contents.emit('will-navigate', own, 'app://kiosk/index.html');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'http://127.0.0.1:9/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalled();
  });

  it('denies every permission request and check', async () => {
    const { lockDownSession } = await import('../../../main/electron/security');
    const session = new FakeSession();
    lockDownSession(session as never, log);
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial', 'clipboard-read']) {
      const cb = vi.fn();
      session.permissionRequest?.({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(session.permissionCheck?.()).toBe(false);
    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();
  });
});

describe('app lifecycle', () => {
  it('refuses a second instance', async () => {
    electron.current.app.requestSingleInstanceLock.mockReturnValue(false);
    await import('../../../main/electron/main');
    expect(electron.current.app.quit).toHaveBeenCalled();
    expect(electron.current.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });

  it('sandboxes, registers the app scheme and removes the menu before ready', async () => {
    await import('../../../main/electron/main');
    const e = electron.current;
    expect(e.app.enableSandbox).toHaveBeenCalled();
    expect(e.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(e.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });
});

describe('settings at start', () => {
  async function startWith(env: Record<string, string>) {
    for (const name of ['KIOSK_SIMULATE', 'KIOSK_DATA_DIR', 'KIOSK_TERMINAL_BAUD', 'KIOSK_GATEWAY_URL', 'CREDENTIALS_DIRECTORY']) vi.stubEnv(name, env[name] ?? '');
    const e = electron.current;
    e.app.whenReady.mockReturnValue(Promise.resolve());
    const exited = new Promise<number>((ok) => e.app.exit.mockImplementation((code: number) => ok(code)));
    compose.startKiosk.mockReset().mockRejectedValue(Object.assign(new Error('stop here'), { code: 'test-stop' }));
    await import('../../../main/electron/main');
    const code = await exited;
    vi.unstubAllEnvs();
    return { code, calls: compose.startKiosk.mock.calls as [Record<string, unknown>][] };
  }

  /** A data folder whose bundle in force (signed, verified, applied) names the gateway and a terminal. */
  async function withBundle(): Promise<string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-electron-'));
    const [{ BundleStore }, { goodBundle, partBytes }] = await Promise.all([import('../../../main/config/bundle/store'), import('../../fixtures/config/bundles')]);
    const store = new BundleStore(dataDir);
    const record = store.putBundle(3, partBytes(goodBundle(3, { settings: { devices: { gatewayUrl: 'https://gateway.moi.example/', terminal: { path: '/dev/ttyUSB1' } } } })), Date.now());
    store.write({ format: 1, current: record, lastKnownGood: record, refused: [] });
    return dataDir;
  }

  it('runs the real devices unless simulation is asked for, in the one data folder', async () => {
    electron.current.app.isPackaged = false; // a development build reads the gateway from the environment
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-electron-'));
    const real = await startWith({ KIOSK_DATA_DIR: dataDir, KIOSK_GATEWAY_URL: 'https://gateway.example/' });
    expect(real.calls).toHaveLength(1);
    expect(real.calls[0]![0]).toMatchObject({ simulate: false, dataDir, kioskId: 'K01', devices: { gatewayUrl: 'https://gateway.example/' } });
    expect(real.code).toBe(1); // the stand-in kiosk refused to start: the shell exits rather than idle
    vi.resetModules();
    electron.current = makeElectronMock();
    electron.current.app.isPackaged = false; // simulation is a development build's flag
    const simulated = await startWith({ KIOSK_DATA_DIR: dataDir, KIOSK_SIMULATE: '1' });
    expect(simulated.calls[0]![0]).toMatchObject({ simulate: true, dataDir });
  });

  // Issue 16, finding 5: a packaged kiosk ran the simulators unless KIOSK_SIMULATE=0 said otherwise,
  // and on Linux without a keyring safeStorage sealed the payload key with a fixed password.
  it('a packaged kiosk never runs simulated devices (or the lab): it refuses to start', async () => {
    electron.current.app.isPackaged = true;
    const { code, calls } = await startWith({ KIOSK_DATA_DIR: mkdtempSync(join(tmpdir(), 'kiosk-electron-')), KIOSK_SIMULATE: '1' });
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
  });

  it('a packaged kiosk runs its real devices, as the signed bundle in force names them, and marks its folder for kioskctl', async () => {
    electron.current.app.isPackaged = true;
    const dataDir = await withBundle();
    const { calls } = await startWith({ KIOSK_DATA_DIR: dataDir });
    expect(readdirSync(dataDir)).toContain('packaged-installation');
    expect(calls[0]![0]).toMatchObject({ simulate: false, checkStates: false, devices: { gatewayUrl: 'https://gateway.moi.example/', terminal: { path: '/dev/ttyUSB1' } } });
  });

  it('a packaged kiosk refuses a gateway (or a device) named in its environment, bundle or not', async () => {
    electron.current.app.isPackaged = true;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { code, calls } = await startWith({ KIOSK_DATA_DIR: await withBundle(), KIOSK_GATEWAY_URL: 'https://evil.example/' });
    const failed = stderr.mock.calls.map(([line]) => String(line)).find((line) => line.includes('kiosk-start-failed'));
    stderr.mockRestore();
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
    expect(JSON.parse(failed!)).toMatchObject({ code: 'invalid-config', key: 'devices.gatewayUrl', error: expect.stringContaining('unset KIOSK_GATEWAY_URL') });
  });

  it.each(['basic_text', 'unknown'])('refuses to start when safeStorage on Linux would seal the payload key with %s', async (backend) => {
    vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
    electron.current.safeStorage.getSelectedStorageBackend.mockReturnValue(backend);
    const { code, calls } = await startWith({ KIOSK_DATA_DIR: await withBundle() });
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
  });

  it.each(['gnome_libsecret', 'kwallet5', 'kwallet6'])('starts with a real keystore on Linux (%s)', async (backend) => {
    vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
    electron.current.safeStorage.getSelectedStorageBackend.mockReturnValue(backend);
    const { calls } = await startWith({ KIOSK_DATA_DIR: await withBundle() });
    vi.restoreAllMocks();
    expect(calls).toHaveLength(1);
  });

  /** What systemd's LoadCredential= leaves: a directory holding the credential as a real file of `mode`. */
  function credentials(mode: number, size = 32): string {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-credentials-'));
    writeFileSync(join(dir, 'payload-key'), randomBytes(size));
    chmodSync(join(dir, 'payload-key'), mode);
    return dir;
  }

  // Under systemd there is no keyring session: safeStorage says basic_text, and before the
  // credential store a packaged kiosk could not start at all.
  it('a packaged kiosk under systemd starts on the payload-key credential where safeStorage has only basic_text', async () => {
    vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
    electron.current.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    const dataDir = await withBundle();
    const { calls } = await startWith({ KIOSK_DATA_DIR: dataDir, CREDENTIALS_DIRECTORY: credentials(0o400) });
    vi.restoreAllMocks();
    expect(calls).toHaveLength(1);
    const keys = calls[0]![0].keyProvider as { payloadKey(): Buffer };
    expect(keys.payloadKey()).toHaveLength(32);
    expect(readdirSync(dataDir)).toContain('payload.key.credential-sealed');
    expect(electron.current.safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it.each([
    ['readable by every account', 0o444, 32],
    ['of the wrong size', 0o400, 64],
  ])('refuses to start on a payload-key credential %s, saying why', async (_what, mode, size) => {
    vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { code, calls } = await startWith({ KIOSK_DATA_DIR: await withBundle(), CREDENTIALS_DIRECTORY: credentials(mode, size) });
    const failed = stderr.mock.calls.map(([line]) => String(line)).find((line) => line.includes('kiosk-start-failed'));
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
    expect(JSON.parse(failed!)).toMatchObject({ code: 'key-credential-invalid', error: expect.stringContaining('payload-key') });
  });

  it('refuses a bad setting by name, exiting before any device is opened', async () => {
    const { code, calls } = await startWith({ KIOSK_TERMINAL_BAUD: 'fast' });
    expect(code).toBe(1);
    expect(calls).toHaveLength(0);
  });
});

describe('app:// protocol', () => {
  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'assets', 'a.js'), 'x');
    const { appResponse } = await import('../../../main/electron/protocol');
    const ok = await appResponse(dir, 'app://kiosk/index.html');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await appResponse(dir, 'app://kiosk/assets/a.js')).headers.get('content-type')).toContain('javascript');
    expect((await appResponse(dir, 'app://kiosk/../../etc/passwd')).status).not.toBe(200);
    expect((await appResponse(dir, 'app://kiosk/%2e%2e/%2e%2e/etc/passwd')).status).not.toBe(200);
    expect((await appResponse(dir, 'app://kiosk/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await appResponse(dir, 'app://other/index.html')).status).toBe(404);
  });

  it('answers a malformed path 400 instead of failing the request with a URIError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    const { appResponse } = await import('../../../main/electron/protocol');
    for (const path of ['/%c0%ae%c0%ae/etc/passwd', '/%', '/%E0%A4%A', '/index.html%00']) {
      const res = await appResponse(dir, `app://kiosk${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
    }
  });
});

describe('preload', () => {
  it('exposes only send and onState, over the two contract channels', async () => {
    await import('../../../main/electron/preload');
    const e = electron.current;
    const api = e.contextBridge.exposed.get('kiosk') as { send: (i: unknown) => Promise<unknown>; onState: (cb: (s: unknown) => void) => () => void };
    expect(Object.keys(api).sort()).toEqual(['onState', 'send']);
    await api.send({ type: 'activity' });
    expect(e.ipcRenderer.invoke).toHaveBeenCalledWith('kiosk:intent', { type: 'activity' });
    const seen: unknown[] = [];
    const off = api.onState((s) => seen.push(s));
    e.ipcRenderer.emit('kiosk:state', {}, { seq: 1 });
    off();
    e.ipcRenderer.emit('kiosk:state', {}, { seq: 2 });
    expect(seen).toEqual([{ seq: 1 }]);
    expect(() => api.onState('nope' as never)).toThrow(TypeError);
  });
});
