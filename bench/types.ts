/**
 * A benchmark measures the kiosk's way and a baseline way in the same run, on the same machine,
 * so the ratio means something even when the machine is slow or busy.
 */
export interface BenchRow {
  metric: string;
  unit: string;
  /** The kiosk's figure. */
  value: number;
  /** The same measure for the baseline approach, when there is one. */
  baseline?: number;
  /** Which way is better, for the ratio and the goal check. */
  better: 'lower' | 'higher';
  /** The goal the issue sets for `value`, if any. */
  goal?: number;
}

export interface BenchResult {
  title: string;
  /** What the baseline is, in a few words (e.g. "whole receipt as one raster image"). */
  baseline?: string;
  rows: BenchRow[];
  notes?: string[];
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult>;
}

/** Percentile of already collected samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
