import fc from 'fast-check';
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

/**
 * The timeout for a property of `runs` cases. Cases that each do real work (a whole card read with
 * its signature checks) say what one may take on a loaded machine, `msPerCase`.
 */
export function fuzzTimeoutMs(runs: number, msPerCase = TIMEOUT_MS_PER_10K / 10_000): number {
  return Math.max(MIN_TIMEOUT_MS, Math.ceil(runs * msPerCase));
}

/**
 * A fuzz test: `body` gets the number of cases to run (pass it to fast-check as `numRuns`, or
 * loop over that many seeds); the title says how many ran.
 */
export function fuzzIt(title: string, defaultRuns: number, body: (numRuns: number) => void | Promise<void>, opts: { msPerCase?: number } = {}): void {
  const runs = fuzzRuns(defaultRuns);
  it(`${title} (${runs.toLocaleString('en')} cases)`, () => body(runs), fuzzTimeoutMs(runs, opts.msPerCase));
}

/**
 * A structural change to a JSON document, for fuzzing parsers with inputs that are almost
 * right: one value somewhere inside replaced (by another JSON value, a string, a huge number),
 * removed, or the document cut short or replaced whole. `at` picks the place among the
 * document's values in a fixed walk order, so a case replays from its seed.
 */
export interface JsonMutation {
  kind: 'replace' | 'remove' | 'truncate' | 'whole';
  at: number;
  value: unknown;
}

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
  kind: fc.constantFrom('replace', 'replace', 'replace', 'remove', 'truncate', 'whole'),
  at: fc.nat(),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('', ' ', 'x'.repeat(5000), '٠١٢', '\u0000', '__proto__', -1, 1e308, -0, 2 ** 53 + 1, null, [], {}),
    fc.string({ maxLength: 30 }),
  ),
});

/** Every place in a JSON document (the root and each nested value) as its path of keys. */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** The document's text with the mutation applied (the input itself is left as it was). */
export function mutateJson(doc: unknown, m: JsonMutation): string {
  const text = JSON.stringify(doc);
  if (m.kind === 'truncate') return text.slice(0, m.at % Math.max(1, text.length));
  if (m.kind === 'whole') return JSON.stringify(m.value);
  const copy = JSON.parse(text) as unknown;
  const all = paths(copy).filter((p) => p.length > 0);
  if (all.length === 0) return JSON.stringify(m.value);
  const path = all[m.at % all.length]!;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = m.value;
  return JSON.stringify(copy);
}
