import { z } from 'zod';
import { DeviceStates } from './devices';
import { DeviceActionView, DeviceChoices, DeviceSettingsView } from './technician-devices';
import { LogsView } from './technician-logs';
import { QueueActionView, QueueOverview } from './technician-queue';

/**
 * What a field technician sees (issue 11). A visit is one `mode` of KioskState, beside the
 * shopper's: nothing of a shopper is in it and nothing of it reaches a shopper's screens. Every
 * value is a device state, a code, a count or a masked id; the renderer shows them and sends
 * intents, main decides (the PIN is checked in main, tests run in main, their results are
 * recorded in the audit log there).
 */
const ms = z.number().int().nonnegative();
const code = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,47}$/);

export const SelfTestKind = z.enum(['card', 'printer', 'terminal', 'endOfDay', 'gateway', 'audio']);
export type SelfTestKind = z.infer<typeof SelfTestKind>;

/** Short facts a test reports (paper before/after, terminal id, latency…): codes and numbers only. */
const detailKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/);
export const SelfTestDetails = z.record(detailKey, z.union([z.string().max(64), z.number(), z.boolean()]));
export type SelfTestDetails = z.infer<typeof SelfTestDetails>;

export const SelfTestView = z.strictObject({
  kind: SelfTestKind,
  /** `confirm`: waiting for the technician (end of day closes the terminal's batch; did the audio play?). */
  state: z.enum(['confirm', 'running', 'passed', 'failed', 'cancelled']),
  /** Why it failed, as the device's error code. */
  code: code.optional(),
  details: SelfTestDetails.optional(),
  at: ms,
});
export type SelfTestView = z.infer<typeof SelfTestView>;

export const TechnicianStep = z.discriminatedUnion('screen', [
  z.strictObject({
    screen: z.literal('technicianPin'),
    /** The last PIN was wrong. */
    wrong: z.boolean(),
    triesLeft: z.number().int().nonnegative(),
    /** No PIN is taken before then (ms since epoch). */
    lockedUntil: ms.optional(),
    /** No technician PIN is configured on this kiosk: nobody can enter. */
    notConfigured: z.boolean(),
  }),
  z.strictObject({
    screen: z.literal('technicianWorkOrder'),
    /** Why the last code was refused: mistyped (see `block`), for another kiosk, not signed by ops for this kiosk and card, expired, not valid yet, valid too long, already used at this kiosk. */
    refused: z.enum(['malformed', 'other-kiosk', 'invalid', 'expired', 'not-yet-valid', 'too-long', 'used']).optional(),
    /** The first block (1-30) whose check character does not hold. */
    block: z.number().int().min(1).max(30).optional(),
    triesLeft: z.number().int().nonnegative(),
    lockedUntil: ms.optional(),
  }),
  z.strictObject({
    screen: z.literal('diagnostics'),
    devices: DeviceStates,
    /** How often each device left `online` for a fault since the kiosk started. */
    faultCounts: z.record(z.string().max(32), z.number().int().nonnegative()),
    /** The latest result of each self-test run during this visit. */
    tests: z.array(SelfTestView).max(SelfTestKind.options.length),
    /** The technician (or kioskctl) took the kiosk out of service: shoppers see the out-of-service screen. */
    outOfService: z.boolean(),
  }),
  z.strictObject({
    screen: z.literal('techQueue'),
    queue: QueueOverview,
    last: QueueActionView.optional(),
  }),
  z.strictObject({
    screen: z.literal('techLogs'),
    logs: LogsView,
  }),
  z.strictObject({
    screen: z.literal('techSettings'),
    settings: DeviceSettingsView,
    choices: DeviceChoices,
    last: DeviceActionView.optional(),
  }),
]);
export type TechnicianStep = z.infer<typeof TechnicianStep>;

export const TechnicianVisit = z.strictObject({
  /** The technician card's masked id, as the audit log records it. */
  technician: z.string().max(32),
  step: TechnicianStep,
});
export type TechnicianVisit = z.infer<typeof TechnicianVisit>;

/** What shoppers see while the kiosk is out of service: where else to go, in both languages (config text). */
export const OutOfServiceStep = z.strictObject({
  screen: z.literal('outOfService'),
  alternative: z.strictObject({ ar: z.string().max(300), en: z.string().max(300) }),
});
export type OutOfServiceStep = z.infer<typeof OutOfServiceStep>;
