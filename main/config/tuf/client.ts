import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Metadata, MetadataKind, type Targets } from '@tufjs/models';
import { Updater } from 'tuf-js';
import { writeFileAtomic } from '../bundle/atomic-file';
import { BundleError } from '../bundle/errors';
import { type Bundle, MAX_PART_BYTES, type PartName, parseBundle } from '../bundle/schema';
import type { BundleRecord, BundleStore } from '../bundle/store';
import { toBundleError } from './errors';
import { RepositoryFetcher } from './fetcher';
import { METADATA_DIR, TARGETS_DIR } from './layout';
import { type Release, releasesOf } from './publish';
import { inRing, type Ring } from './rings';

/**
 * The kiosk side of TUF: tuf-js refreshes root → timestamp → snapshot → targets (signatures,
 * thresholds, versions, expiry, lengths and hashes), then the kiosk picks the newest release its
 * ring includes and downloads only the parts it does not hold already (parts are stored by their
 * SHA-256, which the signed targets give). The result is staged in the BundleStore; applying it
 * is the agent's decision. Nothing here changes the bundle in force.
 *
 * Trusted metadata lives in `<data dir>/config/tuf/`. tuf-js writes its files in place, so each
 * check works on a copy and the verified result is copied back file by file atomically: a kill
 * at any moment leaves whole files that tuf-js re-verifies next time.
 */
const TRUSTED_FILES = ['root.json', 'timestamp.json', 'snapshot.json', 'targets.json'];

export const trustedDir = (store: BundleStore) => join(store.dir, 'tuf');

/** Installs the root a kiosk starts trusting (provisioning: the ministry's 1.root.json). */
export function trustRoot(store: BundleStore, rootBytes: Uint8Array): void {
  mkdirSync(trustedDir(store), { recursive: true, mode: 0o700 });
  writeFileAtomic(join(trustedDir(store), 'root.json'), rootBytes);
}

/** A repository URL or folder as the base URL tuf-js joins file names to. */
export function repositoryBase(urlOrDir: string): string {
  if (/^https?:\/\//.test(urlOrDir) || urlOrDir.startsWith('file:')) return urlOrDir.replace(/\/*$/, '/');
  return pathToFileURL(isAbsolute(urlOrDir) ? urlOrDir : resolve(urlOrDir)).href.replace(/\/*$/, '/');
}

export interface CheckOptions {
  store: BundleStore;
  /** The repository's base URL (metadata/ and targets/ under it), or a folder. */
  url: string;
  kioskId: string;
  timeoutMs?: number;
  now?: () => number;
}

export type CheckResult =
  | { outcome: 'staged'; version: number; ring: Ring; downloaded: PartName[]; reused: PartName[]; bytesIn: number; record: BundleRecord; bundle: Bundle }
  | { outcome: 'current'; version: number; bytesIn: number };

export interface VerifiedRepository {
  releases: Release[];
  expires: { root: string; targets: string; snapshot: string; timestamp: string };
  versions: { root: number; targets: number; snapshot: number; timestamp: number };
  fetcher: RepositoryFetcher;
  updater: Updater;
  workDir: string;
}

/**
 * Refreshes the metadata in `workDir` (which holds at least a trusted root.json) against the
 * repository; every TUF failure becomes a BundleError with its code.
 */
export async function refreshMetadata(workDir: string, url: string, timeoutMs = 10_000): Promise<VerifiedRepository> {
  const fetcher = new RepositoryFetcher(timeoutMs);
  const base = repositoryBase(url);
  let updater: Updater;
  try {
    updater = new Updater({ metadataDir: workDir, metadataBaseUrl: `${base}${METADATA_DIR}/`, targetBaseUrl: `${base}${TARGETS_DIR}/`, targetDir: join(workDir, 'targets'), fetcher });
  } catch (err) {
    throw new BundleError('store-unreadable', `the trusted root in ${workDir} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  try {
    await updater.refresh();
  } catch (err) {
    throw toBundleError(err, 'metadata');
  }
  const read = (kind: string) => JSON.parse(readFileSync(join(workDir, `${kind}.json`), 'utf8')) as { signed: { expires: string; version: number } };
  const roles = { root: read('root').signed, targets: read('targets').signed, snapshot: read('snapshot').signed, timestamp: read('timestamp').signed };
  // The targets file tuf-js just verified (or kept, being current) is the one in workDir.
  const targets = Metadata.fromJSON(MetadataKind.Targets, read('targets') as unknown as Parameters<typeof Metadata.fromJSON>[1]) as Metadata<Targets>;
  return {
    releases: releasesOf(targets.signed),
    expires: { root: roles.root.expires, targets: roles.targets.expires, snapshot: roles.snapshot.expires, timestamp: roles.timestamp.expires },
    versions: { root: roles.root.version, targets: roles.targets.version, snapshot: roles.snapshot.version, timestamp: roles.timestamp.version },
    fetcher,
    updater,
    workDir,
  };
}

/** The newest release meant for this kiosk that it has not refused. */
function chooseRelease(releases: readonly Release[], kioskId: string, refused: ReadonlySet<number>): Release | undefined {
  return releases.find((r) => inRing(r.ring, kioskId) && !refused.has(r.version));
}

/** Downloads (or takes from the store) every part of a release and validates the bundle whole. */
async function fetchParts(verified: VerifiedRepository, release: Release, store: BundleStore) {
  const parts = new Map<PartName, Buffer>();
  const downloaded: PartName[] = [];
  const reused: PartName[] = [];
  if (!release.parts.has('header')) throw new BundleError('bundle-invalid', `release ${release.version} has no bundle.json`);
  mkdirSync(join(verified.workDir, 'targets'), { recursive: true });
  for (const [part, target] of release.parts) {
    if (target.length > MAX_PART_BYTES) throw new BundleError('bundle-too-large', `${target.path} is signed as ${target.length} bytes; at most ${MAX_PART_BYTES} are accepted`);
    const hash = target.hashes.sha256;
    if (!hash) throw new BundleError('metadata-untrusted', `${target.path} has no sha256 hash in the signed targets`);
    const held = store.object(hash);
    if (held && held.byteLength === target.length) {
      parts.set(part, held);
      reused.push(part);
      continue;
    }
    let file: string;
    try {
      file = await verified.updater.downloadTarget(target, join(verified.workDir, 'targets', part));
    } catch (err) {
      throw toBundleError(err, 'target');
    }
    parts.set(part, readFileSync(file));
    downloaded.push(part);
  }
  const bundle = parseBundle(parts);
  if (bundle.version !== release.version) throw new BundleError('target-tampered', `release ${release.version}'s bundle.json says version ${bundle.version}`);
  return { parts, bundle, downloaded, reused };
}

function copyTrusted(from: string, to: string): void {
  for (const file of TRUSTED_FILES) {
    const path = join(from, file);
    if (existsSync(path)) writeFileAtomic(join(to, file), readFileSync(path));
  }
}

/** A fresh working copy of the trusted metadata, removed by the caller. */
function workingCopy(store: BundleStore): string {
  const trusted = trustedDir(store);
  if (!existsSync(join(trusted, 'root.json'))) throw new BundleError('metadata-untrusted', `no trusted root in ${trusted}: install the ministry's root.json (kioskctl config trust) before polling`);
  const work = mkdtempSync(join(store.dir, '.tuf-work-'));
  for (const file of readdirSync(trusted)) if (TRUSTED_FILES.includes(file)) copyFileSync(join(trusted, file), join(work, file));
  return work;
}

/**
 * One check: refresh, choose, download what changed, stage. Throws BundleError; the bundle in
 * force is untouched either way.
 */
export async function checkRepository(options: CheckOptions): Promise<CheckResult> {
  const { store } = options;
  const now = options.now ?? Date.now;
  const work = workingCopy(store);
  try {
    const verified = await refreshMetadata(work, options.url, options.timeoutMs);
    const state = store.read();
    const refused = new Set(state.refused.map((r) => r.version));
    const inForce = Math.max(state.current?.version ?? 0, state.staged?.version ?? 0);
    const release = chooseRelease(verified.releases, options.kioskId, refused);
    if (!release || release.version <= inForce) {
      copyTrusted(work, trustedDir(store));
      return { outcome: 'current', version: inForce, bytesIn: verified.fetcher.bytesIn };
    }
    const { parts, bundle, downloaded, reused } = await fetchParts(verified, release, store);
    const record = store.putBundle(release.version, parts, now());
    copyTrusted(work, trustedDir(store));
    store.update((s) => ({ ...s, staged: record }));
    return { outcome: 'staged', version: release.version, ring: release.ring, downloaded, reused, bytesIn: verified.fetcher.bytesIn, record, bundle };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
