import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BundleError } from '../../../main/config/bundle/errors';
import { checkRepository } from '../../../main/config/tuf/client';
import { goodBundle } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { fuzzIt, jsonMutation, mutateJson } from '../../support/fuzz';

/**
 * TUF metadata is what a kiosk reads from the network before it trusts anything else. A
 * repository with two published releases, then one metadata file at a time (root, timestamp,
 * snapshot, targets) with one value changed, removed or the file cut short: a kiosk's check
 * must end staged, current, or refused with a BundleError code, never another exception. The
 * repository is read as a folder (the same client code as over HTTP, without the server's cost
 * per case); the attacks through nginx are in attacks.test.ts.
 */
let t: TestRepository;
let files: string[];
const metadataDir = () => join(t.repo, 'metadata');

beforeAll(async () => {
  t = await startTestRepository();
  t.publish(goodBundle(1));
  t.publish(goodBundle(2));
  files = readdirSync(metadataDir()).filter((f) => f.endsWith('.json')).sort();
});
afterAll(() => t?.close());

describe('TUF metadata under generated changes', () => {
  fuzzIt('a check ends staged, current or refused with a BundleError code', 80, async (numRuns) => {
    const ends = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), jsonMutation, async (pick, mutation) => {
        const file = join(metadataDir(), files[pick % files.length]!);
        const original = readFileSync(file);
        writeFileSync(file, mutateJson(JSON.parse(original.toString('utf8')), mutation));
        try {
          const result = await checkRepository({ store: t.kioskStore(), url: t.repo, kioskId: 'K01', timeoutMs: 5000 });
          ends.set(result.outcome, (ends.get(result.outcome) ?? 0) + 1);
        } catch (err) {
          if (!(err instanceof BundleError)) throw err;
          ends.set(err.code, (ends.get(err.code) ?? 0) + 1);
        } finally {
          writeFileSync(file, original);
        }
      }),
      { numRuns, seed: 1304 },
    );
    // Unsigned changes are refused; a change tuf-js does not read (an unused file) still stages.
    expect([...ends.keys()].some((k) => k.startsWith('metadata-'))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
});
