import { type KioskBridge, KioskState } from '../../main/contract';
import { type FaultAware, createFaults } from './bridge-faults';
import { type ConnectionAware, createWsBridge } from './ws-bridge';

/** What the app consumes: a contract bridge, plus connection and fault events when the shell has them. */
export type RendererBridge = KioskBridge & Partial<ConnectionAware> & Partial<FaultAware>;

const RESUME_KEY = 'kiosk.resume';

function isBridge(value: unknown): value is KioskBridge {
  const candidate = value as Partial<KioskBridge> | null | undefined;
  return typeof candidate?.send === 'function' && typeof candidate.onState === 'function';
}

/**
 * The browser host opens the page as `/#ticket=…`: a launch ticket that works once. It is taken
 * out of the visible URL at once (no shoulder-surfing, no copy-paste) and kept nowhere: once
 * used, the host's resume tokens (kept for this tab, so a reload reconnects) take its place.
 */
export function takeLaunchTicket(win: Window): string | undefined {
  const ticket = new URLSearchParams(win.location.hash.replace(/^#/, '')).get('ticket') ?? undefined;
  if (ticket) win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}`);
  return ticket;
}

function storedResume(win: Window): string | undefined {
  try {
    return win.sessionStorage.getItem(RESUME_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeResume(win: Window, resume: string): void {
  try {
    win.sessionStorage.setItem(RESUME_KEY, resume);
  } catch {
    // Storage may be unavailable (opaque origin): the token still works until a reload.
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
  const ticket = takeLaunchTicket(win);
  let credential = ticket ? `ticket=${encodeURIComponent(ticket)}` : `resume=${encodeURIComponent(storedResume(win) ?? '')}`;
  if (!ticket && !storedResume(win)) console.warn('kiosk bridge: no launch ticket in the page URL; the host will refuse the connection');
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsBridge({
    url: () => `${scheme}//${win.location.host}/ws?${credential}`,
    onSession(resume) {
      credential = `resume=${encodeURIComponent(resume)}`;
      storeResume(win, resume);
    },
  });
}
