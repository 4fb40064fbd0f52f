import WebSocket from 'ws';
import { type Intent, type IntentResult, type KioskState, type ScreenId, screenOf } from '../main/contract';
import type { BrowserHost, HostLimits } from '../main/browser-host/server';

/** Limits for a bench that is itself the one trusted client, driving the kiosk flat out. */
export const UNLIMITED_CLIENT: Partial<HostLimits> = { intentsPerSecond: 1e9, intentBurst: 1e9 };

/**
 * A shopper's screen as a WebSocket client of the browser host: the same frames the renderer
 * sends and receives (`{id, intent}` → `{type:'result'}`, `{type:'state'}`), without a browser,
 * so a benchmark can run a thousand sessions or a hundred thousand messages through the door.
 */
export class WsScreen {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: IntentResult) => void>();
  private readonly watchers = new Set<(s: KioskState) => void>();
  state: KioskState | undefined;
  closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: 'state'; state: KioskState } | { type: 'result'; id: number; result: IntentResult } | { type: 'session' };
      if (frame.type === 'state') {
        this.state = frame.state;
        for (const w of this.watchers) w(frame.state);
      } else if (frame.type === 'result') {
        this.waiting.get(frame.id)?.(frame.result);
        this.waiting.delete(frame.id);
      }
    });
    ws.on('close', () => (this.closed = true));
  }

  static async open(host: Pick<BrowserHost, 'launchUrl' | 'port'>): Promise<WsScreen> {
    const ticket = new URLSearchParams(new URL(host.launchUrl()).hash.slice(1)).get('ticket') ?? '';
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?ticket=${ticket}`, { origin: `http://127.0.0.1:${host.port}` });
    // Listening before the socket opens: the first state frame can arrive in the same tick as 'open'.
    const screen = new WsScreen(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    await screen.until(() => true);
    return screen;
  }

  /** Sends anything (fuzzing sends what no renderer would); resolves with main's answer. */
  sendRaw(intent: unknown): Promise<IntentResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, intent }));
    });
  }

  async send(intent: Intent): Promise<IntentResult> {
    return this.sendRaw(intent);
  }

  until(pred: (s: KioskState) => boolean, timeoutMs = 30_000): Promise<KioskState> {
    if (this.state && pred(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers.delete(watch);
        reject(new Error(`screen stayed ${this.state ? screenOf(this.state) : 'none'}`));
      }, timeoutMs);
      const watch = (s: KioskState) => {
        if (!pred(s)) return;
        clearTimeout(timer);
        this.watchers.delete(watch);
        resolve(s);
      };
      this.watchers.add(watch);
    });
  }

  untilScreen(screens: ScreenId | ScreenId[], timeoutMs?: number): Promise<KioskState> {
    const wanted = Array.isArray(screens) ? screens : [screens];
    return this.until((s) => wanted.includes(screenOf(s)) && !s.busy, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}
