import { z } from 'zod';

/**
 * The kiosk's one device-state model, shaped after CEN XFS4IoT's common status: every device
 * (and the services a kiosk cannot work without) has one status word from a fixed set plus the
 * details a technician needs. Main keeps it (main/core/device-states.ts), fed by the drivers'
 * events; the shopper screens read a projection of it (KioskState.devices), the technician
 * screens and `kioskctl diag status` read it whole, and fleet telemetry reads the same object.
 * Nothing personal is in it: no card holder data, only reader names, ATRs and codes.
 */

/**
 * - online: working.
 * - offline: configured but not reachable now (unplugged, pcscd down, link lost).
 * - noDevice: none is configured on this kiosk (no printer port set, say).
 * - hardwareError: the device reports a fault a person cannot clear on the spot by hand.
 * - userError: a person must act (paper out, cover open, disk full).
 * - busy: working on something and not free for a new task (a terminal settling a payment).
 * - starting: not heard from yet since the kiosk started.
 */
export const DeviceStatus = z.enum(['online', 'offline', 'noDevice', 'hardwareError', 'userError', 'busy', 'starting']);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** A short code (a driver's or gateway error code), never a free text that could carry data. */
const code = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,47}$/);
const ms = z.number().int().nonnegative();
const bytes = z.number().int().nonnegative();

/** The last thing that went wrong on a device, and when (ms since epoch). */
export const DeviceFault = z.strictObject({ code, at: ms });
export type DeviceFault = z.infer<typeof DeviceFault>;

const common = {
  status: DeviceStatus,
  /** When the status last changed (ms since epoch). */
  since: ms,
  /** Why the status is what it is, as a code ('paper-out', 'pcscd-unreachable'…); absent when online. */
  reason: code.optional(),
};

export const CardReaderState = z.strictObject({
  ...common,
  /** Readers that match the configured pattern; the first is the one used. */
  readers: z.array(z.string().max(128)).max(16),
  cardPresent: z.boolean(),
  /** The ATR of the last card read (hex): which kind of card, never whose. */
  lastAtr: z.string().regex(/^[0-9A-F]{0,80}$/).optional(),
  lastError: DeviceFault.optional(),
});

export const PaperLevel = z.enum(['ok', 'nearEnd', 'out', 'unknown']);
export const PrinterState = z.strictObject({
  ...common,
  paper: PaperLevel,
  coverOpen: z.boolean().optional(),
  /** Receipts cannot be made right now: 'raster' (nothing prints) or 'pdf' (no copy kept). */
  receiptFault: z.enum(['raster', 'pdf']).optional(),
  lastJob: z.strictObject({ id: z.number().int().nonnegative(), state: z.enum(['queued', 'printing', 'printed', 'failed']), code: code.optional(), at: ms }).optional(),
});

export const TerminalState = z.strictObject({
  ...common,
  /** Ready for a sale now. */
  ready: z.boolean(),
  terminalId: z.string().regex(/^[0-9A-Za-z]{1,16}$/).optional(),
  lastTransaction: z.strictObject({ result: z.enum(['approved', 'declined', 'aborted', 'unknown']), amountCents: z.number().int().nonnegative(), at: ms }).optional(),
  /** The terminal's link to its payment host, as its last diagnosis said. */
  hostLink: z.enum(['ok', 'down', 'unknown']),
});

export const GatewayState = z.strictObject({
  ...common,
  /** Round trip of the last successful health probe. */
  latencyMs: ms.optional(),
  lastError: DeviceFault.optional(),
});

export const DiskState = z.strictObject({ ...common, freeBytes: bytes, totalBytes: bytes });
export const DatabaseState = z.strictObject({ ...common, sizeBytes: bytes });
export const ConfigState = z.strictObject({
  ...common,
  /** The active catalog's version, e.g. "2026-11-28.1". */
  version: z.string().max(64),
  /** Where it came from: 'shipped' or the signed bundle's name. */
  source: z.string().max(64),
});

export const DeviceStates = z.strictObject({
  cardReader: CardReaderState,
  printer: PrinterState,
  terminal: TerminalState,
  gateway: GatewayState,
  disk: DiskState,
  database: DatabaseState,
  config: ConfigState,
});
export type DeviceStates = z.infer<typeof DeviceStates>;
export type DeviceId = keyof DeviceStates;
export const DEVICE_IDS = Object.keys(DeviceStates.shape) as DeviceId[];
