/**
 * Returns true at most once per interval. Touches arrive in bursts (every finger movement on a
 * list); main only needs to know the shopper is still there.
 */
export function createThrottle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
