import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../../renderer/src/throttle';

describe('createThrottle', () => {
  it('lets the first call through, then one per interval', () => {
    let now = 0;
    const allow = createThrottle(2000, () => now);
    const results: boolean[] = [];
    for (const t of [0, 500, 1999, 2000, 2001, 4000]) {
      now = t;
      results.push(allow());
    }
    expect(results).toEqual([true, false, false, true, false, true]);
  });
});
