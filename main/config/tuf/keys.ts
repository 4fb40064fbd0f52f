import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '@tufjs/canonical-json';
import { Key, Signature } from '@tufjs/models';
import { z } from 'zod';
import { BundleError } from '../bundle/errors';

/**
 * Ed25519 keys for the four TUF roles, one PEM file per private key (`root-1.pem`, `targets-1.pem`…)
 * and one public `keys.json` naming which key belongs to which role and each role's threshold.
 * Ops keep the root keys offline (a threshold of them signs a new root); the online roles'
 * keys (targets, snapshot, timestamp) may live in CI. A folder may hold only some private keys:
 * publishing needs the online ones, rotating the root needs a threshold of root keys.
 */
export const ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;
export type RoleName = (typeof ROLES)[number];

const PublicKeys = z.strictObject({
  format: z.literal(1),
  roles: z.record(z.enum(ROLES), z.strictObject({ threshold: z.number().int().min(1), keys: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1) })),
});
type PublicKeys = z.infer<typeof PublicKeys>;

interface RoleKeys {
  threshold: number;
  /** Public key (hex of the raw 32 bytes, as TUF's ed25519 keyval) by key id. */
  keys: Map<string, string>;
  /** The private keys present in the folder, by key id. */
  signers: Map<string, KeyObject>;
}
export type KeySet = Record<RoleName, RoleKeys>;

const PUBLIC_KEYS_FILE = 'keys.json';

const rawPublicHex = (key: KeyObject): string => {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  // An Ed25519 SPKI is a fixed 12-byte header followed by the 32-byte key.
  return der.subarray(der.length - 32).toString('hex');
};

/** TUF's key id: the SHA-256 of the key's canonical JSON form. */
function keyIdOf(publicHex: string): string {
  return createHash('sha256').update(canonicalize(tufKeyJson(publicHex))).digest('hex');
}

const tufKeyJson = (publicHex: string) => ({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: publicHex } });

export function tufKey(publicHex: string): Key {
  return Key.fromJSON(keyIdOf(publicHex), tufKeyJson(publicHex));
}

/** A signer for @tufjs/models' Metadata.sign: Ed25519 over the canonical JSON of `signed`. */
export function signerFor(keyId: string, key: KeyObject): (data: Buffer) => Signature {
  return (data) => new Signature({ keyID: keyId, sig: sign(null, data, key).toString('hex') });
}

export interface KeygenOptions {
  rootKeys?: number;
  rootThreshold?: number;
}

/** Makes a key set in `dir` (which must not hold one already) and returns its public description. */
export function generateKeys(dir: string, options: KeygenOptions = {}): PublicKeys {
  const rootKeys = options.rootKeys ?? 1;
  const rootThreshold = options.rootThreshold ?? 1;
  if (rootThreshold > rootKeys) throw new BundleError('bundle-invalid', `a root threshold of ${rootThreshold} needs at least ${rootThreshold} root keys`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(join(dir, PUBLIC_KEYS_FILE))) throw new BundleError('bundle-invalid', `${dir} already holds a key set; keys are never overwritten`);
  const roles = {} as PublicKeys['roles'];
  for (const role of ROLES) {
    const count = role === 'root' ? rootKeys : 1;
    const ids: string[] = [];
    for (let n = 1; n <= count; n++) {
      const { privateKey } = generateKeyPairSync('ed25519');
      const hex = rawPublicHex(privateKey);
      ids.push(keyIdOf(hex));
      writeFileSync(join(dir, `${role}-${n}.pem`), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      writeFileSync(join(dir, `${role}-${n}.pub`), `${hex}\n`, { flag: 'wx' });
    }
    roles[role] = { threshold: role === 'root' ? rootThreshold : 1, keys: ids };
  }
  const description: PublicKeys = { format: 1, roles };
  writeFileSync(join(dir, PUBLIC_KEYS_FILE), `${JSON.stringify(description, null, 2)}\n`, { flag: 'wx' });
  return description;
}

/** Reads a key set: the public description, every `.pub` beside it and whichever private keys are present. */
export function loadKeys(dir: string): KeySet {
  const file = join(dir, PUBLIC_KEYS_FILE);
  if (!existsSync(file)) throw new BundleError('bundle-invalid', `${dir} has no ${PUBLIC_KEYS_FILE}: make one with kioskctl config keygen`);
  const parsed = PublicKeys.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new BundleError('bundle-invalid', `${file}: ${parsed.error.issues[0]!.message}`);
  const publicHex = new Map<string, string>();
  const privates = new Map<string, KeyObject>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.pub')) {
      const hex = readFileSync(join(dir, name), 'utf8').trim();
      publicHex.set(keyIdOf(hex), hex);
    } else if (name.endsWith('.pem')) {
      const key = createPrivateKey(readFileSync(join(dir, name)));
      const hex = rawPublicHex(key);
      publicHex.set(keyIdOf(hex), hex);
      privates.set(keyIdOf(hex), key);
    }
  }
  const set = {} as KeySet;
  for (const role of ROLES) {
    const spec = parsed.data.roles[role];
    if (!spec) throw new BundleError('bundle-invalid', `${file} names no ${role} keys`);
    const keys = new Map<string, string>();
    const signers = new Map<string, KeyObject>();
    for (const id of spec.keys) {
      const hex = publicHex.get(id);
      if (!hex) throw new BundleError('bundle-invalid', `${file}: the public key ${id.slice(0, 12)}… of ${role} is not in ${dir}`);
      keys.set(id, hex);
      const priv = privates.get(id);
      if (priv) signers.set(id, priv);
    }
    set[role] = { threshold: spec.threshold, keys, signers };
  }
  return set;
}
