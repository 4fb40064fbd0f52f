// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCEPTED, type KioskBridge, type KioskState } from '../../../main/contract';
import { createBridge, takeLaunchTicket } from '../../../renderer/src/bridge';
import { fixtureState } from './fixtures';

type KioskWindow = Window & { kiosk?: unknown; WebSocket: unknown };

class RecordingSocket {
  static urls: string[] = [];
  static sockets: RecordingSocket[] = [];
  readyState = 0;
  onopen: ((e: unknown) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(url: string) {
    RecordingSocket.urls.push(url);
    RecordingSocket.sockets.push(this);
  }
  send(): void {}
  close(): void {}
}

beforeEach(() => {
  sessionStorage.clear();
  RecordingSocket.urls = [];
  RecordingSocket.sockets = [];
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  delete (window as KioskWindow).kiosk;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  history.replaceState(null, '', '/');
});

describe('takeLaunchTicket', () => {
  it('reads the launch ticket from the hash and removes it from the visible URL', () => {
    history.replaceState(null, '', '/index.html?x=1#ticket=s3cr3t-t1cket');
    expect(takeLaunchTicket(window)).toBe('s3cr3t-t1cket');
    expect(location.hash).toBe('');
    expect(location.href).not.toContain('s3cr3t');
    expect(location.search).toBe('?x=1');
  });

  it('keeps no copy: a ticket works once, a reload comes back with the resume token instead', () => {
    history.replaceState(null, '', '/#ticket=abc');
    takeLaunchTicket(window);
    expect(takeLaunchTicket(window)).toBeUndefined();
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('abc');
  });

  it('returns undefined when there is no ticket', () => {
    expect(takeLaunchTicket(window)).toBeUndefined();
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

  it('otherwise opens the WebSocket on the page host with the launch ticket, then comes back with the newest resume token', async () => {
    vi.useFakeTimers();
    try {
      history.replaceState(null, '', '/#ticket=t%2Bk');
      vi.stubGlobal('WebSocket', RecordingSocket);
      const bridge = createBridge(window) as { close?: () => void };
      expect(RecordingSocket.urls).toEqual([`ws://${location.host}/ws?ticket=t%2Bk`]);
      const first = RecordingSocket.sockets[0]!;
      first.readyState = 1;
      first.onopen?.({});
      const resume = 'r'.repeat(43);
      first.onmessage?.({ data: JSON.stringify({ type: 'session', resume }) });
      first.onmessage?.({ data: JSON.stringify({ type: 'session', resume: `${resume.slice(1)}Z` }) });
      first.readyState = 3;
      first.onclose?.({});
      await vi.advanceTimersByTimeAsync(1000);
      expect(RecordingSocket.urls[1]).toBe(`ws://${location.host}/ws?resume=${resume.slice(1)}Z`);
      bridge.close?.();
      // A reload (a new page, the same tab) resumes too.
      const reloaded = createBridge(window) as { close?: () => void };
      expect(RecordingSocket.urls[2]).toBe(`ws://${location.host}/ws?resume=${resume.slice(1)}Z`);
      reloaded.close?.();
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores a window.kiosk that is not a bridge', () => {
    (window as KioskWindow).kiosk = { send: 'nope' };
    vi.stubGlobal('WebSocket', RecordingSocket);
    const bridge = createBridge(window) as { close?: () => void };
    expect(RecordingSocket.urls).toHaveLength(1);
    bridge.close?.();
  });
});
