import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MetaFile, Metadata, MetadataKind, Root, Snapshot, TargetFile, Targets, Timestamp } from '@tufjs/models';
import { Role } from '@tufjs/models/dist/role';
import { writeFileAtomic } from '../bundle/atomic-file';
import { BundleError } from '../bundle/errors';
import { PART_FILES, PART_NAMES, type PartName, parseBundle, partOfFile } from '../bundle/schema';
import { type KeySet, ROLES, type RoleName, signerFor, tufKey } from './keys';
import { CUSTOM_KEY, METADATA_DIR, parseReleasePath, releasePath, ringOf, TARGETS_DIR, tufDate } from './layout';
import type { Ring } from './rings';

/**
 * Writes a configuration repository (the ops side of TUF, with @tufjs/models): a new release
 * as targets, then new targets, snapshot and timestamp metadata, each signed by its role's keys.
 * Files are written before the metadata that names them and timestamp.json last, so a kiosk
 * polling mid-publication sees the previous repository whole.
 */
const DAY = 86_400_000;
export const DEFAULT_EXPIRY = { root: 365 * DAY, targets: 7 * DAY, snapshot: 7 * DAY, timestamp: DAY };
type Expiry = typeof DEFAULT_EXPIRY;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const json = (md: Metadata<Root | Targets | Snapshot | Timestamp>) => Buffer.from(`${JSON.stringify(md.toJSON(), null, 1)}\n`);

interface RepoState {
  root: Metadata<Root>;
  targets?: Metadata<Targets>;
  snapshot?: Metadata<Snapshot>;
  timestamp?: Metadata<Timestamp>;
}

function readMetadata<T extends MetadataKind>(repo: string, file: string, kind: T) {
  const path = join(repo, METADATA_DIR, file);
  if (!existsSync(path)) return undefined;
  return Metadata.fromJSON(kind as MetadataKind.Root, JSON.parse(readFileSync(path, 'utf8'))) as unknown as Metadata<KindMap[T]>;
}
type KindMap = { root: Root; targets: Targets; snapshot: Snapshot; timestamp: Timestamp };

/** The repository's current metadata, read through timestamp → snapshot → targets. */
export function readRepository(repo: string): RepoState | undefined {
  const root = readMetadata(repo, 'root.json', MetadataKind.Root);
  if (!root) return undefined;
  const timestamp = readMetadata(repo, 'timestamp.json', MetadataKind.Timestamp);
  const snapshot = timestamp && readMetadata(repo, `${timestamp.signed.snapshotMeta.version}.snapshot.json`, MetadataKind.Snapshot);
  const targetsVersion = snapshot?.signed.meta['targets.json']?.version;
  const targets = targetsVersion === undefined ? undefined : readMetadata(repo, `${targetsVersion}.targets.json`, MetadataKind.Targets);
  return { root, timestamp, snapshot, targets };
}

export function signWith(md: Metadata<Root | Targets | Snapshot | Timestamp>, keys: KeySet, role: RoleName, at: string): void {
  const { signers, threshold } = keys[role];
  if (signers.size < threshold) throw new BundleError('metadata-untrusted', `signing ${at} needs ${threshold} ${role} key(s); the key folder holds ${signers.size}`);
  for (const [id, key] of signers) md.sign(signerFor(id, key), true);
}

export function writeMetadata(repo: string, file: string, md: Metadata<Root | Targets | Snapshot | Timestamp>): Buffer {
  const bytes = json(md);
  writeFileAtomic(join(repo, METADATA_DIR, file), bytes, 0o644);
  return bytes;
}

/** A new root: the key set's public keys and thresholds for every role. */
export function rootFor(keys: KeySet, version: number, expires: string): Root {
  const roles = Object.fromEntries(ROLES.map((r) => [r, new Role({ keyIDs: [], threshold: keys[r].threshold })]));
  const root = new Root({ version, specVersion: '1.0.31', expires, roles, consistentSnapshot: true });
  for (const role of ROLES) for (const hex of keys[role].keys.values()) root.addKey(tufKey(hex), role);
  return root;
}

/** Checks that the online keys at hand are the ones the repository's root trusts, before signing anything. */
function checkOnlineKeys(root: Root, keys: KeySet): void {
  for (const role of ['targets', 'snapshot', 'timestamp'] as const) {
    const trusted = root.roles[role]!;
    const usable = [...keys[role].signers.keys()].filter((id) => trusted.keyIDs.includes(id));
    if (usable.length < trusted.threshold) {
      throw new BundleError('metadata-untrusted', `the repository's root does not trust enough of these ${role} keys (${usable.length} of ${trusted.threshold}): wrong key folder, or rotate the root first`);
    }
  }
}

/** Reads a bundle folder as ops keep it (one JSON file per part) and validates it whole. */
function readBundleDir(dir: string): { version: number; parts: Map<PartName, Buffer> } {
  const parts = new Map<PartName, Buffer>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json')) continue;
    const part = partOfFile(file);
    if (!part) throw new BundleError('bundle-invalid', `${file} is not a bundle part (${PART_NAMES.map((p) => PART_FILES[p]).join(', ')})`);
    parts.set(part, readFileSync(join(dir, file)));
  }
  return { version: parseBundle(parts).version, parts };
}

export interface Release {
  version: number;
  ring: Ring;
  parts: Map<PartName, TargetFile>;
}

export function releasesOf(targets: Targets | undefined): Release[] {
  const byVersion = new Map<number, Release>();
  for (const [path, file] of Object.entries(targets?.targets ?? {})) {
    const parsed = parseReleasePath(path);
    if (!parsed) continue;
    const release = byVersion.get(parsed.version) ?? { version: parsed.version, ring: { kind: 'all' as const }, parts: new Map() };
    release.parts.set(parsed.part, file);
    if (parsed.part === 'header') release.ring = ringOf(file.custom) ?? { kind: 'all' };
    byVersion.set(parsed.version, release);
  }
  return [...byVersion.values()].sort((a, b) => b.version - a.version);
}

function targetFor(version: number, part: PartName, bytes: Buffer, ring: Ring): TargetFile {
  return new TargetFile({
    path: releasePath(version, part),
    length: bytes.byteLength,
    hashes: { sha256: sha256(bytes) },
    ...(part === 'header' ? { unrecognizedFields: { custom: { [CUSTOM_KEY]: { ring } } } } : {}),
  });
}

export interface PublishOptions {
  repo: string;
  bundleDir: string;
  keys: KeySet;
  /** Which kiosks take it; all when absent. */
  ring?: Ring;
  expiry?: Partial<Expiry>;
  now?: number;
}

export interface PublishResult {
  version: number;
  ring: Ring;
  /** Every release the targets metadata now lists, newest first. */
  releases: { version: number; ring: Ring }[];
  targetsVersion: number;
  /** A new repository was started (root version 1 signed). */
  initialised: boolean;
}

/**
 * Publishes the bundle in `bundleDir`. A higher version than any published one becomes a new
 * release; the same version again (same bytes) only changes its ring, which is how a rollout
 * widens from 5 % to 25 % to all. Beside the new release the targets keep the newest release
 * that went to all kiosks, so a kiosk outside a small ring (or one that refused the new version)
 * still has a version meant for it.
 */
export function publish(options: PublishOptions): PublishResult {
  const now = options.now ?? Date.now();
  const expiry = { ...DEFAULT_EXPIRY, ...options.expiry };
  const expires = (role: RoleName) => tufDate(now + expiry[role]);
  const { repo, keys } = options;
  const ring = options.ring ?? { kind: 'all' };
  const bundle = readBundleDir(options.bundleDir);
  mkdirSync(join(repo, METADATA_DIR), { recursive: true });
  mkdirSync(join(repo, TARGETS_DIR), { recursive: true });

  let state = readRepository(repo);
  const initialised = !state;
  if (!state) {
    const root = new Metadata(rootFor(keys, 1, expires('root')));
    signWith(root, keys, 'root', '1.root.json');
    const bytes = writeMetadata(repo, '1.root.json', root);
    writeFileAtomic(join(repo, METADATA_DIR, 'root.json'), bytes, 0o644);
    state = { root };
  }
  checkOnlineKeys(state.root.signed, keys);

  const releases = releasesOf(state.targets?.signed);
  const newest = releases[0];
  if (newest && bundle.version < newest.version) throw new BundleError('bundle-not-newer', `version ${bundle.version} is older than the published ${newest.version}: kiosks never go back; publish a higher version`);
  if (newest && bundle.version === newest.version) {
    const same = newest.parts.size === bundle.parts.size && [...bundle.parts].every(([part, bytes]) => newest.parts.get(part)?.hashes.sha256 === sha256(bytes));
    if (!same) throw new BundleError('bundle-not-newer', `version ${bundle.version} is already published with other content: give the changed bundle a new version`);
  }
  const fallback = releases.find((r) => r.version < bundle.version && r.ring.kind === 'all');

  const targets = new Targets({ version: (state.targets?.signed.version ?? 0) + 1, specVersion: '1.0.31', expires: expires('targets') });
  for (const [part, bytes] of bundle.parts) {
    const target = targetFor(bundle.version, part, bytes, ring);
    targets.addTarget(target);
    const { dir, name } = { dir: dirname(target.path), name: PART_FILES[part] };
    mkdirSync(join(repo, TARGETS_DIR, dir), { recursive: true });
    writeFileAtomic(join(repo, TARGETS_DIR, dir, `${target.hashes.sha256}.${name}`), bytes, 0o644);
  }
  if (fallback) for (const file of fallback.parts.values()) targets.addTarget(file);

  signChain(repo, keys, state, targets, expires);

  return {
    version: bundle.version,
    ring,
    releases: releasesOf(targets).map((r) => ({ version: r.version, ring: r.ring })),
    targetsVersion: targets.version,
    initialised,
  };
}

/** Signs `targets`, then a snapshot naming it, then a timestamp naming that: the order kiosks read them back. */
function signChain(repo: string, keys: KeySet, state: RepoState, targets: Targets, expires: (role: RoleName) => string): void {
  const targetsMd = new Metadata(targets);
  signWith(targetsMd, keys, 'targets', 'targets');
  const targetsBytes = writeMetadata(repo, `${targets.version}.targets.json`, targetsMd);
  const snapshot = new Snapshot({
    version: (state.snapshot?.signed.version ?? 0) + 1,
    specVersion: '1.0.31',
    expires: expires('snapshot'),
    meta: { 'targets.json': new MetaFile({ version: targets.version, length: targetsBytes.byteLength, hashes: { sha256: sha256(targetsBytes) } }) },
  });
  const snapshotMd = new Metadata(snapshot);
  signWith(snapshotMd, keys, 'snapshot', 'snapshot');
  const snapshotBytes = writeMetadata(repo, `${snapshot.version}.snapshot.json`, snapshotMd);
  writeTimestamp(repo, keys, snapshot.version, snapshotBytes, (state.timestamp?.signed.version ?? 0) + 1, expires('timestamp'));
}

/** The same targets under new versions, signed with `keys`' online keys (after a root rotation). */
export function reissueOnlineMetadata(repo: string, keys: KeySet, now: number, expiry: Partial<Expiry> = {}): void {
  const state = readRepository(repo);
  if (!state) throw new BundleError('repository-unreachable', `${repo} holds no repository`);
  checkOnlineKeys(state.root.signed, keys);
  const all = { ...DEFAULT_EXPIRY, ...expiry };
  const targets = new Targets({ version: (state.targets?.signed.version ?? 0) + 1, specVersion: '1.0.31', expires: tufDate(now + all.targets) });
  for (const file of Object.values(state.targets?.signed.targets ?? {})) targets.addTarget(file);
  signChain(repo, keys, state, targets, (role) => tufDate(now + all[role]));
}

function writeTimestamp(repo: string, keys: KeySet, snapshotVersion: number, snapshotBytes: Buffer, version: number, expires: string): void {
  const timestamp = new Timestamp({
    version,
    specVersion: '1.0.31',
    expires,
    snapshotMeta: new MetaFile({ version: snapshotVersion, length: snapshotBytes.byteLength, hashes: { sha256: sha256(snapshotBytes) } }),
  });
  const md = new Metadata(timestamp);
  signWith(md, keys, 'timestamp', 'timestamp');
  writeMetadata(repo, 'timestamp.json', md);
}

/**
 * Signs a fresh timestamp for the same snapshot: what CI runs every few hours so kiosks see a
 * live repository (a timestamp that expires means a frozen one).
 */
export function refreshTimestamp(repo: string, keys: KeySet, options: { expiresMs?: number; now?: number } = {}): number {
  const state = readRepository(repo);
  if (!state?.timestamp || !state.snapshot) throw new BundleError('repository-unreachable', `${repo} holds no published configuration yet`);
  checkOnlineKeys(state.root.signed, keys);
  const now = options.now ?? Date.now();
  const snapshotBytes = readFileSync(join(repo, METADATA_DIR, `${state.snapshot.signed.version}.snapshot.json`));
  const version = state.timestamp.signed.version + 1;
  writeTimestamp(repo, keys, state.snapshot.signed.version, snapshotBytes, version, tufDate(now + (options.expiresMs ?? DEFAULT_EXPIRY.timestamp)));
  return version;
}
