/**
 * The one contract between main and the renderer. The renderer may import this folder and
 * nothing else from main/ (enforced by lint).
 */
import type { Intent } from './intents';
import type { IntentResult } from './errors';
import type { KioskState } from './state';

export * from './state';
export * from './views';
export * from './inquiries';
export * from './tracking';
export * from './devices';
export * from './technician';
export * from './technician-queue';
export * from './technician-logs';
export * from './technician-devices';
export * from './intents';
export * from './errors';
export * from './wire';
export * from './issues';

/** What a shell gives the renderer: the preload's `window.kiosk`, or the WebSocket client. */
export interface KioskBridge {
  send(intent: Intent): Promise<IntentResult>;
  /** Calls back with the current state at once, then on every change. Returns an unsubscribe. */
  onState(listener: (state: KioskState) => void): () => void;
}
