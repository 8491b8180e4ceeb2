/** Summary statistics for repeated timings. Medians and percentiles, because a shared machine has outliers. */

/** The two figures every latency table reports. */
export interface LatencyStats {
  p50: number;
  p95: number;
}

/** Percentile by linear interpolation between closest ranks (the numpy/Excel "inclusive" method). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const latencyStats = (samples: readonly number[]): LatencyStats => ({
  p50: percentile(samples, 50),
  p95: percentile(samples, 95),
});
