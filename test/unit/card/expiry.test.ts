import { describe, expect, it } from 'vitest';
import { isCardExpired } from '../../../drivers/card/expiry';

describe('isCardExpired (the calendar day in Doha)', () => {
  // Doha is UTC+3: its 28 November ends at 20:59 UTC.
  const at = (iso: string) => new Date(iso);
  it('valid through the whole of its last day, expired the day after', () => {
    expect(isCardExpired('2026-11-28', at('2026-11-28T20:59:00Z'))).toBe(false);
    expect(isCardExpired('2026-11-28', at('2026-11-28T21:00:00Z'))).toBe(true);
    expect(isCardExpired('2029-04-30', at('2026-11-28T09:00:00Z'))).toBe(false);
    expect(isCardExpired('2020-01-01', at('2026-11-28T09:00:00Z'))).toBe(true);
  });
  it('no validUntil: not known to be expired', () => {
    expect(isCardExpired(undefined, at('2026-11-28T09:00:00Z'))).toBe(false);
  });
});
