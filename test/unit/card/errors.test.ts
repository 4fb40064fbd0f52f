import { describe, expect, it } from 'vitest';
import { CardError, isCardError, swToError } from '../../../drivers/card/errors';

describe('swToError', () => {
  const table: Array<[number, string]> = [
    [0x6a82, 'file-not-found'],
    [0x6982, 'security-status'],
    [0x6983, 'pin-blocked'],
    [0x6700, 'wrong-length'],
    [0x6a86, 'wrong-p1p2'],
    [0x6b00, 'wrong-p1p2'],
    [0x6d00, 'ins-not-supported'],
    [0x6e00, 'cla-not-supported'],
    [0x6986, 'no-current-ef'],
    [0x63c2, 'wrong-pin'],
    [0x6281, 'data-corrupted'],
    [0x6a88, 'reference-not-found'],
    [0x6c10, 'wrong-length'],
    [0x6f00, 'sw'],
  ];
  for (const [sw, code] of table) {
    it(`${sw.toString(16).toUpperCase()} -> ${code}`, () => {
      const err = swToError(sw, 'SELECT');
      expect(err).toBeInstanceOf(CardError);
      expect(err?.code).toBe(code);
      expect(err?.sw).toBe(sw);
      expect(err?.message).toContain('SELECT');
      expect(err?.message).toContain(sw.toString(16).toUpperCase());
    });
  }
  it('9000 and the 6282 end-of-file warning are not errors', () => {
    expect(swToError(0x9000)).toBeUndefined();
    expect(swToError(0x6282)).toBeUndefined();
  });
  it('63Cx says how many tries are left', () => {
    expect(swToError(0x63c1)?.message).toMatch(/1 tries left/);
  });
  it('isCardError narrows by code', () => {
    const e = new CardError('card-removed', 'x');
    expect(isCardError(e)).toBe(true);
    expect(isCardError(e, 'card-removed')).toBe(true);
    expect(isCardError(e, 'card-mute')).toBe(false);
    expect(isCardError(new Error('x'))).toBe(false);
    expect(e.name).toBe('CardError');
  });
});
