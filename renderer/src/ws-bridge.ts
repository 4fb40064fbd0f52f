import {
  Intent,
  type IntentResult,
  type KioskBridge,
  type KioskState,
  ServerFrame,
  rejected,
} from '../../main/contract';
import { type FaultAware, createFaults } from './bridge-faults';

/** The part of the DOM WebSocket the bridge uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface ConnectionAware {
  /** Called at once with the current connection state, then on every change. */
  onConnection(listener: (connected: boolean) => void): () => void;
  close(): void;
}

export type WsBridge = KioskBridge & ConnectionAware & FaultAware;

export interface WsBridgeOptions {
  /** Read again for every connection: the credential in it changes (a ticket once, then resume tokens). */
  url: string | (() => string);
  /** The host's way back in after a drop (a `session` frame): keep it for the next connection. */
  onSession?: (resume: string) => void;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles up to maxDelayMs, with jitter so a fleet does not retry in step. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A request with no reply by then resolves as failed instead of leaving a button stuck. */
  requestTimeoutMs?: number;
  random?: () => number;
}

const OPEN = 1;
/** A state with a few hundred fines is far below this; anything larger is not from our host. */
const MAX_SERVER_FRAME_CHARS = 1024 * 1024;

/**
 * The browser-host client: the same KioskBridge the Electron preload gives, carried over a
 * loopback WebSocket. Everything that arrives is validated; a frame that does not match the
 * contract is never applied, and never dropped quietly: it is logged and reported as a fault.
 */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const initialDelay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 8000;
  const requestTimeout = options.requestTimeoutMs ?? 15_000;
  const random = options.random ?? Math.random;

  const stateListeners = new Set<(state: KioskState) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const pending = new Map<number, { resolve: (r: IntentResult) => void; timer: ReturnType<typeof setTimeout> }>();
  const faults = createFaults();

  let socket: SocketLike | undefined;
  let connected = false;
  let closed = false;
  let attempt = 0;
  let nextId = 1;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let latest: KioskState | undefined;
  /** Reset per connection: a restarted host starts counting again, and its first state must win. */
  let lastSeq = -1;

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const settle = (id: number, result: IntentResult): void => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string' || data.length > MAX_SERVER_FRAME_CHARS) {
      faults.refuse(typeof data === 'string' ? 'oversized frame' : 'not a text frame');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      faults.refuse('not JSON');
      return;
    }
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) {
      faults.refuse('does not match the contract', parsed.error);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'result') {
      settle(frame.id, frame.result);
      return;
    }
    if (frame.type === 'session') {
      options.onSession?.(frame.resume);
      return;
    }
    if (frame.state.seq <= lastSeq) return;
    lastSeq = frame.state.seq;
    latest = frame.state;
    faults.clear();
    for (const listener of stateListeners) listener(frame.state);
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer) return;
    const base = Math.min(maxDelay, initialDelay * 2 ** attempt);
    attempt++;
    reconnectTimer = setTimeout(
      () => {
        reconnectTimer = undefined;
        connect();
      },
      base / 2 + (random() * base) / 2,
    );
  };

  const dropConnection = (current: SocketLike): void => {
    if (socket !== current) return;
    socket = undefined;
    setConnected(false);
    for (const id of [...pending.keys()]) settle(id, rejected('internal', 'Connection to the kiosk service was lost'));
    scheduleReconnect();
  };

  function connect(): void {
    let current: SocketLike;
    try {
      current = createSocket(typeof options.url === 'string' ? options.url : options.url());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      attempt = 0;
      lastSeq = -1;
      setConnected(true);
    };
    current.onmessage = (event) => {
      if (socket === current) onMessage(event.data);
    };
    current.onclose = () => dropConnection(current);
    // A failed socket also fires close; reconnecting from both would double the attempts.
    current.onerror = () => undefined;
  }

  connect();

  return {
    send(intent: Intent): Promise<IntentResult> {
      const checked = Intent.safeParse(intent);
      if (!checked.success) return Promise.resolve(rejected('invalid-intent', 'The renderer built an invalid intent'));
      const current = socket;
      if (!current || !connected || current.readyState !== OPEN) {
        return Promise.resolve(rejected('internal', 'Not connected to the kiosk service'));
      }
      const id = nextId++;
      return new Promise<IntentResult>((resolve) => {
        const timer = setTimeout(() => settle(id, rejected('internal', 'The kiosk service did not answer')), requestTimeout);
        pending.set(id, { resolve, timer });
        try {
          current.send(JSON.stringify({ id, intent: checked.data }));
        } catch {
          settle(id, rejected('internal', 'Could not send to the kiosk service'));
        }
      });
    },
    onState(listener) {
      stateListeners.add(listener);
      if (latest) listener(latest);
      return () => stateListeners.delete(listener);
    },
    onFault: (listener) => faults.onFault(listener),
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const current = socket;
      socket = undefined;
      setConnected(false);
      for (const id of [...pending.keys()]) settle(id, rejected('internal', 'The bridge was closed'));
      current?.close(1000, 'closing');
    },
  };
}
