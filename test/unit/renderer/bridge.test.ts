// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCEPTED, type KioskBridge, type KioskState } from '../../../main/contract';
import { createBridge, takeToken } from '../../../renderer/src/bridge';
import { fixtureState } from './fixtures';

type KioskWindow = Window & { kiosk?: unknown; WebSocket: unknown };

class RecordingSocket {
  static urls: string[] = [];
  readyState = 0;
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  constructor(url: string) {
    RecordingSocket.urls.push(url);
  }
  send(): void {}
  close(): void {}
}

beforeEach(() => {
  sessionStorage.clear();
  RecordingSocket.urls = [];
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  delete (window as KioskWindow).kiosk;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  history.replaceState(null, '', '/');
});

describe('takeToken', () => {
  it('reads the token from the hash and removes it from the visible URL', () => {
    history.replaceState(null, '', '/index.html?x=1#token=s3cr3t-t0ken');
    expect(takeToken(window)).toBe('s3cr3t-t0ken');
    expect(location.hash).toBe('');
    expect(location.href).not.toContain('s3cr3t');
    expect(location.search).toBe('?x=1');
  });

  it('keeps the token for this tab so a reload reconnects', () => {
    history.replaceState(null, '', '/#token=abc');
    takeToken(window);
    expect(takeToken(window)).toBe('abc');
  });

  it('returns undefined when there is no token anywhere', () => {
    expect(takeToken(window)).toBeUndefined();
  });
});

describe('createBridge', () => {
  it('uses the Electron preload when window.kiosk is there', async () => {
    const listeners: ((s: KioskState) => void)[] = [];
    const preload: KioskBridge = {
      send: vi.fn(() => Promise.resolve(ACCEPTED)),
      onState: (listener) => {
        listeners.push(listener);
        return () => undefined;
      },
    };
    (window as KioskWindow).kiosk = preload;
    vi.stubGlobal('WebSocket', RecordingSocket);
    const bridge = createBridge(window);
    await expect(bridge.send({ type: 'review' })).resolves.toEqual(ACCEPTED);
    expect(preload.send).toHaveBeenCalledWith({ type: 'review' });
    expect(RecordingSocket.urls).toEqual([]);

    const seen: number[] = [];
    bridge.onState((s) => seen.push(s.seq));
    for (const seq of [2, 1, 3]) listeners.forEach((l) => l(fixtureState('attract', 'ar', { seq })));
    expect(seen).toEqual([2, 3]);
  });

  it('checks the preload\'s states against the contract, refusing loudly what does not match', () => {
    const listeners: ((s: unknown) => void)[] = [];
    (window as KioskWindow).kiosk = {
      send: () => Promise.resolve(ACCEPTED),
      onState: (listener: (s: unknown) => void) => {
        listeners.push(listener);
        return () => undefined;
      },
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bridge = createBridge(window);
    const seen: number[] = [];
    const faults: boolean[] = [];
    bridge.onState((s) => seen.push(s.seq));
    bridge.onFault?.((f) => faults.push(f !== undefined));
    listeners.forEach((l) => l({ ...fixtureState('attract', 'ar', { seq: 1 }), screen: 'attract' }));
    expect(seen).toEqual([]);
    expect(faults).toEqual([false, true]);
    expect(errors).toHaveBeenCalledWith('kiosk bridge: refused a message from main (does not match the contract): (root): unrecognized_keys (screen)');
    listeners.forEach((l) => l(fixtureState('attract', 'ar', { seq: 2 })));
    expect(seen).toEqual([2]);
    expect(faults).toEqual([false, true, false]);
  });

  it('otherwise opens the WebSocket on the page host with the token from the hash', () => {
    history.replaceState(null, '', '/#token=t%2Bk');
    vi.stubGlobal('WebSocket', RecordingSocket);
    const bridge = createBridge(window) as { close?: () => void };
    expect(RecordingSocket.urls).toEqual([`ws://${location.host}/ws?token=t%2Bk`]);
    bridge.close?.();
  });

  it('ignores a window.kiosk that is not a bridge', () => {
    (window as KioskWindow).kiosk = { send: 'nope' };
    vi.stubGlobal('WebSocket', RecordingSocket);
    const bridge = createBridge(window) as { close?: () => void };
    expect(RecordingSocket.urls).toHaveLength(1);
    bridge.close?.();
  });
});
