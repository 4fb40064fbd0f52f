import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { printerLinkSchema } from '../../drivers/printer/link';
import { KIOSK_ID_PATTERN } from '../../gateway/schemas';
import { DEVICE_IDS } from '../contract/devices';
import { DEFAULT_AVAILABILITY } from '../core/availability';
import { PIN_PATTERN } from '../gateway/pins';
import { defaultTimings } from '../core/catalog';
import { parsePinHash } from './pin-hash';
import { checkWorkOrderKey } from './work-order';

/**
 * Every setting the kiosk and kioskctl know, in one typed document. Nothing else in main reads
 * a KIOSK_* variable: shells and commands receive a parsed KioskSettings (main/config/load.ts).
 */
const baud = z.number().int().min(1200).max(921_600);
const ms = z.number().int().min(1).max(3_600_000);
const path = z.string().min(1);
/** Devices a rule needs: each at most once (twice is a typo for another one). */
const devices = z
  .array(z.enum(DEVICE_IDS))
  .max(DEVICE_IDS.length)
  .refine((list) => new Set(list).size === list.length, 'names a device twice');

/**
 * The work-order code a technician types after card and PIN (main/config/work-order.ts): asked
 * for when `required`, checked against the ops keys named here (the raw Ed25519 public key and
 * its id, `kioskctl diag work-order keygen` prints both), valid at most `maxMinutes` whatever the
 * code says. A signed bundle sets it (BundleSettings.technician), so ops turn it on fleet-wide.
 */
export const WorkOrderSettings = z.strictObject({
  required: z.boolean(),
  keys: z
    .array(
      z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a key id is 16 hex digits'), publicKey: z.string().regex(/^[0-9a-f]{64}$/, 'a public key is 64 hex digits') }).refine((key) => {
        try {
          checkWorkOrderKey(key);
          return true;
        } catch {
          return false;
        }
      }, 'the key id is not the one of this public key (kioskctl diag work-order keygen prints both)'),
    )
    .max(8),
  maxMinutes: z.number().int().min(5).max(10_080),
});

export const KioskSettings = z.strictObject({
  /** The kiosk's name at the gateway, in person keys and local references. */
  kioskId: z.string().regex(KIOSK_ID_PATTERN, 'a kiosk id is 1 to 12 capital letters or digits'),
  /** Database, payload key, printed receipts, runtime.json: one folder for the kiosk and kioskctl. */
  dataDir: path.refine(isAbsolute, 'must be an absolute path'),
  /**
   * Run against simulated devices and the embedded gateway. Off unless asked for: only
   * `kioskctl start` (the developer's `npm start`) asks by default.
   */
  simulate: z.boolean(),
  devices: z.strictObject({
    /** Substring of the PC/SC reader name to use; any reader when absent. */
    reader: z.string().min(1).optional(),
    printer: z.strictObject({
      /** Serial port of the receipt printer; no printer when neither this nor `link` is set. */
      path: path.optional(),
      baudRate: baud,
      /** A full link description (serial or USB-HID, drivers/printer/link.ts); wins over path. */
      link: printerLinkSchema.optional(),
    }),
    terminal: z.strictObject({
      /** Serial port of the ZVT payment terminal; no terminal when absent. */
      path: path.optional(),
      baudRate: baud,
      stopBits: z.union([z.literal(1), z.literal(2)]),
    }),
    gatewayUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /**
     * The ministry CA (or the gateway's pinned certificate) as PEM text: how a signed bundle gives
     * it (main/config/bundle/schema.ts). `gatewayCaFile` wins over it.
     */
    gatewayCa: z.string().min(1).max(64 * 1024).optional(),
    /** SPKI pins of the gateway's chain (main/gateway/pins.ts): one must match, beside the CA; with the TLS files only. */
    gatewayPins: z.array(z.string().regex(PIN_PATTERN, 'a pin is sha256/ and the base64 SHA-256 of a public key (44 characters)')).min(1).max(16).optional(),
    /** PEM files of the gateway's mutual TLS (main/gateway/link.ts): the ministry CA, the kiosk's certificate and key (0600). */
    gatewayCaFile: path.optional(),
    gatewayCertFile: path.optional(),
    gatewayKeyFile: path.optional(),
  }),
  session: z.strictObject({ idleWarningMs: ms, warningCountdownMs: ms, goodbyeMs: ms }),
  /** The browser host and the Chromium window `kioskctl start` opens. */
  host: z.strictObject({
    shell: z.enum(['auto', 'electron', 'browser']),
    port: z.number().int().min(0).max(65_535),
    open: z.boolean(),
    fullscreen: z.boolean(),
    chromiumPath: path,
  }),
  /** Signed configuration from ops (main/config/bundle): where the TUF repository is and how often to ask. */
  configRepository: z.strictObject({
    /** The repository's base URL (metadata/ and targets/ under it); no polling when absent. */
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** Between two polls, before jitter (each wait is drawn from 50-100 % of this). */
    pollMs: z.number().int().min(1000).max(86_400_000),
    /** After applying a bundle, how long its health checks have to pass before it is kept. */
    healthWindowMs: z.number().int().min(0).max(3_600_000),
  }),
  /** Fleet health (main/telemetry): the loopback metrics endpoint and the OTLP collector. */
  telemetry: z.strictObject({
    /**
     * Loopback port of the management endpoint (`/metrics`, Prometheus text format) a local agent
     * scrapes; 0 picks a free one; absent: no endpoint. Never bound beyond 127.0.0.1.
     */
    metricsPort: z.number().int().min(0).max(65_535).optional(),
    /** A file (0600/0400/0440) holding the bearer token `/metrics` asks for (main/telemetry/metrics-token.ts); absent: none. */
    metricsTokenFile: path.optional(),
    /** The ministry's OpenTelemetry collector (OTLP/HTTP base URL; /v1/metrics and /v1/logs are added); absent: no push. */
    otlpUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** How often metrics are pushed, and how long one push may take before it is given up. */
    exportIntervalMs: ms,
    exportTimeoutMs: ms,
    /** Events kept for the collector while it cannot be reached; past this the oldest are dropped (and counted). */
    maxQueuedEvents: z.number().int().min(100).max(10_000_000),
    /** Between two signed heartbeats to the gateway (POST /v1/kiosks/{kioskId}/heartbeat). */
    heartbeatMs: z.number().int().min(1000).max(3_600_000),
  }),
  /**
   * Out-of-service rules (main/core/availability.ts): which devices the kiosk, a paid service and
   * particular services cannot complete without. The shopper is offered only what can complete
   * now: no card reader, out of service; no terminal (or no room to journal), free services only;
   * no printer, the receipt on screen (told before paying) or free services only. Below
   * `diskLowBytes` free the disk is `disk-low`, which stops new paid sessions while there is
   * still room to journal the ones under way.
   */
  availability: z.strictObject({
    kioskNeeds: devices,
    paidNeeds: devices,
    serviceNeeds: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), devices),
    withoutPrinter: z.enum(['on-screen', 'paid-unavailable']),
    diskLowBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
  /**
   * The daily maintenance window (main/app/maintenance.ts), in local time: once a day, while
   * nobody uses the kiosk, finished data older than `keepDays` goes (fewer days while the
   * database stays above `maxDatabaseBytes`), the database is compacted, log files older than
   * `logs.maxAgeDays` go, and with `restart` the kiosk restarts itself (exit 75, which systemd's
   * Restart=always starts again). The log file in the data folder rotates at `logs.maxBytes`.
   */
  maintenance: z.strictObject({
    windowStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM'),
    windowMinutes: z.number().int().min(5).max(720),
    restart: z.boolean(),
    keepDays: z.number().int().min(1).max(3650),
    /** Technician audit entries the gateway acknowledged go after this many days (offline-cache/audit-log.ts `prune`); never one it has not. */
    auditKeepDays: z.number().int().min(1).max(3650),
    maxDatabaseBytes: z.number().int().min(1024 * 1024).max(Number.MAX_SAFE_INTEGER),
    logs: z.strictObject({
      maxBytes: z.number().int().min(64 * 1024).max(1024 * 1024 * 1024),
      maxFiles: z.number().int().min(1).max(100),
      maxAgeDays: z.number().int().min(1).max(3650),
    }),
  }),
  /**
   * Crash-loop rule (main/app/start-journal.ts): after `crashes` crashes within `windowMs` the
   * kiosk starts in safe mode (the out-of-service screen, still reporting) for `safeModeMs`.
   * Keep `crashes` below the systemd unit's StartLimitBurst, so safe mode comes first.
   */
  recovery: z.strictObject({
    crashes: z.number().int().min(1).max(100),
    windowMs: z.number().int().min(10_000).max(86_400_000),
    safeModeMs: z.number().int().min(10_000).max(86_400_000),
  }),
  /**
   * Technician diagnostics (issue 11): the technician PIN as a scrypt hash (`kioskctl diag
   * pin-hash`; no hash: nobody can enter), how many wrong PINs lock the door and for how long,
   * and how long a visit may sit idle before the kiosk ends it (longer than a shopper's).
   */
  technician: z.strictObject({
    pinHash: z
      .string()
      .refine((text) => {
        try {
          parsePinHash(text);
          return true;
        } catch {
          return false;
        }
      }, 'must be scrypt$N$r$p$salt$hash (make one with `kioskctl diag pin-hash`)')
      .optional(),
    maxTries: z.number().int().min(1).max(20),
    lockoutMs: z.number().int().min(1000).max(86_400_000),
    idleMs: z.number().int().min(10_000).max(3_600_000),
    workOrder: WorkOrderSettings.refine((w) => !w.required || w.keys.length > 0, 'asks for a work-order code but names no ops key to check one with'),
  }),
  /** Stack traces for unexpected kioskctl errors. */
  debug: z.boolean(),
  /** Developer tools only (the dev preview, Vite's dev server, the e2e harness); a kiosk ignores them. */
  dev: z.strictObject({
    /** A running browser host (`http://127.0.0.1:PORT`) the Vite dev server forwards `/ws` to. */
    kioskHost: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** The port of `npm run preview`. */
    previewPort: z.number().int().min(0).max(65_535),
    /** The e2e harness writes the kiosk's log lines to stderr instead of keeping them quiet. */
    e2eLog: z.boolean(),
  }),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/** What one layer may say: any part of the settings, each part whole or absent. */
export type SettingsInput = DeepPartial<z.input<typeof KioskSettings>>;
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * The one default data folder, the same for Electron, the browser host and every kioskctl
 * command whatever the current directory: the user's XDG state folder.
 */
function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
  const state = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(state, 'moi-kiosk');
}

export const DEFAULT_KIOSK_ID = 'K01';

/** The kiosk's SQLite file inside the data folder, for the kiosk and kioskctl alike. */
export const DATABASE_FILE = 'kiosk.db';

/** The lowest layer: what holds when nothing else says otherwise. */
export function builtInSettings(env: NodeJS.ProcessEnv): SettingsInput {
  return {
    kioskId: DEFAULT_KIOSK_ID,
    dataDir: defaultDataDir(env),
    simulate: false,
    session: { ...defaultTimings },
    host: { shell: 'auto', port: 0, open: true, fullscreen: false, chromiumPath: '/usr/bin/chromium' },
    configRepository: { pollMs: 300_000, healthWindowMs: 30_000 },
    telemetry: { exportIntervalMs: 60_000, exportTimeoutMs: 10_000, maxQueuedEvents: 100_000, heartbeatMs: 60_000 },
    availability: { kioskNeeds: [...DEFAULT_AVAILABILITY.kioskNeeds], paidNeeds: [...DEFAULT_AVAILABILITY.paidNeeds], serviceNeeds: {}, withoutPrinter: DEFAULT_AVAILABILITY.withoutPrinter, diskLowBytes: 200 * 1024 * 1024 },
    maintenance: {
      windowStart: '03:00',
      windowMinutes: 120,
      restart: true,
      keepDays: 30,
      auditKeepDays: 365,
      maxDatabaseBytes: 512 * 1024 * 1024,
      logs: { maxBytes: 10 * 1024 * 1024, maxFiles: 5, maxAgeDays: 14 },
    },
    recovery: { crashes: 4, windowMs: 600_000, safeModeMs: 1_800_000 },
    technician: { maxTries: 5, lockoutMs: 900_000, idleMs: 600_000, workOrder: { required: false, keys: [], maxMinutes: 480 } },
    debug: false,
    dev: { previewPort: 5199, e2eLog: false },
  };
}
