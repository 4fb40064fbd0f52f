import { z } from 'zod';
import { IntentResult } from './errors';
import { KioskState } from './state';

/**
 * Names and frames shared by both shells. The Electron shell carries an intent over one IPC
 * channel and pushes state on another; the browser host wraps the same payloads in WebSocket
 * frames with a request id so replies can be matched.
 */
export { IPC_INTENT_CHANNEL, IPC_STATE_CHANNEL } from './channels';

/** Frames larger than this are refused before parsing: no intent is anywhere near it. */
export const MAX_FRAME_BYTES = 16 * 1024;

export const ClientFrame = z
  .object({
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    intent: z.unknown(),
  })
  .strict();
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: IntentResult }),
  z.object({ type: z.literal('state'), state: KioskState }),
  /** The browser host's way back in after a drop or a reload: replaces any earlier one. */
  z.object({ type: z.literal('session'), resume: z.string().regex(/^[\w-]{20,200}$/) }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
