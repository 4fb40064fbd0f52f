import { CardError } from '../errors';
import { belpicProfile } from './belpic';
import { ministryProfile } from './ministry';
import type { CardProfile } from './schema';

export * from './schema';
export { belpicProfile, BELPIC_ATR } from './belpic';
export { ministryProfile, MINISTRY_ATR } from './ministry';

/** Tried in this order when no ATR pattern decides. */
export const builtInProfiles: readonly CardProfile[] = [ministryProfile, belpicProfile];

export function findProfile(name: string, profiles: readonly CardProfile[] = builtInProfiles): CardProfile {
  const p = profiles.find((x) => x.name === name);
  if (!p) throw new CardError('unknown-card', `unknown card profile "${name}" (known: ${profiles.map((x) => x.name).join(', ')})`);
  return p;
}
