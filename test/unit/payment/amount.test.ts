import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../../../drivers/payment';

describe('parseAmount', () => {
  const good: [string, number][] = [
    ['1.50', 150],
    ['1.5', 150],
    ['0.29', 29],
    ['0.01', 1],
    ['12', 1200],
    ['19.99', 1999],
    ['4.35', 435],
    ['9999999999.99', 999_999_999_999],
  ];
  for (const [text, cents] of good) {
    it(`"${text}" is ${cents} cents (no float rounding)`, () => expect(parseAmount(text)).toBe(cents));
  }
  for (const bad of ['0', '0.00', '-1', '1.505', '1,50', '1e3', '.5', '1.', '', 'abc', '10000000000', '+1']) {
    it(`rejects "${bad}"`, () => expect(() => parseAmount(bad)).toThrowError(expect.objectContaining({ code: 'invalid-amount' })));
  }
  it('formats cents back', () => {
    expect(formatAmount(150)).toBe('1.50');
    expect(formatAmount(5)).toBe('0.05');
  });
});
