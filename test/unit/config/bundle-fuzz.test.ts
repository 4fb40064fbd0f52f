import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { BundleError } from '../../../main/config/bundle/errors';
import { parseBundle, PART_NAMES, type PartName } from '../../../main/config/bundle/schema';
import { loadCatalog, loadSettings } from '../../../main/config';
import { signedConfigurationOf } from '../../../main/config/bundle/schema';
import { goodBundle } from '../../fixtures/config/bundles';
import { fuzzIt, jsonMutation, mutateJson } from '../../support/fuzz';

/**
 * Configuration bundles are what ops publish and kiosks take from the network: every part a
 * kiosk parses must give back a Bundle or a BundleError, never another exception, whatever the
 * bytes. Cases start from a full valid bundle (every part) with one value somewhere changed,
 * removed or the part cut short, so most of them get deep into the schemas, plus raw bytes. A
 * bundle that is accepted must also be one the settings layers and the catalog loader take.
 */
const VALID = goodBundle(9);
// The services only named as served elsewhere (no fields, no fee) add nothing a mutation could
// reach that the others lack, and tripled each case's parse: the fuzz keeps the ones run here.
const fuzzed = VALID.catalog as { services: { offered?: string }[] };
fuzzed.services = fuzzed.services.filter((s) => s.offered !== 'elsewhere');
const parts = (): Map<PartName, Uint8Array> => new Map(Object.entries(VALID).map(([k, v]) => [k as PartName, Buffer.from(JSON.stringify(v))]));

/** A Bundle that the kiosk then uses, or a BundleError: anything else is a crash. */
function verdict(input: Map<PartName, Uint8Array>): 'accepted' | BundleError['code'] {
  try {
    const bundle = parseBundle(input);
    const signed = signedConfigurationOf(bundle);
    loadSettings({ env: {}, signed });
    loadCatalog(signed);
    return 'accepted';
  } catch (err) {
    if (err instanceof BundleError) {
      expect(err.message.length).toBeLessThan(2000);
      return err.code;
    }
    throw err;
  }
}

describe('configuration bundles under generated input', () => {
  fuzzIt('a valid bundle with one value changed anywhere: a Bundle or a BundleError', 2000, (numRuns) => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(VALID) as PartName[])), jsonMutation, (part, mutation) => {
        const input = parts();
        input.set(part, Buffer.from(mutateJson(VALID[part], mutation)));
        const v = verdict(input);
        seen.set(v, (seen.get(v) ?? 0) + 1);
      }),
      { numRuns, seed: 1301 },
    );
    // Both ways out were exercised, so the cases reached the schemas.
    expect(seen.get('accepted') ?? 0).toBeGreaterThan(0);
    expect(seen.get('bundle-invalid') ?? 0).toBeGreaterThan(0);
  });

  fuzzIt('any bytes in any part: a Bundle or a BundleError', 3000, (numRuns) => {
    fc.assert(
      fc.property(fc.constantFrom(...PART_NAMES), fc.uint8Array({ maxLength: 300 }), fc.boolean(), (part, bytes, withValid) => {
        const input = withValid ? parts() : new Map<PartName, Uint8Array>();
        input.set(part, bytes);
        verdict(input);
      }),
      { numRuns, seed: 1302 },
    );
  });
});
