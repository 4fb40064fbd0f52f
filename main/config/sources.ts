import { resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import shippedSettings from '../../config/kiosk.json';
import { ConfigError } from './errors';
import type { SettingsInput } from './settings';

/**
 * The layers settings come from, lowest first (docs/ARCHITECTURE.md, "Configuration"):
 *   built-in defaults < shipped config/ files < signed configuration (ops, issue 12)
 *   < environment < command-line flags.
 * Each layer is a partial KioskSettings plus where each of its keys came from, for errors.
 */
export interface ConfigLayer {
  /** `built-in`, `config/kiosk.json`, `environment`, `command line`, or the signed bundle's name. */
  source: string;
  settings: SettingsInput;
  /** Finer origins than the layer: `devices.terminal.baudRate` → `KIOSK_TERMINAL_BAUD`. */
  origins?: Record<string, string>;
}

/** How text from a variable or a flag becomes a typed value. */
type Kind = 'text' | 'path' | 'whole' | 'flag' | 'json' | 'list';

/** Every setting that may be given as text (environment or flag), with how to read it. */
export const TEXT_SETTINGS = {
  kioskId: 'text',
  dataDir: 'path',
  simulate: 'flag',
  'devices.reader': 'text',
  'devices.printer.path': 'text',
  'devices.printer.baudRate': 'whole',
  'devices.printer.link': 'json',
  'devices.terminal.path': 'text',
  'devices.terminal.baudRate': 'whole',
  'devices.terminal.stopBits': 'whole',
  'devices.gatewayUrl': 'text',
  'devices.gatewayCaFile': 'path',
  'devices.gatewayPins': 'list',
  'devices.gatewayCertFile': 'path',
  'devices.gatewayKeyFile': 'path',
  'host.shell': 'text',
  'host.port': 'whole',
  'host.open': 'flag',
  'host.fullscreen': 'flag',
  'host.chromiumPath': 'path',
  'configRepository.url': 'text',
  'telemetry.metricsPort': 'whole',
  'telemetry.metricsTokenFile': 'path',
  'telemetry.otlpUrl': 'text',
  'telemetry.exportIntervalMs': 'whole',
  'telemetry.heartbeatMs': 'whole',
  'maintenance.windowStart': 'text',
  'maintenance.windowMinutes': 'whole',
  'maintenance.restart': 'flag',
  'recovery.crashes': 'whole',
  'recovery.windowMs': 'whole',
  'recovery.safeModeMs': 'whole',
  'technician.pinHash': 'text',
  'technician.maxTries': 'whole',
  'technician.lockoutMs': 'whole',
  'technician.idleMs': 'whole',
  debug: 'flag',
  'dev.kioskHost': 'text',
  'dev.previewPort': 'whole',
  'dev.e2eLog': 'flag',
} as const satisfies Record<string, Kind>;
export type SettingKey = keyof typeof TEXT_SETTINGS;

/** The environment variables the kiosk reads, and the setting each one sets. No other is read. */
export const ENVIRONMENT: Readonly<Record<string, SettingKey>> = {
  KIOSK_ID: 'kioskId',
  KIOSK_DATA_DIR: 'dataDir',
  KIOSK_SIMULATE: 'simulate',
  KIOSK_READER: 'devices.reader',
  KIOSK_PRINTER_PORT: 'devices.printer.path',
  KIOSK_PRINTER_BAUD: 'devices.printer.baudRate',
  KIOSK_PRINTER_LINK: 'devices.printer.link',
  KIOSK_TERMINAL_PORT: 'devices.terminal.path',
  KIOSK_TERMINAL_BAUD: 'devices.terminal.baudRate',
  KIOSK_TERMINAL_STOP_BITS: 'devices.terminal.stopBits',
  KIOSK_GATEWAY_URL: 'devices.gatewayUrl',
  KIOSK_GATEWAY_CA: 'devices.gatewayCaFile',
  KIOSK_GATEWAY_PINS: 'devices.gatewayPins',
  KIOSK_GATEWAY_CERT: 'devices.gatewayCertFile',
  KIOSK_GATEWAY_KEY: 'devices.gatewayKeyFile',
  KIOSK_FULLSCREEN: 'host.fullscreen',
  KIOSK_CONFIG_URL: 'configRepository.url',
  KIOSK_METRICS_PORT: 'telemetry.metricsPort',
  KIOSK_METRICS_TOKEN_FILE: 'telemetry.metricsTokenFile',
  KIOSK_OTLP_URL: 'telemetry.otlpUrl',
  KIOSK_OTLP_INTERVAL_MS: 'telemetry.exportIntervalMs',
  KIOSK_HEARTBEAT_MS: 'telemetry.heartbeatMs',
  KIOSK_CRASH_LOOP_CRASHES: 'recovery.crashes',
  KIOSK_CRASH_LOOP_WINDOW_MS: 'recovery.windowMs',
  KIOSK_SAFE_MODE_MS: 'recovery.safeModeMs',
  KIOSK_MAINTENANCE_START: 'maintenance.windowStart',
  KIOSK_MAINTENANCE_MINUTES: 'maintenance.windowMinutes',
  KIOSK_MAINTENANCE_RESTART: 'maintenance.restart',
  KIOSK_TECHNICIAN_PIN_HASH: 'technician.pinHash',
  KIOSK_TECHNICIAN_MAX_TRIES: 'technician.maxTries',
  KIOSK_TECHNICIAN_LOCKOUT_MS: 'technician.lockoutMs',
  KIOSK_TECHNICIAN_IDLE_MS: 'technician.idleMs',
  KIOSK_DEBUG: 'debug',
  CHROMIUM_PATH: 'host.chromiumPath',
  KIOSK_HOST: 'dev.kioskHost',
  KIOSK_E2E_LOG: 'dev.e2eLog',
  PREVIEW_PORT: 'dev.previewPort',
};

const FLAG_WORDS: Record<string, boolean> = { '1': true, true: true, yes: true, on: true, '0': false, false: false, no: false, off: false };

function readText(kind: Kind, raw: string, key: string, source: string): unknown {
  const fail = (reason: string): never => {
    throw new ConfigError(key, source, raw, reason);
  };
  switch (kind) {
    case 'text':
      return raw;
    case 'path':
      return resolve(raw);
    case 'whole':
      return /^\d{1,9}$/.test(raw) ? Number(raw) : fail('expected a whole number');
    case 'flag':
      return FLAG_WORDS[raw.toLowerCase()] ?? fail('expected 1 or 0 (true/false, yes/no, on/off)');
    case 'list':
      // Comma-separated: a pin's base64 never holds a comma.
      return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return fail('expected JSON');
      }
  }
}

/** Sets `value` at a dotted key, creating the objects on the way. */
function setAt(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

/**
 * A KIOSK_* variable the kiosk does not read is a mistake (KIOSK_TERMINAL_BUAD): the setting it
 * was meant for would silently keep its default. Refused like a bad value, naming the closest
 * variable the kiosk knows.
 */
function refuseUnknownVariables(env: NodeJS.ProcessEnv): void {
  const known = Object.keys(ENVIRONMENT);
  for (const name of Object.keys(env)) {
    if (!name.startsWith('KIOSK_') || name in ENVIRONMENT) continue;
    const nearest = closest(name, known);
    const hint = distance(name, nearest) <= 3 ? `did you mean ${nearest}?` : 'see the settings table in the README';
    throw new ConfigError(name, name, undefined, 'is not a variable the kiosk reads', `${name} is not a variable the kiosk reads: ${hint} (unset it otherwise)`);
  }
}

/** The variables of ENVIRONMENT that are set; an empty variable counts as unset. Any other KIOSK_* one is refused. */
export function environmentLayer(env: NodeJS.ProcessEnv): ConfigLayer {
  refuseUnknownVariables(env);
  const settings: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENVIRONMENT)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setAt(settings, key, readText(TEXT_SETTINGS[key], raw, key, name));
    origins[key] = name;
  }
  return { source: 'environment', settings, origins };
}

/**
 * What a packaged kiosk takes from the signed bundle in force and from nothing set on the
 * machine (issue 16, finding 5): which devices it talks to and which gateway it trusts. Anyone
 * who can edit a unit file or an environment would otherwise point the kiosk at their own
 * gateway or card reader without ops signing anything. The kiosk's own certificate and key
 * (KIOSK_GATEWAY_CERT, KIOSK_GATEWAY_KEY) stay the installation's: no fleet bundle holds them.
 */
export const SIGNED_IN_PACKAGED: readonly SettingKey[] = [
  'devices.reader',
  'devices.printer.path',
  'devices.printer.baudRate',
  'devices.printer.link',
  'devices.terminal.path',
  'devices.terminal.baudRate',
  'devices.terminal.stopBits',
  'devices.gatewayUrl',
  'devices.gatewayCaFile',
  'devices.gatewayPins',
];

/** A packaged kiosk refuses a layer (the environment, flags) that sets one of SIGNED_IN_PACKAGED. */
export function refuseSignedOnly(layer: ConfigLayer): void {
  for (const key of SIGNED_IN_PACKAGED) {
    const origin = layer.origins?.[key];
    if (!origin) continue;
    throw new ConfigError(key, origin, undefined, 'is not read by a packaged kiosk', `${origin} is set, but a packaged kiosk takes ${key} from the signed configuration only: unset ${origin} and publish the setting in a bundle`);
  }
}

/**
 * Command-line values a command maps to settings: `{ '--data-dir': ['dataDir', values['data-dir']] }`.
 * Strings are read like variables; booleans (node:util parseArgs flags) are taken as they are.
 */
export function flagLayer(flags: Record<string, readonly [SettingKey, string | boolean | undefined]>): ConfigLayer {
  const settings: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  for (const [flag, [key, raw]] of Object.entries(flags)) {
    if (raw === undefined || raw === '') continue;
    setAt(settings, key, typeof raw === 'boolean' ? raw : readText(TEXT_SETTINGS[key], raw, key, flag));
    origins[key] = flag;
  }
  return { source: 'command line', settings, origins };
}

/** Device line settings and the like that ship with the app (config/kiosk.json, bundled in). */
export function shippedLayer(): ConfigLayer {
  return { source: 'config/kiosk.json', settings: shippedSettings as SettingsInput };
}
