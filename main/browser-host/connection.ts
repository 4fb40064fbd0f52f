import type { RawData, WebSocket } from 'ws';
import { ClientFrame, type ServerFrame, rejected } from '../contract';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import type { ScreenSession } from './screen-session';

/**
 * What one client may cost the kiosk (issue 16, finding 3). The kiosk window sends a few intents
 * a second at most (activity is throttled in the renderer); anything far beyond is not a
 * shopper, and memory, CPU and the log stay bounded whatever a client does.
 */
export interface HostLimits {
  /**
   * Sockets without a session (every HTTP request, an upgrade not yet admitted) held at once.
   * The kiosk window's admitted WebSocket is never one of them, and a full pool lets a newcomer
   * in by closing its oldest socket: whoever holds sockets can keep nobody out, least of all
   * the window coming back with its resume token.
   */
  maxUnauthenticated: number;
  /** A socket that has not sent whole request headers this long after connecting is dropped. */
  handshakeTimeoutMs: number;
  /** Node's own bound on one request's headers, for the later requests of a kept-alive socket. */
  headersTimeoutMs: number;
  /** Sustained intents per second from the connection, and the burst above it. */
  intentsPerSecond: number;
  intentBurst: number;
  /** Intents dropped in a row, over the budget, before the connection is closed (1008). */
  droppedBeforeClose: number;
  /** Bytes waiting to go to a client that does not read before it is cut off. */
  maxBufferedBytes: number;
  /** Lines per second per log event (main/app/log-throttle.ts). */
  logLinesPerSecond: number;
}

export const HOST_LIMITS: HostLimits = {
  maxUnauthenticated: 16,
  handshakeTimeoutMs: 2000,
  headersTimeoutMs: 5000,
  intentsPerSecond: 20,
  intentBurst: 40,
  droppedBeforeClose: 100,
  maxBufferedBytes: 1024 * 1024,
  logLinesPerSecond: 20,
};

/** The kiosk window's connection: its session frames, its states, its intents within budget. */
export function attachScreen(ws: WebSocket, core: Pick<KioskCore, 'dispatch' | 'onState'>, log: Logger, screens: ScreenSession, limits: HostLimits): void {
  let cutOff = false;
  const send = (frame: ServerFrame) => {
    if (cutOff || ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(frame));
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      // It is not reading: keeping its states would only grow the kiosk.
      cutOff = true;
      log.warn('ws-slow-reader', { bufferedBytes: ws.bufferedAmount });
      ws.terminate();
    }
  };
  // First the way back in after a drop, then the state; a fresh way back now and then.
  send({ type: 'session', resume: screens.issueResume() });
  const rotation = setInterval(() => send({ type: 'session', resume: screens.issueResume() }), screens.rotateEveryMs);
  const unsubscribe = core.onState((state) => send({ type: 'state', state }));

  let tokens = limits.intentBurst;
  let refilledAt = Date.now();
  let droppedInARow = 0;
  const withinBudget = (): boolean => {
    const t = Date.now();
    tokens = Math.min(limits.intentBurst, tokens + ((t - refilledAt) * limits.intentsPerSecond) / 1000);
    refilledAt = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  ws.on('message', (data, isBinary) => {
    if (cutOff) return;
    if (!withinBudget()) {
      // Dropped unread and unanswered: answering a flood would be a flood of its own.
      if (++droppedInARow < limits.droppedBeforeClose) return;
      cutOff = true;
      log.warn('ws-flood', { dropped: droppedInARow, intentsPerSecond: limits.intentsPerSecond });
      ws.close(1008, 'too many intents');
      setTimeout(() => ws.terminate(), 2000).unref();
      return;
    }
    droppedInARow = 0;
    void answer(data, isBinary).catch((err: Error) => log.error('ws-answer-failed', { error: err.name }));
  });
  async function answer(data: RawData, isBinary: boolean): Promise<void> {
    let frame: ClientFrame;
    try {
      if (isBinary) throw new Error('binary frame');
      const parsed = ClientFrame.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) throw new Error('frame shape');
      frame = parsed.data;
    } catch (err) {
      // Without a readable id there is nobody to answer: say so once and drop the frame.
      log.warn('ws-frame-rejected', { reason: (err as Error).message });
      send({ type: 'result', id: -1, result: rejected('invalid-intent', 'frame is not {id, intent} JSON') });
      return;
    }
    send({ type: 'result', id: frame.id, result: await core.dispatch(frame.intent) });
  }
  ws.once('close', () => {
    clearInterval(rotation);
    unsubscribe();
  });
  ws.on('error', (err) => log.warn('ws-error', { error: err.message }));
}
