import { join } from 'node:path';
import { Metadata } from '@tufjs/models';
import { writeFileAtomic } from '../bundle/atomic-file';
import { BundleError } from '../bundle/errors';
import type { KeySet } from './keys';
import { METADATA_DIR, tufDate } from './layout';
import { DEFAULT_EXPIRY, readRepository, reissueOnlineMetadata, rootFor, signWith, writeMetadata } from './publish';

/**
 * Root rotation (TUF 5.3): a new root version naming new keys, signed by a threshold of the old
 * root keys (so kiosks trusting the old root accept it) and of the new ones (so it is valid on
 * its own). Kiosks walk every N.root.json in order. The online roles are then re-signed with
 * the new keys, so a stolen old targets, snapshot or timestamp key signs nothing kiosks accept.
 */
export interface RotateOptions {
  repo: string;
  /** Holds a threshold of the current root's keys. */
  oldKeys: KeySet;
  /** The key set the new root names; holds a threshold of its root keys and the online keys. */
  newKeys: KeySet;
  expiresMs?: number;
  now?: number;
}

export function rotateRoot(options: RotateOptions): { rootVersion: number } {
  const { repo, oldKeys, newKeys } = options;
  const now = options.now ?? Date.now();
  const state = readRepository(repo);
  if (!state) throw new BundleError('repository-unreachable', `${repo} holds no repository to rotate`);
  const current = state.root.signed;
  const oldRoot = current.roles.root!;
  const usableOld = [...oldKeys.root.signers.keys()].filter((id) => oldRoot.keyIDs.includes(id));
  if (usableOld.length < oldRoot.threshold) throw new BundleError('metadata-untrusted', `rotating needs ${oldRoot.threshold} of the current root keys; the old key folder holds ${usableOld.length}`);
  const version = current.version + 1;
  const root = new Metadata(rootFor(newKeys, version, tufDate(now + (options.expiresMs ?? DEFAULT_EXPIRY.root))));
  const oldSigners = { ...oldKeys, root: { ...oldKeys.root, signers: new Map([...oldKeys.root.signers].filter(([id]) => oldRoot.keyIDs.includes(id))) } };
  signWith(root, oldSigners, 'root', `${version}.root.json (old keys)`);
  signWith(root, newKeys, 'root', `${version}.root.json (new keys)`);
  const bytes = writeMetadata(repo, `${version}.root.json`, root);
  writeFileAtomic(join(repo, METADATA_DIR, 'root.json'), bytes, 0o644);
  reissueOnlineMetadata(repo, newKeys, now);
  return { rootVersion: version };
}
