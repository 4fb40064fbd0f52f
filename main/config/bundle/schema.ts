import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { type CardProfile, parseCardProfile } from '../../../drivers/card/profiles/schema';
import { parseCatalog } from '../../core/services/load';
import type { Catalog, ServiceDefinition } from '../../core/services/schema';
import { loadCatalog } from '../catalog';
import type { SignedConfiguration } from '../load';
import { KioskSettings, type SettingsInput, WorkOrderSettings } from '../settings';
import { BundleError } from './errors';
import { checkTextOverrides, type TextOverrides } from './texts';

/**
 * A configuration bundle: one version of everything ops may change without a new build, as a
 * few JSON files (parts) so a kiosk downloads only the parts that changed. `bundle.json` is the
 * only part every bundle has; a missing part means "as shipped". The shipped config/ is
 * version 0.
 */
export const PART_FILES = {
  header: 'bundle.json',
  catalog: 'catalog.json',
  texts: 'texts.json',
  settings: 'settings.json',
  cards: 'cards.json',
  outOfService: 'out-of-service.json',
  telemetry: 'telemetry.json',
} as const;
export type PartName = keyof typeof PART_FILES;
export const PART_NAMES = Object.keys(PART_FILES) as PartName[];
export const partOfFile = (file: string): PartName | undefined => PART_NAMES.find((p) => PART_FILES[p] === file);

/** The most one part may weigh: the whole shipped catalog is ~40 KiB. Guards against endless data. */
export const MAX_PART_BYTES = 1024 * 1024;

const Text = z.strictObject({ ar: z.string().min(1).max(500), en: z.string().min(1).max(500) });
const settingsShape = KioskSettings.shape;

export const BundleHeader = z.strictObject({
  /** Whole number, strictly increasing from one published bundle to the next; 0 is the shipped config/. */
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  notes: z.string().max(500).optional(),
});

const Pem = z.string().refine((pem) => {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}, 'not a PEM X.509 certificate');

/**
 * A serial or HID device node, the only kind of path a bundle may name: under /dev, no `..`, so a
 * bundle can point a device line at a port but never at a file.
 */
const DevicePath = z
  .string()
  .max(200)
  .regex(/^\/dev\/[A-Za-z0-9._:+-]+(\/[A-Za-z0-9._:+-]+)*$/, 'must be a device path under /dev (e.g. /dev/ttyUSB0, /dev/serial/by-id/...)')
  .refine((p) => !p.split('/').includes('..'), 'must not climb out of /dev');

const printerLink = settingsShape.devices.shape.printer.shape.link.unwrap();

/**
 * The settings ops may set remotely: the device lines (reader, printer and terminal ports and
 * speeds), the gateway (an https URL, the ministry CA or pinned certificate as PEM, and the
 * public-key pins of its chain), timings,
 * where to poll, the technician's work-order rule. A packaged kiosk takes its devices and gateway from here only
 * (main/config/sources.ts, SIGNED_IN_PACKAGED). Never the kiosk's id, its own certificate and
 * key, files, or simulation.
 */
export const BundleSettings = z.strictObject({
  devices: z
    .strictObject({
      reader: z.string().min(1).max(200),
      printer: z
        .strictObject({
          path: DevicePath,
          baudRate: settingsShape.devices.shape.printer.shape.baudRate,
          link: printerLink.refine((link) => link.path === undefined || DevicePath.safeParse(link.path).success, 'a printer link path must be a device path under /dev'),
        })
        .partial(),
      terminal: z.strictObject({ path: DevicePath, baudRate: settingsShape.devices.shape.terminal.shape.baudRate, stopBits: settingsShape.devices.shape.terminal.shape.stopBits }).partial(),
      // A fleet's gateway is the ministry's: https only (plain http is for a simulator on this machine).
      gatewayUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
      gatewayCa: z.string().max(64 * 1024).pipe(Pem),
      gatewayPins: settingsShape.devices.shape.gatewayPins.unwrap(),
    })
    .partial(),
  session: settingsShape.session.partial(),
  configRepository: settingsShape.configRepository.partial(),
  /** The out-of-service rules (which devices which services need), as a fleet decides them. */
  availability: settingsShape.availability.partial(),
  /** Whether a technician needs a work-order code after card and PIN, and the ops keys that sign one. */
  technician: z.strictObject({ workOrder: WorkOrderSettings.partial() }).partial(),
}).partial();
export type BundleSettings = z.infer<typeof BundleSettings>;

export const Cards = z.strictObject({
  /** Card layouts beside the built-in ones (drivers/card/profiles); same names replace them. */
  profiles: z.array(z.unknown()).max(16).default([]),
  /** Certificates that may sign a card's data, by the profile that uses them. */
  trustAnchors: z.array(z.strictObject({ profile: z.string().min(1), name: z.string().min(1), certificate: Pem })).max(64).default([]),
});

export const OutOfService = z.strictObject({ title: Text, body: Text, alternative: Text.optional() });
export type OutOfService = z.infer<typeof OutOfService>;

export const Telemetry = z.strictObject({
  otlpUrl: z.url({ protocol: /^https?$/ }).optional(),
  exportIntervalMs: z.number().int().min(1000).max(3_600_000).optional(),
  /** Resource attributes every metric carries (site, mall), never personal data. */
  attributes: z.record(z.string().regex(/^[a-z][a-z0-9_.]{0,62}$/), z.string().max(120)).optional(),
});
export type Telemetry = z.infer<typeof Telemetry>;

export interface Bundle {
  version: number;
  notes?: string;
  catalog?: Catalog;
  texts?: TextOverrides;
  settings?: BundleSettings;
  cards?: { profiles: CardProfile[]; trustAnchors: z.infer<typeof Cards>['trustAnchors'] };
  outOfService?: OutOfService;
  telemetry?: Telemetry;
}

function parseJson(name: PartName, bytes: Uint8Array): unknown {
  if (bytes.byteLength > MAX_PART_BYTES) throw new BundleError('bundle-too-large', `${PART_FILES[name]} is ${bytes.byteLength} bytes; at most ${MAX_PART_BYTES} are accepted`);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    throw new BundleError('bundle-invalid', `${PART_FILES[name]} is not JSON`);
  }
}

function parsePart<T>(name: PartName, schema: z.ZodType<T>, bytes: Uint8Array): T {
  const parsed = schema.safeParse(parseJson(name, bytes));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new BundleError('bundle-invalid', `${PART_FILES[name]}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/**
 * Validates every part of a bundle; the first problem throws BundleError naming the file and
 * where in it. A bundle is taken whole or not at all.
 */
export function parseBundle(parts: ReadonlyMap<PartName, Uint8Array>): Bundle {
  for (const name of parts.keys()) if (!PART_NAMES.includes(name)) throw new BundleError('bundle-invalid', `unknown bundle part ${name}`);
  const headerBytes = parts.get('header');
  if (!headerBytes) throw new BundleError('bundle-invalid', 'a bundle needs bundle.json');
  const header = parsePart('header', BundleHeader, headerBytes);
  const bundle: Bundle = { version: header.version, notes: header.notes };
  const part = (name: PartName) => parts.get(name);
  const catalog = part('catalog');
  if (catalog) {
    try {
      bundle.catalog = parseCatalog(parseJson('catalog', catalog));
    } catch (err) {
      if (err instanceof BundleError) throw err;
      throw new BundleError('bundle-invalid', `catalog.json: ${(err as Error).message}`);
    }
  }
  const texts = part('texts');
  if (texts) bundle.texts = checkTextOverrides(parseJson('texts', texts));
  const settings = part('settings');
  if (settings) bundle.settings = parsePart('settings', BundleSettings, settings);
  if (bundle.settings?.availability?.serviceNeeds) checkServiceNeeds(bundle.settings.availability.serviceNeeds, bundle.catalog?.services ?? loadCatalog());
  const cards = part('cards');
  if (cards) {
    const parsed = parsePart('cards', Cards, cards);
    try {
      bundle.cards = { profiles: parsed.profiles.map(parseCardProfile), trustAnchors: parsed.trustAnchors };
    } catch (err) {
      throw new BundleError('bundle-invalid', `cards.json: ${(err as Error).message}`);
    }
  }
  const outOfService = part('outOfService');
  if (outOfService) bundle.outOfService = parsePart('outOfService', OutOfService, outOfService);
  const telemetry = part('telemetry');
  if (telemetry) bundle.telemetry = parsePart('telemetry', Telemetry, telemetry);
  return bundle;
}

/**
 * A rule for a service the catalog in force does not have is a typo (or a service since
 * renamed): it would silently leave the service it meant without its rule.
 */
function checkServiceNeeds(needs: Readonly<Record<string, unknown>>, services: readonly ServiceDefinition[]): void {
  const ids = new Set(services.map((s) => s.id));
  const unknown = Object.keys(needs).find((id) => !ids.has(id));
  if (unknown) throw new BundleError('bundle-invalid', `settings.json: availability.serviceNeeds.${unknown}: no service ${unknown} in ${services === loadCatalog() ? 'the shipped catalog' : "this bundle's catalog"}`);
}

/** What the bundle contributes to the settings layers (main/config/load.ts). */
export function signedConfigurationOf(bundle: Bundle): SignedConfiguration {
  return { source: `signed bundle ${bundle.version}`, settings: (bundle.settings ?? {}) as SettingsInput, catalog: bundle.catalog };
}
