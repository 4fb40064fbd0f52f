import type { z } from 'zod';
import { ConfigError } from './errors';
import { type ConfigLayer, environmentLayer, flagLayer, refuseSignedOnly, type SettingKey, shippedLayer, TEXT_SETTINGS } from './sources';
import { builtInSettings, KioskSettings, type SettingsInput } from './settings';

/**
 * What a verified signed configuration bundle contributes (the ops issue, #12): settings that
 * sit above the shipped files and below the environment, and optionally a whole service
 * catalog. This is the one seam it plugs into; verifying signature, version and expiry happens
 * before a bundle becomes one of these.
 */
export interface SignedConfiguration {
  /** Names the bundle in errors and logs, e.g. `signed bundle 2026-12-01.3`. */
  source: string;
  settings: SettingsInput;
  catalog?: unknown;
}

export interface LoadSettingsOptions {
  env?: NodeJS.ProcessEnv;
  /** The entry point's own defaults over the built-in ones: `kioskctl start` simulates. */
  defaults?: SettingsInput;
  signed?: SignedConfiguration;
  /** Command-line values, see flagLayer. */
  flags?: Parameters<typeof flagLayer>[0];
  /**
   * A packaged (production) build: devices and the gateway come from the signed layer, the
   * shipped files and the defaults only; setting one in the environment or a flag is refused
   * (sources.ts, SIGNED_IN_PACKAGED).
   */
  packaged?: boolean;
}

/** Keys whose value is one whole thing: a higher layer replaces it rather than merging into it. */
const WHOLE_VALUES = new Set<string>(['devices.printer.link'] satisfies SettingKey[]);

/** The layers, lowest first. Exported so a technician view can say where each setting came from. */
export function settingsLayers(options: LoadSettingsOptions = {}): ConfigLayer[] {
  const env = options.env ?? process.env;
  const local = [environmentLayer(env), ...(options.flags ? [flagLayer(options.flags)] : [])];
  if (options.packaged) local.forEach(refuseSignedOnly);
  return [
    { source: 'built-in', settings: builtInSettings(env) },
    ...(options.defaults ? [{ source: 'built-in', settings: options.defaults }] : []),
    shippedLayer(),
    ...(options.signed ? [{ source: options.signed.source, settings: options.signed.settings }] : []),
    ...local,
  ];
}

/** Merges the layers, then validates the result as a whole; a bad value throws ConfigError. */
export function loadSettings(options: LoadSettingsOptions = {}): KioskSettings {
  return resolveSettings(settingsLayers(options));
}

export function resolveSettings(layers: readonly ConfigLayer[]): KioskSettings {
  const merged: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const layer of layers) mergeInto(merged, layer.settings as Record<string, unknown>, '', layer, origins);
  const parsed = KioskSettings.safeParse(merged);
  if (!parsed.success) throw toConfigError(parsed.error.issues[0]!, merged, origins);
  const { technician, session } = parsed.data;
  // A technician steps away to fetch paper: their visit must outlast a shopper's pause.
  const shopperIdleMs = session.idleWarningMs + session.warningCountdownMs;
  if (technician.idleMs <= shopperIdleMs) {
    const key = 'technician.idleMs';
    throw new ConfigError(key, originOf(key, origins) ?? 'configuration', String(technician.idleMs), `must be longer than a shopper's idle time (${shopperIdleMs} ms)`);
  }
  return parsed.data;
}

/**
 * One part of the settings as the built-in defaults, the shipped files and a signed bundle make
 * it: a part the kiosk takes from a new bundle in place, at the idle moment, without the restart
 * that reads everything again (the out-of-service rules). Only a part no variable or flag sets
 * can be had this way, since no layer above the bundle may change it; asking for another throws.
 */
export function bundlePart<K extends keyof KioskSettings>(key: K, signed: SignedConfiguration | undefined): KioskSettings[K] {
  if (Object.keys(TEXT_SETTINGS).some((k) => k === key || k.startsWith(`${key}.`))) throw new Error(`${key} is also set by a variable or flag: it cannot follow the bundle alone`);
  const layers: ConfigLayer[] = [{ source: 'built-in', settings: builtInSettings(process.env) }, shippedLayer(), ...(signed ? [{ source: signed.source, settings: signed.settings }] : [])];
  const merged: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const layer of layers) mergeInto(merged, layer.settings as Record<string, unknown>, '', layer, origins);
  const parsed = KioskSettings.shape[key].safeParse(merged[key]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw toConfigError({ ...issue, path: [key, ...issue.path] }, merged, origins);
  }
  return parsed.data as KioskSettings[K];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, prefix: string, layer: ConfigLayer, origins: Map<string, string>): void {
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const key = prefix + name;
    if (isPlainObject(value) && !WHOLE_VALUES.has(key)) {
      if (!isPlainObject(target[name])) target[name] = {};
      mergeInto(target[name] as Record<string, unknown>, value, `${key}.`, layer, origins);
    } else {
      target[name] = value;
      origins.set(key, layer.origins?.[key] ?? layer.source);
    }
  }
}

function toConfigError(issue: z.core.$ZodIssue, merged: Record<string, unknown>, origins: Map<string, string>): ConfigError {
  const path = issue.path.map(String);
  // An unknown key is reported at its own path, so the error names the key someone mistyped.
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
  const key = path.join('.') || '(root)';
  const origin = originOf(key, origins);
  const value = path.reduce<unknown>((node, part) => (isPlainObject(node) ? node[part] : undefined), merged);
  if (issue.code === 'unrecognized_keys') return new ConfigError(key, origin ?? 'configuration', undefined, 'is not a setting the kiosk knows');
  if (value === undefined) return new ConfigError(key, origin ?? 'configuration', undefined, `is required: ${issue.message}`);
  return new ConfigError(key, origin ?? 'configuration', show(value), issue.message);
}

/** The layer (or variable, or flag) that set `key` or the whole value it sits in. */
function originOf(key: string, origins: Map<string, string>): string | undefined {
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const found = origins.get(k);
    if (found) return found;
  }
  // A key under a whole value a layer set (devices.printer.link.kind): that layer.
  return [...origins].find(([k]) => k.startsWith(`${key}.`))?.[1];
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
