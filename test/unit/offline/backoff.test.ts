import { describe, expect, it } from 'vitest';
import { backoffCeiling, retryDelay } from '../../../offline-cache';

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };
const fixed = (r: number) => () => r;

describe('backoff', () => {
  it('doubles the ceiling per attempt from the base, capped at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffCeiling(a, policy))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffCeiling(0, policy)).toBe(1000);
    expect(backoffCeiling(5000, policy)).toBe(60_000); // 2**4999 is Infinity: still capped
  });

  it('full jitter: the delay is random() times the ceiling', () => {
    expect(retryDelay(3, policy, fixed(0))).toBe(0);
    expect(retryDelay(3, policy, fixed(0.5))).toBe(2000);
    expect(retryDelay(3, policy, fixed(0.25))).toBe(1000);
    expect(retryDelay(10, policy, fixed(0.5))).toBe(30_000);
    // random() never reaches 1, but a bad source must not exceed the ceiling either.
    expect(retryDelay(3, policy, fixed(1))).toBe(3999);
    expect(retryDelay(3, policy, fixed(-3))).toBe(0);
  });

  it('spreads delays over the whole range', () => {
    let seed = 1;
    const lcg = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const delays = Array.from({ length: 2000 }, () => retryDelay(4, policy, lcg));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8000);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(3600);
    expect(mean).toBeLessThan(4400);
  });

  it("treats the gateway's Retry-After as a floor, capped by maxRetryAfterMs", () => {
    expect(retryDelay(1, policy, fixed(0.5), 5000)).toBe(5000);
    expect(retryDelay(8, policy, fixed(0.5), 5000)).toBe(30_000);
    expect(retryDelay(1, policy, fixed(0.5), 3_600_000)).toBe(600_000);
    expect(retryDelay(1, { ...policy, maxRetryAfterMs: 20_000 }, fixed(0.5), 3_600_000)).toBe(20_000);
    expect(retryDelay(1, policy, fixed(0.5), 0)).toBe(500);
  });
});
