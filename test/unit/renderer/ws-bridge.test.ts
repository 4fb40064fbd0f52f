import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskState, ScreenId } from '../../../main/contract';
import { fixtureState } from './fixtures';
import { type SocketLike, type WsBridge, createWsBridge } from '../../../renderer/src/ws-bridge';

/** Shaped like the DOM WebSocket: the test plays the server by calling open/receive/drop. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  closedByClient = false;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }
  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  receiveRaw(data: unknown): void {
    this.onmessage?.({ data });
  }
  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
  frames(): { id: number; intent: unknown }[] {
    return this.sent.map((s) => JSON.parse(s) as { id: number; intent: unknown });
  }
}

const URL = 'ws://127.0.0.1:4000/ws?token=abc';
let sockets: FakeSocket[];
let bridge: WsBridge;

function start(options: Partial<Parameters<typeof createWsBridge>[0]> = {}): WsBridge {
  bridge = createWsBridge({
    url: URL,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    random: () => 1,
    ...options,
  });
  return bridge;
}

const last = (): FakeSocket => sockets[sockets.length - 1] as FakeSocket;
const stateFrame = (seq: number, screen: ScreenId = 'welcome', patch: Partial<KioskState> = {}) => ({ type: 'state', state: fixtureState(screen, 'ar', { seq, ...patch }) });
let errors: string[];

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
});

afterEach(() => {
  bridge.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('WebSocket bridge', () => {
  it('connects to the given URL and sends ClientFrames with increasing ids', async () => {
    start();
    expect(last().url).toBe(URL);
    last().open();
    void bridge.send({ type: 'setLanguage', lang: 'en' });
    void bridge.send({ type: 'review' });
    expect(last().frames()).toEqual([
      { id: 1, intent: { type: 'setLanguage', lang: 'en' } },
      { id: 2, intent: { type: 'review' } },
    ]);
  });

  it('matches results to requests by id, in any order', async () => {
    start();
    last().open();
    const first = bridge.send({ type: 'review' });
    const second = bridge.send({ type: 'back' });
    const [a, b] = last().frames();
    last().receive({ type: 'result', id: b?.id, result: { ok: false, error: { code: 'not-allowed-now', message: 'no' } } });
    last().receive({ type: 'result', id: a?.id, result: { ok: true } });
    await expect(first).resolves.toEqual({ ok: true });
    await expect(second).resolves.toEqual({ ok: false, error: { code: 'not-allowed-now', message: 'no' } });
  });

  it('ignores results for ids it never sent', async () => {
    start();
    last().open();
    const pending = bridge.send({ type: 'review' });
    last().receive({ type: 'result', id: 999, result: { ok: true } });
    last().receive({ type: 'result', id: 1, result: { ok: true } });
    await expect(pending).resolves.toEqual({ ok: true });
  });

  it('delivers states and applies neither malformed nor stale frames', () => {
    start();
    const seen: number[] = [];
    bridge.onState((s) => seen.push(s.seq));
    last().open();
    last().receive(stateFrame(5));
    last().receive('{not json');
    last().receiveRaw(new Uint8Array([1, 2, 3]));
    last().receive({ type: 'state', state: { seq: 6, screen: 'nowhere' } });
    const fines = fixtureState('fines');
    const finesStep = fines.mode.kind === 'shopper' ? fines.mode.session.step : undefined;
    last().receive({ type: 'state', state: { ...fines, seq: 7, mode: { kind: 'shopper', session: { step: { ...finesStep, amountCents: -1 } } } } });
    last().receive({ type: 'hello' });
    last().receive('x'.repeat(2 * 1024 * 1024));
    last().receive(stateFrame(4));
    last().receive(stateFrame(5));
    last().receive(stateFrame(8, 'fines'));
    expect(seen).toEqual([5, 8]);
  });

  it('says loudly what it refused, covers the screen, and clears once a good state arrives', () => {
    start();
    const faults: (string[] | undefined)[] = [];
    bridge.onFault((fault) => faults.push(fault?.issues));
    const seen: number[] = [];
    bridge.onState((s) => seen.push(s.seq));
    last().open();
    last().receive(stateFrame(1));
    // A field the welcome step does not have (say, a whole ID number) is refused, not stripped.
    const welcome = fixtureState('welcome', 'ar', { seq: 2 });
    const step = welcome.mode.kind === 'shopper' ? welcome.mode.session.step : undefined;
    last().receive({ type: 'state', state: { ...welcome, mode: { kind: 'shopper', session: { step: { ...step, idNumber: '28463400123' } } } } });
    expect(seen).toEqual([1]);
    expect(faults).toEqual([undefined, ['state.mode.session.step: unrecognized_keys (idNumber)']]);
    expect(errors).toEqual(['kiosk bridge: refused a message from main (does not match the contract): state.mode.session.step: unrecognized_keys (idNumber)']);
    // The value itself is never logged.
    expect(errors.join()).not.toContain('28463400123');
    last().receive('{not json');
    expect(errors[1]).toBe('kiosk bridge: refused a message from main (not JSON)');
    last().receive(stateFrame(3));
    expect(seen).toEqual([1, 3]);
    expect(faults.at(-1)).toBeUndefined();
  });

  it('gives a late subscriber the current state at once', () => {
    start();
    last().open();
    last().receive(stateFrame(3));
    const listener = vi.fn();
    bridge.onState(listener);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ seq: 3 }));
  });

  it('refuses to send while disconnected instead of queueing', async () => {
    start();
    await expect(bridge.send({ type: 'review' })).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(last().sent).toEqual([]);
  });

  it('refuses an invalid intent without sending it', async () => {
    start();
    last().open();
    const bad = { type: 'chooseService', serviceId: 'has spaces!' } as const;
    await expect(bridge.send(bad)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    expect(last().sent).toEqual([]);
  });

  it('fails pending requests when the socket drops, then reconnects with growing delays', async () => {
    start({ initialDelayMs: 100, maxDelayMs: 400 });
    const connection = vi.fn();
    bridge.onConnection(connection);
    last().open();
    const pending = bridge.send({ type: 'confirmPayment' });
    last().drop();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(connection.mock.calls.map(([c]) => c)).toEqual([false, true, false]);

    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop(); // failed attempt: the next delay doubles
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().drop();
    vi.advanceTimersByTime(400);
    expect(sockets).toHaveLength(4);
    last().drop();
    vi.advanceTimersByTime(400); // capped at maxDelayMs
    expect(sockets).toHaveLength(5);
    last().open();
    expect(connection).toHaveBeenLastCalledWith(true);
  });

  it('hands each session frame on, and builds every connection\'s URL afresh (the way back in changes)', () => {
    const given: string[] = [];
    let credential = 'ticket=one';
    start({ url: () => `ws://127.0.0.1:4000/ws?${credential}`, onSession: (resume) => given.push(resume), initialDelayMs: 10 });
    last().open();
    const faults: unknown[] = [];
    bridge.onFault((f) => faults.push(f));
    last().receive({ type: 'session', resume: 'a'.repeat(43) });
    last().receive({ type: 'session', resume: 'short' });
    expect(given).toEqual(['a'.repeat(43)]);
    expect(errors).toHaveLength(1);
    credential = `resume=${given[0]}`;
    last().drop();
    vi.advanceTimersByTime(10);
    expect(sockets.map((x) => x.url)).toEqual(['ws://127.0.0.1:4000/ws?ticket=one', `ws://127.0.0.1:4000/ws?resume=${'a'.repeat(43)}`]);
  });

  it('accepts a restarted host whose seq starts again from zero', () => {
    start({ initialDelayMs: 10 });
    const seen: number[] = [];
    bridge.onState((s) => seen.push(s.seq));
    last().open();
    last().receive(stateFrame(40));
    last().drop();
    vi.advanceTimersByTime(10);
    last().open();
    last().receive(stateFrame(0));
    last().receive(stateFrame(1));
    expect(seen).toEqual([40, 0, 1]);
  });

  it('ignores messages from a socket it has already replaced', () => {
    start({ initialDelayMs: 10 });
    const seen: number[] = [];
    bridge.onState((s) => seen.push(s.seq));
    const old = last();
    old.open();
    old.drop();
    vi.advanceTimersByTime(10);
    last().open();
    old.receive(stateFrame(99));
    expect(seen).toEqual([]);
  });

  it('resolves a request that gets no answer as failed', async () => {
    start({ requestTimeoutMs: 1000 });
    last().open();
    const pending = bridge.send({ type: 'review' });
    vi.advanceTimersByTime(1000);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('stops reconnecting once closed', () => {
    start({ initialDelayMs: 10 });
    last().open();
    bridge.close();
    expect(sockets[0]?.closedByClient).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });
});
