import { describe, expect, it } from 'vitest';
import { isCardExpired } from '../../../drivers/card/expiry';

describe('isCardExpired (local calendar day)', () => {
  const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h);
  it('valid through the whole of its last day, expired the day after', () => {
    expect(isCardExpired('2026-11-28', at(2026, 11, 28, 23))).toBe(false);
    expect(isCardExpired('2026-11-28', at(2026, 11, 29, 0))).toBe(true);
    expect(isCardExpired('2029-04-30', at(2026, 11, 28))).toBe(false);
    expect(isCardExpired('2020-01-01', at(2026, 11, 28))).toBe(true);
  });
  it('no validUntil: not known to be expired', () => {
    expect(isCardExpired(undefined, at(2026, 11, 28))).toBe(false);
  });
});
