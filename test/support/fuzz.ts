import { it } from 'vitest';

/**
 * How many generated cases a fuzz property runs, from one place.
 *
 * Unset, each property runs its own default, sized so that the whole suite on a loaded, shared
 * 2-core machine stays well inside the timeout (a payment property of 50,000 cases used to time
 * out under the full suite). `KIOSK_FUZZ_RUNS=N` runs N cases in every property, for a deep run:
 *
 *   KIOSK_FUZZ_RUNS=200000 npx vitest run --project unit fuzz robustness
 *
 * The test's timeout grows with the count, so a deep run is limited by patience, not by vitest.
 */
const FUZZ_RUNS_VARIABLE = 'KIOSK_FUZZ_RUNS';

/** Per 10,000 cases: the slowest property here needs ~1 s for that on an idle core. */
const TIMEOUT_MS_PER_10K = 15_000;
const MIN_TIMEOUT_MS = 30_000;

export function fuzzRuns(defaultRuns: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[FUZZ_RUNS_VARIABLE]?.trim();
  if (!raw) return defaultRuns;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(`${FUZZ_RUNS_VARIABLE}=${raw} is not a valid number of fuzz runs: expected a whole number above 0`);
  }
  return Number(raw);
}

/** The timeout for a property of `runs` cases. */
export function fuzzTimeoutMs(runs: number): number {
  return Math.max(MIN_TIMEOUT_MS, Math.ceil((runs / 10_000) * TIMEOUT_MS_PER_10K));
}

/**
 * A fuzz test: `body` gets the number of cases to run (pass it to fast-check as `numRuns`, or
 * loop over that many seeds); the title says how many ran.
 */
export function fuzzIt(title: string, defaultRuns: number, body: (numRuns: number) => void | Promise<void>): void {
  const runs = fuzzRuns(defaultRuns);
  it(`${title} (${runs.toLocaleString('en')} cases)`, () => body(runs), fuzzTimeoutMs(runs));
}
