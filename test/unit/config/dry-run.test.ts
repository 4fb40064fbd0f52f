import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../../main/config/catalog';
import { parseCatalog } from '../../../main/core/services/load';
import { dryRunCatalog } from '../../../main/core/services/dry-run';
import { brokenCatalog, changedCatalog } from '../../fixtures/config/bundles';

describe('the catalog dry run of the health gate', () => {
  it('finds nothing wrong with the shipped catalog or a good bundle', () => {
    expect(dryRunCatalog(shippedCatalog())).toEqual([]);
    expect(dryRunCatalog(parseCatalog(changedCatalog(3)).services)).toEqual([]);
  });

  it('finds the duration a shopper could choose but never pay for', () => {
    const problems = dryRunCatalog(parseCatalog(brokenCatalog(4)).services);
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((p) => p.service))).toEqual(new Set(['renew-residence-permit']));
    expect(problems[0]).toMatchObject({ reason: expect.stringContaining('no rate') });
    expect(problems.every((p) => Object.values(p.values).includes('y3'))).toBe(true);
  });
});
