import { createHash } from 'node:crypto';
import { z } from 'zod';
import { KIOSK_ID_PATTERN } from '../../../gateway/schemas';

/**
 * Which kiosks take a release, as the signed targets metadata says (a custom field of the
 * release's bundle.json target): all of them, a share chosen by a stable hash of the kiosk id,
 * or a list. A share only grows from one publication to the next, so the kiosks in a 5 % ring
 * stay in the 25 % one: the bucket of a kiosk never changes.
 */
export const Ring = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('percent'), percent: z.number().min(0).max(100) }),
  z.strictObject({ kind: z.literal('kiosks'), kiosks: z.array(z.string().regex(KIOSK_ID_PATTERN)).min(1).max(10_000) }),
]);
export type Ring = z.infer<typeof Ring>;

/** A kiosk's place in [0, 100): the first 32 bits of SHA-256 of its id, scaled. */
export function ringBucket(kioskId: string): number {
  const digest = createHash('sha256').update(`moi-kiosk-ring:${kioskId}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

export function inRing(ring: Ring, kioskId: string): boolean {
  switch (ring.kind) {
    case 'all':
      return true;
    case 'percent':
      return ringBucket(kioskId) < ring.percent;
    case 'kiosks':
      return ring.kiosks.includes(kioskId);
  }
}

export function describeRing(ring: Ring): string {
  switch (ring.kind) {
    case 'all':
      return 'all kiosks';
    case 'percent':
      return `${ring.percent} % of kiosks`;
    case 'kiosks':
      return `kiosks ${ring.kiosks.join(', ')}`;
  }
}
