import { type KioskBridge, KioskState } from '../../main/contract';
import { type FaultAware, createFaults } from './bridge-faults';
import { type ConnectionAware, createWsBridge } from './ws-bridge';

/** What the app consumes: a contract bridge, plus connection and fault events when the shell has them. */
export type RendererBridge = KioskBridge & Partial<ConnectionAware> & Partial<FaultAware>;

const TOKEN_KEY = 'kiosk.token';

function isBridge(value: unknown): value is KioskBridge {
  const candidate = value as Partial<KioskBridge> | null | undefined;
  return typeof candidate?.send === 'function' && typeof candidate.onState === 'function';
}

/**
 * The browser host opens the page as `/#token=…`. The token is taken out of the visible URL at
 * once (no shoulder-surfing, no copy-paste), and kept for this tab only so a reload reconnects.
 */
export function takeToken(win: Window): string | undefined {
  const fromHash = new URLSearchParams(win.location.hash.replace(/^#/, '')).get('token') ?? undefined;
  if (fromHash) {
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}`);
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage may be unavailable (opaque origin): the token still works until a reload.
    }
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The preload passes main's states on as they come: they are checked here as the WebSocket's
 * are, and stale ones dropped (Electron delivers IPC in order, but the guard costs nothing and
 * keeps both shells alike).
 */
function guarded(inner: KioskBridge): RendererBridge {
  const faults = createFaults();
  return {
    send: (intent) => inner.send(intent),
    onState(listener) {
      let lastSeq = -1;
      return inner.onState((raw: unknown) => {
        const parsed = KioskState.safeParse(raw);
        if (!parsed.success) {
          faults.refuse('does not match the contract', parsed.error);
          return;
        }
        const state = parsed.data;
        if (state.seq <= lastSeq) return;
        lastSeq = state.seq;
        faults.clear();
        listener(state);
      });
    },
    onFault: (listener) => faults.onFault(listener),
  };
}

export function createBridge(win: Window = window): RendererBridge {
  const preload: unknown = (win as Window & { kiosk?: unknown }).kiosk;
  if (isBridge(preload)) return guarded(preload);
  const token = takeToken(win);
  if (!token) console.warn('kiosk bridge: no access token in the page URL; the host will refuse the connection');
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsBridge({ url: `${scheme}//${win.location.host}/ws?token=${encodeURIComponent(token ?? '')}` });
}
