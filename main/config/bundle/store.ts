import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BundleError } from './errors';
import { type Bundle, PART_NAMES, type PartName, parseBundle } from './schema';
import { writeFileAtomic } from './atomic-file';

/**
 * The kiosk's bundles on disk, in `<data dir>/config/`:
 *   objects/<sha256>   each part's bytes, content-addressed, never changed once written
 *   state.json         which bundle is in force, the last known-good one, what was refused
 * A bundle is applied by writing its parts first and then replacing state.json in one atomic
 * rename: killed at any point, the kiosk finds either the old bundle in force or the new one,
 * whole. Parts are checked against their hashes on every load, so a disk that lost or changed
 * one is noticed (bundle-corrupt) and the last known-good bundle is used instead.
 */
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const BundleRecord = z.strictObject({
  version: z.number().int().min(1),
  parts: z.partialRecord(z.enum(PART_NAMES as [PartName, ...PartName[]]), Hash),
  /** When it was verified (TUF) and stored. */
  storedAt: z.number(),
});
export type BundleRecord = z.infer<typeof BundleRecord>;

export const Refusal = z.strictObject({ version: z.number().int(), code: z.string(), reason: z.string(), at: z.number() });
export type Refusal = z.infer<typeof Refusal>;

export const StoreState = z.strictObject({
  format: z.literal(1),
  /** In force; absent: the shipped config/ (version 0). */
  current: BundleRecord.optional(),
  /** The last bundle that passed its health checks; absent: the shipped one. */
  lastKnownGood: BundleRecord.optional(),
  /** `current` was applied at `since` and has not passed its health checks yet. */
  probation: z.strictObject({ version: z.number().int(), since: z.number() }).optional(),
  /** Verified and waiting for the kiosk to be idle. */
  staged: BundleRecord.optional(),
  /** Versions this kiosk will never apply again, and why. */
  refused: z.array(Refusal).max(1000),
});
export type StoreState = z.infer<typeof StoreState>;

const EMPTY: StoreState = { format: 1, refused: [] };

export class BundleStore {
  readonly dir: string;
  private readonly objects: string;
  private readonly stateFile: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'config');
    this.objects = join(this.dir, 'objects');
    this.stateFile = join(this.dir, 'state.json');
    mkdirSync(this.objects, { recursive: true, mode: 0o700 });
  }

  /** The state on disk; a missing file is the shipped configuration with nothing refused. */
  read(): StoreState {
    if (!existsSync(this.stateFile)) return structuredClone(EMPTY);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.stateFile, 'utf8'));
    } catch (err) {
      throw new BundleError('store-unreadable', `${this.stateFile} is not JSON`, { cause: err });
    }
    const parsed = StoreState.safeParse(raw);
    if (!parsed.success) throw new BundleError('store-unreadable', `${this.stateFile} is not a bundle store state: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  }

  /** Replaces the state in one atomic step: this is the moment a bundle is applied or rolled back. */
  write(state: StoreState): void {
    writeFileAtomic(this.stateFile, `${JSON.stringify(StoreState.parse(state), null, 2)}\n`);
  }

  update(change: (state: StoreState) => StoreState): StoreState {
    const next = change(this.read());
    this.write(next);
    return next;
  }

  /** The stored part with this hash, when it is there and intact. */
  object(hash: string): Buffer | undefined {
    const path = join(this.objects, hash);
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    return sha256(bytes) === hash ? bytes : undefined;
  }

  /** Stores a part (durably) and returns its hash; a part already there is not written again. */
  putObject(bytes: Uint8Array): string {
    const hash = sha256(bytes);
    if (!this.object(hash)) writeFileAtomic(join(this.objects, hash), bytes, 0o600);
    return hash;
  }

  /** Stores a verified bundle's parts and returns the record naming them (not yet in force). */
  putBundle(version: number, parts: ReadonlyMap<PartName, Uint8Array>, now: number): BundleRecord {
    const hashes: BundleRecord['parts'] = {};
    for (const [name, bytes] of parts) hashes[name] = this.putObject(bytes);
    return { version, parts: hashes, storedAt: now };
  }

  /** Reads and validates a stored bundle; a missing or changed part is bundle-corrupt. */
  load(record: BundleRecord): Bundle {
    const parts = new Map<PartName, Buffer>();
    for (const [name, hash] of Object.entries(record.parts) as [PartName, string][]) {
      const bytes = this.object(hash);
      if (!bytes) throw new BundleError('bundle-corrupt', `part ${name} of bundle ${record.version} is missing or damaged on disk`);
      parts.set(name, bytes);
    }
    const bundle = parseBundle(parts);
    if (bundle.version !== record.version) throw new BundleError('bundle-corrupt', `bundle ${record.version} on disk says it is version ${bundle.version}`);
    return bundle;
  }

  /**
   * Removes what a killed writer left behind, and parts no bundle of the state names. Only the
   * one process that writes the store (it holds the store's lock) calls this, when it starts.
   */
  recover(): void {
    for (const dir of [this.dir, this.objects]) {
      for (const name of readdirSync(dir)) if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
    }
    let state: StoreState;
    try {
      state = this.read();
    } catch {
      return; // keep everything: the caller reports the unreadable state
    }
    const keep = new Set([state.current, state.lastKnownGood, state.staged].flatMap((r) => (r ? Object.values(r.parts) : [])));
    for (const name of readdirSync(this.objects)) if (!keep.has(name)) rmSync(join(this.objects, name), { force: true });
  }
}
