import { PART_FILES, type PartName, partOfFile } from '../bundle/schema';
import { Ring } from './rings';

/**
 * How a configuration repository is laid out. Any static web server, CDN or object store
 * serves it as it is:
 *   metadata/1.root.json, 2.root.json…   every root, so a kiosk can walk a rotation
 *   metadata/N.targets.json, N.snapshot.json, timestamp.json   (consistent snapshots)
 *   targets/releases/<version>/<sha256>.<part file>             the bundles' parts
 * A release is the set of targets under `releases/<version>/`; its `bundle.json` target carries
 * the ring in its signed custom field. Files are only ever added (timestamp.json and root.json
 * are replaced last), so a kiosk reading mid-publication sees the old repository or the new.
 */
export const METADATA_DIR = 'metadata';
export const TARGETS_DIR = 'targets';

export const releasePath = (version: number, part: PartName) => `releases/${version}/${PART_FILES[part]}`;

/** `releases/12/catalog.json` → {version 12, part catalog}; anything else: undefined. */
export function parseReleasePath(path: string): { version: number; part: PartName } | undefined {
  const match = /^releases\/([1-9]\d{0,15})\/([a-z-]+\.json)$/.exec(path);
  const part = match ? partOfFile(match[2]!) : undefined;
  return match && part ? { version: Number(match[1]), part } : undefined;
}

/** The custom field of a release's bundle.json target: `{"custom": {"kiosk": {"ring": …}}}`. */
export const CUSTOM_KEY = 'kiosk';

export function ringOf(custom: Record<string, unknown>): Ring | undefined {
  const parsed = Ring.safeParse((custom[CUSTOM_KEY] as { ring?: unknown } | undefined)?.ring);
  return parsed.success ? parsed.data : undefined;
}

/** TUF's date form (no fractions of a second). */
export const tufDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `7d`, `12h`, `30m`, `45s` → milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([dhms])$/.exec(text);
  if (!match) return undefined;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[match[2] as 'd' | 'h' | 'm' | 's'];
  return Number(match[1]) * unit;
}
