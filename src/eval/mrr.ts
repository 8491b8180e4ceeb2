/** Reciprocal rank of the first relevant document within the top k, or 0 when there is none (MRR@k per query). */
export function reciprocalRankAt(k: number, ranked: readonly string[], relevant: ReadonlyMap<string, number>): number {
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (relevant.has(ranked[i]!)) return 1 / (i + 1);
  return 0;
}
